//! The folder as a whole: the start page's list of reports with their
//! status, a new report from the skeleton, a report imported as TOML, and
//! the same agency's report for the year before, which R5 and R6 compare.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::app::App;
use super::error::ApiError;
use super::paths::{has_extension, EDITABLE, LISTED};
use super::previous::stamp;
use super::state::{EditState, Validated};
use super::toml_write;
use crate::batch;
use crate::check::CheckOptions;
use crate::export::{output_path, Format};
use crate::input::{self, skeleton::skeleton, ReadOptions};
use crate::model::{self, limits, Report};
use crate::template::Template;

/// How long a walk of the folder is trusted when looking for last year's
/// report on every keystroke.
const WALK_FRESH: Duration = Duration::from_secs(2);

/// One report file on the start page.
#[derive(Debug, Serialize)]
pub struct ListEntry {
    /// The file, relative to the folder.
    pub path: String,
    /// Written back when edited; otherwise opened read-only.
    pub editable: bool,
    /// The agency, when the file reads.
    pub agency: Option<String>,
    /// The year, when the file reads.
    pub year: Option<u16>,
    /// `ok`, `warnings`, `failed` (error findings) or `unreadable`.
    pub status: &'static str,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Why the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The exported PDF and DOCX beside it.
    pub outputs: Vec<String>,
}

/// The start page's data.
#[derive(Debug, Serialize)]
pub struct Listing {
    /// The folder served, as a path.
    pub folder: String,
    /// Its report files, sorted.
    pub reports: Vec<ListEntry>,
    /// The list stops at this many files.
    pub limit: usize,
}

/// A new report from the skeleton of `gongwen new`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The file name, `.toml` added when missing.
    pub name: String,
    /// 发文机关.
    pub agency: String,
    /// 报告年度.
    pub year: u16,
}

/// A report written as a new TOML file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The file to import, relative to the folder.
    pub path: String,
    /// The token it was opened with.
    pub token: String,
    /// The editor's inputs.
    pub state: EditState,
    /// The new file's name, `.toml` added when missing.
    pub name: String,
}

/// The file created.
#[derive(Debug, Serialize)]
pub struct Created {
    /// The new file, relative to the folder.
    pub path: String,
}

/// The extensions listed: every report the library reads.
fn listed() -> &'static [&'static str] {
    LISTED
}

impl App {
    /// The same agency's report for the year before `report`'s, found in the
    /// folder, with its name for the page.
    pub(super) fn previous_year(
        &self,
        report: &Report,
        own: &Path,
    ) -> Option<(String, Arc<Report>)> {
        let want_year = report.meta.year.checked_sub(1)?;
        let mut index = self.previous.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = index
            .walked
            .as_ref()
            .is_some_and(|(at, _)| at.elapsed() < WALK_FRESH);
        if !fresh {
            index.walked = Some((Instant::now(), self.root.reports(listed())));
        }
        let files = index
            .walked
            .as_ref()
            .map(|(_, f)| f.clone())
            .unwrap_or_default();
        for path in files.iter().filter(|p| p.as_path() != own) {
            let Some(now) = stamp(path) else { continue };
            let known = index.meta.get(path).filter(|(s, _)| *s == now);
            let meta = match known {
                Some((_, meta)) => meta.clone(),
                None => {
                    let meta = input::read_report(path).ok().and_then(|p| {
                        let r = p.report.report;
                        Some((r.agency.trim().to_string(), u16::try_from(r.year.0).ok()?))
                    });
                    index.meta.insert(path.clone(), (now, meta.clone()));
                    meta
                }
            };
            if meta != Some((report.meta.agency.clone(), want_year)) {
                continue;
            }
            if let Some((s, loaded)) = index.loaded.get(path) {
                if *s == now {
                    return Some((self.root.relative(path)?, Arc::clone(loaded)));
                }
            }
            let Ok(loaded) = model::load(path) else {
                continue;
            };
            let loaded = Arc::new(loaded);
            index
                .loaded
                .insert(path.clone(), (now, Arc::clone(&loaded)));
            return Some((self.root.relative(path)?, loaded));
        }
        None
    }

