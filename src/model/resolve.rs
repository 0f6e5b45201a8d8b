//! From what a reader read to the model: totals computed, rows checked,
//! placeholders filled, numbering a clerk typed into a heading set aside,
//! and the place of every key kept so that a finding can point back at it.
//! Every error is collected, not only the first: a value that cannot be
//! used is replaced by a neutral one so that resolving goes on, and the
//! report is refused if any error was found.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::numbering::split_numbering;
use super::prose::{self, fill_placeholders, PlaceholderError};
use super::{limits, Figure, Figures, KeyPlaces, Meta, Origin, Part, Prose, Report, Row, Section};
use crate::date::{CalendarError, Date};
use crate::input::{
    in_file_order, InputError, InputErrorKind, Parsed, RawFigure, RawPart, RawProse, RawReport,
};
use crate::template::{FigureKind, RuleDef, Template, Term, DEFAULT_TEMPLATE};

/// Resolves what a reader read against its template. Every error is
/// returned, in the order of the file; errors point into the file through
/// the reader's places.
pub fn resolve_all(parsed: &Parsed) -> Result<Report, Vec<InputError>> {
    let resolver = Resolver {
        parsed,
        errors: RefCell::new(Vec::new()),
        places: RefCell::new(KeyPlaces::default()),
    };
    let report = resolver.resolve(&parsed.report);
    let mut errors = resolver.errors.into_inner();
    match report {
        Some(report) if errors.is_empty() => Ok(report),
        _ => {
            in_file_order(&mut errors);
            Err(errors)
        }
    }
}

struct Resolver<'a> {
    parsed: &'a Parsed<'a>,
    errors: RefCell<Vec<InputError>>,
    places: RefCell<KeyPlaces>,
}

