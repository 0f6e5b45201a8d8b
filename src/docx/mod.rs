//! DOCX writer: an editable, schema-valid GB/T 9704 official-format Word file.
//!
//! The package is a small fixed set of parts written directly with quick-xml
//! and zipped with deflate. docx-rs 0.4, when measured, broke ECMA-376
//! element order hundreds of times (an empty document 13 times) and lacked
//! `tblHeader` and core-property setters, so the parts are ours: each part
//! module writes one part, in the element order the schema requires, with
//! `wml` (paragraphs and runs), `page` (the GB/T 9704 page in Word's units),
//! `title` (where the title breaks) and `xml` beneath them.
//!
//! The writer only walks the [`Document`] tree; it never sees the PDF's
//! layout. Word does the line breaking and pagination; we give it the page,
//! the grid, the named styles, the real table merges and the odd/even
//! footers.
//!
//! Text policy: user text is escaped by quick-xml (`< > & " '`). A tab
//! becomes `<w:tab/>`, a line feed (or CR LF, or a lone CR) a `<w:br/>`; any
//! other control character (Unicode category Cc, which XML 1.0 either
//! forbids or discourages and Word refuses) is rejected with
//! [`DocxError::ControlCharacter`] naming where it is and the text, because
//! silently dropping characters from an official document would change it
//! without anyone noticing.
//!
//! Known limits:
//! - Word draws a vertically merged label only above a page break; merges of
//!   up to 10 rows are kept on one page, taller ones (T3's 22-row
//!   三、本年度办理结果) can still show an empty cell on the next page.
//! - 28 characters a line come from a line-only grid and condensed body
//!   spacing ([`page`] says why not Word's character grid, which LibreOffice
//!   sets at 14 a line). LibreOffice then breaks the body's lines where the
//!   PDF does, with two exceptions of its own: it adds space between Chinese
//!   and digits or Latin (its import drops `autoSpaceDE`/`autoSpaceDN`), so
//!   a line with many numbers may end a word earlier; and it does not hang a
//!   closing mark past the margin (see `styles`: where it does, LibreOffice
//!   7.4 may not draw the mark), so where the PDF hangs one it moves the
//!   mark down with a character. The seed in LibreOffice: 23 of 28 full
//!   lines of Chinese hold 28 characters (82 %, the PDF's 25 of 27 is 93 %);
//!   of the five others two break as the PDF does (before a number, before
//!   an opening mark), two lost a character to an unhung mark and one moved
//!   down behind them. Word itself could not be run here; what it does is
//!   read from ECMA-376.

#![warn(missing_docs)]

mod content_types;
mod document;
mod font_table;
mod header_footer;
mod package;
mod page;
mod props;
mod rels;
mod settings;
mod styles;
mod table;
mod theme;
mod title;
mod wml;
// Shared with the OFD writer; `super::xml` keeps working in the part modules.
use crate::xml;

use crate::doc::{Block, Date, Document, TableGridError};

/// What a caller may choose; everything GB/T 9704 fixes is not an option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxOptions {
    /// Written as `Application` in docProps/app.xml.
    pub application: String,
}

impl Default for DocxOptions {
    fn default() -> Self {
        DocxOptions {
            application: concat!("gongwen ", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

/// Why a document could not be written. Everything but `Xml` and `Zip` is
/// found before any part is written, and names the place in the document.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// User text holds a control character other than tab, LF or CR.
    #[error(
        "{location} contains the control character U+{code:04X}, which a Word document \
         cannot hold; remove it from the input: {text:?}"
    )]
    ControlCharacter {
        /// Where: "block 12 (paragraph)", "table 2, cell at row 4 column 1".
        location: String,
        /// The offending code point.
        code: u32,
        /// The whole text, so the user can find it in the input.
        text: String,
    },
    /// A table's cells overlap, leave a slot uncovered, leave the grid, or
    /// its widths do not match its columns. `table` counts from 1.
    #[error("table {table}: {problem}")]
    InvalidTable {
        /// The table's number in the document, from 1.
        table: usize,
        /// What is wrong, naming rows and columns from 1.
        #[source]
        problem: TableGridError,
    },
    /// A table larger than Word opens (63 columns) or than we write.
    #[error(
        "table {table}: {columns} columns × {rows} rows; Word opens tables of at most \
         {max_columns} columns, and at most {max_rows} rows are written"
    )]
    TableTooLarge {
        /// The table's number in the document, from 1.
        table: usize,
        /// Its columns.
        columns: usize,
        /// Its rows.
        rows: usize,
        /// The most columns Word opens.
        max_columns: usize,
        /// The most rows written.
        max_rows: usize,
    },
    /// A table whose relative column widths add up to zero, so they cannot
    /// be scaled to the text block.
    #[error("table {table}: the column widths add up to zero")]
    ZeroWidths {
        /// The table's number in the document, from 1.
        table: usize,
    },
    /// Only the four GB/T 9704 heading levels have styles.
    #[error("heading {text:?} has level {level}; levels 1 to 4 exist (一、 （一） 1. （1）)")]
    InvalidHeadingLevel {
        /// The level given.
        level: u8,
        /// The heading as printed.
        text: String,
    },
    /// A date that no calendar has (2023-02-29), which the core properties
    /// could not hold.
    #[error("{location}: {year}-{month}-{day} is not a calendar date")]
    InvalidDate {
        /// Which date: the document date or the signature date.
        location: &'static str,
        /// The date as given.
        year: u16,
        /// The date as given.
        month: u8,
        /// The date as given.
        day: u8,
    },
    /// Writing a part into memory failed (not expected in practice).
    #[error("writing the XML of {part}: {source}")]
    Xml {
        /// The part's name in the package.
        part: &'static str,
        /// The writer's error.
        source: std::io::Error,
    },
    /// The zip library refused an entry (not expected in practice).
    #[error("writing the zip package: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Writes `doc` as a .docx file and returns its bytes. The same document and
