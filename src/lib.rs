//! gongwen: checks a 政府信息公开工作年度报告 and lays it out as a GB/T 9704
//! official document.
//!
//! The pipeline runs one way: input (serde) → model → checks → document tree
//! → layout → writers (PDF, OFD, DOCX). Each stage is a module here; `export`
//! runs the checks and the writers of one report in memory and writes its
//! files, and `batch` handles many reports at once; `rollup` sums reports
//! into an aggregate report (汇总). Below the writers stand
//! what they share: [`gbt9704`], the page the standard fixes, and `text`,
//! where a line may break and how a title is arranged.

#![deny(missing_docs)]

pub mod batch;
pub mod check;
mod container;
pub mod date;
pub mod doc;
pub mod docx;
pub mod export;
pub mod fonts;
pub mod gbt9704;
pub mod input;
pub mod layout;
pub mod model;
pub mod ofd;
pub mod pdf;
pub mod rollup;
#[cfg(feature = "serve")]
pub mod serve;
pub mod template;
mod text;
mod xml;
