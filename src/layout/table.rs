//! Tables: column widths from the template's proportions adjusted to the
//! content, rows paginated whole, header rows repeated on every page, and a
//! row-spanning label printed again on each page its rows reach.

use std::ops::Range;

use super::line::advance_positions;
use super::pages::{ElementKind, Item, Role, Rule};
use super::shape::Glyph;
use super::{
    LayoutError, Layouter, BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, EPS, LINE_PITCH,
};
use crate::doc::{CellKind, Table};
use crate::fonts::FontRole;
use crate::text::linebreak::{fill_lines, Hanging};

/// The size the template chose for the table's text.
fn size(t: &Table) -> f32 {
    t.text_size.points()
}

fn leading(t: &Table) -> f32 {
    size(t) * 1.3
}
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 4.0;
const BORDER: f32 = 0.5;

struct CellBox {
    glyphs: Vec<Glyph>,
    lines: Vec<Range<usize>>,
    /// Height the text needs, padding included.
    need: f32,
}

/// Height of the header rows plus the first body row, so a heading can stay
/// with its table.
/// `n`: the table's number in the document, for the places in messages.
pub(super) fn first_part_height(lx: &mut Layouter, t: &Table, n: usize) -> f32 {
    if validate(t, n).is_err() {
        return LINE_PITCH;
    }
    let (cells, _) = prepare(lx, t, n);
    let heights = row_heights(t, &cells);
    heights.iter().take(lead_rows(t)).sum()
}

/// Rows that must start a table together: the header rows, any rows of
/// headings after them, and the first two rows of content (no lonely row
/// under the header), and more while they end one row into or one row
/// short of a group under a rowspan label.
fn lead_rows(t: &Table) -> usize {
    let hdr = t.header_rows.min(t.rows);
    let mut r = hdr;
    let mut content = 0;
    while r < t.rows && content < 2 {
        if !heading_row(t, r) {
            content += 1;
        }
        r += 1;
    }
    while r < t.rows
        && t.cells.iter().any(|c| {
            let (s, e) = (c.row, c.row + c.rowspan);
            s >= hdr && s < r && r < e && (e - r == 1 || r - s == 1)
        })
    {
        r += 1;
    }
    r
}

/// An earlier place to break a table before row `k` when breaking there
/// leaves a row alone: the last page of the table with one row under its
/// repeated header (a sub-table's caption rows count: they and their row
/// are whole), or a group under a rowspan label cut so that one of its rows
/// stands alone on either page. `None` when the break is fine. `first` is
/// the first body row on this page.
fn lonely_row_fix(
    t: &Table,
    spans: &[(usize, usize, f32)],
    first: usize,
    k: usize,
) -> Option<usize> {
    if t.rows - k < 2 {
        return Some(k - 1);
    }
    for &(s, e, _) in spans.iter().filter(|&&(s, e, _)| s < k && k < e) {
        if e - k == 1 {
            return Some(k - 1);
        }
        if k - s == 1 && s > first {
            return Some(s);
        }
    }
    None
}

fn validate(t: &Table, n: usize) -> Result<(), LayoutError> {
    t.check_shape()
        .map_err(|problem| LayoutError::BadTable { table: n, problem })
}

fn prepare(lx: &mut Layouter, t: &Table, n: usize) -> (Vec<CellBox>, Vec<f32>) {
    let (size, leading) = (size(t), leading(t));
    let mut cells: Vec<CellBox> = t
        .cells
        .iter()
        .map(|c| {
            let loc = |ex: &str| format!("第 {n} 张表第 {} 行第 {} 列“{ex}”", c.row + 1, c.col + 1);
            let glyphs = lx.shape(&c.text, FontRole::Body, size, None, &loc);
            CellBox {
                glyphs,
                lines: Vec::new(),
                need: 0.0,
            }
        })
        .collect();
    let widths = column_widths(t, &cells);
    let mut x = vec![0.0];
    for w in &widths {
        x.push(x.last().copied().unwrap_or(0.0) + w);
    }
    for (c, b) in t.cells.iter().zip(cells.iter_mut()) {
        let inner = (x[c.col + c.colspan] - x[c.col] - 2.0 * PAD_X).max(size);
        // A cell's border is its margin: nothing hangs past it.
        b.lines = fill_lines(&b.glyphs, inner, inner, Hanging::Never)
            .into_iter()
            .map(|l| l.range)
            .collect();
        b.need = b.lines.len().max(1) as f32 * leading + 2.0 * PAD_Y;
    }
    (cells, widths)
}

