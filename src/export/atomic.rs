//! Writing an output so that it is either the complete new file or the old
//! one, never a truncated mix: the bytes go to a hidden temporary file in
//! the same folder, are flushed to disk, and are renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written now, removed by [`remove_pending`] when
/// the process is interrupted. A temporary is created and registered under
/// the lock, so an interrupt can never miss one that already exists.
static PENDING: Mutex<Pending> = Mutex::new(Pending {
    interrupted: false,
    paths: Vec::new(),
});

struct Pending {
    /// Set by [`remove_pending`]: no new temporary may be created after it.
    interrupted: bool,
    paths: Vec<PathBuf>,
}

fn pending() -> std::sync::MutexGuard<'static, Pending> {
    // A panic elsewhere must not stop the clean-up: the list stays valid.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The suffix of our temporary files; never `.pdf` or `.docx`, so a killed
/// run cannot leave something that looks like a document.
pub const TEMP_SUFFIX: &str = ".gongwen-partial";

/// Why a document could not be written: the document's path and what the
/// system said. The message names the document or its folder, never the
/// hidden temporary it was being written to, and says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{}", describe(.path, .source))]
pub struct WriteError {
    /// The document that was not written (never the temporary).
    pub path: PathBuf,
    /// What the system said.
    #[source]
    pub source: std::io::Error,
}

fn describe(path: &Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let file = path.display();
    let folder = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.display().to_string(),
        _ => ".".to_string(),
    };
    match source.kind() {
        ErrorKind::PermissionDenied => format!("没有写入权限：{folder}（请换一个输出文件夹）"),
        ErrorKind::ReadOnlyFilesystem => {
            format!("{folder} 在只读的文件系统上，无法写入（请换一个输出文件夹）")
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            format!("磁盘空间不足，无法写入 {file}（请清理空间后重试）")
        }
        // /proc and the like: the folder is there but takes no new file.
        ErrorKind::NotFound if Path::new(&folder).is_dir() => {
            format!("文件夹 {folder} 中不能新建文件，无法写入 {file}（请换一个输出文件夹）")
        }
        ErrorKind::NotFound => format!("文件夹 {folder} 不存在，无法写入 {file}"),
        ErrorKind::AlreadyExists => format!("{file} 是一个同名的文件夹，无法以文件替换"),
        ErrorKind::Interrupted => format!("已中断，未写入 {file}"),
        other => {
            // The system's words without the temporary's path in them.
            let said = source.raw_os_error().map_or_else(
                || other.to_string(),
                |code| std::io::Error::from_raw_os_error(code).to_string(),
            );
            format!("无法写入 {file}：{said}")
        }
    }
}

/// Replaces `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Replaces `path` with what `write` puts into the temporary file. If
/// `write` fails (a full disk, say), the temporary is removed and `path`
/// is left exactly as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    stage(path, write)?.commit()
}

/// Replaces several files as one step as far as a file system allows:
/// every document is written and flushed to its temporary first, and only
/// when all are complete are they renamed into place. A failure while
/// writing any of them (a full disk, an interrupt) leaves every old file as
/// it was, so a fresh PDF never sits beside last year's DOCX.
pub fn write_atomic_all(files: &[(&Path, &[u8])]) -> Result<(), WriteError> {
    // A folder where a document belongs would only fail at the rename,
    // after the documents before it were replaced: refuse it up front.
    for (path, _) in files {
        if path.is_dir() {
            return Err(WriteError {
                path: path.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "同名的文件夹已存在，无法以文件替换",
                ),
            });
        }
    }
    let mut staged = Vec::new();
    for (path, bytes) in files {
        staged.push(stage(path, |file| file.write_all(bytes))?);
    }
    // The renames happen under the lock an interrupt takes: an interrupt
    // comes before all of them (nothing replaced) or after all of them
    // (the documents are written and their writer hears so), never between.
    // Nothing that takes the lock may be dropped while it is held: the
    // registrations are set apart first and dropped after it.
    let mut registrations = Vec::new();
    let mut temps = Vec::new();
    for s in staged {
        registrations.push(s._registered);
        temps.push((s.temp, s.target));
    }
    let pending = pending();
    if pending.interrupted {
        drop(pending);
        return Err(WriteError {
            path: files
                .first()
                .map(|(p, _)| p.to_path_buf())
                .unwrap_or_default(),
            source: std::io::Error::new(std::io::ErrorKind::Interrupted, "已中断"),
        });
    }
    for (temp, target) in temps {
        temp.persist(&target).map_err(|e| WriteError {
            path: target.clone(),
            source: e.error,
        })?;
    }
    drop(pending);
    Ok(())
}

/// A complete document in its temporary file, not yet renamed into place.
/// Dropping it removes the temporary.
struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    _registered: Registered,
}

impl Staged {
    fn commit(self) -> Result<(), WriteError> {
        let Staged {
            temp,
            target,
            _registered,
        } = self;
        temp.persist(&target).map(|_| ()).map_err(|e| WriteError {
            path: target.clone(),
            source: e.error,
        })
    }
}

/// A temporary's place in the list of pending ones, left when dropped.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        pending().paths.retain(|p| p != &self.0);
    }
}

