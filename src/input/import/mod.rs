//! Reading a report from a document people already have: a Word/WPS file
//! (DOCX) or a report page as a portal publishes it (HTML), into the same
//! contract tree ([`RawReport`]) the TOML reader yields, so the model, every
//! check and both writers work on it unchanged.
//!
//! Nothing here knows whether the blocks came from Word or a web page. The
//! prose is read by its headings ([`prose`]), the tables by their printed
//! labels ([`tables`], with the labels and their variants from the
//! template through [`catalogue`]), the numbers by what a reader would
//! accept as a number ([`numbers`]). Whatever cannot be placed becomes an
//! [`ImportNote`] with its place; nothing is dropped without one.

pub(crate) mod catalogue;
pub mod contract;
mod numbers;
mod prose;
mod tables;
mod text;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::document::Block;
use super::error::{InputError, InputErrorKind};
pub use super::note::{ImportNote, NoteKind, NoteSeverity};
use super::place::{Place, Places};
use super::raw::{RawMeta, RawReport, RawStock};
use super::reader::Parsed;
use super::values::{Count, DateText, Fee};
use crate::template::{Template, DEFAULT_TEMPLATE};

use catalogue::{Catalogue, Shape};
use tables::Value;

/// What the caller knows or wants that the document does not say.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// 发文机关, when the title does not give it (or gives it wrongly).
    pub agency: Option<String>,
    /// 报告年度, likewise.
    pub year: Option<u16>,
    /// Blank and dash cells are errors instead of zeros.
    pub strict: bool,
    /// An old binary `.doc`/`.wps` is converted with LibreOffice instead of
    /// refused.
    pub convert: bool,
}

/// Which reader a document went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A Word/WPS/LibreOffice document.
    Docx,
    /// A web page.
    Html,
}

/// Collects notes in the order they are made.
#[derive(Debug, Default)]
pub(crate) struct Notes(Vec<ImportNote>);

impl Notes {
    fn add(
        &mut self,
        severity: NoteSeverity,
        kind: NoteKind,
        place: Option<Place>,
        message: impl Into<String>,
    ) {
        self.0.push(ImportNote {
            severity,
            kind,
            place,
            message: message.into(),
            subject: None,
        });
    }

    /// A note about one figure's row.
    fn add_about(
        &mut self,
        subject: &str,
        severity: NoteSeverity,
        kind: NoteKind,
        place: Option<Place>,
        message: impl Into<String>,
    ) {
        self.add(severity, kind, place, message);
        if let Some(last) = self.0.last_mut() {
            last.subject = Some(subject.to_string());
        }
    }
}

/// The notes as lines for people: each as it is, except cells read as 0,
/// which are listed a table at a time (`第 2 张表有 12 个单元格为空或“—”，
/// 按 0 计：第 4 行第 9 列，第 5 行第 5–9 列…`), so a portal page that
/// prints zeros blank gives a line a table, not one a cell. Every cell is
/// still named; each note keeps its own row label for those who want it
/// (the JSON output, the notes themselves).
pub fn summarize(notes: &[ImportNote]) -> Vec<(NoteSeverity, String)> {
    let blank_cell = |n: &ImportNote| match n.place {
        Some(Place::Cell { table, row, column })
            if n.kind == NoteKind::BlankCell && n.severity == NoteSeverity::Info =>
        {
            Some((table, row, column))
        }
        _ => None,
    };
    let mut out: Vec<(NoteSeverity, String)> = Vec::new();
    let mut tables: BTreeMap<usize, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    let mut first_line: BTreeMap<usize, usize> = BTreeMap::new();
    for note in notes {
        match blank_cell(note) {
            Some((table, row, column)) => {
                first_line.entry(table).or_insert(out.len());
                tables
                    .entry(table)
                    .or_default()
                    .entry(row)
                    .or_default()
                    .push(column);
            }
            None => out.push((note.severity, note.text())),
        }
    }
    // Each table's line where its first blank cell was noted.
    for (table, rows) in tables.into_iter().rev() {
        let count: usize = rows.values().map(Vec::len).sum();
        let cells: Vec<String> = rows
            .into_iter()
            .map(|(row, mut columns)| {
                columns.sort_unstable();
                columns.dedup();
                format!("第 {row} 行第 {} 列", column_ranges(&columns))
            })
            .collect();
        let at = first_line.get(&table).copied().unwrap_or(out.len());
        out.insert(
            at,
            (
                NoteSeverity::Info,
                format!(
                    "第 {table} 张表有 {count} 个单元格为空或“—”，按 0 计：{}",
                    cells.join("，")
                ),
            ),
        );
    }
    out
}

/// `[4, 5, 6, 8]` → `4–6、8`.
fn column_ranges(columns: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < columns.len() {
        let start = columns[k];
        let mut end = start;
        while k + 1 < columns.len() && columns[k + 1] == end + 1 {
            k += 1;
            end = columns[k];
        }
        parts.push(if end > start {
            format!("{start}–{end}")
        } else {
            start.to_string()
        });
        k += 1;
    }
    parts.join("、")
}

