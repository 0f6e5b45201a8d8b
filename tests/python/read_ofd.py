#!/usr/bin/env python3
"""Reads gongwen's OFD and PDF files with independent clients; run by
tests/ofd_export.rs, which does the comparing.

usage: read_ofd.py text FILE.ofd...    easyofd: every text item, per page
       read_ofd.py origins FILE.pdf    PyMuPDF: every character's origin

`text` prints one JSON object: {path: [[{"text", "pos", "font", "size",
"color"}, ...] per page in page order]}, the items in easyofd's order, which
is the order of the TextCodes in each page. `origins` prints
[[[char, x_mm, y_mm], ...] per page]: the pen origin (baseline) of every
character as MuPDF reads it from the PDF's text matrices.

easyofd (PyPI, `pip install easyofd==20260427 "pymupdf<2"`, as
scripts/test.sh does) unzips into the current directory and names the
folder after the file name up to its first dot, prints
`public_res_drawparam ...` on stdout and logs with loguru: so each file is
read in a fresh temporary folder whose path has no dot, stdout is caught,
and loguru is silenced. A missing module is a failure that says what to
install; nothing is skipped.
"""
import contextlib
import io
import json
import os
import sys
import tempfile

PT_MM = 25.4 / 72


def need(module, pip_name):
    try:
        return __import__(module)
    except ImportError:
        print(f"MISSING: python module {module}: pip install {pip_name}", file=sys.stderr)
        sys.exit(3)


def read_text(paths):
    loguru = need("loguru", 'easyofd==20260427 "pymupdf<2"')
    loguru.logger.remove()
    with contextlib.redirect_stdout(io.StringIO()):
        easyofd = need("easyofd", 'easyofd==20260427 "pymupdf<2"')
    out = {}
    home = os.getcwd()
    for path in paths:
        path = os.path.abspath(path)
        work = tempfile.mkdtemp(prefix="easyofd_", dir="/tmp")
        assert "." not in work, work
        os.chdir(work)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                reader = easyofd.OFD()
                reader.read(path, fmt="path")
        finally:
            os.chdir(home)
        docs = reader.data
        if len(docs) != 1:
            print(f"{path}: easyofd found {len(docs)} documents", file=sys.stderr)
            sys.exit(1)
        pages = docs[0]["page_info"]
        out[path] = [
            [
                {k: item.get(k) for k in ("text", "pos", "font", "size", "color")}
                for item in pages[number]["text_list"]
            ]
            for number in sorted(pages)
        ]
    json.dump(out, sys.stdout, ensure_ascii=False)


def read_origins(path):
    pymupdf = need("pymupdf", '"pymupdf<2"')
    pages = []
    for page in pymupdf.open(path):
        chars = []
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for c in span["chars"]:
                        x, y = c["origin"]
                        chars.append([c["c"], x * PT_MM, y * PT_MM])
        pages.append(chars)
    json.dump(pages, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "text":
        read_text(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "origins":
        read_origins(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