/// options always give byte-identical output (no wall clock anywhere).
pub fn write_docx(doc: &Document, options: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    check_options(options)?;
    check_document(doc)?;
    let parts = package::Parts {
        content_types: finish("[Content_Types].xml", content_types::write(doc.draft))?,
        root_rels: finish("_rels/.rels", rels::write_root())?,
        core: finish("docProps/core.xml", props::write_core(&doc.meta))?,
        app: finish("docProps/app.xml", props::write_app(options))?,
        document: finish("word/document.xml", document::write(doc)?)?,
        document_rels: finish(
            "word/_rels/document.xml.rels",
            rels::write_document(doc.draft),
        )?,
        styles: finish("word/styles.xml", styles::write())?,
        settings: finish("word/settings.xml", settings::write())?,
        font_table: finish("word/fontTable.xml", font_table::write())?,
        footer_odd: finish("word/footer1.xml", header_footer::footer(true))?,
        footer_even: finish("word/footer2.xml", header_footer::footer(false))?,
        header_draft: if doc.draft {
            Some(finish("word/header1.xml", header_footer::draft_header())?)
        } else {
            None
        },
        theme: theme::THEME.as_bytes(),
    };
    package::zip(&parts, doc.meta.stamp)
}

fn finish(part: &'static str, xml: xml::Xml) -> Result<Vec<u8>, DocxError> {
    xml.finish()
        .map_err(|source| DocxError::Xml { part, source })
}

fn check_options(options: &DocxOptions) -> Result<(), DocxError> {
    check_text("option application", &options.application)
}

/// Everything that could make the package invalid is refused here, before a
/// byte is written, so the part writers only ever see clean input.
fn check_document(doc: &Document) -> Result<(), DocxError> {
    check_text("the document title property", &doc.meta.title)?;
    check_text("the author property", &doc.meta.author)?;
    check_text("the language property", &doc.meta.language)?;
    if let Some(stamp) = doc.meta.stamp {
        check_date("the document date", stamp.date())?;
    }
    check_text("the title", &doc.title)?;
    let mut table_no = 0;
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                if !(1..=4).contains(&h.level) {
                    return Err(DocxError::InvalidHeadingLevel {
                        level: h.level,
                        text: h.full_text(),
                    });
                }
                check_text(&format!("block {} (heading)", i + 1), &h.number)?;
                check_text(&format!("block {} (heading)", i + 1), &h.text)?;
            }
            Block::Paragraph(p) => check_text(&format!("block {} (paragraph)", i + 1), &p.text)?,
            Block::Table(t) => {
                table_no += 1;
                table::TableLayout::new(t, table_no)?;
                for cell in &t.cells {
                    check_text(
                        &format!(
                            "table {table_no}, cell at row {} column {}",
                            cell.row + 1,
                            cell.col + 1
                        ),
                        &cell.text,
                    )?;
                }
            }
        }
    }
    if let Some(sig) = &doc.signature {
        check_text("the signature", &sig.agency)?;
        if let Some(date) = sig.date {
            check_date("the signature date", date)?;
        }
    }
    Ok(())
}

fn check_text(location: &str, text: &str) -> Result<(), DocxError> {
    match text
        .chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        Some(c) => Err(DocxError::ControlCharacter {
            location: location.to_string(),
            code: c as u32,
            text: text.to_string(),
        }),
        None => Ok(()),
    }
}

fn check_date(location: &'static str, date: Date) -> Result<(), DocxError> {
    // Word shows no year 0; the calendar itself is `Date::new`'s to know.
    if date.year == 0 || Date::new(date.year, date.month, date.day).is_err() {
        return Err(DocxError::InvalidDate {
            location,
            year: date.year,
            month: date.month,
            day: date.day,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_with_their_place() {
        let err = check_text("block 3 (paragraph)", "a\u{7}b").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("block 3 (paragraph)"), "{msg}");
        assert!(msg.contains("U+0007"), "{msg}");
        assert!(check_text("x", "tab\tline\nfeed\r\n").is_ok());
    }

    #[test]
    fn heading_levels_outside_one_to_four_are_refused() {
        let doc = Document {
            meta: crate::doc::Metadata {
                title: "t".into(),
                author: "a".into(),
                language: "zh-CN".into(),
                stamp: None,
            },
            title: "t".into(),
            blocks: vec![Block::Heading(crate::doc::Heading {
                level: 5,
                number: "①".into(),
                text: "五级".into(),
            })],
            signature: None,
            draft: false,
        };
        let err = write_docx(&doc, &DocxOptions::default()).unwrap_err();
        assert!(
            matches!(err, DocxError::InvalidHeadingLevel { level: 5, .. }),
            "{err}"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        let bad = Date {
            year: 2023,
            month: 2,
            day: 29,
        };
        assert!(check_date("d", bad).is_err());
        let good = Date {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert!(check_date("d", good).is_ok());
    }
}
