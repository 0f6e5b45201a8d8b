//! Why a set of reports cannot be summed. Every refusal names its files, so
//! a clerk knows which report to take out or fix; one run lists them all.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::check::Finding;
use crate::input::InputError;
use crate::model::Report;
use crate::template::Severity;

/// One reason a report cannot go into a roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file could not be read as a report.
    Unreadable(InputError),
    /// A report of another year than the roll-up's.
    OtherYear {
        /// The report file.
        file: PathBuf,
        /// The year the report is of.
        year: u16,
        /// The roll-up's year.
        wanted: u16,
    },
    /// Several reports of one agency: summing them would count it twice.
    SameAgency {
        /// The agency the reports share.
        agency: String,
        /// Every report of that agency.
        files: Vec<PathBuf>,
    },
    /// A report of the roll-up's own agency: most likely an earlier
    /// roll-up left among its inputs, which would be summed into itself.
    RollupItself {
        /// The report file.
        file: PathBuf,
        /// The agency it shares with the roll-up.
        agency: String,
    },
    /// The output file is one of the inputs and would be overwritten.
    OutputIsInput {
        /// The output file, which is also an input.
        file: PathBuf,
    },
    /// A report with error findings, and errors were not allowed.
    HasErrors {
        /// The report file.
        file: PathBuf,
        /// Its error findings; the message quotes the first.
        errors: Vec<Finding>,
    },
    /// A report written to another template than the others.
    OtherTemplate {
        /// The report file.
        file: PathBuf,
        /// The id of the template the report is written to.
        template: String,
        /// The id of the template the other reports are written to.
        wanted: String,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Unreadable(e) => write!(f, "无法读取：{e}"),
            Refusal::OtherYear { file, year, wanted } => write!(
                f,
                "{} 是 {year} 年的报告，汇总的是 {wanted} 年",
                file.display()
            ),
            Refusal::SameAgency { agency, files } => {
                let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "“{agency}”的报告有 {} 份，只能汇总一份：{}",
                    files.len(),
                    names.join("、")
                )
            }
            Refusal::RollupItself { file, agency } => write!(
                f,
                "{} 的发文机关与汇总报告相同（“{agency}”），汇总报告不能把自己也加进去；若它是以前生成的汇总报告，请把它移出输入",
                file.display()
            ),
            Refusal::OutputIsInput { file } => write!(
                f,
                "输出文件 {} 也是要汇总的报告之一，写出会覆盖它",
                file.display()
            ),
            Refusal::HasErrors { file, errors } => {
                write!(f, "{} 有 {} 个错误", file.display(), errors.len())?;
                if let Some(first) = errors.first() {
                    write!(f, "（{}", first.message)?;
                    if errors.len() > 1 {
                        write!(f, " 等")?;
                    }
                    write!(f, "）")?;
                }
                write!(f, "；改正后再汇总，或用 --allow-errors 照样汇总（错误会列在汇总报告的注释中）")
            }
            Refusal::OtherTemplate {
                file,
                template,
                wanted,
            } => write!(
                f,
                "{} 使用模板 {template}，其他报告使用 {wanted}",
                file.display()
            ),
        }
    }
}

/// Why a roll-up was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RollupError {
    /// No report files were given: none to sum, or no children for an
    /// aggregate report.
    #[error("没有要汇总的报告")]
    Empty,
    /// The roll-up's agency is empty, has a control character or is longer
    /// than 200 characters.
    #[error("汇总报告的发文机关“{0}”不可用：不能为空，不能含控制字符，最多 200 个字")]
    Agency(String),
    /// The roll-up's year is outside 1949–2999.
    #[error("报告年度 {0} 不在 1949–2999 之间")]
    Year(u16),
    /// Reports that cannot be summed, each with its reason.
    #[error("无法汇总：\n{}", list(.0))]
    Refused(Vec<Refusal>),
    /// A sum too large for the contract: a count beyond u64, a fee longer
    /// than a fee may be.
    #[error(
        "汇总后“{label}”（{path}）超出范围：计数最大为 18446744073709551615，收费金额最多 40 位"
    )]
    Overflow {
        /// The figure as its table prints it.
        label: String,
        /// The figure's key path, e.g. `applications.results.disclosed`.
        path: String,
    },
    /// The written roll-up did not read back as its sums: a bug.
    #[error("内部错误，汇总报告未写出：{0}")]
    Internal(String),
}

fn list(refusals: &[Refusal]) -> String {
    let lines: Vec<String> = refusals.iter().map(|r| format!("  - {r}")).collect();
    lines.join("\n")
}

/// What every report must match, and where the roll-up goes.
pub(super) struct Expected<'a> {
    pub year: u16,
    /// The roll-up's agency, which no report may have.
    pub agency: &'a str,
    /// Whether reports with error findings may be summed.
    pub allow_errors: bool,
    /// The file the roll-up will be written to, which no input may be.
    pub output: Option<&'a Path>,
}

/// Every refusal among `loaded` (each file with its report and findings,
/// or why it could not be read), in file order, agency duplicates last.
pub(super) fn refusals<'a>(
    loaded: impl IntoIterator<Item = (&'a Path, Result<&'a Report, &'a InputError>, &'a [Finding])>,
    expected: &Expected,
) -> Vec<Refusal> {
    let mut out = Vec::new();
    let output = expected.output.map(real_path);
    let mut agencies: BTreeMap<&str, Vec<PathBuf>> = BTreeMap::new();
    for (file, report, findings) in loaded {
        if output.is_some() && output == Some(real_path(file)) {
            out.push(Refusal::OutputIsInput {
                file: file.to_path_buf(),
            });
        }
        let report = match report {
            Ok(report) => report,
            Err(e) => {
                out.push(Refusal::Unreadable(e.clone()));
                continue;
            }
        };
        if report.meta.year != expected.year {
            out.push(Refusal::OtherYear {
                file: file.to_path_buf(),
                year: report.meta.year,
                wanted: expected.year,
            });
        }
        if report.meta.agency == expected.agency {
            out.push(Refusal::RollupItself {
                file: file.to_path_buf(),
                agency: expected.agency.to_string(),
            });
        }
        let errors: Vec<Finding> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() && !expected.allow_errors {
            out.push(Refusal::HasErrors {
                file: file.to_path_buf(),
                errors,
            });
        }
        agencies
            .entry(&report.meta.agency)
            .or_default()
            .push(file.to_path_buf());
    }
    out.extend(
        agencies
            .into_iter()
            .filter(|(_, files)| files.len() > 1)
            .map(|(agency, files)| Refusal::SameAgency {
                agency: agency.to_string(),
                files,
            }),
    );
    out
}

/// The file's real path, so `./a.toml` and `a.toml` are one file; for a
/// file that does not exist yet (a new output), its folder's real path
/// joined with its name.
fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(real), Some(name)) => real.join(name),
        _ => path.to_path_buf(),
    }
}