/// Where each key of an imported report was read: the section's first
/// paragraph, a figure's row. A key not found is placed at its nearest
/// known parent.
#[derive(Debug, Clone, Default)]
pub struct ImportPlaces {
    keys: BTreeMap<String, Place>,
    /// Each text key's paragraphs, in order: the text as the report holds
    /// it and the document paragraph it was read from.
    paragraphs: BTreeMap<String, Vec<(String, usize)>>,
}

impl ImportPlaces {
    /// A place recorded for exactly `key`: a text's first paragraph before
    /// its section's heading.
    fn at(&self, key: &str) -> Option<Place> {
        match self.paragraphs.get(key).and_then(|p| p.first()) {
            Some((_, index)) => Some(Place::Paragraph { index: *index }),
            None => self.keys.get(key).copied(),
        }
    }
}

impl Places for ImportPlaces {
    fn of_key(&self, key: &str) -> Option<Place> {
        let mut k = key;
        loop {
            if let Some(place) = self.at(k).or_else(|| self.at(&format!("{k}.text"))) {
                return Some(place);
            }
            // Up one level: `parts[1].text` → `parts[1]` → `parts`.
            k = &k[..k.rfind(['.', '['])?];
        }
    }

    /// A paragraph of a text key by its first characters (imported prose
    /// holds no placeholders: a literal `{{` was made full-width), so a
    /// finding about a text's second paragraph points at the document's
    /// paragraph it came from, not the section's heading.
    fn of_text(&self, key: &str, text: &str) -> Option<Place> {
        let found = self.paragraphs.get(key).and_then(|paragraphs| {
            paragraphs
                .iter()
                .find(|(paragraph, _)| !text.is_empty() && paragraph.starts_with(text))
        });
        match found {
            Some((_, index)) => Some(Place::Paragraph { index: *index }),
            None => self.of_key(key),
        }
    }
}

/// Reads a document's blocks as a report. Fails when an error note was
/// made (a table missing, no agency or year, a blank cell under `strict`);
/// the error lists every error note with its place.
pub(crate) fn map_report(
    file: &Path,
    blocks: &[Block],
    source: Source,
    page_title: Option<&str>,
    remarks: Vec<ImportNote>,
    options: &ReadOptions,
) -> Result<Parsed<'static>, InputError> {
    let template = Template::built_in(DEFAULT_TEMPLATE)
        .map_err(|e| InputError::new(file, InputErrorKind::Template(e)))?;
    let catalogue = Catalogue::new(&template);
    let mut notes = Notes(remarks);
    let prose = prose::read_prose(blocks, &template, source, page_title, options, &mut notes);
    let found = tables::read_tables(blocks, &catalogue, options.strict, &mut notes);

    let agency = options.agency.clone().or(prose.agency.clone());
    let year = options.year.or(prose.year);
    if agency.is_none() {
        notes.add(
            NoteSeverity::Error,
            NoteKind::Other,
            None,
            "未找到发文机关：标题中没有，请用 gongwen import 的 --agency 指定",
        );
    }
    if year.is_none() {
        notes.add(
            NoteSeverity::Error,
            NoteKind::Other,
            None,
            "未找到报告年度：标题中没有，请用 gongwen import 的 --year 指定",
        );
    }
    let errors: Vec<String> = notes
        .0
        .iter()
        .filter(|n| n.severity == NoteSeverity::Error)
        .map(ImportNote::text)
        .collect();
    if !errors.is_empty() {
        return Err(InputError::new(file, InputErrorKind::Unplaceable(errors)));
    }

    let mut report = RawReport {
        template: None,
        report: RawMeta {
            agency: agency.unwrap_or_default(),
            year: Count(u64::from(year.unwrap_or_default())),
            title: prose.title.clone(),
            signature: prose.signature.clone(),
            date: prose.date.clone().map(DateText),
        },
        overview: Default::default(),
        proactive: Default::default(),
        applications: Default::default(),
        appeals: Default::default(),
        problems: Default::default(),
        other: Default::default(),
    };
    prose.fill(&template, &mut report);
    fill_figures(&found, &catalogue, &mut report);

    let mut places = ImportPlaces::default();
    for (def, (_, start)) in template.sections.iter().zip(&prose.sections) {
        if let Some(index) = start {
            places.keys.insert(
                format!("{}.text", def.key),
                Place::Paragraph { index: *index },
            );
        }
    }
    // Finer than the section: each part's heading, and each paragraph of
    // each text.
    for (def, placed) in template.sections.iter().zip(&prose.placed) {
        for p in placed {
            let key = format!("{}.{}", def.key, p.key);
            if p.text.is_empty() {
                places
                    .keys
                    .insert(key, Place::Paragraph { index: p.paragraph });
            } else {
                let paragraphs = places.paragraphs.entry(key).or_default();
                paragraphs.push((p.text.clone(), p.paragraph));
            }
        }
    }
    for (key, (place, _)) in &found {
        places.keys.insert(key.clone(), *place);
    }
    Ok(Parsed {
        file: file.to_path_buf(),
        report,
        places: Box::new(places),
        notes: notes.0,
    })
}

