//! Command-line definition and the glue from arguments to the library.

mod fix;
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
    /// 检查报告：表格勾稽关系（R1–R6，汇总报告另有 R7）、正文与表格是否一致（T1–T9）、内容是否完整（C1–C5）、是否填写完成（F1–F5）、多份报告的跨年度配对（P1–P2），逐条列出问题和所在的行
    Check {
        #[command(flatten)]
        reports: Reports,
        /// 输出格式：human（屏幕）、json、xlsx（审核工作簿，须用 -o）、csv（问题清单）
        #[arg(long, value_enum, default_value_t = OutputFormat::Human, value_name = "格式")]
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
    /// 检查后导出 PDF 和 DOCX，或用 --format 另选 OFD（有错误时不导出）
    Export {
        #[command(flatten)]
        reports: Reports,
        /// 输出文件夹（不存在时自动创建；文件夹参数的子文件夹结构保留在其中）；默认写在输入文件旁边
        #[arg(long, value_name = "文件夹")]
        out_dir: Option<PathBuf>,
        /// 导出的格式，逗号分隔（pdf、docx、ofd）；写 json 时以 JSON 输出各文件的结果（同 check --format json，另含写出的文件）
        #[arg(long, value_delimiter = ',', value_parser = format_parser(), default_values = ["pdf", "docx"], value_name = "格式")]
        format: Vec<ExportFormat>,
        /// 有错误也导出，每页标注“草稿”，供审阅
        #[arg(long)]
        draft: bool,
        /// PDF 标准：PDF/A-2b（存档）或带标签的 PDF/A-2a + PDF/UA-1，均须有成文日期或 SOURCE_DATE_EPOCH；不写时有日期为 PDF/A-2b，无日期为不带日期的普通 PDF
        #[arg(long, value_enum, value_name = "标准")]
        pdf_standard: Option<PdfStandard>,
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
    /// 把正文中夹在中文之间的半角标点（, ; : ( )）改为全角，直接改写报告文件（.toml、.json），其余内容不变
    Fix {
        /// 报告文件（.toml 或 .json）
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 只列出要改的地方，不修改文件（有要改的地方时退出码为 1）
        #[arg(long)]
        check: bool,
    },
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

/// The exit status of a run cut short by Ctrl-C, as shells report it.
const INTERRUPTED: u8 = 130;

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
        Command::Fix { files, check } => fix::run(&files, check),
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
            // Read once, before any file: a malformed value refuses the run
            // instead of giving some files a date and others none.
            let source_date =
                gongwen::date::source_date_epoch().map_err(|e| Fatal::Usage(e.to_string()))?;
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
                            None => Conformance::PdfA2bWhenDated,
                            Some(PdfStandard::A2b) => Conformance::PdfA2b,
                            Some(PdfStandard::A2aUa1) => Conformance::PdfA2aUa1,
                        },
                    },
                    source_date,
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
            let (expanded, previous) = reports.load()?;
            let (strict, quiet) = (reports.strict, reports.quiet);
            let options = CheckOptions { strict };
            let files: Vec<PathBuf> = expanded.files.iter().map(|f| f.path.clone()).collect();
            if let Some(path) = &output {
                refuse_overwriting(path, &files)?;
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
                let children = expand_paths(&children)?;
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
                OutputFormat::Human => {
                    let mut text = render::skipped(&expanded.skipped, quiet);
                    text.push_str(&render::human(&results, elapsed, quiet, colour));
                    text.into_bytes()
                }
                OutputFormat::Json => render::json(
                    &results,
                    &expanded.skipped,
                    reports.timing.then_some(elapsed),
                )
                .into_bytes(),
                OutputFormat::Xlsx => {
                    let created = gongwen::date::source_date_epoch()
                        .map_err(|e| Fatal::Usage(e.to_string()))?;
                    batch::xlsx::workbook(&results, created)
                        .map_err(|e| Fatal::Input(e.to_string()))?
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
                        render::summary(&results, elapsed, quiet),
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
            let files = expand_paths(&files)?;
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
        source_date: gongwen::date::source_date_epoch().map_err(|e| Fatal::Usage(e.to_string()))?,
    };
    let bound = gongwen::serve::bind(options).map_err(|e| Fatal::Input(e.to_string()))?;
    // A server has no batch to wind down: the first Ctrl-C (or SIGTERM)
    // removes any export's temporary files and ends it, as its banner
    // promises. The batch handler would only refuse new documents, leaving
    // a page that answers every later export with 已中断. Installed before
    // the banner, so a signal that follows the banner always finds it.
    let _ = ctrlc::set_handler(|| {
        gongwen::export::atomic::remove_pending();
        std::process::exit(i32::from(INTERRUPTED));
    });
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
    bound.run().map_err(|e| Fatal::Input(e.to_string()))?;
    Ok(0)
}

/// Writes a result file atomically: complete, or the old file untouched.
fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), Fatal> {
    install_interrupt_handler();
    gongwen::export::atomic::write_atomic(path, bytes).map_err(|e| Fatal::Input(e.to_string()))
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

/// The report files of `paths`, folders walked as `check` walks them.
fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let expanded = batch::expand(paths).map_err(|e| Fatal::Input(e.to_string()))?;
    Ok(expanded.files.into_iter().map(|f| f.path).collect())
}

/// Refuses an output file that is one of the inputs: `-o a.toml` would
/// replace a report with the results of checking it.
fn refuse_overwriting(output: &std::path::Path, inputs: &[PathBuf]) -> Result<(), Fatal> {
    let Ok(real) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    match inputs
        .iter()
        .find(|i| std::fs::canonicalize(i).is_ok_and(|r| r == real))
    {
        Some(input) => Err(Fatal::Input(format!(
            "输出文件 {} 是要检查的报告之一，写出会覆盖它",
            input.display()
        ))),
        None => Ok(()),
    }
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
