//! What the editor remembers of the folder between keystrokes: each
//! report's agency and year, to find last year's report for R5 and R6
//! without reading every file again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use crate::model::Report;

/// Each file's agency and year, kept while the file is unchanged.
#[derive(Default)]
pub struct PreviousIndex {
    pub(super) walked: Option<(Instant, Vec<PathBuf>)>,
    pub(super) meta: HashMap<PathBuf, (Stamp, Option<(String, u16)>)>,
    pub(super) loaded: HashMap<PathBuf, (Stamp, Arc<Report>)>,
}

pub(super) type Stamp = (Option<SystemTime>, u64);

pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len()))
}
