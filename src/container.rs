//! The zip container both package formats use (DOCX, OFD): entries in the
//! order given, deflate, and timestamps from the document's stamp, never
//! the clock, so identical input gives identical bytes.

use std::io::{Cursor, Write};

use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::date::Stamp;

/// Zips `entries` in the order given. Entry timestamps are the document's
/// stamp (DOS time keeps even seconds). Without a stamp they are
/// 1980-01-01 00:00, the zero of the DOS date field: a zip entry cannot
/// leave its date out, and the format's own zero claims nothing, which is
/// also what reproducible-build tools write.
pub(crate) fn deterministic_zip(
    entries: &[(&str, &[u8])],
    stamp: Option<Stamp>,
) -> Result<Vec<u8>, ZipError> {
    let time = stamp
        .and_then(|stamp| {
            let (d, (hour, minute, second)) = (stamp.date(), stamp.time());
            DateTime::from_date_and_time(d.year, d.month, d.day, hour, minute, second & !1).ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .system(System::Unix)
        .unix_permissions(0o644);
    // Deflated packages of XML come out at well under half their input.
    let size: usize = entries.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 2 + 4096)));
    for (name, bytes) in entries {
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
