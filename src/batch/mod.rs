//! Many reports at once. What exists only because files are handled
//! together lives here: a report's previous year found among the others,
//! outputs that must not overwrite an input or each other, one result per
//! file (a bad file never stops the rest) with a tally, the JSON wire
//! format that describes a run, and the same run as a reviewer's workbook
//! and CSV (`sheet`, `xlsx`). An aggregate report is checked against its
//! children's reports here too ([`check_with_children`]). Files are loaded, checked and exported on
//! all cores; the caller hears of each finished file through a callback, to
//! show progress or stream results.
//!
//! One report alone needs none of this: [`crate::check::check_all`] checks
//! it, [`crate::export::render_report`] renders it in memory and
//! [`crate::export::export_report`] writes its files.

pub mod json;
mod plan;
pub mod sheet;
pub mod xlsx;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::check::{self, CheckOptions, Finding};
use crate::export::{export_report, ExportError, ExportOptions};
use crate::fonts::{FontSet, FontWarning};
use crate::input::{ImportNote, InputError, NoteSeverity, ReadOptions};
use crate::model::{self, Report};
use crate::rollup::RollupError;

pub use plan::{output_clashes, OutputClash};

/// A readable report with the previous year's report it is checked
/// against, or why the file could not be read.
pub type Paired<'a> = Result<(&'a Report, Option<&'a Report>), &'a InputError>;

/// Pairs each loaded report with the same agency's report for the year
/// before, found in the batch itself or given as `previous`.
pub fn pair_previous_years<'a>(
    loaded: &'a [Result<Report, InputError>],
    previous: Option<&'a Report>,
) -> Vec<Paired<'a>> {
    let reports: Vec<&Report> = loaded.iter().filter_map(|r| r.as_ref().ok()).collect();
    let mut candidates = reports.clone();
    candidates.extend(previous);
    let mut prior = check::previous_years(&reports, &candidates).into_iter();
    loaded
        .iter()
        .map(|l| l.as_ref().map(|r| (r, prior.next().flatten())))
        .collect()
}

/// One input file's result.
#[derive(Debug)]
pub struct FileResult {
    pub file: PathBuf,
    pub findings: Vec<Finding>,
    /// Why the file failed beyond its findings.
    pub failure: Option<Failure>,
    /// The files written, in format order.
    pub written: Vec<PathBuf>,
    /// Characters the export printed from a fallback face.
    pub font_warnings: Vec<FontWarning>,
    /// What reading an imported document (DOCX, web page) noted: cells
    /// read as 0, rows or headings it could not place.
    pub notes: Vec<ImportNote>,
    /// Who the report is from and its headline figures; `None` when the
    /// file could not be read.
    pub facts: Option<ReportFacts>,
}

/// A report at a glance: its agency, year and the template's headline
/// figures, for a reviewer's list of reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts {
    pub agency: String,
    pub year: u16,
    /// One value per [`crate::template::Template::headline`] figure, in
    /// order, with its label.
    pub headline: Vec<(String, u128)>,
}

impl ReportFacts {
    /// The facts of a loaded report.
    pub fn of(report: &Report) -> ReportFacts {
        ReportFacts {
            agency: report.meta.agency.clone(),
            year: report.meta.year,
            headline: report
                .template
                .headline
                .iter()
                .map(|h| {
                    let sum = h
                        .sum
                        .iter()
                        .filter_map(|path| report.figures.count(path))
                        .map(u128::from)
                        .sum();
                    (h.label.clone(), sum)
                })
                .collect(),
        }
    }
}

/// Why a file failed beyond its findings.
#[derive(Debug)]
pub enum Failure {
    /// The file could not be read.
    Input(InputError),
    /// Its outputs would overwrite an input or another file's output.
    Clash(OutputClash),
    /// Error findings refused the export (the findings are the result's).
    Blocked,
    /// Rendering or writing failed.
    Export(ExportError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input(e) => e.fmt(f),
            Failure::Clash(c) => c.fmt(f),
            Failure::Blocked => ExportError::Blocked {
                findings: Vec::new(),
            }
            .fmt(f),
            Failure::Export(e) => e.fmt(f),
        }
    }
}

/// How a file came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every rule holds and nothing was substituted.
    Ok,
    /// Warnings only: findings or substituted fonts.
    Warnings,
    /// An error finding, bad input, or no export.
    Failed,
}

impl FileResult {
    fn new(file: &Path) -> FileResult {
        FileResult {
            file: file.to_path_buf(),
            findings: Vec::new(),
            failure: None,
            written: Vec::new(),
            font_warnings: Vec::new(),
            notes: Vec::new(),
            facts: None,
        }
    }

    pub fn failed(&self) -> bool {
        self.failure.is_some() || check::has_errors(&self.findings)
    }

    pub fn status(&self) -> Status {
        let noted = self
            .notes
            .iter()
            .any(|n| n.severity >= NoteSeverity::Warning);
        if self.failed() {
            Status::Failed
        } else if self.findings.is_empty() && self.font_warnings.is_empty() && !noted {
            Status::Ok
        } else {
            Status::Warnings
        }
    }
}

