#!/usr/bin/env python3
"""Word-style edits of gongwen's own DOCX, for the import corpus.

gongwen writes tidy OOXML: one run per paragraph, no fields, no revisions.
Documents that clerks edit in Word or WPS look different, and these edits
reproduce what those programs write, on the same content, so each file must
still import to its source TOML:

word-features-seed.docx (from laochengqu-2022.gongwen.docx)
  - text split into many runs, with spell-check marks and bookmarks between
  - a tab between a heading's number and its words
  - fields: a table number as the result of a formula field, a heading as
    the result of a DOCPROPERTY field, a number inside a simple field
  - tracked changes: table numbers typed over (old value deleted, new
    inserted), a deleted sentence, an inserted run, a deleted paragraph and
    a deleted table row
  - a hidden run (w:vanish)
  - the title in a text box, written twice as Word does (DrawingML choice
    and VML fallback)
  - section breaks before each section and a page break before table 四
  - table 三 inside a one-cell layout table

word-numbering-placeholders.docx (from placeholders-2023.gongwen.docx)
  - headings numbered by Word's list numbering (numbering.xml, 一、 （一）
    1.), their numbers removed from the text

Usage: word_variants.py CORPUS_DIR
"""

import html
import re
import sys
import zipfile
from pathlib import Path

NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
)

RUN = re.compile(r'<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: xml:space="preserve")?>([^<]*)</w:t></w:r>')


