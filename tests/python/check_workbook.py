#!/usr/bin/env python3
"""Reads a gongwen review workbook and its CSV with real clients; run by
tests/review_workbook.rs.

usage: check_workbook.py BOOK.xlsx FINDINGS.csv RUN.json EXPECT.json

RUN.json is what `gongwen check --format json` printed for the same files.
EXPECT.json (written by the Rust test) holds the findings sheet's columns
as [key, header] pairs, from the library's own list, and the headline
figures expected for some files. Checks, with openpyxl and Python's csv:
  * the findings sheet has a row for every finding of RUN.json, in order,
    with every field equal (severity read as 错误/警告, lists joined with 、);
  * the report sheet has a row per file with its status, error and warning
    counts, headline figures and, for an unreadable file, the reason;
  * both sheets: header row frozen, an autofilter over the table, columns
    at least as wide as their text with CJK characters counted double
    (up to the widest a column is made), failed reports' cells filled red;
  * the CSV starts with a UTF-8 byte-order mark and holds exactly the
    findings sheet's cells.
Exits non-zero with a list of failures. A missing module is a failure that
says what to install; nothing is skipped silently.
"""
import csv
import io
import json
import sys
import unicodedata

failures = []


def fail(msg):
    failures.append(msg)


try:
    import openpyxl
except ImportError:
    print("MISSING: python module openpyxl: pip install openpyxl")
    sys.exit(2)

RED = "FFC7CE"
YELLOW = "FFEB9C"
SEVERITY = {"error": "错误", "warning": "警告"}
STATUS = {"ok": "通过", "warnings": "有警告", "failed": "失败"}
MAX_WIDTH = 60


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def fill(cell):
    colour = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
    return colour[-6:] if isinstance(colour, str) else None


def text(value):
    return "" if value is None else str(value)


def expected_cell(key, value):
    if value is None:
        return ""
    if key == "severity":
        return SEVERITY[value]
    if isinstance(value, list):
        return "、".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value)
    return value


def check_layout(ws, name):
    if ws.freeze_panes != "A2":
        fail(f"{name}: header row not frozen ({ws.freeze_panes})")
    last = openpyxl.utils.get_column_letter(ws.max_column) + str(ws.max_row)
    if ws.auto_filter.ref != f"A1:{last}":
        fail(f"{name}: autofilter {ws.auto_filter.ref}, expected A1:{last}")
    # A <col> element covers a range of columns of one width.
    widths = {}
    for dim in ws.column_dimensions.values():
        for col in range(dim.min, dim.max + 1):
            widths[col] = dim.width
    for col in range(1, ws.max_column + 1):
        letter = openpyxl.utils.get_column_letter(col)
        needed = max(width(text(ws.cell(row, col).value)) for row in range(1, ws.max_row + 1))
        got = widths.get(col)
        if got is None or got < min(needed, MAX_WIDTH):
            fail(f"{name}: column {letter} ({ws.cell(1, col).value}) width {got} < {needed}")


def main():
    book_path, csv_path, run_path, expect_path = sys.argv[1:5]
    run = json.load(open(run_path, encoding="utf-8"))
    expect = json.load(open(expect_path, encoding="utf-8"))
    book = openpyxl.load_workbook(book_path)
    if book.sheetnames != ["报告一览", "问题清单"]:
        fail(f"sheets {book.sheetnames}")
        return
    reports, findings = book["报告一览"], book["问题清单"]

    # The findings sheet, field for field against the JSON.
    header = [c.value for c in findings[1]]
    columns = {key: header_text for key, header_text in expect["columns"]}
    keys = []
    for h in header:
        key = next((k for k, v in columns.items() if v == h), h)
        keys.append(key)
    for finding in run["findings"]:
        for key in finding:
            if key not in keys:
                fail(f"JSON key {key} has no column (headers {header})")
    rows = [[c.value for c in row] for row in findings.iter_rows(min_row=2)]
    if len(rows) != len(run["findings"]):
        fail(f"{len(rows)} finding rows for {len(run['findings'])} findings")
    failed_files = {f["file"] for f in run["files"] if f["status"] == "failed"}
    for i, (finding, row) in enumerate(zip(run["findings"], rows)):
        for key, cell in zip(keys, row):
            want = expected_cell(key, finding.get(key))
            if text(cell) != text(want):
                fail(f"finding {i + 1} {key}: sheet {cell!r} JSON {want!r}")
        file_cell = findings.cell(i + 2, keys.index("file") + 1)
        if (finding["file"] in failed_files) != (fill(file_cell) == RED):
            fail(f"finding {i + 1}: file cell fill {fill(file_cell)} for {finding['file']}")
        severity_cell = findings.cell(i + 2, keys.index("severity") + 1)
        want_fill = RED if finding["severity"] == "error" else YELLOW
        if fill(severity_cell) != want_fill:
            fail(f"finding {i + 1}: severity fill {fill(severity_cell)}")
    check_layout(findings, "问题清单")

    # The report sheet.
    header = [c.value for c in reports[1]]
    col = {h: i for i, h in enumerate(header)}
    for name in ["文件", "发文机关", "年度", "状态", "错误数", "警告数", "无法读取的原因"]:
        if name not in col:
            fail(f"report sheet lacks {name}: {header}")
            return
    rows = list(reports.iter_rows(min_row=2))
    if len(rows) != len(run["files"]):
        fail(f"{len(rows)} report rows for {len(run['files'])} files")
    for status, row in zip(run["files"], rows):
        values = [c.value for c in row]
        file = status["file"]
        if values[col["文件"]] != file:
            fail(f"report row {values[col['文件']]} for {file}")
        if values[col["状态"]] != STATUS[status["status"]]:
            fail(f"{file}: status {values[col['状态']]}")
        mine = [f for f in run["findings"] if f["file"] == file]
        errors = sum(1 for f in mine if f["severity"] == "error")
        if values[col["错误数"]] != errors or values[col["警告数"]] != len(mine) - errors:
            fail(f"{file}: counts {values[col['错误数']]}/{values[col['警告数']]}")
        reason = [e["message"] for e in run["input_errors"] if e["file"] == file]
        got = text(values[col["无法读取的原因"]])
        if reason and reason[0] not in got or not reason and got:
            fail(f"{file}: reason {got!r} for {reason}")
        if status["status"] == "failed":
            unfilled = [header[i] for i, c in enumerate(row) if fill(c) != RED]
            if unfilled:
                fail(f"{file} failed but cells not red: {unfilled}")
        for label, value in expect["headline"].get(file, {}).items():
            if values[col[label]] != value:
                fail(f"{file}: {label} {values[col[label]]} != {value}")
    check_layout(reports, "报告一览")

    # The CSV: a BOM, then exactly the findings sheet.
    raw = open(csv_path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail("CSV has no UTF-8 byte-order mark")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    sheet = [[text(c.value) for c in row] for row in findings.iter_rows()]
    if table != sheet:
        fail(f"CSV differs from the findings sheet:\n{table[:3]}\n{sheet[:3]}")


main()
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("ok")
