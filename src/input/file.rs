//! Reading a report file's bytes from disk, whatever its format, without
//! letting a hostile path hang the tool or fill its memory.

use std::io::Read;
use std::path::Path;

use super::error::{InputError, InputErrorKind};
use super::sniff::{sniff, Kind, HEAD_BYTES};

/// Largest text report (TOML or JSON) read, in bytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Largest web page read: report pages are 50–500 KB, a page saved with
/// inline images a few MB.
pub const MAX_PAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest Word document (or other binary) read: a report with photos is a
/// few MB; anything larger is not an annual report.
pub const MAX_DOCUMENT_BYTES: u64 = 100 * 1024 * 1024;

/// The whole file, refused when it is a folder, a device or pipe, or larger
/// than [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    read_limited(path, |_| MAX_FILE_BYTES).map(|(_, bytes)| bytes)
}

/// What the file is (by its first bytes) and its bytes, each kind with its
/// own size limit, checked against the file's size before it is read.
pub fn read_sniffed(path: &Path) -> Result<(Kind, Vec<u8>), InputError> {
    read_limited(path, |kind| match kind {
        Kind::Html => MAX_PAGE_BYTES,
        Kind::Other => MAX_FILE_BYTES,
        Kind::Zip | Kind::Ole { .. } | Kind::Rtf | Kind::Pdf => MAX_DOCUMENT_BYTES,
    })
}

fn read_limited(
    path: &Path,
    limit_of: impl Fn(Kind) -> u64,
) -> Result<(Kind, Vec<u8>), InputError> {
    let fail = |kind| InputError::new(path, kind);
    let unreadable = |e: std::io::Error| fail(InputErrorKind::Unreadable(e.to_string()));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(fail(InputErrorKind::Folder));
    }
    // A device or pipe (/dev/zero, a FIFO) would never end or never arrive.
    if !meta.is_file() {
        return Err(fail(InputErrorKind::NotRegularFile));
    }
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let kind = sniff(&bytes);
    let limit = limit_of(kind);
    let too_big = |bytes: u64| fail(InputErrorKind::TooLarge { bytes, limit });
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    // Read at most one byte past the limit: a file growing while we read
    // is still refused, never read without bound.
    file.take(limit + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok((kind, bytes))
}
