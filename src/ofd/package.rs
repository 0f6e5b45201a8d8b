//! The zip container (GB/T 33190 §6): the DOCX package's recipe (fixed
//! entry order, fixed timestamps, deflate), so identical input gives an
//! identical `.ofd`.

use super::OfdError;
use crate::date::Stamp;

/// Zips `entries` in the order given; `OFD.xml` comes first, as the
/// package's entry point.
pub(super) fn zip(
    entries: &[(String, Vec<u8>)],
    stamp: Option<Stamp>,
) -> Result<Vec<u8>, OfdError> {
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    Ok(crate::container::deterministic_zip(&entries, stamp)?)
}