    /// Every report in the folder with its status, each checked against
    /// the year before when the folder has it (as `gongwen check DIR`).
    pub fn list(&self) -> Listing {
        let files = self.root.reports(listed());
        // The same run as `gongwen check` of the folder: pairing with last
        // year's report included.
        let results = batch::check_files(
            &files,
            None,
            &CheckOptions::default(),
            &ReadOptions::default(),
            |_, _| {},
        );
        let reports = files
            .iter()
            .zip(&results)
            .map(|(path, result)| {
                let relative = self.root.relative(path).unwrap_or_default();
                // Where `gongwen export` writes them: a document's own DOCX
                // is its input, never its output.
                let outputs = [Format::Pdf, Format::Docx]
                    .iter()
                    .map(|format| output_path(path, None, *format))
                    .filter(|p| p.is_file())
                    .filter_map(|p| self.root.relative(&p))
                    .collect();
                let mut entry = ListEntry {
                    path: relative.clone(),
                    editable: has_extension(path, EDITABLE),
                    agency: result.agency.clone(),
                    year: result.year,
                    status: "unreadable",
                    errors: 0,
                    warnings: 0,
                    message: None,
                    outputs,
                };
                match result.input_errors().first() {
                    Some(e) => {
                        let mut shown = e.clone();
                        shown.file = relative.into();
                        entry.message = Some(shown.to_string());
                    }
                    None => {
                        (entry.errors, entry.warnings) = result.counts();
                        entry.status = match (entry.errors, entry.warnings) {
                            (0, 0) => "ok",
                            (0, _) => "warnings",
                            _ => "failed",
                        };
                    }
                }
                entry
            })
            .collect();
        Listing {
            folder: self.root.path().display().to_string(),
            reports,
            limit: super::paths::MAX_LISTED,
        }
    }

    /// Writes a new report from the skeleton of `gongwen new`.
    pub fn create(&self, request: &NewRequest) -> Result<Created, ApiError> {
        let agency = request.agency.trim();
        if agency.is_empty() {
            return Err(ApiError::bad_request("请填写发文机关".into()));
        }
        if agency.chars().count() > limits::MAX_LINE_CHARS || agency.chars().any(char::is_control) {
            return Err(ApiError::bad_request(format!(
                "发文机关不能超过 {} 个字，也不能含控制字符",
                limits::MAX_LINE_CHARS
            )));
        }
        if !(1949..=2999).contains(&request.year) {
            return Err(ApiError::bad_request(format!(
                "年度 {} 不在 1949–2999 之间",
                request.year
            )));
        }
        let template = self.template(None)?;
        let text = skeleton(&template, agency, request.year);
        self.write_new(&request.name, &text)
    }

    /// Writes a report that is read-only here (or JSON) as a new TOML file
    /// laid out like the skeleton, with the editor's values.
    pub fn import(&self, request: &ImportRequest) -> Result<Created, ApiError> {
        let file = self.root.existing(&request.path)?;
        let text = self
            .compose(&file, &request.token, &request.state)?
            .map_err(|errors| {
                ApiError::unprocessable(format!(
                    "有 {} 处填写有误：{}",
                    errors.len(),
                    errors[0].message
                ))
            })?;
        let text = if has_extension(&file.real, &["toml"]) {
            text
        } else {
            let template = self.template(None)?;
            let validated = request.state.validate(&template).map_err(|errors| {
                ApiError::unprocessable(format!(
                    "有 {} 处填写有误：{}",
                    errors.len(),
                    errors[0].message
                ))
            })?;
            self.as_new_toml(&validated, &template)?
        };
        self.write_new(&request.name, &text)
    }

    /// The skeleton for the state's agency and year, with its values.
    pub(super) fn as_new_toml(
        &self,
        state: &Validated,
        template: &Template,
    ) -> Result<String, ApiError> {
        let year = u16::try_from(state.year).unwrap_or(0);
        let mut start = state.state.clone();
        // The skeleton's example parts are replaced, not kept.
        for prose in start.sections.values_mut() {
            for part in &mut prose.parts {
                forget_origin(part);
            }
        }
        let text = skeleton(template, state.state.meta.agency.trim(), year);
        let validated = Validated {
            state: &start,
            year: state.year,
            figures: state.figures.clone(),
        };
        toml_write::apply(&text, &validated)
    }

    fn write_new(&self, name: &str, text: &str) -> Result<Created, ApiError> {
        let name = name.trim();
        let name = if has_extension(Path::new(name), &["toml"]) {
            name.to_string()
        } else {
            format!("{name}.toml")
        };
        let target = self.root.new_file(&name)?;
        crate::export::write_atomic(&target.real, text.as_bytes())
            .map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(Created {
            path: target.relative,
        })
    }
}

fn forget_origin(part: &mut super::state::PartState) {
    part.origin = None;
    for p in &mut part.parts {
        forget_origin(p);
    }
}
