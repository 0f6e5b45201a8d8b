//! What the server does for one report, apart from HTTP: open it, check
//! and preview the editor's state, save it, export it. Each call is plain
//! blocking code the handlers run on tokio's blocking pool; the benchmark
//! calls them directly.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::ApiError;
use super::paths::{has_extension, Confined, Root, EDITABLE};
use super::state::{EditError, EditState};
use super::views::{self, FindingView, InputErrorView, TemplateView, ValueView};
use super::{json_write, svg, toml_write};
use crate::check::{self, CheckOptions};
use crate::doc::build_document;
use crate::export::{export_report, ExportError, ExportOptions, Formats, RenderOptions};
use crate::fonts::FontSet;
use crate::input::{self, Syntax};
use crate::layout::layout_document;
use crate::model::{self, Report};
use crate::template::{Severity, Template, DEFAULT_TEMPLATE};

/// How many opened files' texts are kept to write the editor's state into.
const KEPT_BASES: usize = 64;

/// The server's shared state.
pub struct App {
    pub(super) root: Root,
    pub(super) fonts: FontSet,
    /// The text of each opened file by its token, to write edits into.
    bases: Mutex<Vec<(String, Arc<Base>)>>,
    templates: Mutex<HashMap<String, Arc<Template>>>,
    /// One save or export at a time, so two tabs cannot interleave writes.
    writing: Mutex<()>,
    pub(super) previous: Mutex<super::previous::PreviousIndex>,
    /// As `gongwen export` is given it, so both write the same bytes.
    pub(super) source_date: Option<crate::date::Instant>,
}

/// A file's text as it was opened.
pub(super) struct Base {
    text: String,
    /// The `template` key of the file, if it names one.
    template: Option<String>,
}

/// A report opened in the editor.
#[derive(Debug, Serialize)]
pub struct Opened {
    /// The file, relative to the folder.
    pub path: String,
    /// `toml` or `json`: written back as that; otherwise read-only.
    pub syntax: &'static str,
    /// Whether 保存 writes it back (TOML, JSON).
    pub editable: bool,
    /// Identifies the text as opened; a save with another file on disk is
    /// refused.
    pub token: String,
    /// Every field as the editor's inputs show it.
    pub state: EditState,
    /// The tables and sections to draw.
    pub template: TemplateView,
    /// Its findings as it is on disk.
    pub result: CheckResult,
    /// What the importer of a document wants the clerk to know (cells read
    /// as 0, rows it could not place …), as `gongwen import` prints them.
    pub notes: Vec<NoteView>,
}

/// One note of a document's import.
#[derive(Debug, Serialize)]
pub struct NoteView {
    /// 说明, 警告 or 错误.
    pub severity: &'static str,
    /// The note, its place (paragraph, table cell) first.
    pub text: String,
}

/// The editor's state of one file, as the page sends it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditRequest {
    /// The file, relative to the folder.
    pub path: String,
    /// The token the file was opened (or last saved) with.
    pub token: String,
    /// The editor's inputs.
    pub state: EditState,
}

/// The findings of the editor's state, and every number it resolves to.
#[derive(Debug, Serialize, Default)]
pub struct CheckResult {
    /// Inputs that cannot be written (not a number, a blank part).
    pub edit_errors: Vec<EditError>,
    /// The report does not resolve (an unknown placeholder, a year out of
    /// range): the CLI's input error.
    pub input_error: Option<InputErrorView>,
    /// The checks' findings, with the cells and sentences they mark.
    pub findings: Vec<FindingView>,
    /// Every printed number of the resolved report, by figure path.
    pub values: std::collections::BTreeMap<String, ValueView>,
    /// Error findings, input errors included.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// The title the report gets when it gives none.
    pub default_title: String,
    /// The report of the year before that R5/R6 compared with.
    pub previous: Option<String>,
    /// Microseconds spent on the server.
    pub micros: u128,
}

/// The pages as laid out for the PDF.
#[derive(Debug, Serialize)]
pub struct Preview {
    /// Each page as an `<svg>` element.
    pub pages: Vec<String>,
    /// Errors make the preview a draft, as `export --draft` would print it.
    pub draft: bool,
    /// Microseconds spent on the server.
    pub micros: u128,
}

/// A save's outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    /// The file, relative to the folder.
    pub path: String,
    /// The token the file was opened (or last saved) with.
    pub token: String,
    /// The editor's inputs.
    pub state: EditState,
    /// Overwrite a file changed on disk since it was opened.
    #[serde(default)]
    pub force: bool,
}

/// The new token after a save.
#[derive(Debug, Serialize)]
pub struct Saved {
    /// The token of the text now on disk.
    pub token: String,
    /// False when the file already held exactly this text.
    pub written: bool,
}