/// How many files of a run came out which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub ok: usize,
    pub warned: usize,
    pub failed: usize,
}

impl Tally {
    pub fn of(results: &[FileResult]) -> Tally {
        let mut tally = Tally::default();
        for r in results {
            match r.status() {
                Status::Ok => tally.ok += 1,
                Status::Warnings => tally.warned += 1,
                Status::Failed => tally.failed += 1,
            }
        }
        tally
    }

    pub fn files(&self) -> usize {
        self.ok + self.warned + self.failed
    }
}

/// Loads every file on all cores: the reports, and the notes of each read.
fn load_all(
    files: &[PathBuf],
    read: &ReadOptions,
) -> (Vec<Result<Report, InputError>>, Vec<Vec<ImportNote>>) {
    files
        .par_iter()
        .map(|f| match model::load_with(f, read) {
            Ok((report, notes)) => (Ok(report), notes),
            Err(e) => (Err(e), Vec::new()),
        })
        .unzip()
}

/// Loads (with `read`) and checks every file, each against its previous
/// year's report (see [`pair_previous_years`]). `on_done` hears of each file
/// as it finishes, with its index in `files`, in any order.
pub fn check_files(
    files: &[PathBuf],
    previous: Option<&Report>,
    options: &CheckOptions,
    read: &ReadOptions,
    on_done: impl Fn(usize, &FileResult) + Sync,
) -> Vec<FileResult> {
    let (loaded, notes) = load_all(files, read);
    let jobs = pair_previous_years(&loaded, previous);
    // The prose checks make checking cost more than parsing: on all cores too.
    files
        .par_iter()
        .zip(&jobs)
        .zip(notes)
        .enumerate()
        .map(|(i, ((file, job), notes))| {
            let mut result = FileResult::new(file);
            result.notes = notes;
            match job {
                Ok((report, previous)) => {
                    result.findings = check::check_all(report, *previous, options);
                    result.facts = Some(ReportFacts::of(report));
                }
                Err(e) => result.failure = Some(Failure::Input((*e).clone())),
            }
            on_done(i, &result);
            result
        })
        .collect()
}

/// Loads and checks the aggregate report `parent` like [`check_files`],
/// and against the reports of `children` with the roll-up rules (R7). The
/// children must all be readable, of the parent's year, and each of
/// another agency than the parent and one another; otherwise nothing is
/// checked and the refusal names the files.
pub fn check_with_children(
    parent: &Path,
    children: &[PathBuf],
    previous: Option<&Report>,
    options: &CheckOptions,
    read: &ReadOptions,
) -> Result<FileResult, RollupError> {
    let mut result = FileResult::new(parent);
    let report = match model::load_with(parent, read) {
        Ok((report, notes)) => {
            result.notes = notes;
            report
        }
        Err(e) => {
            result.failure = Some(Failure::Input(e));
            return Ok(result);
        }
    };
    let children = crate::rollup::load_children(&report, children)?;
    let previous = previous.filter(|p| {
        p.meta.agency == report.meta.agency
            && u32::from(p.meta.year) + 1 == u32::from(report.meta.year)
    });
    let children: Vec<&Report> = children.iter().collect();
    result.findings = check::check_all_with_children(&report, previous, &children, options);
    result.facts = Some(ReportFacts::of(&report));
    Ok(result)
}

/// Loads, checks and exports every file, each against its previous year's
/// report; a file whose outputs would clash (see [`output_clashes`]) is not
/// exported. `on_done` hears of each file as in [`check_files`].
pub fn export_files(
    files: &[PathBuf],
    previous: Option<&Report>,
    fonts: &FontSet,
    options: &ExportOptions,
    read: &ReadOptions,
    on_done: impl Fn(usize, &FileResult) + Sync,
) -> Vec<FileResult> {
    let (loaded, notes) = load_all(files, read);
    let jobs = pair_previous_years(&loaded, previous);
    let loaded_ok: Vec<bool> = loaded.iter().map(Result::is_ok).collect();
    let clashes = output_clashes(
        files,
        &loaded_ok,
        previous,
        options.out_dir.as_deref(),
        &options.render.formats,
    );
    files
        .par_iter()
        .zip(&jobs)
        .zip(&clashes)
        .zip(notes)
        .enumerate()
        .map(|(i, (((file, job), clash), notes))| {
            let mut result = FileResult::new(file);
            result.notes = notes;
            match (job, clash) {
                (Err(e), _) => result.failure = Some(Failure::Input((*e).clone())),
                (Ok(_), Some(clash)) => result.failure = Some(Failure::Clash(clash.clone())),
                (Ok((report, previous)), None) => {
                    result.facts = Some(ReportFacts::of(report));
                    match export_report(report, *previous, fonts, options) {
                        Ok(exported) => {
                            result.findings = exported.findings;
                            result.written = exported.written;
                            result.font_warnings = exported.font_warnings;
                        }
                        Err(ExportError::Blocked { findings }) => {
                            result.findings = findings;
                            result.failure = Some(Failure::Blocked);
                        }
                        Err(e) => result.failure = Some(Failure::Export(e)),
                    }
                }
            }
            on_done(i, &result);
            result
        })
        .collect()
}
