//! Command-line definition and the glue from arguments to the library.

mod import;
mod render;
pub mod usage;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gongwen::batch::{self, Expanded, FileResult, Tally};
use gongwen::check::CheckOptions;
use gongwen::export::{ExportOptions, Format, RenderOptions};
use gongwen::fonts::{FontMap, FontSet};
use gongwen::input::skeleton::PLACEHOLDER_AGENCY;
use gongwen::input::ReadOptions;
use gongwen::model::{self, Report};
use gongwen::pdf::{Conformance, PdfOptions};
use gongwen::template::{Template, DEFAULT_TEMPLATE};

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
    /// 报告文件（.toml、.json，或 Word 文档 .docx、网页 .html）或包含报告的文件夹
    #[arg(required = true, value_name = "文件或文件夹")]
    files: Vec<PathBuf>,
    /// 同一机关上一年度的报告，用于跨年度检查（R5、R6）
    #[arg(long, value_name = "文件")]
    previous: Option<PathBuf>,
    /// 正文与表格不一致等内容问题按错误处理（默认为警告）；导入的文档中未填数字的单元格也按错误处理
    #[arg(long)]
    strict: bool,
    /// 旧版 .doc/.wps 文件先用 LibreOffice 转换为 .docx 再读取（须已安装 LibreOffice）
    #[arg(long)]
    convert: bool,
    /// 只输出错误（不显示进度条）
    #[arg(short, long)]
    quiet: bool,
    /// 在 JSON 结果中写入用时（默认不写，两次运行的结果可以直接比较）
    #[arg(long)]
    timing: bool,
}

impl Reports {
    /// The report files (folders expanded) and the previous year's report.
    fn load(&self) -> Result<(Expanded, Option<Report>), Fatal> {
        let expanded = batch::expand(&self.files).map_err(|e| Fatal::Input(e.to_string()))?;
        let previous = match &self.previous {
            Some(p) => Some(model::load_all_with(p, &self.read_options()).0.map_err(
                |rejected| {
                    let errors: Vec<String> =
                        rejected.errors.iter().map(|e| e.to_string()).collect();
                    Fatal::Input(format!("--previous 无法读取：{}", errors.join("\n")))
                },
            )?),
            None => None,
        };
        Ok((expanded, previous))
    }

    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            strict: self.strict,
            convert: self.convert,
            ..ReadOptions::default()
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查报告：表格勾稽关系（R1–R6）、正文与表格是否一致（T1–T9）、内容是否完整（C1–C4）、是否填写完成（F1–F5）、多份报告的跨年度配对（P1–P2），逐条列出问题和所在的行
    Check {
        #[command(flatten)]
        reports: Reports,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human, value_name = "格式")]
        format: OutputFormat,
    },
    /// 检查后导出 PDF 和 DOCX（有错误时不导出）
    Export {
        #[command(flatten)]
        reports: Reports,
        /// 输出文件夹（不存在时自动创建；文件夹参数的子文件夹结构保留在其中）；默认写在输入文件旁边
        #[arg(long, value_name = "文件夹")]
        out_dir: Option<PathBuf>,
        /// 导出的格式，逗号分隔；写 json 时以 JSON 输出各文件的结果（同 check --format json，另含写出的文件）
        #[arg(long, value_delimiter = ',', value_parser = format_parser(), default_values = ["pdf", "docx"], value_name = "格式")]
        format: Vec<ExportFormat>,
        /// 有错误也导出，每页标注“草稿”，供审阅
        #[arg(long)]
        draft: bool,
        /// PDF 标准：PDF/A-2b（存档，默认）或带标签的 PDF/A-2a + PDF/UA-1
        #[arg(long, value_enum, default_value_t = PdfStandard::A2b, value_name = "标准")]
        pdf_standard: PdfStandard,
        /// 字体配置文件（TOML：[fonts] body = "…"，fallback = [...]）
        #[arg(long, value_name = "文件")]
        fonts: Option<PathBuf>,
    },
    /// 打印一份带注释的报告模板，填写后即可检查和导出
    New {
        /// 发文机关
        #[arg(long, default_value = PLACEHOLDER_AGENCY, value_name = "机关")]
        agency: String,
        /// 报告年度
        #[arg(long, default_value_t = 2025, value_name = "年度")]
        year: u16,
    },
    /// 打印输入格式的 JSON Schema，供编辑器补全和校验
    Schema,
    /// 把 Word 文档（.docx）或网页（.html）中的报告导入为带注释的 .toml 报告文件
    Import {
        /// 报告的 Word/WPS 文档（.docx）或政府网站上的报告网页（.html、.htm）
        file: PathBuf,
        /// 写入的 .toml 文件（原子写入，不会写出半个文件）；不指定时打印到标准输出
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 发文机关（文档中没有标题或标题不对时指定）
        #[arg(long)]
        agency: Option<String>,
        /// 报告年度（文档中没有标题或标题不对时指定）
        #[arg(long)]
        year: Option<u16>,
        /// 未填数字（空白、“—”、“/”、“无”）的单元格按错误处理，默认按 0 计并逐一列出
        #[arg(long)]
        strict: bool,
        /// 旧版 .doc/.wps 文件先用 LibreOffice 转换为 .docx 再读取（须已安装 LibreOffice）
        #[arg(long)]
        convert: bool,
    },
}