/// Writes the figures into the contract's tree. A row not found stays
/// absent, which the contract reads as zeros (a note says so).
fn fill_figures(found: &tables::Found, catalogue: &Catalogue, report: &mut RawReport) {
    let counts = |k: &str| match found.get(k) {
        Some((_, Value::Counts(v))) => Some(v.iter().map(|n| Count(*n)).collect::<Vec<_>>()),
        _ => None,
    };
    let single = |k: &str| counts(k).and_then(|v| v.first().copied());
    // The stock rows are a table of named columns in the contract.
    let stock = |k: &str| {
        let set = catalogue
            .rows
            .iter()
            .find(|r| r.key == k)
            .and_then(|r| match r.shape {
                Shape::Row(_, set) => Some(set),
                _ => None,
            })?;
        let values = counts(k)?;
        let column = |name: &str| set.index_of(name).and_then(|i| values.get(i).copied());
        Some(RawStock {
            issued: column("issued"),
            repealed: column("repealed"),
            in_force: column("in_force"),
        })
    };
    let p = &mut report.proactive;
    p.rules = stock("proactive.rules");
    p.normative_documents = stock("proactive.normative_documents");
    p.licensing = single("proactive.licensing");
    p.penalty = single("proactive.penalty");
    p.enforcement = single("proactive.enforcement");
    p.fees = match found.get("proactive.fees") {
        Some((_, Value::Fee(f))) => Fee::parse(f).ok(),
        _ => None,
    };
    let a = &mut report.applications;
    a.new = counts("applications.new");
    a.carried_in = counts("applications.carried_in");
    a.carried_out = counts("applications.carried_out");
    let r = &mut a.results;
    r.disclosed = counts("applications.results.disclosed");
    r.partly_disclosed = counts("applications.results.partly_disclosed");
    r.total = counts("applications.results.total");
    let w = &mut r.withheld;
    w.state_secret = counts("applications.results.withheld.state_secret");
    w.prohibited_by_law = counts("applications.results.withheld.prohibited_by_law");
    w.security_stability = counts("applications.results.withheld.security_stability");
    w.third_party = counts("applications.results.withheld.third_party");
    w.internal_affairs = counts("applications.results.withheld.internal_affairs");
    w.process_info = counts("applications.results.withheld.process_info");
    w.enforcement_files = counts("applications.results.withheld.enforcement_files");
    w.query_matters = counts("applications.results.withheld.query_matters");
    let u = &mut r.unable;
    u.not_held = counts("applications.results.unable.not_held");
    u.needs_creation = counts("applications.results.unable.needs_creation");
    u.still_unclear = counts("applications.results.unable.still_unclear");
    let n = &mut r.not_processed;
    n.petition = counts("applications.results.not_processed.petition");
    n.duplicate = counts("applications.results.not_processed.duplicate");
    n.publication = counts("applications.results.not_processed.publication");
    n.mass_repeated = counts("applications.results.not_processed.mass_repeated");
    n.confirm_or_reissue = counts("applications.results.not_processed.confirm_or_reissue");
    let o = &mut r.other;
    o.no_correction = counts("applications.results.other.no_correction");
    o.fee_unpaid = counts("applications.results.other.fee_unpaid");
    o.other = counts("applications.results.other.other");
    let ap = &mut report.appeals;
    ap.review = counts("appeals.review");
    ap.suit_direct = counts("appeals.suit_direct");
    ap.suit_after_review = counts("appeals.suit_after_review");
}

/// Reads a DOCX's bytes as a report; `remarks` are notes made before (a
/// conversion).
pub(crate) fn read_docx(
    file: &Path,
    bytes: &[u8],
    remarks: Vec<ImportNote>,
    options: &ReadOptions,
) -> Result<Parsed<'static>, InputError> {
    let blocks = super::docx::read_docx(file, bytes)?;
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        return Err(InputError::new(file, InputErrorKind::NoTables));
    }
    map_report(file, &blocks, Source::Docx, None, remarks, options)
}

/// Reads a web page's bytes as a report.
pub(crate) fn read_html(
    file: &Path,
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Parsed<'static>, InputError> {
    let page = super::html::read_html(file, bytes)?;
    let remarks = page
        .encoding_note
        .into_iter()
        .map(|message| ImportNote {
            severity: NoteSeverity::Info,
            kind: NoteKind::Other,
            place: None,
            message,
            subject: None,
        })
        .collect();
    map_report(
        file,
        &page.blocks,
        Source::Html,
        page.title.as_deref(),
        remarks,
        options,
    )
}
