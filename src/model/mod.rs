//! The typed report: what the user wrote, with every total resolved and
//! every placeholder filled, so checks and the document builder only read.

mod prose;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::date::{CalendarError, Date};
use crate::input::{
    self, Fee, InputError, InputErrorKind, Parsed, RawFigure, RawPart, RawProse, RawReport, Syntax,
};
use crate::template::{FigureKind, FigurePath, RuleDef, Template, Term, DEFAULT_TEMPLATE};

pub use prose::{split_paragraphs, PlaceholderError};

/// Limits that keep a hostile file from hanging the tool. Each is reported
/// with its value when exceeded.
pub mod limits {
    /// Longest one-line text (agency, title, heading), in characters.
    pub const MAX_LINE_CHARS: usize = 200;
    /// Longest paragraph, in characters (a real one has under 2 000).
    pub const MAX_PARAGRAPH_CHARS: usize = 20_000;
    /// Levels of numbered parts below a section heading: （一） 1. （1）.
    pub const MAX_PART_DEPTH: usize = 3;
}

#[derive(Debug, Clone)]
pub struct Report {
    pub file: PathBuf,
    pub template: Arc<Template>,
    pub meta: Meta,
    /// The six sections, in the template's order.
    pub sections: Vec<Section>,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub agency: String,
    pub year: u16,
    pub title: String,
    pub signature: Option<String>,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub key: String,
    pub heading: String,
    pub prose: Prose,
}

/// Lead paragraphs, then numbered parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    pub paragraphs: Vec<String>,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub heading: String,
    pub prose: Prose,
}

/// Every figure of the report by key path (`applications.new`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures(pub BTreeMap<String, Figure>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    Row(Row),
    Count(u64),
    Decimal(Fee),
}

/// A row of counts, its total (if its column set has one) last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub values: Vec<u64>,
    pub origin: Origin,
    /// The sum of the non-total columns, to check a given total against.
    pub parts_sum: Option<u64>,
}

/// Where a figure came from: a total the tool computed cannot be wrong, so
/// rules that would only re-add it are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Every number, the total included, was written by the user.
    Given,
    /// The user wrote the parts; the tool added the total.
    TotalComputed,
    /// The whole row was computed from other rows.
    Computed,
    /// The row was left out: zeros.
    Omitted,
}

impl Row {
    pub fn total(&self) -> u64 {
        self.values.last().copied().unwrap_or(0)
    }
}

impl Figures {
    pub fn row(&self, key: &str) -> Option<&Row> {
        match self.0.get(key) {
            Some(Figure::Row(r)) => Some(r),
            _ => None,
        }
    }

    /// A number as printed: a count, a row's column, or the fee.
    pub fn text(&self, path: &FigurePath) -> Option<String> {
        match (self.0.get(&path.figure)?, &path.column) {
            (Figure::Count(n), None) => Some(n.to_string()),
            (Figure::Decimal(f), None) => Some(f.to_string()),
            (Figure::Row(row), Some(column)) => row.values.get(column.index).map(u64::to_string),
            _ => None,
        }
    }

    /// A whole number: a count or a row's column, not the fee.
    pub fn count(&self, path: &FigurePath) -> Option<u64> {
        match (self.0.get(&path.figure)?, &path.column) {
            (Figure::Count(n), None) => Some(*n),
            (Figure::Row(row), Some(column)) => row.values.get(column.index).copied(),
            _ => None,
        }
    }
}

/// Reads, parses and resolves a report file.
pub fn load(path: &Path) -> Result<Report, InputError> {
    resolve(&input::read_report(path)?)
}

/// Reads (with `options`) and resolves a report file of any format, with
/// what its reader noted (empty for a text report).
pub fn load_with(
    path: &Path,
    options: &input::ReadOptions,
) -> Result<(Report, Vec<input::ImportNote>), InputError> {
    let parsed = input::read_report_with(path, options)?;
    Ok((resolve(&parsed)?, parsed.notes))
}

/// Reads and resolves a report from its text; `file` names it in errors.
pub fn from_text(file: &Path, source: &str, syntax: Syntax) -> Result<Report, InputError> {
    resolve(&input::text::read(file, Cow::Borrowed(source), syntax)?)
}