/// What to export.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The file, relative to the folder.
    pub path: String,
    /// The token the file was saved with: the export is of that text.
    pub token: String,
    #[serde(default)]
    /// Export despite error findings, every page marked 草稿.
    pub draft: bool,
    /// Also write the OFD (GB/T 33190) an archive may ask for, as
    /// `gongwen export --format pdf,docx,ofd` does.
    #[serde(default)]
    pub ofd: bool,
}

/// The files an export wrote.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The PDF and DOCX (and the OFD, when asked for) written beside the
    /// report.
    pub files: Vec<ExportedFile>,
    /// Warnings (and, for a draft, errors) of the checks.
    pub findings: Vec<FindingView>,
    /// Whether it was a draft.
    pub draft: bool,
    /// What the export decided that the clerk should know, in Chinese
    /// (an undated report's PDF is not PDF/A).
    pub notes: Vec<String>,
}

/// One written file.
#[derive(Debug, Serialize)]
pub struct ExportedFile {
    pub path: String,
    pub bytes: u64,
}

/// The token of a file's bytes.
pub fn token_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

fn syntax_name(path: &Path) -> Option<&'static str> {
    if !has_extension(path, EDITABLE) {
        return None;
    }
    Some(match Syntax::from_path(path) {
        Syntax::Toml => "toml",
        Syntax::Json => "json",
    })
}

impl App {
    /// The server of the folder `dir`, printing with `fonts`.
    pub fn new(dir: &Path, fonts: FontSet) -> std::io::Result<App> {
        Ok(App {
            root: Root::new(dir)?,
            fonts,
            bases: Mutex::new(Vec::new()),
            templates: Mutex::new(HashMap::new()),
            writing: Mutex::new(()),
            previous: Mutex::new(Default::default()),
            source_date: None,
        })
    }

