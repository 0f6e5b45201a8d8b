//! Command-line definition and the glue from arguments to the library.

mod inputs;
mod render;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use gongwen::check::{self, CheckOptions, Finding};
use gongwen::export::{export_report, output_path, ExportError, ExportOptions};
use gongwen::fonts::{FontMap, FontSet};
use gongwen::input::InputError;
use gongwen::model::{self, Report};
use gongwen::pdf::{Conformance, PdfOptions};
use gongwen::template::{Template, DEFAULT_TEMPLATE};

pub use render::Outcome;

#[derive(Debug, Parser)]
#[command(
    name = "gongwen",
    version,
    about = "检查政府信息公开工作年度报告的勾稽关系，并按 GB/T 9704 导出 PDF 和 DOCX"
)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// What `check` and `export` share: the reports and how to judge them.
#[derive(Debug, clap::Args)]
struct Reports {
    /// 报告文件（.toml 或 .json）或包含报告的文件夹
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 同一机关上一年度的报告，用于跨年度检查（R5、R6）
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// 正文与表格不一致等内容问题按错误处理（默认为警告）
    #[arg(long)]
    strict: bool,
    /// 只输出错误（不显示进度条）
    #[arg(short, long)]
    quiet: bool,
}

impl Reports {
    /// The report files (folders expanded) and the previous year's report.
    fn load(&self) -> Result<(Vec<PathBuf>, Option<Report>), Fatal> {
        let files = inputs::expand(&self.files).map_err(Fatal::Input)?;
        let previous = match &self.previous {
            Some(p) => Some(
                model::load(p).map_err(|e| Fatal::Input(format!("--previous 无法读取：{e}")))?,
            ),
            None => None,
        };
        Ok((files, previous))
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查报告：勾稽关系（R1–R6），逐条列出问题
    Check {
        #[command(flatten)]
        reports: Reports,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// 检查后导出 PDF 和 DOCX（有错误时不导出）
    Export {
        #[command(flatten)]
        reports: Reports,
        /// 输出文件夹（须已存在）；默认写在输入文件旁边
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// 导出的格式，逗号分隔
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [DocFormat::Pdf, DocFormat::Docx])]
        format: Vec<DocFormat>,
        /// 有错误也导出，每页标注“草稿”，供审阅
        #[arg(long)]
        draft: bool,
        /// PDF 标准：PDF/A-2b（存档，默认）或带标签的 PDF/A-2a + PDF/UA-1
        #[arg(long, value_enum, default_value_t = PdfStandard::A2b)]
        pdf_standard: PdfStandard,
        /// 字体配置文件（TOML：[fonts] body = "…"，fallback = [...]）
        #[arg(long, value_name = "FILE")]
        fonts: Option<PathBuf>,
    },
    /// 打印一份带注释的报告模板，填写后即可检查和导出
    New {
        /// 发文机关
        #[arg(long, default_value = "某某人民政府办公室")]
        agency: String,
        /// 报告年度
        #[arg(long, default_value_t = 2025)]
        year: u16,
    },
    /// 打印输入格式的 JSON Schema，供编辑器补全和校验
    Schema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    Pdf,
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PdfStandard {
    /// PDF/A-2b
    A2b,
    /// PDF/A-2a + PDF/UA-1
    A2aUa1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

/// One input file's result.
pub struct FileResult {
    pub file: PathBuf,
    pub findings: Vec<Finding>,
    /// Why the file failed beyond its findings: bad input, or an export
    /// that could not be written.
    pub failure: Option<Failure>,
    pub written: Vec<PathBuf>,
    /// Printed under the file: substituted fonts and the like.
    pub notes: Vec<String>,
}

pub enum Failure {
    Input(InputError),
    Export(String),
}

impl FileResult {
    fn new(file: &Path) -> FileResult {
        FileResult {
            file: file.to_path_buf(),
            findings: Vec::new(),
            failure: None,
            written: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn failed(&self) -> bool {
        self.failure.is_some() || check::has_errors(&self.findings)
    }
}

/// Why a run stopped before any file was processed.
pub enum Fatal {
    /// Bad input the user must fix (a folder, font map or output folder): 1.
    Input(String),
    /// The environment failed us (stdout closed with an error): 2.
    Usage(String),
}

impl Fatal {
    pub fn status(&self) -> u8 {
        match self {
            Fatal::Input(_) => 1,
            Fatal::Usage(_) => 2,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Fatal::Input(m) | Fatal::Usage(m) => m,
        }
    }
}

pub fn run(args: Args) -> Result<u8, Fatal> {
    match args.command {
        Command::New { agency, year } => {
            let template =
                Template::built_in(DEFAULT_TEMPLATE).map_err(|e| Fatal::Input(e.to_string()))?;
            print_stdout(&gongwen::input::skeleton::skeleton(
                &template, &agency, year,
            ))?;
            Ok(0)
        }
        Command::Schema => {
            let template =
                Template::built_in(DEFAULT_TEMPLATE).map_err(|e| Fatal::Input(e.to_string()))?;
            let schema = gongwen::input::schema::json_schema(&template);
            let text =
                serde_json::to_string_pretty(&schema).map_err(|e| Fatal::Input(e.to_string()))?;
            print_stdout(&format!("{text}\n"))?;
            Ok(0)
        }
        Command::Export {
            reports,
            out_dir,
            format,
            draft,
            pdf_standard,
            fonts,
        } => {
            let started = Instant::now();
            let (files, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let font_map = match &fonts {
                Some(path) => FontMap::from_file(path).map_err(|e| Fatal::Input(e.to_string()))?,
                None => FontMap::default(),
            };
            // Parsed once and shared by every report of the run.
            let font_set =
                FontSet::load(&font_map).map_err(|e| Fatal::Input(format!("字体无法载入：{e}")))?;
            let options = ExportOptions {
                out_dir,
                pdf: format.contains(&DocFormat::Pdf),
                docx: format.contains(&DocFormat::Docx),
                draft,
                check: CheckOptions { strict },
                pdf_options: PdfOptions {
                    conformance: match pdf_standard {
                        PdfStandard::A2b => Conformance::PdfA2b,
                        PdfStandard::A2aUa1 => Conformance::PdfA2aUa1,
                    },
                },
                ..ExportOptions::default()
            };
            if let Some(dir) = &options.out_dir {
                if !dir.is_dir() {
                    return Err(Fatal::Input(format!(
                        "输出文件夹 {} 不存在或不是文件夹（请先创建）",
                        dir.display()
                    )));
                }
            }
            install_interrupt_handler();
            // Each file's lines are printed as soon as it and every file
            // before it are done, so a long batch shows its results as it goes.
            let stream = Stream::new(progress_bar(files.len(), quiet), quiet);
            let results = export_files(&files, previous.as_ref(), &font_set, &options, &stream);
            stream.progress.finish_and_clear();
            stream.result()?;
            let outcome = Outcome::new(&results, started.elapsed());
            print_stdout(&render::summary(&outcome, quiet))?;
            Ok(outcome.status())
        }
        Command::Check { reports, format } => {
            let started = Instant::now();
            let (files, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let progress = progress_bar(files.len(), quiet);
            let results = check_files(
                &files,
                previous.as_ref(),
                &CheckOptions { strict },
                &progress,
            );
            progress.finish_and_clear();
            let outcome = Outcome::new(&results, started.elapsed());
            let text = match format {
                OutputFormat::Human => {
                    render::human(&results, &outcome, quiet, render::use_colour())
                }
                OutputFormat::Json => render::json(&results, &outcome),
            };
            print_stdout(&text)?;
            Ok(outcome.status())
        }
    }
}

/// A readable report with the previous year's report it is checked
/// against, or why the file could not be read.
type Job<'a> = Result<(&'a Report, Option<&'a Report>), &'a InputError>;

/// Pairs each loaded report with its previous year's, found in the batch
/// itself or given by `--previous`.
fn with_previous_years<'a>(
    loaded: &'a [Result<Report, InputError>],
    previous: Option<&'a Report>,
) -> Vec<Job<'a>> {
    let reports: Vec<&Report> = loaded.iter().filter_map(|r| r.as_ref().ok()).collect();
    let mut candidates = reports.clone();
    candidates.extend(previous);
    let mut prior = check::previous_years(&reports, &candidates).into_iter();
    loaded
        .iter()
        .map(|l| l.as_ref().map(|r| (r, prior.next().flatten())))
        .collect()
}

/// Loads and checks every file on all cores; one file's failure never stops
/// the others.
fn check_files(
    files: &[PathBuf],
    previous: Option<&Report>,
    options: &CheckOptions,
    progress: &ProgressBar,
) -> Vec<FileResult> {
    let loaded: Vec<Result<Report, InputError>> =
        files.par_iter().map(|f| model::load(f)).collect();
    let jobs = with_previous_years(&loaded, previous);
    // The prose checks make checking cost more than parsing: on all cores too.
    files
        .par_iter()
        .zip(&jobs)
        .map(|(file, job)| {
            let mut result = FileResult::new(file);
            match job {
                Ok((report, previous)) => {
                    result.findings = check::check_all(report, *previous, options)
                }
                Err(e) => result.failure = Some(Failure::Input((*e).clone())),
            }
            progress.inc(1);
            result
        })
        .collect()
}

/// Loads, checks and exports every file on all cores.
fn export_files(
    files: &[PathBuf],
    previous: Option<&Report>,
    fonts: &FontSet,
    options: &ExportOptions,
    stream: &Stream,
) -> Vec<FileResult> {
    let loaded: Vec<Result<Report, InputError>> =
        files.par_iter().map(|f| model::load(f)).collect();
    let jobs = with_previous_years(&loaded, previous);
    let loaded_ok: Vec<bool> = loaded.iter().map(Result::is_ok).collect();
    let clashes = output_clashes(files, &loaded_ok, previous, options);
    files
        .par_iter()
        .zip(&jobs)
        .zip(&clashes)
        .enumerate()
        .map(|(i, ((file, job), clash))| {
            let mut result = FileResult::new(file);
            match job {
                Err(e) => result.failure = Some(Failure::Input((*e).clone())),
                Ok(_) if clash.is_some() => {
                    result.failure = clash.clone().map(Failure::Export);
                }
                Ok((report, previous)) => match export_report(report, *previous, fonts, options) {
                    Ok(done) => {
                        result.findings = done.findings;
                        result.written = done.written;
                        result.notes = done
                            .font_warnings
                            .iter()
                            .map(|w| format!("字体替换：{w}"))
                            .collect();
                    }
                    Err(ExportError::Blocked { findings }) => {
                        result.findings = findings;
                        result.failure = Some(Failure::Export(
                            ExportError::Blocked { findings: vec![] }.to_string(),
                        ));
                    }
                    Err(e) => result.failure = Some(Failure::Export(e.to_string())),
                },
            }
            stream.done(i, &result);
            result
        })
        .collect()
}

/// Prints each file's lines in input order as soon as the file and all
/// before it are finished, above the progress bar, and advances the bar.
struct Stream {
    progress: ProgressBar,
    quiet: bool,
    colour: bool,
    /// The next index to print, the finished texts waiting for it, and the
    /// first error writing stdout.
    state: std::sync::Mutex<(usize, BTreeMap<usize, String>, Option<Fatal>)>,
}

impl Stream {
    fn new(progress: ProgressBar, quiet: bool) -> Stream {
        Stream {
            progress,
            quiet,
            colour: render::use_colour(),
            state: std::sync::Mutex::new((0, BTreeMap::new(), None)),
        }
    }

    fn done(&self, index: usize, result: &FileResult) {
        let text = render::file(result, self.quiet, self.colour);
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (next, waiting, error) = &mut *guard;
        waiting.insert(index, text);
        while let Some(text) = waiting.remove(next) {
            *next += 1;
            if !text.is_empty() && error.is_none() {
                if let Err(e) = self.progress.suspend(|| print_stdout(&text)) {
                    *error = Some(e);
                }
            }
        }
        self.progress.inc(1);
    }

    /// The first error writing stdout, if any.
    fn result(&self) -> Result<(), Fatal> {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match guard.2.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A progress bar on stderr for a run of more than one file, only when
/// stderr is a terminal and the run is not quiet; hidden (and free) otherwise,
/// so pipes, logs and `-q` see nothing of it.
fn progress_bar(files: usize, quiet: bool) -> ProgressBar {
    if files < 2 || quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    let style =
        ProgressStyle::with_template("{bar:30} {pos}/{len} 个文件 · 已用 {elapsed} · 剩余约 {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Why a file's outputs would destroy data: the output of an earlier file
/// of the batch (`a/report.toml` and `b/report.toml` into one `--out-dir`),
/// or an input itself (a report named `x.pdf`). Such a file is not exported;
/// a file that did not load claims no output.
fn output_clashes(
    files: &[PathBuf],
    loaded_ok: &[bool],
    previous: Option<&Report>,
    options: &ExportOptions,
) -> Vec<Option<String>> {
    let same = |a: &Path, b: &Path| {
        a == b
            || matches!(
                (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                (Ok(x), Ok(y)) if x == y
            )
    };
    let extensions: Vec<&str> = [(options.pdf, "pdf"), (options.docx, "docx")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, e)| *e)
        .collect();
    let inputs: Vec<&Path> = files
        .iter()
        .map(PathBuf::as_path)
        .chain(previous.map(|p| p.file.as_path()))
        .collect();
    let mut claimed: Vec<(PathBuf, &Path)> = Vec::new();
    files
        .iter()
        .zip(loaded_ok)
        .map(|(file, ok)| {
            if !ok {
                return None;
            }
            let outputs: Vec<PathBuf> = extensions
                .iter()
                .map(|ext| output_path(file, options.out_dir.as_deref(), ext))
                .collect();
            for out in &outputs {
                if let Some(input) = inputs.iter().find(|i| same(out, i)) {
                    return Some(format!(
                        "输出文件 {} 就是输入文件 {}，导出会覆盖它，未导出（请把报告改为 .toml 或 .json 文件名）",
                        out.display(),
                        input.display()
                    ));
                }
                if let Some((_, first)) = claimed.iter().find(|(c, _)| c == out) {
                    return Some(format!(
                        "输出文件 {} 与 {} 的输出同名，导出会覆盖它，未导出（请改名，或分别指定 --out-dir）",
                        out.display(),
                        first.display()
                    ));
                }
            }
            claimed.extend(outputs.into_iter().map(|o| (o, file.as_path())));
            None
        })
        .collect()
}

/// On Ctrl-C, removes the temporary files being written so an interrupt
/// leaves every previous output as it was, then exits as interrupted.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        gongwen::export::atomic::remove_pending();
        std::process::exit(130);
    });
}

/// Writes to stdout; a closed pipe (`gongwen check … | head`) is not an error.
fn print_stdout(text: &str) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fatal::Usage(format!("无法写出结果：{e}")))
        }
        _ => Ok(()),
    }
}
