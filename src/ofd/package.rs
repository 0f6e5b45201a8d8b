//! The zip container (GB/T 33190 §6): fixed entry order, fixed timestamps,
//! deflate, the recipe of the DOCX package, so identical input gives an
//! identical `.ofd`.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::OfdError;
use crate::date::Date;

/// Zips `entries` in the order given; `OFD.xml` comes first, as the
/// package's entry point. Entry timestamps are the document's date at
/// midnight, or the DOS epoch (1980-01-01) without one, never the clock.
pub(super) fn zip(entries: &[(String, Vec<u8>)], date: Option<Date>) -> Result<Vec<u8>, OfdError> {
    let time = date
        .and_then(|d| DateTime::from_date_and_time(d.year, d.month, d.day, 0, 0, 0).ok())
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .system(System::Unix)
        .unix_permissions(0o644);
    let size: usize = entries.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 2 + 4096)));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes).map_err(zip::result::ZipError::Io)?;
    }
    Ok(zip.finish()?.into_inner())
}
