//! Rules about Chinese text that every writer shares, whoever sets the
//! lines: where a line may break (GB/T 15834 practice on top of UAX #14)
//! and how a title is arranged over several lines (GB/T 9704 §7.3.1).
//!
//! The PDF layout measures with the real fonts and the DOCX writer with
//! nominal widths, but both ask here, so the two files break alike.

pub(crate) mod halfwidth;
pub(crate) mod linebreak;
pub(crate) mod title;
pub(crate) mod words;
