//! From the paths on a command line to the report files of a run: a
//! folder gives every report in it (`*.toml` and `*.json` that have a
//! `[report]`, Word documents and web pages, less gongwen's own exports),
//! with the subfolder it is in; a file given twice is read once.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use super::Input;

/// The extensions a folder is searched for: text reports, Word documents
/// and saved web pages.
const REPORT_EXTENSIONS: [&str; 5] = ["toml", "json", "docx", "html", "htm"];

/// The report files of a run, and the files left out, with why.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The files to check, in the order given (a folder's sorted), each
    /// once.
    pub files: Vec<Input>,
    /// The files left out, to tell the user rather than drop silently.
    pub skipped: Vec<Skipped>,
}

/// A file that is not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file left out.
    pub file: PathBuf,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why a file is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Found in a folder, it reads but has no `[report]`: a font map, a
    /// tool's settings.
    NotAReport,
    /// The same file was given before.
    Repeated,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::NotAReport => "不是报告（没有 [report]）",
            SkipReason::Repeated => "与前面的是同一个文件，只检查一次",
        })
    }
}

/// Why the paths could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ExpandError {
    /// A folder given, or one below it, could not be listed (missing,
    /// no permission).
    #[error("无法读取文件夹 {folder}：{source}")]
    Folder {
        /// The folder as given on the command line.
        folder: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
    /// A folder given holds no file with a report extension.
    #[error("文件夹 {0} 中没有报告（.toml、.json、.docx、.html 或 .htm）")]
    NoReports(PathBuf),
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn has_report_extension(path: &Path) -> bool {
    extension(path).is_some_and(|e| REPORT_EXTENSIONS.contains(&e.as_str()))
}

/// A file in a folder that is not a report of its own (see
/// [`crate::export::is_by_product`]).
fn is_by_product(path: &Path, siblings: &HashSet<PathBuf>) -> bool {
    crate::export::is_by_product(path, |sibling| siblings.contains(sibling))
}

/// Whether a file found in a folder should be checked as a report: all
/// but a `.toml` or `.json` that reads as such and has no `report`
/// anywhere. A file that does not read is checked, so its errors are shown.
fn looks_like_report(path: &Path) -> bool {
    if !matches!(extension(path).as_deref(), Some("toml" | "json")) {
        return true;
    }
    let Ok(bytes) = crate::input::file::read_bytes(path) else {
        return true;
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return true;
    };
    if text.trim().is_empty() || text.contains("report") {
        return true;
    }
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let reads = if json {
        serde_json::from_str::<serde_json::Value>(&text).is_ok()
    } else {
        toml::de::DeTable::parse(&text).is_ok()
    };
    !reads
}

/// Files stay as given; a folder contributes its reports (recursively),
/// sorted so runs are reproducible, each with the subfolder it is in.
pub fn expand(paths: &[PathBuf]) -> Result<Expanded, ExpandError> {
    let mut out = Expanded::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut add = |out: &mut Expanded, input: Input| {
        let real = std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone());
        if seen.insert(real) {
            out.files.push(input);
        } else {
            out.skipped.push(Skipped {
                file: input.path,
                reason: SkipReason::Repeated,
            });
        }
    };
    for path in paths {
        if !path.is_dir() {
            add(&mut out, Input::from(path.clone()));
            continue;
        }
        let mut found = Vec::new();
        walk(path, &mut found, &mut HashSet::new()).map_err(|source| ExpandError::Folder {
            folder: path.clone(),
            source,
        })?;
        if found.is_empty() {
            return Err(ExpandError::NoReports(path.clone()));
        }
        for file in found {
            if !looks_like_report(&file) {
                out.skipped.push(Skipped {
                    file,
                    reason: SkipReason::NotAReport,
                });
                continue;
            }
            let subfolder = file
                .parent()
                .and_then(|p| p.strip_prefix(path).ok())
                .map(Path::to_path_buf)
                .unwrap_or_default();
            add(
                &mut out,
                Input {
                    path: file,
                    subfolder,
                },
            );
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
        } else if has_report_extension(&path) && !is_by_product(&path, &siblings) {
            out.push(path);
        }
    }
    Ok(())
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
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.toml", "b.docx", "c.html", "d.HTM"]);
    }
}
