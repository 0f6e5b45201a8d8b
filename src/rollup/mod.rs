//! Roll-up reports (汇总): a county's or city's aggregate report whose three
//! tables are the sums of its subordinate bodies' reports.
//!
//! [`sum_figures`] adds every figure of the template over reports — counts
//! exactly in u64 (an overflow is an error, never a wrap), fees as exact
//! decimals — and [`contract_text`] writes the sums as an input-contract
//! file with `gongwen new`'s prose to fill in. [`rollup_files`] does both
//! for files on disk after refusing what cannot be summed honestly:
//! unreadable reports, another year, one agency twice, the roll-up itself,
//! and reports with error findings unless they are allowed. Rule R7
//! ([`crate::check::check_children`]) checks an aggregate report against
//! its children afterwards.

mod refusal;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{self, CheckOptions, Finding};
use crate::input::{FeeSum, InputError};
use crate::model::{self, limits, Figure, Figures, Origin, Report, Row};
use crate::template::{FigureKind, Template};

pub use refusal::{Refusal, RollupError};
pub use write::contract_text;

/// What the aggregate report is, and how strict to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupOptions {
    /// The aggregate report's agency, `某某县`.
    pub agency: String,
    /// The year every report must be of.
    pub year: u16,
    /// Sum reports with error findings too, listing them in the output.
    pub allow_errors: bool,
}

/// One report that went into a roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The report file, as given.
    pub file: PathBuf,
    /// The agency the report is from (its 发文机关).
    pub agency: String,
    /// Its error findings; empty unless errors were allowed.
    pub errors: Vec<Finding>,
}

/// A finished roll-up.
#[derive(Debug, Clone)]
pub struct Rollup {
    /// The aggregate report as an input-contract file (TOML).
    pub text: String,
    /// The summed figures, as the text writes them.
    pub figures: Figures,
    /// The reports summed, ordered by file path.
    pub sources: Vec<Source>,
}

/// Adds every figure of `template` over `reports`: each column of each row
/// (totals included: an aggregate's total is the sum of its children's
/// totals, as R7 checks it), each count, and the fee. A figure a report
/// lacks counts as zero.
pub fn sum_figures(template: &Template, reports: &[&Report]) -> Result<Figures, RollupError> {
    let mut out = BTreeMap::new();
    for (key, def) in &template.figures {
        let figure = match (template.columns_of(key), def.kind) {
            (Some(set), _) => {
                let mut values = vec![0u64; set.labels.len()];
                for row in reports.iter().filter_map(|r| r.figures.row(key)) {
                    for (column, (sum, v)) in values.iter_mut().zip(&row.values).enumerate() {
                        *sum = sum.checked_add(*v).ok_or_else(|| {
                            overflow(template, template.column_path(key, column), key)
                        })?;
                    }
                }
                let parts_sum = if set.has_total {
                    values[..set.parts()]
                        .iter()
                        .try_fold(0u64, |a, v| a.checked_add(*v))
                } else {
                    None
                };
                Figure::Row(Row {
                    values,
                    origin: Origin::Given,
                    parts_sum,
                })
            }
            (None, FigureKind::Decimal) => {
                let mut sum = FeeSum::default();
                for r in reports {
                    if let Some(Figure::Decimal(fee)) = r.figures.0.get(key) {
                        sum.add(fee);
                    }
                }
                Figure::Decimal(
                    sum.into_fee()
                        .map_err(|_| overflow(template, template.figure_path(key), key))?,
                )
            }
            (None, FigureKind::Count) => {
                let mut sum = 0u64;
                for r in reports {
                    if let Some(Figure::Count(n)) = r.figures.0.get(key) {
                        sum = sum
                            .checked_add(*n)
                            .ok_or_else(|| overflow(template, template.figure_path(key), key))?;
                    }
                }
                Figure::Count(sum)
            }
        };
        out.insert(key.clone(), figure);
    }
    Ok(Figures(out))
}

fn overflow(
    template: &Template,
    path: Option<crate::template::FigurePath>,
    key: &str,
) -> RollupError {
    let (label, path) = match path {
        Some(p) => (template.path_label(&p), p.to_string()),
        None => (key.to_string(), key.to_string()),
    };
    RollupError::Overflow { label, path }
}

/// A report read and checked, or why it could not be read.
type Checked = Result<(Report, Vec<Finding>), InputError>;

