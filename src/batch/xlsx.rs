//! The reviewing office's workbook (`gongwen check --format xlsx`): the
//! report sheet and the findings sheet of [`super::sheet`], each with a
//! frozen, filterable header row, columns wide enough for Chinese text,
//! and failed reports' cells filled red (warnings yellow), written with
//! `rust_xlsxwriter`.
//!
//! The same run gives the same bytes: the workbook's creation date is the
//! instant `SOURCE_DATE_EPOCH` names, or else a fixed one, never the clock,
//! and the package's own timestamps are fixed by the writer.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::sheet::{self, CellValue, Mark, Table};
use super::FileResult;

/// Why a workbook could not be made.
#[derive(Debug, thiserror::Error)]
#[error("无法生成工作簿：{0}")]
pub struct WorkbookError(#[from] XlsxError);

/// Widest column, in character widths; longer text wraps inside it.
const MAX_WIDTH: usize = 60;
/// Narrowest column, so a header and a filter button fit.
const MIN_WIDTH: usize = 6;
/// The height of one line of text, in points (Excel's default row).
const LINE_HEIGHT: f64 = 15.0;
/// Largest count a spreadsheet's double holds exactly (2^53).
const EXACT_LIMIT: u128 = 1 << 53;

/// The workbook of a check run: the report sheet, then the findings sheet;
/// `created` is `SOURCE_DATE_EPOCH` ([`crate::date::source_date_epoch`]).
pub fn workbook(
    results: &[FileResult],
    created: Option<crate::date::Instant>,
) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    // rust_xlsxwriter always writes a creation date and would take the
    // clock; without SOURCE_DATE_EPOCH it gets 1980-01-01 00:00, the zero
    // the DOCX and OFD zip entries carry, so the same run gives the same
    // bytes and no day is claimed.
    let created = match created {
        Some(i) => ExcelDateTime::from_ymd(i.date.year, i.date.month, i.date.day)?.and_hms(
            u16::from(i.hour),
            i.minute,
            i.second,
        )?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    book.set_properties(
        &DocProperties::new()
            .set_title("政府信息公开工作年度报告审核结果")
            .set_creation_datetime(&created),
    );
    for table in [
        sheet::reports_table(results),
        sheet::findings_table(results),
    ] {
        write_sheet(book.add_worksheet(), &table)?;
    }
    Ok(book.save_to_buffer()?)
}

/// How wide a text is on screen: a CJK character takes two columns.
fn display_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn write_sheet(ws: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    ws.set_name(&table.name)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    // Each column's natural width: its widest cell, header included.
    let widths: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            table
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .map(|cell| display_width(&cell.value.text()))
                .chain([display_width(&column.header) + 2])
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (c, (column, width)) in table.columns.iter().zip(&widths).enumerate() {
        let c = col(c)?;
        ws.write_string_with_format(0, c, &column.header, &header)?;
        ws.set_column_width(c, (*width + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        // Neither Excel nor LibreOffice grows a row for wrapped text when
        // it opens a file, so the row is given the height its longest
        // wrapped cell needs.
        let lines = row
            .iter()
            .map(|cell| display_width(&cell.value.text()).div_ceil(MAX_WIDTH - 2))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, LINE_HEIGHT * lines as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            let mut format = Format::new().set_align(FormatAlign::Top);
            if widths.get(c).is_some_and(|w| *w + 2 > MAX_WIDTH) {
                format = format.set_text_wrap();
            }
            format = match cell.mark {
                Some(Mark::Failed) => format
                    .set_background_color(Color::RGB(0xFFC7CE))
                    .set_font_color(Color::RGB(0x9C0006)),
                Some(Mark::Warning) => format
                    .set_background_color(Color::RGB(0xFFEB9C))
                    .set_font_color(Color::RGB(0x9C5700)),
                None => format,
            };
            let c = col(c)?;
            match &cell.value {
                CellValue::Count(n) if *n <= EXACT_LIMIT => {
                    ws.write_number_with_format(r, c, *n as f64, &format)?;
                }
                value => {
                    ws.write_string_with_format(r, c, value.text(), &format)?;
                }
            }
        }
    }
    let last_column = col(table.columns.len().saturating_sub(1))?;
    let last_row = u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    ws.autofilter(0, 0, last_row, last_column)?;
    ws.set_freeze_panes(1, 0)?;
    // Printed, a sheet is as wide as an A4 page turned sideways, with the
    // header row on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn col(index: usize) -> Result<u16, XlsxError> {
    u16::try_from(index).map_err(|_| XlsxError::RowColumnLimitError)
}
