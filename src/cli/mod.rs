//! Command-line definition and the glue from arguments to the library.

mod import;
mod inputs;
mod render;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gongwen::batch::{self, FileResult, Tally};
use gongwen::check::CheckOptions;
use gongwen::export::{ExportOptions, Format, RenderOptions};
use gongwen::fonts::{FontMap, FontSet};
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
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 同一机关上一年度的报告，用于跨年度检查（R5、R6）
    #[arg(long, value_name = "FILE")]
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
}

impl Reports {
    /// The report files (folders expanded) and the previous year's report.
    fn load(&self) -> Result<(Vec<PathBuf>, Option<Report>), Fatal> {
        let files = inputs::expand(&self.files).map_err(Fatal::Input)?;
        let previous = match &self.previous {
            Some(p) => Some(
                model::load_with(p, &self.read_options())
                    .map(|(report, _)| report)
                    .map_err(|e| Fatal::Input(format!("--previous 无法读取：{e}")))?,
            ),
            None => None,
        };
        Ok((files, previous))
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
        #[arg(long, value_delimiter = ',', value_parser = format_parser(), default_values_t = Format::ALL)]
        format: Vec<Format>,
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
    /// 在浏览器中填写、检查、预览和导出文件夹中的报告（本机网页）
    #[cfg(feature = "serve")]
    Serve {
        /// 报告所在的文件夹（默认为当前文件夹）
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// 端口（0 表示任选一个空闲端口）
        #[arg(long, default_value_t = 8321)]
        port: u16,
        /// 监听的地址；默认只允许本机访问，改为其他地址即允许局域网访问
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// 启动后用默认浏览器打开页面
        #[arg(long)]
        open: bool,
        /// 字体配置文件（同 export --fonts）
        #[arg(long, value_name = "FILE")]
        fonts: Option<PathBuf>,
    },
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

/// `--format` takes the formats' extensions, so a new format is a new value.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::extension))
        .try_map(|name| Format::from_extension(&name).ok_or("unknown format"))
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

pub fn run(args: Args) -> Result<u8, Fatal> {
    match args.command {
        #[cfg(feature = "serve")]
        Command::Serve {
            dir,
            port,
            host,
            open,
            fonts,
        } => serve(dir, port, host, open, fonts.as_deref()),
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
            let (files, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let read = reports.read_options();
            let font_map = match &fonts {
                Some(path) => FontMap::from_file(path).map_err(|e| Fatal::Input(e.to_string()))?,
                None => FontMap::default(),
            };
            // Parsed once and shared by every report of the run.
            let font_set =
                FontSet::load(&font_map).map_err(|e| Fatal::Input(format!("字体无法载入：{e}")))?;
            let options = ExportOptions {
                out_dir,
                render: RenderOptions {
                    formats: format.into_iter().collect(),
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
            let results = batch::export_files(
                &files,
                previous.as_ref(),
                &font_set,
                &options,
                &read,
                |i, result| stream.done(i, result),
            );
            stream.progress.finish_and_clear();
            stream.result()?;
            let tally = Tally::of(&results);
            print_stdout(&render::summary(&tally, started.elapsed(), quiet))?;
            Ok(status(&tally))
        }
        Command::Check { reports, format } => {
            let started = Instant::now();
            let (files, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
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
                    render::human(&results, elapsed, quiet, render::use_colour())
                }
                OutputFormat::Json => render::json(&results, elapsed),
            };
            print_stdout(&text)?;
            Ok(status(&Tally::of(&results)))
        }
    }
}

/// Serves the folder until interrupted; prints the address first.
#[cfg(feature = "serve")]
fn serve(
    dir: PathBuf,
    port: u16,
    host: std::net::IpAddr,
    open: bool,
    fonts: Option<&std::path::Path>,
) -> Result<u8, Fatal> {
    let font_map = match fonts {
        Some(path) => FontMap::from_file(path).map_err(|e| Fatal::Input(e.to_string()))?,
        None => FontMap::default(),
    };
    let fonts = FontSet::load(&font_map).map_err(|e| Fatal::Input(format!("字体无法载入：{e}")))?;
    let options = gongwen::serve::ServeOptions {
        dir,
        host,
        port,
        fonts,
    };
    let bound = gongwen::serve::bind(options).map_err(|e| Fatal::Input(e.to_string()))?;
    let url = bound.url();
    let mut lines = format!(
        "gongwen serve：{} 中的报告\n请在浏览器中打开 {url}\n按 Ctrl-C 停止。\n",
        bound.folder().display()
    );
    if !host.is_loopback() {
        lines.push_str(&format!(
            "注意：监听地址为 {host}，同一网络中的其他电脑也能打开并修改这些报告。\n"
        ));
    }
    print_stdout(&lines)?;
    if open {
        if let Err(e) = ::open::that_detached(&url) {
            eprintln!("gongwen: 无法打开浏览器（{e}），请手动打开 {url}");
        }
    }
    install_interrupt_handler();
    bound.run().map_err(|e| Fatal::Input(e.to_string()))?;
    Ok(0)
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

/// On Ctrl-C, removes the temporary files being written so an interrupt
/// leaves every previous output as it was, then exits as interrupted.
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        gongwen::export::atomic::remove_pending();
        std::process::exit(130);
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
