#!/usr/bin/env python3
"""Checks a gongwen DOCX with real clients; run by tests/docx_export.rs.

usage: check_docx.py FILE.docx EXPECT.json [--no-render]

EXPECT.json (written by the Rust test from the document tree) holds the
title/creator/language, the paragraphs in reading order and every table's
cells with their spans. Checks:
  * python-docx: core properties; page set-up; odd/even footers with a PAGE
    field ("— 1 —", odd right, even left); every table's cell texts, every
    merge (slots of one cell are one python-docx cell, neighbouring cells are
    not), tblHeader on exactly the header rows, cantSplit on every row; the
    draft mark in the headers when the document is a draft.
  * openxml-audit -f microsoft365: no errors and no warnings.
  * LibreOffice converts to PDF, and pdftotext returns every paragraph
    (whitespace removed on both sides; page-number lines dropped). Header
    cells of a table that spans pages appear on each of its pages.
Exits non-zero with a list of failures. A missing tool is a failure that
says what to install; nothing is skipped silently.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def fail(msg):
    failures.append(msg)


def need(module, pip_name):
    try:
        return __import__(module)
    except ImportError:
        print(f"MISSING: python module {module}: pip install {pip_name}")
        sys.exit(2)


def need_tool(tool, package):
    if shutil.which(tool) is None:
        print(f"MISSING: {tool}: apt-get install {package}")
        sys.exit(2)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_python_docx(path, expect):
    docx = need("docx", "python-docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    d = docx.Document(path)
    cp = d.core_properties
    if cp.title != expect["title"]:
        fail(f"core title {cp.title!r} != {expect['title']!r}")
    if cp.author != expect["creator"]:
        fail(f"core creator {cp.author!r} != {expect['creator']!r}")
    if cp.language != expect["language"]:
        fail(f"core language {cp.language!r} != {expect['language']!r}")

    s = d.sections[0]
    geometry = {
        "page_width": 11906, "page_height": 16838, "top_margin": 2098,
        "bottom_margin": 1984, "left_margin": 1587, "right_margin": 1474,
    }
    for attr, twips in geometry.items():
        if getattr(s, attr) != Twips(twips):
            fail(f"section {attr} {getattr(s, attr)} != {twips} twips")
    grid = s._sectPr.find(W + "docGrid")
    if grid is None or grid.get(W + "type") != "lines" or grid.get(W + "linePitch") != "579":
        fail("docGrid lines/579 missing")

    if not d.settings.odd_and_even_pages_header_footer:
        fail("evenAndOddHeaders is not set")
    for name, footer, align in [("odd", s.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                ("even", s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)]:
        if footer.is_linked_to_previous:
            fail(f"{name} footer missing")
            continue
        p = footer.paragraphs[0]
        xml = p._p.xml
        if p.text != "— 1 —":
            fail(f"{name} footer text {p.text!r} != '— 1 —'")
        if "PAGE" not in "".join(t.text or "" for t in p._p.iter(W + "instrText")):
            fail(f"{name} footer has no PAGE field")
        if xml.count("w:fldChar ") != 3:
            fail(f"{name} footer field is not begin/separate/end")
        if p.alignment != align:
            fail(f"{name} footer alignment {p.alignment} != {align}")
    header_text = " ".join(p.text for h in (s.header, s.even_page_header) for p in h.paragraphs)
    if expect["draft"]:
        if s.header.is_linked_to_previous or s.even_page_header.is_linked_to_previous \
                or header_text.count("草稿") != 2:
            fail(f"draft mark missing from odd/even headers: {header_text!r}")
    elif "草稿" in header_text:
        fail("a final document carries the draft mark")

    # Whitespace aside: the title carries the line breaks that shape it.
    texts = [squash(p.text) for p in d.paragraphs]
    pos = 0
    for want in expect["paragraphs"]:
        try:
            pos = texts.index(squash(want), pos) + 1
        except ValueError:
            fail(f"paragraph not found in order: {want[:40]!r}")

    styles = {st.style_id: st for st in d.styles}
    for sid, level in [("Heading1", "0"), ("Heading2", "1"), ("Heading3", "2"), ("Heading4", "3")]:
        st = styles.get(sid)
        lvl = None if st is None else st.element.find(f"{W}pPr/{W}outlineLvl")
        if lvl is None or lvl.get(W + "val") != level:
            fail(f"style {sid} lacks outline level {level}")
    # The real office fonts, so Word on an office PC uses them.
    fonts = {"Normal": ("仿宋_GB2312", 32), "Title": ("方正小标宋简体", 44),
             "Heading1": ("黑体", None), "Heading2": ("楷体_GB2312", None),
             "Heading3": ("仿宋_GB2312", None), "Heading4": ("仿宋_GB2312", None),
             "Footer": ("宋体", 28)}
    for sid, (east_asia, half_points) in fonts.items():
        st = styles.get(sid)
        rpr = None if st is None else st.element.find(f"{W}rPr")
        rfonts = None if rpr is None else rpr.find(f"{W}rFonts")
        if rfonts is None or rfonts.get(W + "eastAsia") != east_asia:
            fail(f"style {sid} does not name {east_asia}")
        if half_points is not None:
            sz = rpr.find(f"{W}sz") if rpr is not None else None
            if sz is None or sz.get(W + "val") != str(half_points):
                fail(f"style {sid} is not {half_points / 2} pt")
    lang = d.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    if lang is None or (lang.get(W + "val"), lang.get(W + "eastAsia")) != ("en-US", "zh-CN"):
        fail("docDefaults language is not en-US / zh-CN")
    normal = styles["Normal"]
    if normal.font.size is None or normal.font.size.pt != 16:
        fail(f"Normal size {normal.font.size} is not 16 pt")

    if len(d.tables) != len(expect["tables"]):
        fail(f"{len(d.tables)} tables, expected {len(expect['tables'])}")
    for n, (table, want) in enumerate(zip(d.tables, expect["tables"]), 1):
        check_table(n, table, want)


def check_table(n, table, want):
    rows, cols = want["rows"], want["cols"]
    if len(table.rows) != rows or len(table.columns) != cols:
        fail(f"table {n}: {len(table.rows)}x{len(table.columns)} != {rows}x{cols}")
        return
    # One _cells list: python-docx hands out the same object for every slot
    # of a merged cell only within one computation of it.
    grid = table._cells

    def at(r, k):
        return grid[r * cols + k]

    anchor = {}
    for c in want["cells"]:
        for r in range(c["row"], c["row"] + c["rowspan"]):
            for k in range(c["col"], c["col"] + c["colspan"]):
                anchor[(r, k)] = (c["row"], c["col"])
    for c in want["cells"]:
        got = at(c["row"], c["col"])
        if got.text != c["text"]:
            fail(f"table {n} cell ({c['row']},{c['col']}) text {got.text!r} != {c['text']!r}")
        last = at(c["row"] + c["rowspan"] - 1, c["col"] + c["colspan"] - 1)
        if got is not last:
            fail(f"table {n} cell ({c['row']},{c['col']}) is not merged over "
                 f"{c['rowspan']}x{c['colspan']}")
    for (r, k), a in anchor.items():
        for (r2, k2) in [(r + 1, k), (r, k + 1)]:
            if (r2, k2) in anchor and anchor[(r2, k2)] != a \
                    and at(r, k) is at(r2, k2):
                fail(f"table {n}: ({r},{k}) and ({r2},{k2}) are wrongly merged")
    widths = [int(g.get(W + "w")) for g in table._tbl.tblGrid.iter(W + "gridCol")]
    if sum(widths) != 8844:
        fail(f"table {n}: grid widths add up to {sum(widths)}, not 8844")
    layout = table._tbl.tblPr.find(W + "tblLayout")
    if layout is None or layout.get(W + "type") != "fixed":
        fail(f"table {n}: layout is not fixed")
    for i, tr in enumerate(table._tbl.tr_lst):
        trPr = tr.trPr
        has_header = trPr is not None and trPr.find(W + "tblHeader") is not None
        if has_header != (i < want["header_rows"]):
            fail(f"table {n} row {i}: tblHeader={has_header}, header_rows={want['header_rows']}")
        if trPr is None or trPr.find(W + "cantSplit") is None:
            fail(f"table {n} row {i}: cantSplit missing")


def check_schema(path):
    need("openxml_audit", "openxml-audit")
    out = subprocess.run(
        [sys.executable, "-m", "openxml_audit", "-f", "microsoft365", "-o", "json",
         "-m", "0", path],
        capture_output=True, text=True)
    try:
        result = json.loads(out.stdout)[0]
    except (ValueError, IndexError):
        fail(f"openxml-audit gave no JSON (exit {out.returncode}): {out.stdout[:500]} {out.stderr[:500]}")
        return
    print(f"openxml-audit: {result['error_count']} errors, {result['warning_count']} warnings")
    for e in result.get("errors", []) + result.get("warnings", []):
        fail(f"openxml-audit: {e.get('part_uri')} {e.get('path')}: {e.get('description')}")
    if result["error_count"] or result["warning_count"]:
        fail("openxml-audit found violations")


def squash(s):
    return re.sub(r"\s+", "", s)


def check_render(path, expect):
    need_tool("soffice", "libreoffice-writer-nogui")
    need_tool("pdftotext", "poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        out = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", tmp, path],
            capture_output=True, text=True, timeout=300)
        pdf = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".pdf")
        if out.returncode != 0 or not os.path.exists(pdf):
            fail(f"LibreOffice did not convert: {out.returncode} {out.stdout} {out.stderr}")
            return
        keep = os.environ.get("GONGWEN_KEEP_PDF")
        if keep:
            shutil.copy(pdf, keep)
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    body_lines = []
    for page in pages:
        for line in page.splitlines():
            # page numbers and the draft mark are not document text
            if re.fullmatch(r"\s*—\s*\d+\s*—\s*", line) or line.strip() == "草稿":
                continue
            body_lines.append(line)
    body = squash("".join(body_lines))
    print(f"LibreOffice: {len([p for p in pages if p.strip()])} pages")
    for want in expect["paragraphs"]:
        if squash(want) not in body:
            fail(f"paragraph missing from the LibreOffice PDF: {want[:40]!r}")
    # A table that runs over pages must show its header rows on each page it
    # reaches: use short labels that fit one line as page markers.
    for n, t in enumerate(expect["tables"], 1):
        if not t["header_rows"]:
            continue
        heads = [c["text"] for c in t["cells"]
                 if c["row"] == 0 and 0 < len(c["text"]) <= 8]
        labels = [c["text"] for c in t["cells"]
                  if c["row"] >= t["header_rows"] and c["kind"] == "Label"
                  and 0 < len(c["text"]) <= 8]
        if not heads or not labels:
            continue
        on = [i for i, p in enumerate(pages) if any(squash(l) in squash(p) for l in labels)]
        for i in range(min(on, default=0), max(on, default=-1) + 1):
            if squash(heads[0]) not in squash(pages[i]):
                fail(f"table {n}: header {heads[0]!r} not repeated on page {i + 1}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    render = "--no-render" not in sys.argv
    path, expect_path = args
    with open(expect_path, encoding="utf-8") as f:
        expect = json.load(f)
    check_python_docx(path, expect)
    check_schema(path)
    if render:
        check_render(path, expect)
    if failures:
        print("FAILED:")
        for f in failures:
            print("  -", f)
        sys.exit(1)
    print("all DOCX checks passed")


if __name__ == "__main__":
    main()