    /// The served folder.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub(super) fn template(&self, id: Option<&str>) -> Result<Arc<Template>, ApiError> {
        let id = id.unwrap_or(DEFAULT_TEMPLATE);
        let mut cache = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = cache.get(id) {
            return Ok(Arc::clone(t));
        }
        let template =
            Arc::new(Template::built_in(id).map_err(|e| ApiError::unprocessable(e.to_string()))?);
        cache.insert(id.to_string(), Arc::clone(&template));
        Ok(template)
    }

    fn remember(&self, token: &str, base: Arc<Base>) {
        let mut bases = self.bases.lock().unwrap_or_else(|e| e.into_inner());
        bases.retain(|(t, _)| t != token);
        bases.push((token.to_string(), base));
        if bases.len() > KEPT_BASES {
            bases.remove(0);
        }
    }

    /// The text a token stands for: kept since the file was opened or
    /// saved, or read again when the file still holds it.
    fn base(&self, file: &Confined, token: &str) -> Result<Arc<Base>, ApiError> {
        let bases = self.bases.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, base)) = bases.iter().find(|(t, _)| t == token) {
            return Ok(Arc::clone(base));
        }
        drop(bases);
        let (text, disk_token) = read_text(&file.real)?;
        if disk_token != token {
            return Err(changed_on_disk(&file.relative));
        }
        let base = Arc::new(parse_base(text, &file.real));
        self.remember(token, Arc::clone(&base));
        Ok(base)
    }

    /// Opens a report for the editor.
    pub fn open(&self, relative: &str) -> Result<Opened, ApiError> {
        let started = Instant::now();
        let file = self.root.existing(relative)?;
        let syntax = syntax_name(&file.real);
        let named = Path::new(&file.relative);
        let mut notes = Vec::new();
        let (parsed, token, base) = match syntax {
            Some(_) => {
                let (text, token) = read_text(&file.real)?;
                let parsed =
                    input::text::read(named, Cow::Borrowed(&text), Syntax::from_path(named))
                        .map_err(|e| unreadable(&e, &file.relative))?;
                let raw = parsed.report.clone();
                let base = Base {
                    template: raw.template.clone(),
                    text: text.clone(),
                };
                (raw, token, Some(base))
            }
            None => {
                // One read, so the token is of the bytes the report came from.
                let (kind, bytes) = input::file::read_sniffed(&file.real)
                    .map_err(|e| unreadable(&e, &file.relative))?;
                let token = token_of(&bytes);
                let parsed =
                    input::read_bytes_with(&file.real, kind, bytes, &input::ReadOptions::default())
                        .map_err(|e| unreadable(&e, &file.relative))?;
                notes = parsed
                    .notes
                    .iter()
                    .map(|n| NoteView {
                        severity: n.severity.label(),
                        text: n.text(),
                    })
                    .collect();
                (parsed.report, token, None)
            }
        };
        if let Some(base) = base {
            self.remember(&token, Arc::new(base));
        }
        let template = self.template(parsed.template.as_deref())?;
        let state = EditState::from_raw(&parsed, &template);
        let mut result = self.check_state(&file, &token, &state)?;
        result.micros = started.elapsed().as_micros();
        Ok(Opened {
            path: file.relative.clone(),
            syntax: syntax.unwrap_or("readonly"),
            editable: syntax.is_some(),
            token,
            state,
            template: TemplateView::of(&template),
            result,
            notes,
        })
    }

    /// The text `state` would be saved as, or the inputs that cannot be.
    pub(super) fn compose(
        &self,
        file: &Confined,
        token: &str,
        state: &EditState,
    ) -> Result<Result<String, Vec<EditError>>, ApiError> {
        let base = match syntax_name(&file.real) {
            Some(_) => Some(self.base(file, token)?),
            None => None,
        };
        let template = self.template(base.as_ref().and_then(|b| b.template.as_deref()))?;
        let validated = match state.validate(&template) {
            Ok(v) => v,
            Err(errors) => return Ok(Err(errors)),
        };
        let text = match (syntax_name(&file.real), base) {
            (Some("json"), Some(base)) => {
                json_write::write(&validated, &template, base.template.as_deref())
            }
            (Some(_), Some(base)) => toml_write::apply(&base.text, &validated)?,
            // A report another reader read is checked as the TOML it
            // would be imported as.
            _ => self.as_new_toml(&validated, &template)?,
        };
        Ok(Ok(text))
    }

    /// The report `text` stands for, named as the file.
    fn resolve(&self, file: &Confined, text: &str) -> Result<Report, input::InputError> {
        let named = Path::new(&file.relative);
        let syntax = match syntax_name(&file.real) {
            Some("json") => Syntax::Json,
            _ => Syntax::Toml,
        };
        model::from_text(named, text, syntax).map(|mut report| {
            report.file = file.real.clone();
            report
        })
    }

    fn check_state(
        &self,
        file: &Confined,
        token: &str,
        state: &EditState,
    ) -> Result<CheckResult, ApiError> {
        let mut result = CheckResult::default();
        let text = match self.compose(file, token, state)? {
            Ok(text) => text,
            Err(errors) => {
                result.errors = errors.len();
                result.edit_errors = errors;
                return Ok(result);
            }
        };
        let report = match self.resolve(file, &text) {
            Ok(report) => report,
            Err(e) => {
                result.errors = 1;
                result.input_error = Some(InputErrorView::of(&e, &file.relative));
                return Ok(result);
            }
        };
        let previous = self.previous_year(&report, &file.real);
        let findings = check::check_all(
            &report,
            previous.as_ref().map(|(_, r)| r.as_ref()),
            &CheckOptions::default(),
        );
        result.errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        result.warnings = findings.len() - result.errors;
        result.findings = views::findings(&findings, &report, state);
        result.values = views::values(&report);
        result.default_title = report
            .template
            .title
            .replace("{agency}", &report.meta.agency)
            .replace("{year}", &report.meta.year.to_string());
        result.previous = previous.map(|(path, _)| path);
        Ok(result)
    }

    /// The findings of the editor's state.
    pub fn check(&self, request: &EditRequest) -> Result<CheckResult, ApiError> {
        let started = Instant::now();
        let file = self.root.existing(&request.path)?;
        let mut result = self.check_state(&file, &request.token, &request.state)?;
        result.micros = started.elapsed().as_micros();
        Ok(result)
    }

    /// The editor's state laid out as the PDF would be.
    pub fn preview(&self, request: &EditRequest) -> Result<Preview, ApiError> {
        let started = Instant::now();
        let file = self.root.existing(&request.path)?;
        let text = self
            .compose(&file, &request.token, &request.state)?
            .map_err(|errors| {
                ApiError::unprocessable(format!(
                    "有 {} 处填写有误，改正后才能预览：{}",
                    errors.len(),
                    errors[0].message
                ))
            })?;
        let report = self
            .resolve(&file, &text)
            .map_err(|e| ApiError::unprocessable(InputErrorView::of(&e, &file.relative).message))?;
        let previous = self.previous_year(&report, &file.real);
        let findings = check::check_all(
            &report,
            previous.as_ref().map(|(_, r)| r.as_ref()),
            &CheckOptions::default(),
        );
        let draft = check::has_errors(&findings);
        let doc = build_document(&report, draft).map_err(|e| ApiError::internal(e.to_string()))?;
        let (pages, _) = layout_document(&doc, &self.fonts)
            .map_err(|e| ApiError::unprocessable(format!("排版失败：{e}")))?;
        Ok(Preview {
            pages: svg::pages_svg(&pages),
            draft,
            micros: started.elapsed().as_micros(),
        })
    }

    /// Writes the editor's state to its file, unless the file changed on
    /// disk since it was opened (then only with `force`).
    pub fn save(&self, request: &SaveRequest) -> Result<Saved, ApiError> {
        let file = self.root.existing(&request.path)?;
        if syntax_name(&file.real).is_none() {
            return Err(ApiError::bad_request(
                "这个文件只能查看，不能写回；请用“另存为 TOML”".into(),
            ));
        }
        let text = self
            .compose(&file, &request.token, &request.state)?
            .map_err(|errors| {
                let n = errors.len();
                ApiError::unprocessable(format!("有 {n} 处填写有误，未保存：{}", errors[0].message))
                    .details(serde_json::json!({ "edit_errors": errors }))
            })?;
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let (disk, disk_token) = read_text(&file.real)?;
        if disk_token != request.token && !request.force {
            return Err(changed_on_disk(&file.relative));
        }
        let token = token_of(text.as_bytes());
        let written = disk != text;
        if written {
            crate::export::write_atomic(&file.real, text.as_bytes())
                .map_err(|e| ApiError::internal(e.to_string()))?;
        }
        let base = parse_base(text, &file.real);
        self.remember(&token, Arc::new(base));
        Ok(Saved { token, written })
    }

    /// Exports the file as saved, exactly as `gongwen export` does.
    pub fn export(&self, request: &ExportRequest) -> Result<Exported, ApiError> {
        let file = self.root.existing(&request.path)?;
        if syntax_name(&file.real).is_none() {
            // The page's edits of a document are not in the document; what
            // is exported must be what is on disk, so it is saved first.
            return Err(ApiError::unprocessable(format!(
                "{} 是导入的文档，这里只能读取。请先“另存为 TOML”，再导出新文件。",
                file.relative
            )));
        }
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = input::file::read_bytes(&file.real)
            .map_err(|e| ApiError::unprocessable(e.kind.to_string()))?;
        if token_of(&bytes) != request.token {
            return Err(changed_on_disk(&file.relative));
        }
        let report = model::load(&file.real)
            .map_err(|e| ApiError::unprocessable(InputErrorView::of(&e, &file.relative).message))?;
        let previous = self.previous_year(&report, &file.real);
        let options = ExportOptions {
            out_dir: None,
            render: RenderOptions {
                formats: if request.ofd {
                    Formats::all()
                } else {
                    Formats::default_set()
                },
                draft: request.draft,
                source_date: self.source_date,
                ..RenderOptions::default()
            },
        };
        let state = EditState::default();
        match export_report(
            &report,
            previous.as_ref().map(|(_, r)| r.as_ref()),
            &self.fonts,
            &options,
        ) {
            Ok(done) => Ok(Exported {
                files: done
                    .written
                    .iter()
                    .map(|p| ExportedFile {
                        path: self.root.relative(p).unwrap_or_default(),
                        bytes: std::fs::metadata(p).map_or(0, |m| m.len()),
                    })
                    .collect(),
                findings: views::findings(&done.findings, &report, &state),
                draft: request.draft,
                notes: done.notes.iter().map(ToString::to_string).collect(),
            }),
            Err(ExportError::Blocked { findings }) => {
                let errors = findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                Err(ApiError::unprocessable(format!(
                    "检查发现 {errors} 个错误，未导出。改正后再导出，或勾选“草稿”导出每页标有“草稿”的审阅稿。"
                ))
                .details(serde_json::json!({
                    "findings": views::findings(&findings, &report, &state)
                })))
            }
            Err(e) => Err(ApiError::internal(e.to_string())),
        }
    }
}

