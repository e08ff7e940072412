"""Low-level WordprocessingML helpers for the document writer: run and paragraph formatting, rules,
fields, borderless layout tables and fast ruled data tables.

Run and paragraph properties are built once per style with python-docx's setters and copied after
that: python-docx's element insertion scans long lists of tag names and is slow in a long report.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from decimal import Decimal
from functools import lru_cache
from xml.sax.saxutils import escape

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from ..vietnamese import format_number
from .layout import Align, Cell, Table
from .spec import BLACK, FONT, LANGUAGE, RULE_WEIGHT_EIGHTHS

ALIGNMENT = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}

# Children of w:pPr and w:rPr that python-docx does not manage, placed in schema order.
_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_PPR_AFTER_RPR = ("w:sectPr", "w:pPrChange")
_RPR_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


# --- Low-level formatting ------------------------------------------------------------------------


def set_fonts(rpr) -> None:
    """Times New Roman for every script slot, theme fonts removed, so Word never falls back."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def set_size(rpr, size: float) -> None:
    rpr.get_or_add_sz().val = Pt(size)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.insert_element_before(size_cs, *_RPR_AFTER_SZCS)
    size_cs.set(qn("w:val"), str(int(round(size * 2))))


def set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_RPR_AFTER_LANG)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _scratch_paragraph() -> WordParagraph:
    """A detached paragraph to build property templates with python-docx's setters."""
    return WordParagraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]  # never part of a story


@lru_cache(maxsize=256)
def _run_properties(size: float, bold: bool, italic: bool, underline: bool):
    """The w:rPr of a run in this style, built once and copied: python-docx's element insertion is slow
    enough to matter in a long report."""
    run = _scratch_paragraph().add_run()
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run.font.color.rgb = BLACK
    set_size(rpr, size)
    return rpr