fn stage(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<Staged, WriteError> {
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
    sweep_stale(dir);
    // Created and registered under the lock, so an interrupt sees it.
    let (mut temp, registered) = {
        let mut pending = pending();
        if pending.interrupted {
            return Err(fail(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "已中断",
            )));
        }
        // The writer's process id in the name lets a later run tell a
        // temporary left by a killed run from one still being written.
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.{}.", std::process::id()))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir)
            .map_err(fail)?;
        pending.paths.push(temp.path().to_path_buf());
        let registered = Registered(temp.path().to_path_buf());
        (temp, registered)
    };
    // A temporary file is private (0600); the document should get the
    // permissions of the file it replaces, or the usual 0644.
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
    };
    #[cfg(not(unix))]
    let permissions = Ok(());
    // On failure `temp` is dropped, which deletes the temporary file.
    permissions
        .and_then(|_| write(temp.as_file_mut()))
        .and_then(|_| temp.as_file().sync_all())
        .map_err(fail)?;
    Ok(Staged {
        temp,
        target: path.to_path_buf(),
        _registered: registered,
    })
}

/// Folders this run has already cleared of a killed run's temporaries.
static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// How old a dead writer's temporary must be before it is removed: a
/// temporary is written in well under a second, so an old one is abandoned
/// even if the folder is shared with another machine whose process ids
/// this one cannot see.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the temporaries that a run killed outright (SIGKILL, a power cut)
/// left in `dir`: named like ours, their writer no longer running, and
/// untouched for [`STALE_AFTER`]. Once per folder per run; anything else is
/// left alone, including every temporary of a run still going.
fn sweep_stale(dir: &Path) {
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        if swept.contains(&canonical) {
            return;
        }
        swept.push(canonical);
    }
    // Without /proc nothing tells whether a writer still runs.
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_pid) else {
            continue;
        };
        let running = Path::new("/proc").join(pid.to_string()).exists();
        let untouched = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !running && untouched && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The writer's process id in a temporary's name,
/// `.{document}.{pid}.{random}.gongwen-partial`; `None` for any other name.
fn writer_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let mut parts = inner.rsplitn(3, '.');
    let _random = parts.next()?;
    let pid = parts.next()?.parse().ok()?;
    parts.next().filter(|document| !document.is_empty())?;
    Some(pid)
}

/// Whether [`remove_pending`] was called: the run is being interrupted, and
/// no new document should be begun.
pub fn interrupted() -> bool {
    pending().interrupted
}

/// Removes every temporary file still being written and refuses new ones;
/// called from the interrupt handler so an interrupt leaves the folder as
/// it was. A writer whose temporary is removed fails at the rename, so the
/// old file stays.
pub fn remove_pending() {
    let mut pending = pending();
    pending.interrupted = true;
    for p in pending.paths.drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_temporary_names_carry_a_writer() {
        assert_eq!(
            writer_pid(".r000.pdf.4242.aB3xY9.gongwen-partial"),
            Some(4242)
        );
        assert_eq!(writer_pid(".报告.docx.7.Zz0000.gongwen-partial"), Some(7));
        for other in [
            ".r000.pdf.aB3xY9.gongwen-partial",
            "r000.pdf.4242.aB3xY9.gongwen-partial",
            ".r000.pdf.4242.aB3xY9.tmp",
            "..4242.aB3xY9.gongwen-partial",
            ".4242.aB3xY9.gongwen-partial",
            "r000.pdf",
        ] {
            assert_eq!(writer_pid(other), None, "{other}");
        }
    }

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
    fn a_failing_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        std::fs::write(&target, b"last year's good file").unwrap();
        // A disk that fills up half-way through the document.
        let e = write_atomic_with(&target, |f| {
            f.write_all(b"%PDF-1.7 half a docu")?;
            Err(std::io::Error::from_raw_os_error(28))
        })
        .unwrap_err();
        assert_eq!(e.source.raw_os_error(), Some(28), "{e}");
        assert!(e.to_string().contains("a.pdf"), "{e}");
        assert_eq!(std::fs::read(&target).unwrap(), b"last year's good file");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.pdf")]);
        assert!(!pending().paths.iter().any(|p| p.starts_with(dir.path())));
    }

    #[test]
    fn a_target_that_is_a_folder_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), b"keep").unwrap();
        let e = write_atomic(&target, b"new").unwrap_err();
        assert!(e.to_string().contains("a.pdf"), "{e}");
        assert_eq!(std::fs::read(target.join("inside")).unwrap(), b"keep");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_batch_of_files_is_written_completely_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("x.pdf");
        let docx = dir.path().join("x.docx");
        std::fs::write(&pdf, b"old pdf").unwrap();
        // The DOCX cannot be replaced: the PDF must not be replaced either.
        std::fs::create_dir(&docx).unwrap();
        let e = write_atomic_all(&[(&pdf, b"new pdf"), (&docx, b"new docx")]).unwrap_err();
        assert!(e.to_string().contains("x.docx"), "{e}");
        assert_eq!(std::fs::read(&pdf).unwrap(), b"old pdf");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        std::fs::remove_dir(&docx).unwrap();
        write_atomic_all(&[(&pdf, b"new pdf"), (&docx, b"new docx")]).unwrap();
        assert_eq!(std::fs::read(&pdf).unwrap(), b"new pdf");
        assert_eq!(std::fs::read(&docx).unwrap(), b"new docx");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn missing_folder_is_an_error_naming_the_path() {
        let e = write_atomic(Path::new("/nonexistent/gongwen/a.pdf"), b"x").unwrap_err();
        assert!(e.to_string().contains("/nonexistent/gongwen/a.pdf"), "{e}");
    }
}