/// Loads, checks and sums `files` into the aggregate report `options`
/// describes. Every file is read and checked (on all cores) before anything
/// is refused, so one run names every file that is in the way. `output` is
/// where the roll-up will be written, refused if it is one of the inputs.
pub fn rollup_files(
    files: &[PathBuf],
    options: &RollupOptions,
    output: Option<&Path>,
) -> Result<Rollup, RollupError> {
    let agency = options.agency.trim();
    if agency.is_empty()
        || agency.chars().any(char::is_control)
        || agency.chars().count() > limits::MAX_LINE_CHARS
    {
        return Err(RollupError::Agency(options.agency.clone()));
    }
    if !(1949..=2999).contains(&options.year) {
        return Err(RollupError::Year(options.year));
    }
    if files.is_empty() {
        return Err(RollupError::Empty);
    }
    let loaded: Vec<(PathBuf, Checked)> = files
        .par_iter()
        .map(|file| {
            let checked = model::load(file).map(|report| {
                let findings = check::check_all(&report, None, &CheckOptions::default());
                (report, findings)
            });
            (file.clone(), checked)
        })
        .collect();
    let mut refusals = refusal::refusals(
        loaded.iter().map(|(file, l)| match l {
            Ok((report, findings)) => (file.as_path(), Ok(report), findings.as_slice()),
            Err(e) => (file.as_path(), Err(e), &[][..]),
        }),
        &refusal::Expected {
            year: options.year,
            agency,
            allow_errors: options.allow_errors,
            output,
        },
    );
    let mut good: Vec<(&PathBuf, &Report, Vec<Finding>)> = loaded
        .iter()
        .filter_map(|(file, l)| {
            let (report, findings) = l.as_ref().ok()?;
            let errors = findings
                .iter()
                .filter(|f| f.severity == crate::template::Severity::Error)
                .cloned()
                .collect();
            Some((file, report, errors))
        })
        .collect();
    if refusals.is_empty() {
        let template = &good[0].1.template;
        refusals.extend(
            good.iter()
                .filter(|(_, r, _)| r.template.id != template.id)
                .map(|(file, r, _)| Refusal::OtherTemplate {
                    file: file.to_path_buf(),
                    template: r.template.id.clone(),
                    wanted: template.id.clone(),
                }),
        );
    }
    if !refusals.is_empty() {
        return Err(RollupError::Refused(refusals));
    }
    good.sort_by(|a, b| a.0.cmp(b.0));
    let template: Arc<Template> = good[0].1.template.clone();
    let reports: Vec<&Report> = good.iter().map(|(_, r, _)| *r).collect();
    let figures = sum_figures(&template, &reports)?;
    let sources: Vec<Source> = good
        .into_iter()
        .map(|(file, report, errors)| Source {
            file: file.clone(),
            agency: report.meta.agency.clone(),
            errors,
        })
        .collect();
    let text = contract_text(&template, agency, options.year, &figures, &sources);
    // What is written must read back as the same sums: a contract file
    // that gongwen refused, or read differently, would be worse than none.
    let back = model::from_text(Path::new("汇总.toml"), &text, crate::input::Syntax::Toml)
        .map_err(|e| RollupError::Internal(e.to_string()))?;
    if !same_values(&back.figures, &figures) {
        return Err(RollupError::Internal(
            "写出的汇总报告读回后与合计不一致".to_string(),
        ));
    }
    Ok(Rollup {
        text,
        figures,
        sources,
    })
}

/// Loads the reports an aggregate report `parent` sums up, to check it
/// against them (R7). Refused, naming the files, when one cannot be read,
/// is of another year than the parent, or shares an agency with the parent
/// or another child; children with error findings are fine, as R7 compares
/// the numbers they print.
pub fn load_children(parent: &Report, files: &[PathBuf]) -> Result<Vec<Report>, RollupError> {
    if files.is_empty() {
        return Err(RollupError::Empty);
    }
    let loaded: Vec<Result<Report, InputError>> =
        files.par_iter().map(|file| model::load(file)).collect();
    let refusals = refusal::refusals(
        files
            .iter()
            .zip(&loaded)
            .map(|(file, l)| (file.as_path(), l.as_ref(), &[][..])),
        &refusal::Expected {
            year: parent.meta.year,
            agency: &parent.meta.agency,
            allow_errors: true,
            output: None,
        },
    );
    if !refusals.is_empty() {
        return Err(RollupError::Refused(refusals));
    }
    Ok(loaded.into_iter().flatten().collect())
}

/// Whether two sets of figures print the same numbers.
fn same_values(a: &Figures, b: &Figures) -> bool {
    a.0.len() == b.0.len()
        && a.0.iter().zip(&b.0).all(|((ka, fa), (kb, fb))| {
            ka == kb
                && match (fa, fb) {
                    (Figure::Row(x), Figure::Row(y)) => x.values == y.values,
                    (Figure::Count(x), Figure::Count(y)) => x == y,
                    (Figure::Decimal(x), Figure::Decimal(y)) => x == y,
                    _ => false,
                }
        })
}