def format_run(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    existing = run._r.rPr
    if existing is not None:
        run._r.remove(existing)
    run._r.insert(0, deepcopy(_run_properties(size, bool(bold), bool(italic), bool(underline))))


def add_text(paragraph: WordParagraph, text: str, size: float, **style) -> None:
    """Runs for `text`, a line break at each "\\n"."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        format_run(run, size, **style)
        if i:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:br"))


def mark_size(paragraph: WordParagraph, size: float) -> None:
    """Font and size of the paragraph mark: the height of an empty line, in LibreOffice too."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, *_PPR_AFTER_RPR)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(int(round(size * 2))))
        rpr.append(element)


def bottom_border(paragraph: WordParagraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("w:val", "single"), ("w:sz", str(RULE_WEIGHT_EIGHTHS)), ("w:space", "1")):
        bottom.set(qn(attribute), value)
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.insert_element_before(borders, *_PPR_AFTER_PBDR)


def _new_paragraph(container) -> WordParagraph:
    """A new paragraph in the body or a cell; a new cell's own empty paragraph is used first."""
    if isinstance(container, _Cell):
        first = container.paragraphs[0]
        if len(container.paragraphs) == 1 and not first.runs and first._p.pPr is None:
            return first
        return container.add_paragraph()
    # In the body, python-docx scans every child for the closing w:sectPr on each insert: quadratic
    # in a long report. The w:sectPr is the body's last child, so insert before it directly.
    # (lxml's len() counts the children one by one, so only the last one is looked at.)
    body = container.element.body
    paragraph = OxmlElement("w:p")
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(paragraph)
    else:
        body.append(paragraph)
    return WordParagraph(paragraph, container._body)


def add_paragraph(
    container,
    text: str = "",
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Align = "center",
    first_line_mm: float = 0,
    left_mm: float = 0,
    right_mm: float = 0,
    before: float = 0,
    after: float = 0,
    spacing: float = 1.0,
    keep_with_next: bool = False,
    lead: str = "",
) -> WordParagraph:
    paragraph = _new_paragraph(container)
    layout = (align, first_line_mm, left_mm, right_mm, before, after, spacing, keep_with_next, size)
    paragraph._p.insert(0, deepcopy(_paragraph_properties(*layout)))
    if lead:
        add_text(paragraph, lead, size, bold=True, italic=italic)
    if text:
        add_text(paragraph, text, size, bold=bold, italic=italic, underline=underline)
    return paragraph


@lru_cache(maxsize=256)
def _paragraph_properties(
    align: Align,
    first_line_mm: float,
    left_mm: float,
    right_mm: float,
    before: float,
    after: float,
    spacing: float,
    keep_with_next: bool,
    size: float,
):
    """The w:pPr of a paragraph in this layout, built once and copied (see _run_properties)."""
    paragraph = _scratch_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGNMENT[align]
    fmt.first_line_indent = Mm(first_line_mm)
    fmt.left_indent = Mm(left_mm)
    fmt.right_indent = Mm(right_mm)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = spacing
    fmt.widow_control = True
    if keep_with_next:
        fmt.keep_with_next = True
    mark_size(paragraph, size)
    return paragraph._p.pPr


def add_rule(container, width_mm: float, column_mm: float, *, after: float = 0) -> WordParagraph:
    """A centred horizontal rule `width_mm` long: the bottom border of an empty, one-point-high
    paragraph indented from both sides of its column."""
    indent = max((column_mm - width_mm) / 2, 0)
    # 3 pt above keep the rule clear of the descenders and dots below ("g", "ạ") of the line above.
    paragraph = add_paragraph(container, size=1, left_mm=indent, right_mm=indent, before=3, after=after)
    paragraph.paragraph_format.line_spacing = Pt(1)
    bottom_border(paragraph)
    return paragraph


def set_table_properties(table: WordTable, widths_mm: Sequence[float], *, borders: bool) -> None:
    """Fixed column widths (gridCol for LibreOffice, tcW for Word) and borders on or off."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.get_or_add_tblLayout().type = "fixed"
    if not borders:
        element = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            line.set(qn("w:val"), "nil")
            element.append(line)
        tbl_pr.insert_element_before(element, *_TBLPR_AFTER_BORDERS)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def twips_at_least(mm: float) -> Twips:
    """Word stores page margins in twips: round up, so 15 mm never reads back as 14.99 mm."""
    return Twips(math.ceil(mm * 1440 / 25.4))


def add_row_property(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(tag))


def add_page_number_field(paragraph: WordParagraph, size: float) -> None:
    """A PAGE field (with "2" as its cached result) in complex-field form, which Word and LibreOffice
    both update."""
    parts = [("fldChar", "begin"), ("instrText", " PAGE "), ("fldChar", "separate"), ("t", "2")]
    parts.append(("fldChar", "end"))
    for kind, value in parts:
        run = paragraph.add_run()
        format_run(run, size)
        element = OxmlElement(f"w:{kind}")
        if kind == "fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.text = value
            element.set(qn("xml:space"), "preserve")
        run._r.append(element)


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        # Same as format_number (CLDR vi: "." groups thousands), without Babel's cost per cell.
        return f"{value:,}".replace(",", ".")
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def table_xml(block: Table, widths_mm: Sequence[float], aligns: Sequence[Align], style_id: str) -> str:
    """A ruled data table as WordprocessingML text. Font, size and spacing come from the paragraph
    style `style_id`, so a cell is a few hundred bytes and a 4,000-row annex stays quick to write."""
    twips = [round(width * 1440 / 25.4) for width in widths_mm]
    justification = {"justify": "both", "left": "", "center": "center", "right": "right"}

    def cell(text: str, width: int, align: Align, bold: bool) -> str:
        run = ""
        if text:
            pieces = "<w:br/>".join(
                f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")
            )
            run = f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}{pieces}</w:r>"
        jc = f'<w:jc w:val="{justification[align]}"/>' if justification[align] else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>{run}</w:p></w:tc>'
        )

    borders = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in twips)
    header = "".join(
        cell(text, width, "center", True) for text, width in zip(block.header, twips, strict=True)
    )
    # The header row repeats on every page; no row splits across pages.
    parts = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>"
    ]
    last = len(block.rows) - 1
    for index, values in enumerate(block.rows):
        bold = block.total_row and index == last
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(
            cell(cell_text(value), width, align, bold)
            for value, width, align in zip(values, twips, aligns, strict=True)
        )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def splice(data: bytes, tables: dict[str, str], runs: dict[str, list[str]] | None = None) -> bytes:
    """Put each data table's XML where its placeholder paragraph was, and each run of like paragraphs
    where its marker paragraph was, in the saved file: building a large table or thousands of paragraphs
    through python-docx costs seconds in tree operations, the text costs milliseconds."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = content.decode("utf-8")
                for marker, table in tables.items():
                    placeholder = f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>"
                    if xml.count(placeholder) != 1:
                        raise RuntimeError(f"Table placeholder {marker} not found once in the document")
                    xml = xml.replace(placeholder, table)
                if runs:
                    xml = _expand_runs(xml, runs)
                content = xml.encode("utf-8")
            target.writestr(item, content)
    return buffer.getvalue()


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text_xml(line: str) -> str:
    """The w:t elements python-docx writes for a line: a w:tab for each tab, xml:space="preserve" on a
    piece with spaces at an end."""
    pieces = []
    for piece in _INVALID_XML.sub("", line).split("\t"):
        if piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            pieces.append(f"<w:t{space}>{escape(piece)}</w:t>")
        pieces.append("<w:tab/>")
    return "".join(pieces[:-1])


def _expand_runs(xml: str, runs: dict[str, list[str]]) -> str:
    """Repeat each run's marker paragraph, exactly as the writer formatted it, once per line of the run.
    Only the run's last paragraph keeps a "keep with next" the writer gave the marker."""
    for marker, lines in runs.items():
        text = f"<w:t>{marker}</w:t>"
        at = xml.index(text)
        start, end = xml.rindex("<w:p>", 0, at), xml.index("</w:p>", at) + len("</w:p>")
        template = xml[start:end]
        inner = template.replace("<w:keepNext/>", "")
        paragraphs = [inner.replace(text, _text_xml(line)) for line in lines[:-1]]
        paragraphs.append(template.replace(text, _text_xml(lines[-1])))
        xml = "".join((xml[:start], *paragraphs, xml[end:]))
    return xml
