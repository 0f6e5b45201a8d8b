//! Which files the server may touch: only those inside the folder it
//! serves. A path from the browser is relative, has no `..`, no hidden
//! part and no absolute start, and its real path (symbolic links followed)
//! must still lie inside the folder, so no link leads a read or a write out.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use super::error::ApiError;

/// Longest path the browser may send, in bytes.
const MAX_PATH_BYTES: usize = 1024;
/// How deep the listing goes below the folder.
const MAX_DEPTH: usize = 8;
/// How many report files the listing shows at most.
pub const MAX_LISTED: usize = 5000;

/// The extensions of the report files the server opens and writes back.
pub const EDITABLE: &[&str] = &["toml", "json"];

/// The extensions of the report files listed: the editable ones, and the
/// documents the library's readers import (opened read-only).
pub const LISTED: &[&str] = &["toml", "json", "docx", "html", "htm"];

/// The served folder, by its real path.
#[derive(Debug, Clone)]
pub struct Root {
    real: PathBuf,
}

/// A file inside the served folder: its real path on disk and its path as
/// the browser names it (relative, `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confined {
    pub real: PathBuf,
    pub relative: String,
}

impl Root {
    /// The folder `dir`, which must exist.
    pub fn new(dir: &Path) -> std::io::Result<Root> {
        let real = std::fs::canonicalize(dir)?;
        if !real.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "不是文件夹",
            ));
        }
        Ok(Root { real })
    }

    /// The folder's real path.
    pub fn path(&self) -> &Path {
        &self.real
    }

    /// An existing regular file named by the browser.
    pub fn existing(&self, relative: &str) -> Result<Confined, ApiError> {
        let joined = self.real.join(checked_relative(relative)?);
        let real = std::fs::canonicalize(&joined)
            .map_err(|_| ApiError::not_found(format!("找不到文件：{relative}")))?;
        self.inside(&real, relative)?;
        if !real.is_file() {
            return Err(ApiError::bad_request(format!("不是普通文件：{relative}")));
        }
        Ok(Confined {
            real,
            relative: relative.to_string(),
        })
    }

    /// A file to be created: its folder exists inside the served folder,
    /// and nothing of that name exists yet.
    pub fn new_file(&self, relative: &str) -> Result<Confined, ApiError> {
        let checked = checked_relative(relative)?;
        let name = checked
            .file_name()
            .ok_or_else(|| ApiError::bad_request("缺少文件名".to_string()))?
            .to_owned();
        let parent = self.real.join(checked.parent().unwrap_or(Path::new("")));
        let real_parent = std::fs::canonicalize(&parent)
            .map_err(|_| ApiError::bad_request(format!("文件夹不存在：{relative}")))?;
        self.inside(&real_parent, relative)?;
        let real = real_parent.join(name);
        if std::fs::symlink_metadata(&real).is_ok() {
            return Err(ApiError::conflict(format!(
                "文件 {relative} 已存在，请换一个文件名"
            )));
        }
        Ok(Confined {
            real,
            relative: relative.to_string(),
        })
    }

    /// The browser's name for a real path inside the folder.
    pub fn relative(&self, real: &Path) -> Option<String> {
        let rest = real.strip_prefix(&self.real).ok()?;
        let parts: Option<Vec<&str>> = rest
            .components()
            .map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        Some(parts?.join("/"))
    }

    fn inside(&self, real: &Path, relative: &str) -> Result<(), ApiError> {
        if real.starts_with(&self.real) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "路径 {relative} 指向报告文件夹之外（符号链接），拒绝访问"
            )))
        }
    }

    /// Every report file below the folder, sorted, by real path: hidden
    /// files and folders skipped (our own temporaries start with a dot),
    /// links that lead out of the folder or round in a loop not followed.
    pub fn reports(&self, extensions: &[&str]) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        self.walk(&self.real, 0, extensions, &mut out, &mut seen);
        out.sort();
        out.truncate(MAX_LISTED);
        out
    }

    fn walk(
        &self,
        dir: &Path,
        depth: usize,
        extensions: &[&str],
        out: &mut Vec<PathBuf>,
        seen: &mut HashSet<PathBuf>,
    ) {
        if depth > MAX_DEPTH || out.len() >= MAX_LISTED || !seen.insert(dir.to_path_buf()) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            let Ok(real) = std::fs::canonicalize(&path) else {
                continue;
            };
            if !real.starts_with(&self.real) {
                continue;
            }
            if real.is_dir() {
                self.walk(&real, depth + 1, extensions, out, seen);
            } else if real.is_file()
                && has_extension(&path, extensions)
                && !crate::export::is_by_product(&path, Path::is_file)
            {
                // A link inside the folder to a report is listed once, under
                // the report's own name.
                if !out.contains(&real) {
                    out.push(real);
                }
            }
        }
    }
}

/// Whether `path` ends in one of `extensions` (case-insensitive).
pub fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A browser's path as a relative path of plain names, or why it is not.
fn checked_relative(relative: &str) -> Result<PathBuf, ApiError> {
    let refuse = |why: &str| {
        Err(ApiError::forbidden(format!(
            "路径 {relative:?} 被拒绝：{why}"
        )))
    };
    if relative.is_empty() {
        return refuse("路径为空");
    }
    if relative.len() > MAX_PATH_BYTES {
        return refuse("路径过长");
    }
    if relative.contains('\0') || relative.chars().any(char::is_control) {
        return refuse("路径含控制字符");
    }
    if relative.contains('\\') {
        return refuse("路径不能含反斜杠");
    }
    if relative.starts_with('/') || Path::new(relative).is_absolute() {
        return refuse("只能使用报告文件夹内的相对路径");
    }
    let mut out = PathBuf::new();
    for part in relative.split('/') {
        match part {
            "" | "." => return refuse("路径含空的部分"),
            ".." => return refuse("路径不能含“..”"),
            p if p.starts_with('.') => return refuse("不能访问隐藏文件"),
            p => out.push(p),
        }
    }
    // A Windows-style prefix (`C:`) would make the join absolute there.
    if out.components().any(|c| !matches!(c, Component::Normal(_))) {
        return refuse("只能使用报告文件夹内的相对路径");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_pass() {
        for good in ["a.toml", "sub/a.toml", "年报/2022.toml"] {
            assert!(checked_relative(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../a.toml",
            "sub/../../a.toml",
            "./a.toml",
            "a//b.toml",
            ".hidden.toml",
            "sub/.git/config",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(checked_relative(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_link_out_of_the_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.toml"), "x").unwrap();
        let served = tempfile::tempdir().unwrap();
        std::fs::write(served.path().join("mine.toml"), "x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.toml"),
            served.path().join("link.toml"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), served.path().join("out")).unwrap();
        let root = Root::new(served.path()).unwrap();
        assert!(root.existing("mine.toml").is_ok());
        assert_eq!(root.existing("link.toml").unwrap_err().status, 403);
        assert_eq!(root.existing("out/secret.toml").unwrap_err().status, 403);
        assert_eq!(root.new_file("out/new.toml").unwrap_err().status, 403);
        let listed: Vec<String> = root
            .reports(EDITABLE)
            .iter()
            .filter_map(|p| root.relative(p))
            .collect();
        assert_eq!(listed, ["mine.toml"]);
    }
}
