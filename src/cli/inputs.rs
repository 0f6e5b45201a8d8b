//! Turning the paths on the command line into report files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn is_report(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("toml" | "json")
    )
}

/// Files stay as given; a folder contributes every `*.toml` and `*.json`
/// inside it (recursively), sorted so runs are reproducible.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = out.len();
            walk(path, &mut out, &mut HashSet::new())
                .map_err(|e| format!("无法读取文件夹 {}：{e}", path.display()))?;
            if out.len() == before {
                return Err(format!(
                    "文件夹 {} 中没有 .toml 或 .json 报告",
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
    for path in entries {
        if path.is_dir() {
            walk(&path, out, seen)?;
        } else if is_report(&path) {
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
