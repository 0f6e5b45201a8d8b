//! Writing an output so that it is either the complete new file or the old
//! one, never a truncated mix: the bytes go to a hidden temporary file in
//! the same folder, are flushed to disk, and are renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written now, removed by [`remove_pending`] when
/// the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The suffix of our temporary files; never `.pdf` or `.docx`, so a killed
/// run cannot leave something that looks like a document.
pub const TEMP_SUFFIX: &str = ".gongwen-partial";

#[derive(Debug, thiserror::Error)]
#[error("无法写入 {path}：{source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Replaces `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(fail)?;
    let temp_path = temp.path().to_path_buf();
    register(&temp_path);
    // A temporary file is private (0600); the document should get the
    // permissions of the file it replaces, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(fail)?;
    }
    let result = temp
        .write_all(bytes)
        .and_then(|_| temp.as_file().sync_all())
        .map_err(fail)
        .and_then(|_| temp.persist(path).map(|_| ()).map_err(|e| fail(e.error)));
    unregister(&temp_path);
    result
}

fn register(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// Removes every temporary file still being written; called from the
/// Ctrl-C handler so an interrupt leaves the folder as it was.
pub fn remove_pending() {
    if let Ok(pending) = PENDING.lock() {
        for p in pending.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        std::fs::write(&target, b"old").unwrap();
        write_atomic(&target, b"new contents").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn missing_folder_is_an_error_naming_the_path() {
        let e = write_atomic(Path::new("/nonexistent/gongwen/a.pdf"), b"x").unwrap_err();
        assert!(e.to_string().contains("/nonexistent/gongwen/a.pdf"), "{e}");
    }
}
