//! Export: from a checked report to files on disk.

pub mod atomic;
