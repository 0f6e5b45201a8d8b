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

mod inputs;
pub mod json;
mod pairing;
mod plan;
pub mod sheet;
pub mod xlsx;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::check::{self, CheckOptions, Finding};
use crate::export::{export_report, output_path, ExportError, ExportNote, ExportOptions};
use crate::fonts::{FontSet, FontWarning};
use crate::input::{ImportNote, InputError, NoteSeverity, ReadOptions};
use crate::model::{self, Rejected, Report};
use crate::rollup::RollupError;

pub use inputs::{expand, ExpandError, Expanded, SkipReason, Skipped};
pub use pairing::{agency_key, cross_year_rules, Pairing};
pub use plan::{output_clashes, OutputClash};

/// A report file of a run, and the folder below the output folder its
/// documents go to: a folder given on the command line keeps its
/// subfolders there, so `a/r.toml` and `b/r.toml` do not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The report file, as found or given.
    pub path: PathBuf,
    /// Relative; empty for a file given by itself.
    pub subfolder: PathBuf,
}

impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Input {
        Input {
            path,
            subfolder: PathBuf::new(),
        }
    }
}

/// One input file's result.
#[derive(Debug)]
pub struct FileResult {
    /// The input file, as given or found in a folder.
    pub file: PathBuf,
    /// The findings; for a file whose only input errors were typing slips,
    /// the findings of the report read with them fixed.
    pub findings: Vec<Finding>,
    /// Why the file failed beyond its findings.
    pub failure: Option<Failure>,
    /// The files written, in format order.
    pub written: Vec<PathBuf>,
    /// Characters the export printed from a fallback face.
    pub font_warnings: Vec<FontWarning>,
    /// What the export decided that the user should know.
    pub export_notes: Vec<ExportNote>,
    /// The report's agency and year, when it could be read.
    pub agency: Option<String>,
    /// The reporting year, e.g. 2022; `None` when the file could not be read.
    pub year: Option<u16>,
    /// The previous year's report the checks across years compared it with.
    pub previous: Option<Pairing>,
    /// Documents of an earlier export beside a refused one: they were not
    /// updated, whatever they look like.
    pub stale: Vec<PathBuf>,
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
    /// The agency the report is from.
    pub agency: String,
    /// The reporting year, e.g. 2022.
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
    /// The file could not be read, or was given against a `--previous`
    /// that is not its year before: every error, in the order of the file.
    Input(Vec<InputError>),
    /// Its outputs would overwrite an input or another file's output.
    Clash(OutputClash),
    /// Error findings refused the export (the findings are the result's).
    Blocked,
    /// Rendering or writing failed.
    Export(ExportError),
    /// The run was interrupted before the file's documents were written.
    Interrupted,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    e.fmt(f)?;
                }
                Ok(())
            }
            Failure::Clash(c) => c.fmt(f),
            Failure::Blocked => ExportError::Blocked {
                findings: Vec::new(),
            }
            .fmt(f),
            Failure::Export(e) => e.fmt(f),
            Failure::Interrupted => f.write_str("已中断，未写入"),
        }
    }
}

/// How a file came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every rule holds and nothing was substituted.
    Ok,
    /// Warnings only: findings, substituted fonts, or an export note.
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
            export_notes: Vec::new(),
            agency: None,
            year: None,
            previous: None,
            stale: Vec::new(),
            notes: Vec::new(),
            facts: None,
        }
    }

    /// Whether the file failed: it has a [`Failure`] or an error finding.
    pub fn failed(&self) -> bool {
        self.failure.is_some() || check::has_errors(&self.findings)
    }

    /// How the file came out, for the tally and the JSON `status`: import
    /// notes of warning severity count as warnings.
    pub fn status(&self) -> Status {
        let noted = self
            .notes
            .iter()
            .any(|n| n.severity >= NoteSeverity::Warning);
        if self.failed() {
            Status::Failed
        } else if self.findings.is_empty()
            && self.font_warnings.is_empty()
            && self.export_notes.is_empty()
            && !noted
        {
            Status::Ok
        } else {
            Status::Warnings
        }
    }

    /// How many error and warning findings it has.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == crate::template::Severity::Error)
            .count();
        (errors, self.findings.len() - errors)
    }

    /// The input errors, if the file could not be read.
    pub fn input_errors(&self) -> &[InputError] {
        match &self.failure {
            Some(Failure::Input(errors)) => errors,
            _ => &[],
        }
    }
}

/// How many files of a run came out which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Files with [`Status::Ok`].
    pub ok: usize,
    /// Files with [`Status::Warnings`].
    pub warned: usize,
    /// Files with [`Status::Failed`].
    pub failed: usize,
}

impl Tally {
    /// Counts the results by their [`FileResult::status`].
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

    /// How many files the run had, whatever their status.
    pub fn files(&self) -> usize {
        self.ok + self.warned + self.failed
    }
}

/// A file read: the report, or every error and the report as it reads
/// with its typing slips fixed, if they were all it had.
type Loaded = Result<Report, Rejected>;

/// Loads every file on all cores (with `read`): the reports, and the notes
/// of each read.
fn load(files: &[PathBuf], read: &ReadOptions) -> (Vec<Loaded>, Vec<Vec<ImportNote>>) {
    files
        .par_iter()
        .map(|f| model::load_all_with(f, read))
        .unzip()
}

/// The report the checks read: the file's, or the one with slips fixed.
fn readable(loaded: &Loaded) -> Option<&Report> {
    match loaded {
        Ok(report) => Some(report),
        Err(rejected) => rejected.fixed.as_deref(),
    }
}

