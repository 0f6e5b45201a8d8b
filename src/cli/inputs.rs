//! Turning the paths on the command line into report files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The extensions a folder is searched for: text reports, Word documents
/// and saved web pages.
const REPORT_EXTENSIONS: [&str; 5] = ["toml", "json", "docx", "html", "htm"];

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn is_report(path: &Path) -> bool {
    extension(path).is_some_and(|e| REPORT_EXTENSIONS.contains(&e.as_str()))
}

/// A file in a folder that is not a report of its own (see
/// [`gongwen::export::is_by_product`]).
fn is_by_product(path: &Path, siblings: &HashSet<PathBuf>) -> bool {
    gongwen::export::is_by_product(path, |p| siblings.contains(p))
}

/// Files stay as given; a folder contributes every report inside it
/// (recursively: `*.toml`, `*.json`, `*.docx`, `*.html`, `*.htm`, less
/// gongwen's own exports), sorted so runs are reproducible.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = out.len();
            walk(path, &mut out, &mut HashSet::new())
                .map_err(|e| format!("无法读取文件夹 {}：{e}", path.display()))?;
            if out.len() == before {
                return Err(format!(
                    "文件夹 {} 中没有报告（.toml、.json、.docx、.html 或 .htm）",
                    path.display()
                ));
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// `seen` holds the real path of every folder entered, so a symbolic link
/// back to a parent (`a/loop -> ..`) is not followed round and round.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> std::io::Result<()> {
    let real = std::fs::canonicalize(dir)?;
    if !seen.insert(real) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let siblings: HashSet<PathBuf> = entries.iter().cloned().collect();
    for path in entries {
        if path.is_dir() {
            walk(&path, out, seen)?;
        } else if is_report(&path) && !is_by_product(&path, &siblings) {
            out.push(path);
        }
    }
    Ok(())
}

/// Refuses an output file that is one of the inputs: `-o a.toml` would
/// replace a report with the results of checking it.
pub fn refuse_overwriting(output: &Path, inputs: &[PathBuf]) -> Result<(), super::Fatal> {
    let Ok(real) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    match inputs
        .iter()
        .find(|i| std::fs::canonicalize(i).is_ok_and(|r| r == real))
    {
        Some(input) => Err(super::Fatal::Input(format!(
            "输出文件 {} 是要检查的报告之一，写出会覆盖它",
            input.display()
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_yields_documents_but_not_gongwens_own_exports() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.toml",
            "a.docx",
            "a.pdf",
            "b.docx",
            "b.gongwen.docx",
            "~$b.docx",
            "c.html",
            "d.HTM",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let found = expand(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.toml", "b.docx", "c.html", "d.HTM"]);
    }
}
