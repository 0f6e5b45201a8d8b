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
use gongwen::rollup::RollupOptions;
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
    /// 检查报告：勾稽关系（R1–R7），逐条列出问题
    Check {
        #[command(flatten)]
        reports: Reports,
        /// 输出格式：human（屏幕）、json、xlsx（审核工作簿，须用 -o）、csv（问题清单）
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// 把结果写入此文件（写完整后才替换旧文件）；默认打印到标准输出
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 汇总报告的下级单位报告（文件或文件夹）：检查汇总报告的每个数都等于它们之和（R7）
        #[arg(long, value_name = "FILE|DIR", num_args = 1..)]
        children: Vec<PathBuf>,
    },
    /// 汇总下级单位的报告：三张表格逐项相加，写出汇总报告（正文待填写）
    Rollup {
        /// 下级单位的报告文件或文件夹
        #[arg(required = true, value_name = "FILE|DIR")]
        files: Vec<PathBuf>,
        /// 汇总报告的发文机关，如“某某县”
        #[arg(long)]
        agency: String,
        /// 报告年度：每份报告都须是这一年的
        #[arg(long)]
        year: u16,
        /// 输出文件（.toml，写完整后才替换旧文件）；默认打印到标准输出
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// 有错误的报告也汇总，错误列在输出文件开头的注释中
        #[arg(long)]
        allow_errors: bool,
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
    Xlsx,
    Csv,
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
        Command::Check {
            reports,
            format,
            output,
            children,
        } => {
            let started = Instant::now();
            if format == OutputFormat::Xlsx && output.is_none() {
                return Err(Fatal::Usage(
                    "--format xlsx 需要用 -o 指定工作簿文件，如 -o 审核结果.xlsx".into(),
                ));
            }
            let (files, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let options = CheckOptions { strict };
            if let Some(path) = &output {
                inputs::refuse_overwriting(path, &files)?;
            }
            let results = if children.is_empty() {
                let progress = progress_bar(files.len(), quiet);
                let results = batch::check_files(
                    &files,
                    previous.as_ref(),
                    &options,
                    &reports.read_options(),
                    |_, _| progress.inc(1),
                );
                progress.finish_and_clear();
                results
            } else {
                let [parent] = files.as_slice() else {
                    return Err(Fatal::Usage(format!(
                        "--children 用于检查一份汇总报告，请只给一个汇总报告文件（现在有 {} 个）",
                        files.len()
                    )));
                };
                let children = inputs::expand(&children).map_err(Fatal::Input)?;
                let result = batch::check_with_children(
                    parent,
                    &children,
                    previous.as_ref(),
                    &options,
                    &reports.read_options(),
                )
                .map_err(|e| Fatal::Input(e.to_string()))?;
                vec![result]
            };
            let elapsed = started.elapsed();
            let colour = output.is_none() && render::use_colour();
            let bytes = match format {
                OutputFormat::Human => render::human(&results, elapsed, quiet, colour).into_bytes(),
                OutputFormat::Json => render::json(&results, elapsed).into_bytes(),
                OutputFormat::Xlsx => {
                    batch::xlsx::workbook(&results).map_err(|e| Fatal::Input(e.to_string()))?
                }
                OutputFormat::Csv => batch::sheet::findings_csv(&results)
                    .map_err(|e| Fatal::Input(format!("无法生成 CSV：{e}")))?,
            };
            let tally = Tally::of(&results);
            match &output {
                None => print_stdout_bytes(&bytes)?,
                Some(path) => {
                    write_output(path, &bytes)?;
                    print_stdout(&format!(
                        "{}已写出 {}\n",
                        render::summary(&tally, elapsed, quiet),
                        path.display()
                    ))?;
                }
            }
            Ok(status(&tally))
        }
        Command::Rollup {
            files,
            agency,
            year,
            output,
            allow_errors,
        } => {
            if let Some(path) = &output {
                let toml = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
                if !toml {
                    return Err(Fatal::Usage(format!(
                        "汇总报告按输入格式以 TOML 写出：-o 请用 .toml 结尾的文件名，而不是 {}",
                        path.display()
                    )));
                }
            }
            let files = inputs::expand(&files).map_err(Fatal::Input)?;
            let options = RollupOptions {
                agency,
                year,
                allow_errors,
            };
            let rollup = gongwen::rollup::rollup_files(&files, &options, output.as_deref())
                .map_err(|e| Fatal::Input(e.to_string()))?;
            match &output {
                None => print_stdout(&rollup.text)?,
                Some(path) => {
                    write_output(path, rollup.text.as_bytes())?;
                    let with_errors = rollup
                        .sources
                        .iter()
                        .filter(|s| !s.errors.is_empty())
                        .count();
                    let note = if with_errors > 0 {
                        format!("，其中 {with_errors} 份有错误（已列在文件开头的注释中）")
                    } else {
                        String::new()
                    };
                    print_stdout(&format!(
                        "已汇总 {} 份报告{note} → {}\n",
                        rollup.sources.len(),
                        path.display()
                    ))?;
                }
            }
            Ok(0)
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

/// Writes a result file atomically: complete, or the old file untouched.
fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), Fatal> {
    install_interrupt_handler();
    gongwen::export::atomic::write_atomic(path, bytes).map_err(|e| Fatal::Input(e.to_string()))
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
    print_stdout_bytes(text.as_bytes())
}

/// As [`print_stdout`], for bytes that need not be text (a CSV's BOM).
fn print_stdout_bytes(bytes: &[u8]) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Fatal::Usage(format!("无法写出结果：{e}")))
        }
        _ => Ok(()),
    }
}
