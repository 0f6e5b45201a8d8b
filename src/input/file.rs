//! Reading a report file's bytes from disk, whatever its format, without
//! letting a hostile path hang the tool or fill its memory.

use std::io::Read;
use std::path::Path;

use super::error::{InputError, InputErrorKind};

/// Largest report file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The whole file, refused when it is a folder, a device or pipe, or larger
/// than [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    let fail = |kind| InputError::new(path, kind);
    let unreadable = |e: std::io::Error| {
        let shown = path.display().to_string();
        fail(match e.kind() {
            std::io::ErrorKind::NotFound => InputErrorKind::NotFound(shown),
            std::io::ErrorKind::PermissionDenied => InputErrorKind::NoPermission(shown),
            _ => InputErrorKind::Unreadable(e.to_string()),
        })
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(fail(InputErrorKind::Folder));
    }
    // A device or pipe (/dev/zero, a FIFO) would never end or never arrive.
    if !meta.is_file() {
        return Err(fail(InputErrorKind::NotRegularFile));
    }
    let too_big = |bytes: u64| {
        fail(InputErrorKind::TooLarge {
            bytes,
            limit: MAX_FILE_BYTES,
        })
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    // Read at most one byte past the limit: a file growing while we read
    // is still refused, never read without bound.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}