/// Template proportions first; a column never narrower than its longest
/// unbreakable word, never wider than its longest line, and the space so
/// freed goes to the columns whose text has to wrap.
fn column_widths(t: &Table, cells: &[CellBox]) -> Vec<f32> {
    let n = t.columns;
    let total_rel: u32 = t.widths.iter().sum();
    let base: Vec<f32> = if t.widths.len() == n && total_rel > 0 {
        t.widths
            .iter()
            .map(|w| *w as f32 / total_rel as f32 * BLOCK_WIDTH)
            .collect()
    } else {
        vec![BLOCK_WIDTH / n as f32; n]
    };
    let mut min = vec![2.0 * PAD_X + size(t); n];
    let mut max = vec![2.0 * PAD_X + size(t); n];
    for (c, b) in t.cells.iter().zip(cells) {
        if c.colspan != 1 {
            continue;
        }
        let mut word: f32 = 0.0;
        let mut longest_word: f32 = 0.0;
        for g in &b.glyphs {
            if g.break_before {
                word = 0.0;
            }
            word += g.width;
            longest_word = longest_word.max(word);
        }
        let natural: f32 = b.glyphs.iter().map(|g| g.width).sum();
        min[c.col] = min[c.col].max(longest_word + 2.0 * PAD_X);
        max[c.col] = max[c.col].max(natural + 2.0 * PAD_X);
    }
    if min.iter().sum::<f32>() > BLOCK_WIDTH {
        return base;
    }
    let mut w: Vec<f32> = (0..n).map(|i| base[i].min(max[i]).max(min[i])).collect();
    // Give back or take away the difference, a few rounds until it settles.
    for _ in 0..8 {
        let diff = BLOCK_WIDTH - w.iter().sum::<f32>();
        if diff.abs() < 0.01 {
            break;
        }
        if diff > 0.0 {
            let wanting: Vec<usize> = (0..n).filter(|&i| w[i] + EPS < max[i]).collect();
            let pool: Vec<usize> = if wanting.is_empty() {
                (0..n).collect()
            } else {
                wanting
            };
            let weight: f32 = pool.iter().map(|&i| base[i]).sum();
            for &i in &pool {
                let add = diff * base[i] / weight;
                w[i] += if pool.len() < n {
                    add.min(max[i] - w[i])
                } else {
                    add
                };
            }
        } else {
            let giving: Vec<usize> = (0..n).filter(|&i| w[i] > min[i] + EPS).collect();
            let weight: f32 = giving.iter().map(|&i| w[i] - min[i]).sum();
            if weight <= 0.0 {
                break;
            }
            for &i in &giving {
                w[i] += diff * (w[i] - min[i]) / weight;
            }
        }
    }
    w
}

/// Heights from single-row cells; spanning cells are handled while paginating.
fn row_heights(t: &Table, cells: &[CellBox]) -> Vec<f32> {
    let mut h = vec![leading(t) + 2.0 * PAD_Y; t.rows];
    for (c, b) in t.cells.iter().zip(cells) {
        if c.rowspan == 1 {
            h[c.row] = h[c.row].max(b.need);
        }
    }
    // Spans inside the header grow its last row once, here.
    let hdr = t.header_rows.min(t.rows);
    for (c, b) in t.cells.iter().zip(cells) {
        let end = c.row + c.rowspan;
        if c.rowspan > 1 && end <= hdr {
            let have: f32 = h[c.row..end].iter().sum();
            if have < b.need {
                h[end - 1] += b.need - have;
            }
        }
    }
    h
}