impl Resolver<'_> {
    fn error(&self, key: &str, kind: InputErrorKind) -> InputError {
        InputError::new(&self.parsed.file, kind)
            .at(self.parsed.places.of_key(key))
            .with_key(Some(key.to_string()))
    }

    /// Records an error; resolving goes on.
    fn fail(&self, key: &str, kind: InputErrorKind) {
        let error = self.error(key, kind);
        self.errors.borrow_mut().push(error);
    }

    /// Remembers where `key` was written, for findings about it.
    fn remember(&self, key: &str) {
        if let Some(place) = self.parsed.places.of_key(key) {
            self.places.borrow_mut().keys.insert(key.to_string(), place);
        }
    }

    fn resolve(&self, raw: &RawReport) -> Option<Report> {
        let template_id = raw.template.as_deref().unwrap_or(DEFAULT_TEMPLATE);
        let template = match Template::built_in(template_id) {
            Ok(t) => Arc::new(t),
            Err(e) => {
                self.fail("template", InputErrorKind::Template(e));
                return None;
            }
        };
        let meta = self.meta(raw, &template);
        let (figures, omitted) = self.figures(raw, &template);
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
                    self.fail(
                        "template",
                        InputErrorKind::SectionNotInContract(other.to_string()),
                    );
                    continue;
                }
            };
            self.remember(&def.key);
            let prose = self.prose(
                &def.key,
                &raw_prose.text,
                &raw_prose.parts,
                1,
                &figures,
                &template,
            );
            sections.push(Section {
                key: def.key.clone(),
                heading: def.heading.clone(),
                prose,
            });
        }
        Some(Report {
            file: self.parsed.file.clone(),
            template,
            meta,
            sections,
            figures,
            omitted,
            places: self.places.take(),
        })
    }

    fn meta(&self, raw: &RawReport, template: &Template) -> Meta {
        let r = &raw.report;
        // Only keys the file wrote have a place: a reader's places answer
        // for a missing key with the nearest one above it.
        self.remember("report.agency");
        self.remember("report.year");
        if r.title.is_some() {
            self.remember("report.title");
        }
        if r.date.is_some() {
            self.remember("report.date");
        }
        let agency = self.line_text("report.agency", &r.agency);
        if agency.is_empty() {
            self.fail("report.agency", InputErrorKind::EmptyAgency);
        }
        let year = match u16::try_from(r.year.0)
            .ok()
            .filter(|y| (1949..=2999).contains(y))
        {
            Some(year) => {
                let now = crate::date::current_year();
                if u32::from(year) > u32::from(now) + 1 {
                    self.fail("report.year", InputErrorKind::YearInFuture { year, now });
                }
                year
            }
            None => {
                self.fail("report.year", InputErrorKind::YearOutOfRange(r.year.0));
                2000
            }
        };
        let title = match &r.title {
            Some(t) => self.line_text("report.title", t),
            None => template
                .title
                .replace("{agency}", &agency)
                .replace("{year}", &year.to_string()),
        };
        if title.is_empty() {
            self.fail("report.title", InputErrorKind::EmptyTitle);
        }
        let signature = r.signature.as_deref().and_then(|s| {
            self.remember("report.signature");
            Some(self.line_text("report.signature", s)).filter(|s| !s.is_empty())
        });
        let date = r.date.as_ref().and_then(|d| {
            parse_date(&d.0)
                .map_err(|kind| self.fail("report.date", kind))
                .ok()
        });
        Meta {
            agency,
            year,
            title,
            signature,
            date,
        }
    }

    /// A one-line text (agency, title): trimmed, no control characters.
    fn line_text(&self, key: &str, text: &str) -> String {
        let t = text.trim();
        if let Some(c) = t.chars().find(|c| c.is_control()) {
            self.fail(key, InputErrorKind::ControlCharacter(c));
        }
        if t.chars().count() > limits::MAX_LINE_CHARS {
            self.fail(key, InputErrorKind::LineTooLong(limits::MAX_LINE_CHARS));
        }
        t.to_string()
    }

    fn figures(&self, raw: &RawReport, template: &Template) -> (Figures, BTreeSet<String>) {
        let mut figures = BTreeMap::new();
        let mut omitted = BTreeSet::new();
        let mut seen = Vec::new();
        for (key, raw_fig) in raw.figures() {
            let Some(def) = template.figures.get(key) else {
                self.fail(key, InputErrorKind::FigureNotInTemplate);
                continue;
            };
            seen.push(key);
            let fig = match raw_fig {
                RawFigure::Count(c) => {
                    if c.is_none() {
                        omitted.insert(key.to_string());
                    } else {
                        self.remember(key);
                    }
                    Figure::Count(c.map_or(0, |c| c.0))
                }
                RawFigure::Fee(f) => {
                    if def.kind != FigureKind::Decimal {
                        self.fail(key, InputErrorKind::NotADecimal);
                    }
                    if f.is_none() {
                        omitted.insert(key.to_string());
                    } else {
                        self.remember(key);
                    }
                    Figure::Decimal(f.cloned().unwrap_or_default())
                }
                RawFigure::Row(row) => {
                    let values = row.map(|r| r.iter().map(|c| c.0).collect::<Vec<_>>());
                    match &values {
                        None => {
                            omitted.insert(key.to_string());
                        }
                        Some(values) => {
                            self.remember(key);
                            for i in 0..values.len() {
                                self.remember(&format!("{key}[{i}]"));
                            }
                        }
                    }
                    Figure::Row(self.row(key, values, template))
                }
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
            match stock {
                None => {
                    omitted.insert(key.to_string());
                }
                Some(_) => {
                    self.remember(key);
                    for column in ["issued", "repealed", "in_force"] {
                        self.remember(&format!("{key}.{column}"));
                    }
                }
            }
            figures.insert(
                key.to_string(),
                Figure::Row(self.row(key, values, template)),
            );
        }
        if let Some(missing) = template
            .figures
            .keys()
            .find(|k| !seen.contains(&k.as_str()))
        {
            self.fail(
                "template",
                InputErrorKind::FigureNotInContract(missing.clone()),
            );
        }
        let mut figures = Figures(figures);
        self.compute_omitted_totals(&mut figures, template);
        (figures, omitted)
    }

    /// A row as written, its total computed when left out. A row that
    /// cannot be used is an error and reads as zeros, so that resolving
    /// goes on to the rest of the file.
    fn row(&self, key: &str, values: Option<Vec<u64>>, template: &Template) -> Row {
        let Some(set) = template.columns_of(key) else {
            self.fail(key, InputErrorKind::NotARow);
            return Row {
                values: Vec::new(),
                origin: Origin::Omitted,
                parts_sum: None,
            };
        };
        let parts = set.parts();
        let zeros = || Row {
            values: vec![0; set.labels.len()],
            origin: Origin::Omitted,
            parts_sum: set.has_total.then_some(0),
        };
        let Some(mut values) = values else {
            return zeros();
        };
        let fits = if set.has_total {
            values.len() == parts || values.len() == parts + 1
        } else {
            values.len() == parts
        };
        if !fits {
            self.fail(
                key,
                InputErrorKind::RowLength {
                    columns: set.labels[..parts].to_vec(),
                    total: set.has_total.then(|| set.labels[parts].clone()),
                    given: values.len(),
                },
            );
            return zeros();
        }
        if !set.has_total {
            return Row {
                values,
                origin: Origin::Given,
                parts_sum: None,
            };
        }
        let Some(sum) = checked_sum(values[..parts].iter().copied()) else {
            self.fail(key, InputErrorKind::RowTotalOverflow);
            return zeros();
        };
        let origin = if values.len() == parts {
            values.push(sum);
            Origin::TotalComputed
        } else {
            Origin::Given
        };
        Row {
            values,
            origin,
            parts_sum: Some(sum),
        }
    }

    /// A `columns` rule whose right side is a single row the user left out
    /// defines that row: (七)总计 is computed from the result rows.
    fn compute_omitted_totals(&self, figures: &mut Figures, template: &Template) {
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
            let mut overflow = None;
            for term in left {
                for member in template.term_members(term) {
                    let Some(row) = figures.row(member) else {
                        continue;
                    };
                    for (acc, v) in values.iter_mut().zip(&row.values) {
                        match acc.checked_add(*v) {
                            Some(sum) => *acc = sum,
                            None => overflow = overflow.or(Some(member)),
                        }
                    }
                }
            }
            if let Some(member) = overflow {
                self.fail(
                    member,
                    InputErrorKind::ComputedTotalOverflow(target.clone()),
                );
                continue;
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
    }

    /// The prose at `key` (`overview`, `overview.parts[1]`): its text's
    /// paragraphs and its numbered parts.
    fn prose(
        &self,
        key: &str,
        text: &str,
        parts: &[RawPart],
        depth: usize,
        figures: &Figures,
        template: &Template,
    ) -> Prose {
        let text_key = format!("{key}.text");
        self.remember(&text_key);
        let (filled, problems) =
            fill_placeholders(text, |path| figures.text(&template.figure_path(path)?));
        for problem in problems {
            let (written, kind) = match problem {
                PlaceholderError::Unknown(path) => (
                    format!("{{{{{path}}}}}"),
                    InputErrorKind::UnknownPlaceholder(path),
                ),
                PlaceholderError::Unclosed(after) => (
                    format!("{{{{{after}"),
                    InputErrorKind::UnclosedPlaceholder(after),
                ),
            };
            let error = InputError::new(&self.parsed.file, kind)
                .at(self.parsed.places.of_text(&text_key, &written))
                .with_key(Some(text_key.clone()));
            self.errors.borrow_mut().push(error);
        }
        let paragraphs = prose::split_paragraphs(&filled);
        // Where each paragraph starts in the file: its first characters as
        // written, before any placeholder was filled.
        let written = prose::split_paragraphs(text);
        let mut places = Vec::new();
        for (i, p) in paragraphs.iter().enumerate() {
            let start: String = written
                .get(i)
                .map(|w| w.split("{{").next().unwrap_or(w).chars().take(12).collect())
                .unwrap_or_default();
            let place = (!start.is_empty())
                .then(|| self.parsed.places.of_text(&text_key, &start))
                .flatten();
            places.push(place);
            if let Some(c) = p.chars().find(|c| c.is_control()) {
                self.fail(&text_key, InputErrorKind::ControlCharacterInText(c));
            }
            let n = p.chars().count();
            if n > limits::MAX_PARAGRAPH_CHARS {
                self.fail(
                    &text_key,
                    InputErrorKind::ParagraphTooLong {
                        chars: n,
                        limit: limits::MAX_PARAGRAPH_CHARS,
                    },
                );
            }
        }
        self.places
            .borrow_mut()
            .paragraphs
            .insert(text_key.clone(), places);
        if !parts.is_empty() && depth > limits::MAX_PART_DEPTH {
            self.fail(
                &format!("{key}.parts"),
                InputErrorKind::PartsTooDeep(limits::MAX_PART_DEPTH),
            );
            return Prose {
                paragraphs,
                parts: Vec::new(),
            };
        }
        let mut out = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_key = format!("{key}.parts[{i}]");
            let heading_key = format!("{part_key}.heading");
            self.remember(&part_key);
            self.remember(&heading_key);
            let written = self.line_text(&heading_key, &part.heading);
            // A clerk who typed （一） before the heading gets it once, not
            // twice; the check warns about it.
            let (numbering, heading) = split_numbering(&written);
            if heading.is_empty() {
                self.fail(&heading_key, InputErrorKind::EmptyHeading);
            }
            let prose = self.prose(
                &part_key,
                &part.text,
                &part.parts,
                depth + 1,
                figures,
                template,
            );
            out.push(Part {
                heading: heading.to_string(),
                numbering: numbering.map(str::to_string),
                prose,
            });
        }
        Prose {
            paragraphs,
            parts: out,
        }
    }
}

fn checked_sum(values: impl Iterator<Item = u64>) -> Option<u64> {
    values.into_iter().try_fold(0u64, |a, v| a.checked_add(v))
}

/// `2023-01-18`, or as it is printed, `2023年1月18日`: a real calendar
/// date.
fn parse_date(text: &str) -> Result<Date, InputErrorKind> {
    let bad = || InputErrorKind::DateFormat(text.to_string());
    let t = text.trim();
    let fields: Vec<&str> = match t.strip_suffix('日') {
        Some(printed) => printed.split(['年', '月']).collect(),
        None => t.split('-').collect(),
    };
    let [y, m, d] = fields.as_slice() else {
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
    fn dates_are_real_calendar_dates_written_either_way() {
        assert_eq!(
            parse_date("2023-01-18").unwrap().to_chinese(),
            "2023年1月18日"
        );
        assert_eq!(
            parse_date("2026年1月20日").unwrap(),
            parse_date("2026-01-20").unwrap()
        );
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023/01/18").is_err());
        assert!(parse_date("2023-13-01").is_err());
        assert!(parse_date("2023年13月1日").is_err());
        assert!(parse_date("2023年1月").is_err());
    }
}
