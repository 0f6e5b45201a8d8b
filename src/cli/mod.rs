//! Command-line definition and the glue from arguments to the library.

mod inputs;
mod render;

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use gongwen::check::{self, Finding};
use gongwen::input::InputError;
use gongwen::model::{self, Report};
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

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查报告：勾稽关系（R1–R6），逐条列出问题
    Check {
        /// 报告文件（.toml 或 .json）或包含报告的文件夹
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// 同一机关上一年度的报告，用于跨年度检查（R5、R6）
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
        /// 只输出错误
        #[arg(short, long)]
        quiet: bool,
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
enum OutputFormat {
    Human,
    Json,
}

/// One input file's result.
pub struct FileResult {
    pub file: PathBuf,
    pub outcome: Result<Vec<Finding>, InputError>,
}

pub fn run(args: Args) -> Result<u8, String> {
    match args.command {
        Command::New { agency, year } => {
            let template = Template::built_in(DEFAULT_TEMPLATE).map_err(|e| e.to_string())?;
            print_stdout(&gongwen::skeleton::skeleton(&template, &agency, year))?;
            Ok(0)
        }
        Command::Schema => {
            let template = Template::built_in(DEFAULT_TEMPLATE).map_err(|e| e.to_string())?;
            let schema = gongwen::schema::json_schema(&template);
            let text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
            print_stdout(&format!("{text}\n"))?;
            Ok(0)
        }
        Command::Check {
            files,
            format,
            previous,
            quiet,
        } => {
            let started = Instant::now();
            let files = inputs::expand(&files)?;
            let previous = match previous {
                Some(p) => Some(model::load(&p).map_err(|e| format!("--previous 无法读取：{e}"))?),
                None => None,
            };
            let results = check_files(&files, previous.as_ref());
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

/// Loads and checks every file on all cores; one file's failure never stops
/// the others.
fn check_files(files: &[PathBuf], previous: Option<&Report>) -> Vec<FileResult> {
    let loaded: Vec<Result<Report, InputError>> =
        files.par_iter().map(|f| model::load(f)).collect();
    let reports: Vec<&Report> = loaded.iter().filter_map(|r| r.as_ref().ok()).collect();
    let mut candidates = reports.clone();
    candidates.extend(previous);
    let mut prior = check::previous_years(&reports, &candidates).into_iter();
    files
        .iter()
        .zip(&loaded)
        .map(|(file, loaded)| FileResult {
            file: file.clone(),
            outcome: match loaded {
                Ok(report) => Ok(check::check_all(report, prior.next().flatten())),
                Err(e) => Err(e.clone()),
            },
        })
        .collect()
}

/// Writes to stdout; a closed pipe (`gongwen check … | head`) is not an error.
fn print_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("无法写出结果：{e}")),
        _ => Ok(()),
    }
}