/// Rows placed on one page: header rows (repeated) then a body range.
struct Segment {
    page: usize,
    rows: Vec<(usize, f32, f32)>,
}

pub(super) fn layout(lx: &mut Layouter, t: &Table, n: usize) -> Result<(), LayoutError> {
    validate(t, n)?;
    let (cells, widths) = prepare(lx, t, n);
    let heights = row_heights(t, &cells);
    let hdr = t.header_rows.min(t.rows);
    let bottom = BLOCK_TOP + BLOCK_HEIGHT;
    let spans: Vec<(usize, usize, f32)> = t
        .cells
        .iter()
        .zip(&cells)
        .filter(|(c, _)| c.rowspan > 1 && c.row >= hdr)
        .map(|(c, b)| (c.row, c.row + c.rowspan, b.need))
        .collect();

    // Start a page if not even the header and one row of content fit here.
    let lead: f32 = heights.iter().take(lead_rows(t)).sum();
    if lx.y > BLOCK_TOP + EPS && lx.y + lead > bottom + EPS {
        lx.new_page();
    }
    let mut segs: Vec<Segment> = Vec::new();
    let mut seg = Segment {
        page: lx.page_index(),
        rows: Vec::new(),
    };
    let mut y = lx.y;
    for (r, &h) in heights.iter().enumerate().take(hdr) {
        seg.rows.push((r, y, h));
        y += h;
    }
    let mut page_first = hdr;
    let mut r = hdr;
    // Height of rows already placed on this page, by row.
    let frag = |seg: &Segment, from: usize, to: usize| -> f32 {
        seg.rows
            .iter()
            .filter(|(row, _, _)| *row >= from && *row < to)
            .map(|(_, _, h)| h)
            .sum()
    };
    while r < t.rows {
        // A span ending here must be tall enough for its label on this page.
        let mut h = heights[r];
        for &(s, e, need) in &spans {
            if e == r + 1 {
                let have = frag(&seg, s.max(page_first), r) + h;
                if have < need {
                    h += need - have;
                }
            }
        }
        if y + h > bottom + EPS && r > page_first {
            // Break before r, or earlier if a span cut here would leave its
            // label too little room on this page.
            let mut k = r;
            while k > page_first + 1
                && spans
                    .iter()
                    .any(|&(s, e, need)| s < k && e > k && frag(&seg, s.max(page_first), k) < need)
            {
                k -= 1;
            }
            if spans
                .iter()
                .any(|&(s, e, need)| s < k && e > k && frag(&seg, s.max(page_first), k) < need)
            {
                k = r;
            }
            // A row of only headings (a sub-table's caption or column names)
            // stays with the row it introduces.
            while k > page_first + 1 && heading_row(t, k - 1) {
                k -= 1;
            }
            // No lonely row: move rows over while that leaves two on this
            // page and every label cut here its room.
            let label_fits = |k: usize| {
                spans.iter().all(|&(s, e, need)| {
                    !(s < k && e > k) || frag(&seg, s.max(page_first), k) >= need
                })
            };
            while let Some(earlier) = lonely_row_fix(t, &spans, page_first, k) {
                let mut earlier = earlier;
                while earlier > page_first + 2 && heading_row(t, earlier - 1) {
                    earlier -= 1;
                }
                if earlier < page_first + 2 || earlier >= k || !label_fits(earlier) {
                    break;
                }
                k = earlier;
            }
            seg.rows.retain(|(row, _, _)| *row < k);
            segs.push(seg);
            lx.new_page();
            seg = Segment {
                page: lx.page_index(),
                rows: Vec::new(),
            };
            y = lx.y;
            for (hr, &hh) in heights.iter().enumerate().take(hdr) {
                seg.rows.push((hr, y, hh));
                y += hh;
            }
            page_first = k;
            r = k;
            continue;
        }
        seg.rows.push((r, y, h));
        y += h;
        r += 1;
    }
    segs.push(seg);
    lx.y = y;
    draw(lx, t, &cells, &widths, &segs, hdr);
    // Half a line at least, then back onto the grid: with the glyphs centred
    // in their line that reads as about one empty line after the table.
    lx.y += LINE_PITCH * 0.5;
    Ok(())
}