/// A report file's text and token, with the CLI's refusals (size, not a
/// regular file, not UTF-8).
pub(super) fn read_text(path: &Path) -> Result<(String, String), ApiError> {
    let bytes =
        input::file::read_bytes(path).map_err(|e| ApiError::unprocessable(e.kind.to_string()))?;
    let token = token_of(&bytes);
    let text = input::text::decode(path, bytes)
        .map_err(|e| ApiError::unprocessable(e.kind.to_string()))?;
    Ok((text, token))
}

fn parse_base(text: String, path: &Path) -> Base {
    let template = input::text::read(path, Cow::Borrowed(&text), Syntax::from_path(path))
        .ok()
        .and_then(|p| p.report.template);
    Base { text, template }
}

fn changed_on_disk(relative: &str) -> ApiError {
    ApiError::conflict(format!(
        "文件 {relative} 在打开后已被修改（另一个窗口或其他程序）。为免覆盖别人的修改，本次未写入。可以重新载入文件（放弃本页的修改），或确认后覆盖保存。"
    ))
    .details(serde_json::json!({ "conflict": true }))
}

fn unreadable(error: &input::InputError, relative: &str) -> ApiError {
    let view = InputErrorView::of(error, relative);
    ApiError::unprocessable(format!("无法读取报告：{}", view.message))
        .details(serde_json::json!({ "input_error": view }))
}