def rewrite(src: Path, dst: Path, edit_document, extra_parts=None, edit_rels=None, edit_types=None):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = edit_document(data.decode("utf-8")).encode("utf-8")
            elif item.filename == "word/_rels/document.xml.rels" and edit_rels:
                data = edit_rels(data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml" and edit_types:
                data = edit_types(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
        for name, text in (extra_parts or {}).items():
            zout.writestr(name, text)


def split_runs(xml: str) -> str:
    """Every run of more than four characters cut into runs of 1–5, with
    proofing marks and a bookmark between some of them."""
    counter = [0]

    def cut(m):
        rpr, text = m.group(1) or "", html.unescape(m.group(2))
        if len(text) <= 4:
            return m.group(0)
        out, i, k = [], 0, 0
        while i < len(text):
            size = 1 + (k * 7 + len(text)) % 5
            piece = html.escape(text[i : i + size], quote=False)
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{piece}</w:t></w:r>')
            if k % 3 == 1:
                out.append('<w:proofErr w:type="spellStart"/>')
            if k % 5 == 2:
                counter[0] += 1
                n = counter[0]
                out.append(f'<w:bookmarkStart w:id="{n}" w:name="_Toc{n}"/><w:bookmarkEnd w:id="{n}"/>')
            i += size
            k += 1
        return "".join(out)

    return RUN.sub(cut, xml)


def field_run(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def nth_table_span(xml: str, n: int):
    """(start, end) of the n-th top-level table (0-based)."""
    starts = [m.start() for m in re.finditer(r"<w:tbl>", xml)]
    start = starts[n]
    depth, i = 0, start
    while True:
        open_at = xml.find("<w:tbl>", i)
        close_at = xml.find("</w:tbl>", i)
        if open_at != -1 and open_at < close_at:
            depth += 1
            i = open_at + 7
        else:
            depth -= 1
            i = close_at + 8
            if depth == 0:
                return start, i


def features_seed(xml: str) -> str:
    xml = xml.replace("<w:document ", "<w:document " + NS, 1)
    # Title into a text box (choice + fallback, as Word writes it).
    title = re.search(r'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>.*?</w:p>', xml).group(0)
    box = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx><w:txbxContent>{title}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{title}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r></w:p>"
    )
    xml = xml.replace(title, box, 1)
    # A tab between a section number and its words.
    xml = xml.replace("<w:t>一、总体情况</w:t>", '<w:t>一、</w:t><w:tab/><w:t>总体情况</w:t>', 1)
    # Fields: a formula field for 15, a DOCPROPERTY heading, a simple field.
    xml = re.sub(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>15</w:t></w:r>", lambda m: field_run("=SUM(LEFT)", "15"), xml)
    xml = re.sub(
        r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>（三）政府信息管理</w:t></w:r>",
        lambda m: field_run('DOCPROPERTY "Part3" \\* MERGEFORMAT', "（三）政府信息管理"),
        xml,
        count=1,
    )
    xml = re.sub(
        r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>4</w:t></w:r>",
        lambda m: '<w:fldSimple w:instr=" =2*2 "><w:r><w:t>4</w:t></w:r></w:fldSimple>',
        xml,
    )
    # Tracked changes: 7 typed over 9; a deleted sentence and an inserted run.
    rev = 'w:author="张三" w:date="2023-01-10T09:00:00Z"'
    xml = re.sub(
        r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>7</w:t></w:r>",
        lambda m: f'<w:del w:id="901" {rev}><w:r><w:delText>9</w:delText></w:r></w:del>'
        f'<w:ins w:id="902" {rev}><w:r><w:t>7</w:t></w:r></w:ins>',
        xml,
    )
    xml = xml.replace(
        "<w:t>截止2022年12月31日，我办共收到政府信息公开申请15件，",
        f'<w:t>截止2022年12月31日，</w:t></w:r><w:del w:id="903" {rev}><w:r><w:delText>（含上年结转）</w:delText></w:r></w:del>'
        f'<w:ins w:id="904" {rev}><w:r><w:t>我办共收到政府信息公开申请15件，',
        1,
    )
    xml = xml.replace("已按相关规定全部答复。</w:t></w:r>", "已按相关规定全部答复。</w:t></w:r></w:ins>", 1)
    # A hidden run.
    xml = xml.replace(
        "<w:t>无</w:t></w:r>",
        '<w:t>无</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注：请核对）</w:t></w:r>',
        1,
    )
    # A deleted paragraph after the overview's first paragraph.
    first_body = xml.find("</w:p>", xml.find("一、</w:t>")) + 6
    first_body = xml.find("</w:p>", first_body) + 6
    xml = (
        xml[:first_body]
        + f'<w:p><w:pPr><w:rPr><w:del w:id="905" {rev}/></w:rPr></w:pPr><w:del w:id="906" {rev}><w:r><w:delText>本段已删除，不应导入。</w:delText></w:r></w:del></w:p>'
        + xml[first_body:]
    )
    # A deleted table row in table 二.
    start, end = nth_table_span(xml, 0)
    table = xml[start:end]
    last_row = table.rfind("<w:tr>")
    deleted_row = (
        f'<w:tr><w:trPr><w:del w:id="907" {rev}/></w:trPr>'
        '<w:tc><w:p><w:r><w:t>行政确认</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>'
    )
    xml = xml[:start] + table[:last_row] + deleted_row + table[last_row:] + xml[end:]
    # Table 三 inside a one-cell layout table.
    start, end = nth_table_span(xml, 1)
    layout = (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>'
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"9000\" w:type=\"dxa\"/></w:tcPr>"
        + xml[start:end]
        + "<w:p/></w:tc></w:tr></w:tbl>"
    )
    xml = xml[:start] + layout + xml[end:]
    # Section breaks before sections 二–六, a page break before table 四.
    sect = '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>'
    heads = [m.start() for m in re.finditer(r'<w:p><w:pPr><w:pStyle w:val="Heading1"/>', xml)][1:]
    for at in reversed(heads):
        xml = xml[:at] + sect + xml[at:]
    start, _ = nth_table_span(xml, 2)
    xml = xml[:start] + '<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:lastRenderedPageBreak/></w:r></w:p>' + xml[start:]
    return split_runs(xml)


NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>
"""


def numbering_placeholders(xml: str) -> str:
    levels = {"Heading1": (0, r"[一二三四五六七八九十]+、"), "Heading2": (1, r"（[一二三四五六七八九十]+）"), "Heading3": (2, r"\d+\.")}

    def renumber(m):
        style, rest = m.group(1), m.group(2)
        level, prefix = levels[style]
        rest = re.sub(r"(<w:t>)" + prefix, r"\1", rest, count=1)
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            + rest
        )

    return re.sub(r'<w:p><w:pPr><w:pStyle w:val="(Heading[123])"/></w:pPr>(.*?</w:p>)', renumber, xml)


def main():
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    rewrite(corpus / "laochengqu-2022.gongwen.docx", corpus / "word-features-seed.docx", features_seed)
    rewrite(
        corpus / "placeholders-2023.gongwen.docx",
        corpus / "word-numbering-placeholders.docx",
        numbering_placeholders,
        extra_parts={"word/numbering.xml": NUMBERING},
        edit_rels=lambda r: r.replace(
            "</Relationships>",
            '<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
        ),
        edit_types=lambda t: t.replace(
            "</Types>",
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>',
        ),
    )


if __name__ == "__main__":
    main()