/// True if every cell anchored in `row` is a heading cell.
fn heading_row(t: &Table, row: usize) -> bool {
    let mut any = false;
    for c in t.cells.iter().filter(|c| c.row == row) {
        if c.kind != CellKind::Header {
            return false;
        }
        any = true;
    }
    any
}

fn draw(
    lx: &mut Layouter,
    t: &Table,
    cells: &[CellBox],
    widths: &[f32],
    segs: &[Segment],
    hdr: usize,
) {
    let (size, leading) = (size(t), leading(t));
    let mut x = vec![BLOCK_LEFT];
    for w in widths {
        x.push(x.last().copied().unwrap_or(BLOCK_LEFT) + w);
    }
    let table_id = lx.element(ElementKind::Table, None);
    let mut row_ids = Vec::with_capacity(t.rows);
    for _ in 0..t.rows {
        row_ids.push(lx.element(ElementKind::Row, Some(table_id)));
    }
    let cell_ids: Vec<usize> = t
        .cells
        .iter()
        .map(|c| {
            let (rowspan, colspan) = (c.rowspan as u32, c.colspan as u32);
            let kind = if c.kind == CellKind::Header {
                ElementKind::HeaderCell { rowspan, colspan }
            } else {
                ElementKind::DataCell { rowspan, colspan }
            };
            lx.element(kind, Some(row_ids[c.row]))
        })
        .collect();
    let mut xs = Vec::new();
    for (si, seg) in segs.iter().enumerate() {
        lx.set_target(seg.page);
        let seg_top = seg.rows.first().map_or(lx.y, |r| r.1);
        for (ci, (c, b)) in t.cells.iter().zip(cells).enumerate() {
            let part: Vec<&(usize, f32, f32)> = seg
                .rows
                .iter()
                .filter(|(row, _, _)| *row >= c.row && *row < c.row + c.rowspan)
                .collect();
            let (Some(first), Some(last)) = (part.first(), part.last()) else {
                continue;
            };
            let (x0, x1) = (x[c.col], x[c.col + c.colspan]);
            let (y0, y1) = (first.1, last.1 + last.2);
            let repeated = (c.row < hdr && si > 0) || first.0 != c.row;
            let role = if repeated {
                Role::Repeated
            } else {
                Role::Content(cell_ids[ci])
            };
            // Text, centred vertically in the part of the cell on this page.
            let block = b.lines.len() as f32 * leading;
            let mut top = y0 + ((y1 - y0) - block) / 2.0;
            for range in &b.lines {
                let line = &b.glyphs[range.clone()];
                let w: f32 = line.iter().map(|g| g.width).sum();
                let inner = x1 - x0 - 2.0 * PAD_X;
                let left = match c.kind {
                    CellKind::Label => x0 + PAD_X,
                    CellKind::Header | CellKind::Number => {
                        x0 + PAD_X + ((inner - w) / 2.0).max(0.0)
                    }
                };
                let placed = advance_positions(line, left);
                xs.clear();
                xs.extend_from_slice(&placed);
                let baseline = lx.baseline(FontRole::Body, size, top, leading);
                lx.emit_line(&t.cells[ci].text, line, &xs, baseline, size, 0, role);
                top += leading;
            }
            // Borders: each part draws its right and bottom edges, the top
            // edge on the page's first row and the left edge in column 0, so
            // every line is drawn once.
            let mut edge = |from: (f32, f32), to: (f32, f32)| {
                lx.push(Item::Rule(Rule {
                    from,
                    to,
                    width: BORDER,
                    gray: 0,
                }));
            };
            edge((x1, y0), (x1, y1));
            edge((x0, y1), (x1, y1));
            if (y0 - seg_top).abs() < EPS {
                edge((x0, y0), (x1, y0));
            }
            if c.col == 0 {
                edge((x0, y0), (x0, y1));
            }
        }
    }
    lx.clear_target();
}