/// A result with what every run says of a file: its agency and year, its
/// input errors, the pairing across years and the notes about it.
fn begin(file: &Path, loaded: &Loaded, paired: &mut pairing::Paired) -> FileResult {
    let mut result = FileResult::new(file);
    if let Some(report) = readable(loaded) {
        result.agency = Some(report.meta.agency.clone());
        result.year = Some(report.meta.year);
    }
    let mut errors = match loaded {
        Ok(_) => Vec::new(),
        Err(rejected) => rejected.errors.clone(),
    };
    errors.extend(paired.not_previous.take());
    if !errors.is_empty() {
        result.failure = Some(Failure::Input(errors));
    }
    if let (Some(previous), Some(report)) = (paired.previous, readable(loaded)) {
        result.previous = Some(Pairing {
            file: previous.file.clone(),
            rules: cross_year_rules(&report.template),
        });
    }
    result
}

/// Loads (with `read`) and checks every file, each against its previous
/// year's report among the others or `previous`. `on_done` hears of each
/// file as it finishes, with its index in `files`, in any order.
pub fn check_files(
    files: &[PathBuf],
    previous: Option<&Report>,
    options: &CheckOptions,
    read: &ReadOptions,
    on_done: impl Fn(usize, &FileResult) + Sync,
) -> Vec<FileResult> {
    let (loaded, notes) = load(files, read);
    let reports: Vec<Option<&Report>> = loaded.iter().map(readable).collect();
    let pairs = pairing::pair(&reports, previous);
    // The prose checks make checking cost more than parsing: on all cores too.
    files
        .par_iter()
        .zip(&loaded)
        .zip(pairs)
        .zip(notes)
        .enumerate()
        .map(|(i, (((file, loaded), mut paired), notes))| {
            let mut result = begin(file, loaded, &mut paired);
            result.notes = notes;
            if let Some(report) = readable(loaded) {
                result.findings = check::check_all(report, paired.previous, options);
                result.findings.append(&mut paired.notes);
                result.facts = Some(ReportFacts::of(report));
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
    let (loaded, notes) = model::load_all_with(parent, read);
    result.notes = notes;
    let report = match loaded {
        Ok(report) => report,
        Err(rejected) => {
            result.failure = Some(Failure::Input(rejected.errors));
            return Ok(result);
        }
    };
    result.agency = Some(report.meta.agency.clone());
    result.year = Some(report.meta.year);
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
/// exported, and once the run is interrupted no file is begun. `on_done`
/// hears of each file as in [`check_files`].
pub fn export_files(
    files: &[Input],
    previous: Option<&Report>,
    fonts: &FontSet,
    options: &ExportOptions,
    read: &ReadOptions,
    on_done: impl Fn(usize, &FileResult) + Sync,
) -> Vec<FileResult> {
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let (loaded, notes) = load(&paths, read);
    let reports: Vec<Option<&Report>> = loaded.iter().map(readable).collect();
    let pairs = pairing::pair(&reports, previous);
    let out_dirs: Vec<Option<PathBuf>> = files
        .iter()
        .map(|f| options.out_dir.as_ref().map(|d| d.join(&f.subfolder)))
        .collect();
    let loaded_ok: Vec<bool> = loaded.iter().map(Result::is_ok).collect();
    let clashes = output_clashes(
        &paths,
        &loaded_ok,
        previous,
        &out_dirs,
        &options.render.formats,
    );
    paths
        .par_iter()
        .zip(&loaded)
        .zip(pairs)
        .zip(clashes)
        .zip(&out_dirs)
        .zip(notes)
        .enumerate()
        .map(
            |(i, (((((file, loaded), mut paired), clash), out_dir), import_notes))| {
                let mut result = begin(file, loaded, &mut paired);
                result.notes = import_notes;
                let notes = std::mem::take(&mut paired.notes);
                if crate::export::atomic::interrupted() {
                    result.failure = result.failure.or(Some(Failure::Interrupted));
                } else if result.failure.is_some() {
                    // Unreadable: its fixed reading is checked, never exported.
                    if let Some(report) = readable(loaded) {
                        result.findings =
                            check::check_all(report, paired.previous, &options.render.check);
                    }
                } else if let (Some(clash), Ok(_)) = (clash, loaded) {
                    result.failure = Some(Failure::Clash(clash));
                } else if let Ok(report) = loaded {
                    result.facts = Some(ReportFacts::of(report));
                    let options = ExportOptions {
                        out_dir: out_dir.clone(),
                        render: options.render.clone(),
                    };
                    match export_report(report, paired.previous, fonts, &options) {
                        Ok(exported) => {
                            result.findings = exported.findings;
                            result.written = exported.written;
                            result.font_warnings = exported.font_warnings;
                            result.export_notes = exported.notes;
                        }
                        Err(ExportError::Blocked { findings }) => {
                            result.findings = findings;
                            result.failure = Some(Failure::Blocked);
                        }
                        Err(ExportError::Write(e))
                            if e.source.kind() == std::io::ErrorKind::Interrupted =>
                        {
                            result.failure = Some(Failure::Interrupted);
                        }
                        Err(e) => result.failure = Some(Failure::Export(e)),
                    }
                }
                result.findings.extend(notes);
                if matches!(
                    result.failure,
                    Some(Failure::Input(_) | Failure::Blocked | Failure::Export(_))
                ) {
                    result.stale = options
                        .render
                        .formats
                        .iter()
                        .map(|format| output_path(file, out_dir.as_deref(), format))
                        .filter(|p| p.is_file())
                        .collect();
                }
                on_done(i, &result);
                result
            },
        )
        .collect()
}