/// Resolves what a reader read against its template: totals computed,
/// rows checked, placeholders filled. Errors point into the file through
/// the reader's places.
pub fn resolve(parsed: &Parsed) -> Result<Report, InputError> {
    Resolver { parsed }.resolve(&parsed.report)
}

struct Resolver<'a> {
    parsed: &'a Parsed<'a>,
}

impl Resolver<'_> {
    fn error(&self, key: &str, kind: InputErrorKind) -> InputError {
        InputError::new(&self.parsed.file, kind)
            .at(self.parsed.places.of_key(key))
            .with_key(Some(key.to_string()))
    }

    fn resolve(&self, raw: &RawReport) -> Result<Report, InputError> {
        let template_id = raw.template.as_deref().unwrap_or(DEFAULT_TEMPLATE);
        let template = Arc::new(
            Template::built_in(template_id)
                .map_err(|e| self.error("template", InputErrorKind::Template(e)))?,
        );
        let meta = self.meta(raw, &template)?;
        let figures = self.figures(raw, &template)?;
        let mut sections = Vec::new();
        for def in &template.sections {
            let raw_prose = match def.key.as_str() {
                "overview" => raw.overview.clone(),
                "proactive" => RawProse {
                    text: raw.proactive.text.clone(),
                    parts: raw.proactive.parts.clone(),
                },
                "applications" => RawProse {
                    text: raw.applications.text.clone(),
                    parts: raw.applications.parts.clone(),
                },
                "appeals" => RawProse {
                    text: raw.appeals.text.clone(),
                    parts: raw.appeals.parts.clone(),
                },
                "problems" => raw.problems.clone(),
                "other" => raw.other.clone(),
                other => {
                    return Err(self.error(
                        "template",
                        InputErrorKind::SectionNotInContract(other.to_string()),
                    ))
                }
            };
            let prose = self.prose(
                &def.key,
                &raw_prose.text,
                &raw_prose.parts,
                1,
                &figures,
                &template,
            )?;
            sections.push(Section {
                key: def.key.clone(),
                heading: def.heading.clone(),
                prose,
            });
        }
        Ok(Report {
            file: self.parsed.file.clone(),
            template,
            meta,
            sections,
            figures,
        })
    }

    fn meta(&self, raw: &RawReport, template: &Template) -> Result<Meta, InputError> {
        let r = &raw.report;
        let agency = self.line_text("report.agency", &r.agency)?;
        if agency.is_empty() {
            return Err(self.error("report.agency", InputErrorKind::EmptyAgency));
        }
        let year = u16::try_from(r.year.0)
            .ok()
            .filter(|y| (1949..=2999).contains(y))
            .ok_or_else(|| self.error("report.year", InputErrorKind::YearOutOfRange(r.year.0)))?;
        let title = match &r.title {
            Some(t) => self.line_text("report.title", t)?,
            None => template
                .title
                .replace("{agency}", &agency)
                .replace("{year}", &year.to_string()),
        };
        if title.is_empty() {
            return Err(self.error("report.title", InputErrorKind::EmptyTitle));
        }
        let signature = r
            .signature
            .as_deref()
            .map(|s| self.line_text("report.signature", s))
            .transpose()?
            .filter(|s| !s.is_empty());
        let date = r
            .date
            .as_ref()
            .map(|d| parse_date(&d.0).map_err(|kind| self.error("report.date", kind)))
            .transpose()?;
        Ok(Meta {
            agency,
            year,
            title,
            signature,
            date,
        })
    }

    /// A one-line text (agency, title): trimmed, no control characters.
    fn line_text(&self, key: &str, text: &str) -> Result<String, InputError> {
        let t = text.trim();
        if let Some(c) = t.chars().find(|c| c.is_control()) {
            return Err(self.error(key, InputErrorKind::ControlCharacter(c)));
        }
        if t.chars().count() > limits::MAX_LINE_CHARS {
            return Err(self.error(key, InputErrorKind::LineTooLong(limits::MAX_LINE_CHARS)));
        }
        Ok(t.to_string())
    }

    fn figures(&self, raw: &RawReport, template: &Template) -> Result<Figures, InputError> {
        let mut figures = BTreeMap::new();
        let mut seen = Vec::new();
        for (key, raw_fig) in raw.figures() {
            let def = template
                .figures
                .get(key)
                .ok_or_else(|| self.error(key, InputErrorKind::FigureNotInTemplate))?;
            seen.push(key);
            let fig = match raw_fig {
                RawFigure::Count(c) => Figure::Count(c.map_or(0, |c| c.0)),
                RawFigure::Fee(f) => {
                    if def.kind != FigureKind::Decimal {
                        return Err(self.error(key, InputErrorKind::NotADecimal));
                    }
                    Figure::Decimal(f.cloned().unwrap_or_default())
                }
                RawFigure::Row(row) => Figure::Row(self.row(
                    key,
                    row.map(|r| r.iter().map(|c| c.0).collect()),
                    template,
                )?),
            };
            figures.insert(key.to_string(), fig);
        }
        for (key, stock) in raw.stock_figures() {
            seen.push(key);
            let values = stock.map(|s| {
                [s.issued, s.repealed, s.in_force]
                    .iter()
                    .map(|c| c.map_or(0, |c| c.0))
                    .collect::<Vec<_>>()
            });
            figures.insert(
                key.to_string(),
                Figure::Row(self.row(key, values, template)?),
            );
        }
        if let Some(missing) = template
            .figures
            .keys()
            .find(|k| !seen.contains(&k.as_str()))
        {
            return Err(self.error(
                "template",
                InputErrorKind::FigureNotInContract(missing.clone()),
            ));
        }
        let mut figures = Figures(figures);
        self.compute_omitted_totals(&mut figures, template)?;
        Ok(figures)
    }

    fn row(
        &self,
        key: &str,
        values: Option<Vec<u64>>,
        template: &Template,
    ) -> Result<Row, InputError> {
        let set = template
            .columns_of(key)
            .ok_or_else(|| self.error(key, InputErrorKind::NotARow))?;
        let parts = set.parts();
        let Some(values) = values else {
            return Ok(Row {
                values: vec![0; set.labels.len()],
                origin: Origin::Omitted,
                parts_sum: set.has_total.then_some(0),
            });
        };
        let wrong_length = || {
            self.error(
                key,
                InputErrorKind::RowLength {
                    columns: set.labels[..parts].to_vec(),
                    total: set.has_total.then(|| set.labels[parts].clone()),
                    given: values.len(),
                },
            )
        };
        if !set.has_total {
            if values.len() != parts {
                return Err(wrong_length());
            }
            return Ok(Row {
                values,
                origin: Origin::Given,
                parts_sum: None,
            });
        }
        if values.len() != parts && values.len() != parts + 1 {
            return Err(wrong_length());
        }
        let sum = checked_sum(values[..parts].iter().copied())
            .ok_or_else(|| self.error(key, InputErrorKind::RowTotalOverflow))?;
        let mut values = values;
        let origin = if values.len() == parts {
            values.push(sum);
            Origin::TotalComputed
        } else {
            Origin::Given
        };
        Ok(Row {
            values,
            origin,
            parts_sum: Some(sum),
        })
    }

    /// A `columns` rule whose right side is a single row the user left out
    /// defines that row: (七)总计 is computed from the result rows.
    fn compute_omitted_totals(
        &self,
        figures: &mut Figures,
        template: &Template,
    ) -> Result<(), InputError> {
        for rule in &template.rules {
            let RuleDef::Columns { left, right, .. } = rule else {
                continue;
            };
            let [Term::Figure(target)] = right.as_slice() else {
                continue;
            };
            if figures.row(target).map(|r| r.origin) != Some(Origin::Omitted) {
                continue;
            }
            let width = figures.row(target).map_or(0, |r| r.values.len());
            let mut values = vec![0u64; width];
            for term in left {
                for member in template.term_members(term) {
                    let Some(row) = figures.row(member) else {
                        continue;
                    };
                    for (acc, v) in values.iter_mut().zip(&row.values) {
                        *acc = acc.checked_add(*v).ok_or_else(|| {
                            self.error(
                                member,
                                InputErrorKind::ComputedTotalOverflow(target.clone()),
                            )
                        })?;
                    }
                }
            }
            let parts = template.columns_of(target).map_or(0, |s| s.parts());
            let parts_sum = checked_sum(values[..parts.min(width)].iter().copied());
            figures.0.insert(
                target.clone(),
                Figure::Row(Row {
                    values,
                    origin: Origin::Computed,
                    parts_sum,
                }),
            );
        }
        Ok(())
    }

    fn prose(
        &self,
        key: &str,
        text: &str,
        parts: &[RawPart],
        depth: usize,
        figures: &Figures,
        template: &Template,
    ) -> Result<Prose, InputError> {
        let text_key = format!("{key}.text");
        let filled =
            prose::fill_placeholders(text, |path| figures.text(&template.figure_path(path)?))
                .map_err(|e| {
                    let (written, kind) = match e {
                        PlaceholderError::Unknown(path) => (
                            format!("{{{{{path}}}}}"),
                            InputErrorKind::UnknownPlaceholder(path),
                        ),
                        PlaceholderError::Unclosed(after) => (
                            format!("{{{{{after}"),
                            InputErrorKind::UnclosedPlaceholder(after),
                        ),
                    };
                    InputError::new(&self.parsed.file, kind)
                        .at(self.parsed.places.of_text(&text_key, &written))
                        .with_key(Some(text_key.clone()))
                })?;
        let paragraphs = split_paragraphs(&filled);
        for p in &paragraphs {
            if let Some(c) = p.chars().find(|c| c.is_control()) {
                return Err(self.error(&text_key, InputErrorKind::ControlCharacterInText(c)));
            }
            let n = p.chars().count();
            if n > limits::MAX_PARAGRAPH_CHARS {
                return Err(self.error(
                    &text_key,
                    InputErrorKind::ParagraphTooLong {
                        chars: n,
                        limit: limits::MAX_PARAGRAPH_CHARS,
                    },
                ));
            }
        }
        if !parts.is_empty() && depth > limits::MAX_PART_DEPTH {
            return Err(self.error(
                &format!("{key}.parts"),
                InputErrorKind::PartsTooDeep(limits::MAX_PART_DEPTH),
            ));
        }
        let mut out = Vec::new();
        for part in parts {
            let heading_key = format!("{key}.parts");
            let heading = self.line_text(&heading_key, &part.heading)?;
            if heading.is_empty() {
                return Err(self.error(&heading_key, InputErrorKind::EmptyHeading));
            }
            let prose = self.prose(
                &heading_key,
                &part.text,
                &part.parts,
                depth + 1,
                figures,
                template,
            )?;
            out.push(Part { heading, prose });
        }
        Ok(Prose {
            paragraphs,
            parts: out,
        })
    }
}

fn checked_sum(values: impl Iterator<Item = u64>) -> Option<u64> {
    values.into_iter().try_fold(0u64, |a, v| a.checked_add(v))
}

/// `YYYY-MM-DD`, a real calendar date.
fn parse_date(text: &str) -> Result<Date, InputErrorKind> {
    let bad = || InputErrorKind::DateFormat(text.to_string());
    let mut it = text.trim().split('-');
    let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(bad());
    };
    let num = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let (Some(year), Some(month), Some(day)) = (num(y, 4..=4), num(m, 1..=2), num(d, 1..=2)) else {
        return Err(bad());
    };
    // Four digits fit a u16 and two a u8.
    Date::new(year as u16, month as u8, day as u8).map_err(|e| match e {
        CalendarError::NoSuchMonth(_) => InputErrorKind::NoSuchMonth(text.to_string()),
        CalendarError::NoSuchDay { .. } => InputErrorKind::NoSuchDay(text.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_dates() {
        assert_eq!(
            parse_date("2023-01-18").unwrap().to_chinese(),
            "2023年1月18日"
        );
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023/01/18").is_err());
        assert!(parse_date("2023-13-01").is_err());
    }
}