/// A value of export's `--format`: a document format, or `json` for the
/// results as one JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Document(Format),
    Json,
}

/// `--format` takes the formats' extensions, so a new format is a new value.
fn format_parser() -> impl TypedValueParser<Value = ExportFormat> {
    let names: Vec<&'static str> = Format::ALL
        .into_iter()
        .map(Format::extension)
        .chain(["json"])
        .collect();
    PossibleValuesParser::new(names).try_map(|name| match name.as_str() {
        "json" => Ok(ExportFormat::Json),
        other => Format::from_extension(other)
            .map(ExportFormat::Document)
            .ok_or("unknown format"),
    })
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

/// The exit status of a run cut short by Ctrl-C, as shells report it.
const INTERRUPTED: u8 = 130;

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
        Command::Import {
            file,
            output,
            agency,
            year,
            strict,
            convert,
        } => {
            let options = ReadOptions {
                agency,
                year,
                strict,
                convert,
            };
            import::run(&file, output.as_deref(), &options)
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
            let (expanded, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let json = format.contains(&ExportFormat::Json);
            let mut documents: Vec<Format> = format
                .iter()
                .filter_map(|f| match f {
                    ExportFormat::Document(d) => Some(*d),
                    ExportFormat::Json => None,
                })
                .collect();
            if documents.is_empty() {
                documents = Format::ALL.to_vec();
            }
            let read = reports.read_options();
            let font_map = match &fonts {
                Some(path) => FontMap::from_file(path).map_err(|e| Fatal::Input(e.to_string()))?,
                None => FontMap::default(),
            };
            // Parsed once and shared by every report of the run.
            let font_set =
                FontSet::load(&font_map).map_err(|e| Fatal::Input(format!("字体无法载入：{e}")))?;
            let made = match &out_dir {
                Some(dir) => make_out_dir(dir)?,
                None => Vec::new(),
            };
            let options = ExportOptions {
                out_dir,
                render: RenderOptions {
                    formats: documents.into_iter().collect(),
                    draft,
                    check: CheckOptions { strict },
                    pdf: PdfOptions {
                        conformance: match pdf_standard {
                            PdfStandard::A2b => Conformance::PdfA2b,
                            PdfStandard::A2aUa1 => Conformance::PdfA2aUa1,
                        },
                    },
                    ..RenderOptions::default()
                },
            };
            install_interrupt_handler();
            let colour = render::use_colour();
            if !json {
                print_stdout(&render::skipped(&expanded.skipped, quiet))?;
            }
            // Each file's lines are printed as soon as it and every file
            // before it are done, so a long batch shows its results as it
            // goes; JSON is one document at the end.
            let stream = Stream::new(
                progress_bar(expanded.files.len(), quiet),
                quiet || json,
                colour,
            );
            let results = batch::export_files(
                &expanded.files,
                previous.as_ref(),
                &font_set,
                &options,
                &read,
                |i, result| stream.done(i, result),
            );
            stream.progress.finish_and_clear();
            // A run that wrote nothing leaves no empty folder behind; a
            // folder with anything in it is never removed.
            for dir in made.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            stream.result()?;
            let tally = Tally::of(&results);
            let elapsed = started.elapsed();
            if json {
                print_stdout(&render::json(
                    &results,
                    &expanded.skipped,
                    reports.timing.then_some(elapsed),
                ))?;
            } else {
                print_stdout(&render::summary(&results, elapsed, quiet))?;
            }
            if gongwen::export::atomic::interrupted() {
                eprint!("{}", render::interrupted(&results));
                return Ok(INTERRUPTED);
            }
            Ok(status(&tally))
        }
        Command::Check { reports, format } => {
            let started = Instant::now();
            let (expanded, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let files: Vec<PathBuf> = expanded.files.iter().map(|f| f.path.clone()).collect();
            let progress = progress_bar(files.len(), quiet);
            let results = batch::check_files(
                &files,
                previous.as_ref(),
                &CheckOptions { strict },
                &reports.read_options(),
                |_, _| progress.inc(1),
            );
            progress.finish_and_clear();
            let elapsed = started.elapsed();
            let text = match format {
                OutputFormat::Human => {
                    let mut text = render::skipped(&expanded.skipped, quiet);
                    text.push_str(&render::human(
                        &results,
                        elapsed,
                        quiet,
                        render::use_colour(),
                    ));
                    text
                }
                OutputFormat::Json => render::json(
                    &results,
                    &expanded.skipped,
                    reports.timing.then_some(elapsed),
                ),
            };
            print_stdout(&text)?;
            Ok(status(&Tally::of(&results)))
        }
    }
}

/// The output folder, made with its parents when it does not exist yet
/// (as compilers make theirs); a file of that name, or a folder that cannot
/// be made, stops the run before any work. Returns the folders made, the
/// outermost first.
fn make_out_dir(dir: &std::path::Path) -> Result<Vec<PathBuf>, Fatal> {
    if dir.is_dir() {
        return Ok(Vec::new());
    }
    let made: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .map(std::path::Path::to_path_buf)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if dir.exists() {
        return Err(Fatal::Input(format!(
            "输出文件夹 {} 是一个文件，不是文件夹（请换一个名字）",
            dir.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "没有写入权限".to_string(),
            std::io::ErrorKind::ReadOnlyFilesystem => "文件系统是只读的".to_string(),
            std::io::ErrorKind::NotADirectory => "路径中有一段是文件，不是文件夹".to_string(),
            _ => e.to_string(),
        };
        Fatal::Input(format!(
            "无法创建输出文件夹 {}：{why}（请换一个输出文件夹）",
            dir.display()
        ))
    })?;
    Ok(made)
}

/// 1 when any file failed, else 0.
fn status(tally: &Tally) -> u8 {
    u8::from(tally.failed > 0)
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
    fn new(progress: ProgressBar, quiet: bool, colour: bool) -> Stream {
        Stream {
            progress,
            quiet,
            colour,
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

/// On Ctrl-C, removes the temporary files being written and lets no new
/// document begin, so the run ends within a moment with every finished
/// file listed and every previous output as it was; a second Ctrl-C ends
/// it at once.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if gongwen::export::atomic::interrupted() {
            std::process::exit(i32::from(INTERRUPTED));
        }
        gongwen::export::atomic::remove_pending();
    });
}

/// Writes to stdout; a closed pipe (`gongwen check … | head`) is not an error.
pub(crate) fn print_stdout(text: &str) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fatal::Usage(format!("无法写出结果：{e}")))
        }
        _ => Ok(()),
    }
}
