"""An `OfficialDocument` as a Word file (python-docx), laid out by Decree 30/2020/NĐ-CP, Appendix I (state
bodies) or Guidance 36-HD/VPTW (Party bodies). Measurements are in spec.py, XML helpers in ooxml.py.

Every run carries its own font, size and colour, so the file looks the same in Word, LibreOffice and
the PDF made from it, whatever the reader's default template.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import replace

import docx as python_docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from .layout import (
    ADDRESSEES_LABEL,
    MOTTO,
    NATIONAL_HEADING,
    PARTY,
    PARTY_HEADING,
    PARTY_ISSUER_MARK,
    RECIPIENTS_LABEL,
    Align,
    Annex,
    Block,
    Heading,
    NumberedItem,
    OfficialDocument,
    PageBreak,
    Paragraph,
    Signature,
    Table,
    recipient_lines,
    text_width_mm,
    wrap_lines,
)
from .ooxml import (
    add_page_number_field,
    add_paragraph,
    add_row_property,
    add_rule,
    add_text,
    mark_size,
    set_fonts,
    set_language,
    set_size,
    set_table_properties,
    splice,
    table_xml,
    twips_at_least,
)
from .spec import (
    BLACK,
    CELL_MARGIN_MM,
    CLOSING_COLUMNS_MM,
    FIRST_LINE_INDENT_MM,
    FONT,
    HEADER_COLUMNS_MM,
    HEADER_DISTANCE_MM,
    LANDSCAPE_TEXT_WIDTH_MM,
    LANGUAGE,
    LINE_SPACING,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    PARAGRAPH_SPACE_AFTER_PT,
    RECIPIENTS_LABEL_STYLE,
    SHORT_RULE_FRACTION,
    SIGNATURE_SPACE_PT,
    SIZES,
    TEXT_WIDTH_MM,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Paragraphs of one style in a row from which the writer repeats one paragraph's XML instead of
# building each through python-docx (a quarter of a millisecond each: 32,000 lines took seconds).
LONG_RUN = 50


def render_docx(document: OfficialDocument) -> bytes:
    """The document as a .docx file."""
    return _Writer(document).render()


# --- The writer ----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: OfficialDocument) -> None:
        self.document = document
        self.layout = document.layout
        self.sizes = SIZES[document.layout]
        self.word: WordDocument = python_docx.Document()
        self.text_width = TEXT_WIDTH_MM
        self.tables: dict[str, str] = {}  # placeholder text → table XML, see splice
        self.runs: dict[str, list[str]] = {}  # marker text → the lines of a long run of paragraphs

    def render(self) -> bytes:
        self._setup()
        self._header()
        self._title()
        self._addressees()
        self._blocks(self.document.body)
        self._closing()
        for annex in self.document.annexes:
            self._annex(annex)
        buffer = io.BytesIO()
        self.word.save(buffer)
        if self.tables or self.runs:
            return splice(buffer.getvalue(), self.tables, self.runs)
        return buffer.getvalue()

    # Page, styles, properties --------------------------------------------------------------------

    def _setup(self) -> None:
        styles = self.word.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_fonts(default_rpr)
        set_size(default_rpr, self.sizes.body)
        set_language(default_rpr)
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.sizes.body)
        normal.font.color.rgb = BLACK
        set_fonts(normal.element.get_or_add_rPr())

        section = self.word.sections[0]
        self._page(section, landscape=False)
        # Decree 30/2020/NĐ-CP, Appendix I, section I (page numbers): centred in the top margin,
        # Arabic numerals, 13–14 pt, none on the first page.
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_number_field(paragraph, self.sizes.page_number)
        mark_size(paragraph, self.sizes.page_number)
        for empty in (section.first_page_header.paragraphs[0], section.footer.paragraphs[0]):
            mark_size(empty, self.sizes.page_number)

        properties = self.word.core_properties
        document = self.document
        properties.title = document.title
        properties.subject = document.number_line
        properties.author = " ".join(document.issuer.split())
        properties.last_modified_by = "Giao Ban"
        properties.comments = ""
        properties.keywords = ""
        properties.language = LANGUAGE
        properties.revision = 1
        if document.date:
            moment = dt.datetime.combine(document.date, dt.time(8, 0))
            properties.created = moment
            properties.modified = moment

    def _page(self, section, *, landscape: bool) -> None:
        # Decree 30/2020/NĐ-CP, Appendix I, section I: A4; an annex may be landscape.
        width, height = (PAGE_HEIGHT_MM, PAGE_WIDTH_MM) if landscape else (PAGE_WIDTH_MM, PAGE_HEIGHT_MM)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width = Mm(width)
        section.page_height = Mm(height)
        section.top_margin = twips_at_least(MARGIN_TOP_MM)
        section.bottom_margin = twips_at_least(MARGIN_BOTTOM_MM)
        section.left_margin = twips_at_least(MARGIN_LEFT_MM)
        section.right_margin = twips_at_least(MARGIN_RIGHT_MM)
        section.header_distance = Mm(HEADER_DISTANCE_MM)
        section.footer_distance = Mm(HEADER_DISTANCE_MM)
        section.gutter = Mm(0)
        self.text_width = LANDSCAPE_TEXT_WIDTH_MM if landscape else TEXT_WIDTH_MM

    # Header --------------------------------------------------------------------------------------

    def _two_columns(self, widths: Sequence[float], rows: int = 1) -> WordTable:
        table = self.word.add_table(rows=rows, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_table_properties(table, widths, borders=False)
        return table

    def _header(self) -> None:
        document, sizes = self.document, self.sizes
        table = self._two_columns(HEADER_COLUMNS_MM, rows=2)
        left, right = table.rows[0].cells
        number_cell, date_cell = table.rows[1].cells
        left_width = HEADER_COLUMNS_MM[0] - 2 * CELL_MARGIN_MM
        right_width = HEADER_COLUMNS_MM[1] - 2 * CELL_MARGIN_MM
        add_row_property(table.rows[0], "w:cantSplit")

        # Decree 30/2020/NĐ-CP, Appendix I, point II.2: the parent body in capitals, regular; the
        # issuing body in capitals, bold, centred under it. Guidance 36-HD/VPTW, section II.1 lays
        # out a Party body the same way, with an asterisk under it.
        if document.parent_body:
            add_paragraph(left, document.parent_body.upper(), size=sizes.parent_body)
        issuer = document.issuer.upper()
        add_paragraph(left, issuer, size=sizes.issuer, bold=True)
        if self.layout == PARTY:
            add_paragraph(left, PARTY_ISSUER_MARK, size=sizes.issuer)
            # Guidance 36-HD/VPTW, point II.1.1: "ĐẢNG CỘNG SẢN VIỆT NAM" top right with a solid
            # line under it as long as the heading: an underline is exactly that long.
            add_paragraph(right, PARTY_HEADING, size=sizes.heading, bold=True, underline=True)
        else:
            lines = wrap_lines(issuer, sizes.issuer, left_width, bold=True)
            longest = max(text_width_mm(line, sizes.issuer, bold=True) for line in lines)
            add_rule(left, longest * SHORT_RULE_FRACTION, left_width)
            # Decree 30/2020/NĐ-CP, Appendix I, point II.1: national heading in capitals, bold; the
            # motto under it, bold, with a solid rule as long as the motto.
            add_paragraph(right, NATIONAL_HEADING, size=sizes.heading, bold=True)
            add_paragraph(right, MOTTO, size=sizes.motto, bold=True)
            add_rule(right, text_width_mm(MOTTO, sizes.motto, bold=True), right_width)

        # Decree 30/2020/NĐ-CP, Appendix I, points II.3 and II.4: the number centred under the
        # issuer; the place and date on the same line, italic, centred under the motto.
        add_paragraph(number_cell, document.number_line, size=sizes.number, before=6)
        if document.is_letter and document.summary:
            # Point II.5: a công văn's summary, "V/v …", 12–13 pt regular, under its number.
            add_paragraph(number_cell, f"V/v {document.summary}", size=sizes.letter_summary, before=3)
        add_paragraph(date_cell, document.place_date_line, size=sizes.place_date, italic=True, before=6)

    def _title(self) -> None:
        document, sizes = self.document, self.sizes
        if document.is_letter:
            add_paragraph(self.word, size=sizes.body, after=6)
            return
        # Decree 30/2020/NĐ-CP, Appendix I, point II.5: type name in capitals, bold, centred; the
        # summary bold under it, with a short rule (1/3–1/2 of the line) below.
        add_paragraph(
            self.word,
            document.type_name.upper(),
            size=sizes.type_name,
            bold=True,
            before=18,
            keep_with_next=True,
        )
        if document.summary:
            add_paragraph(self.word, document.summary, size=sizes.summary, bold=True, keep_with_next=True)
            lines = wrap_lines(document.summary, sizes.summary, self.text_width, bold=True)
            longest = max(text_width_mm(line, sizes.summary, bold=True) for line in lines)
            add_rule(self.word, longest * SHORT_RULE_FRACTION, self.text_width, after=12)
        else:
            add_paragraph(self.word, size=sizes.body, after=6)

    def _addressees(self) -> None:
        """ "Kính gửi: …" (Decree 30/2020/NĐ-CP, Appendix I, point II.6, công văn and invitations)."""
        names = [name.strip().rstrip(";.") for name in self.document.addressees if name.strip()]
        size = self.sizes.body
        if len(names) == 1:
            add_paragraph(self.word, f"{ADDRESSEES_LABEL} {names[0]}.", size=size, after=12)
        elif names:
            add_paragraph(self.word, ADDRESSEES_LABEL, size=size, align="left", left_mm=25, after=0)
            for i, name in enumerate(names):
                end = "." if i == len(names) - 1 else ";"
                last = i == len(names) - 1
                add_paragraph(
                    self.word, f"- {name}{end}", size=size, align="left", left_mm=45, after=12 if last else 0
                )

    # Body ----------------------------------------------------------------------------------------

    def _body_paragraph(self, text: str, **style) -> WordParagraph:
        style.setdefault("align", "justify")
        style.setdefault("first_line_mm", FIRST_LINE_INDENT_MM)
        return add_paragraph(
            self.word,
            text,
            size=self.sizes.body,
            after=PARAGRAPH_SPACE_AFTER_PT,
            spacing=LINE_SPACING,
            **style,
        )

    def _blocks(self, blocks: Iterable[Block]) -> None:
        """The blocks in order. A run of LONG_RUN or more paragraphs of one style (a report gathering
        thousands of units' lines) is written once, with a marker for its text, and repeated line by line
        in the saved file (see splice)."""
        last: WordParagraph | None = None
        blocks = list(blocks)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            end = index + 1
            if isinstance(block, Paragraph):
                style = replace(block, text="")
                while (
                    end < len(blocks)
                    and isinstance(blocks[end], Paragraph)
                    and replace(blocks[end], text="") == style
                ):
                    end += 1
            if end - index >= LONG_RUN:
                marker = f"GIAOBAN-PARAGRAPHS-{len(self.runs)}"
                self.runs[marker] = [paragraph.text for paragraph in blocks[index:end]]  # type: ignore[union-attr]
                last = self._block(replace(block, text=marker))
            else:
                end = index + 1
                last = self._block(block)
            index = end
        if last is not None:
            last.paragraph_format.keep_with_next = True  # the closing does not start a page alone

    def _block(self, block: Block) -> WordParagraph | None:
        if isinstance(block, Paragraph):
            indent = FIRST_LINE_INDENT_MM if block.indent and block.align == "justify" else 0
            return self._body_paragraph(
                block.text,
                bold=block.bold,
                italic=block.italic,
                align=block.align,
                first_line_mm=indent,
                lead=block.lead,
            )
        if isinstance(block, Heading):
            paragraph = self._body_paragraph(
                block.text,
                bold=True,
                italic=block.level >= 3,
                align=block.align,
                first_line_mm=FIRST_LINE_INDENT_MM if block.align == "justify" else 0,
                keep_with_next=True,
            )
            paragraph._p.get_or_add_pPr().get_or_add_outlineLvl().val = min(max(block.level, 1), 9) - 1
            return paragraph
        if isinstance(block, NumberedItem):
            paragraph = self._body_paragraph("", lead="")
            add_text(paragraph, f"{block.number}. ", self.sizes.body)
            if block.lead:
                add_text(paragraph, block.lead.rstrip() + " ", self.sizes.body, bold=True)
            add_text(paragraph, block.text, self.sizes.body)
            for detail in block.details:
                paragraph = self._body_paragraph(f"- {detail.lstrip('- ')}")
            return paragraph
        if isinstance(block, Table):
            self._table(block)
            return None
        if isinstance(block, PageBreak):
            paragraph = add_paragraph(self.word, size=self.sizes.body)
            paragraph.add_run().add_break(WD_BREAK.PAGE)
            return None
        raise TypeError(f"Not a document block: {block!r}")

    def _table(self, block: Table) -> None:
        if block.caption:
            add_paragraph(
                self.word, block.caption, size=self.sizes.body, bold=True, after=6, keep_with_next=True
            )
        columns = len(block.header)
        widths = list(block.widths_mm or [1] * columns)
        scale = self.text_width / sum(widths)
        default_align: list[Align] = ["center" if i == 0 else "left" for i in range(columns)]
        marker = f"GIAOBAN-TABLE-{len(self.tables)}"
        style_id = self._table_style(block.font_size)
        self.tables[marker] = table_xml(
            block, [w * scale for w in widths], block.align or default_align, style_id
        )
        placeholder = OxmlElement("w:p")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = marker
        run.append(text)
        placeholder.append(run)
        self.word.element.body[-1].addprevious(placeholder)  # before the closing w:sectPr
        add_paragraph(self.word, size=self.sizes.body, after=PARAGRAPH_SPACE_AFTER_PT)

    def _table_style(self, size: float) -> str:
        """The paragraph style of table cells at `size` pt: Times New Roman, single spacing, 2 pt
        above and below; returns its style id."""
        name = f"Giao Ban Table {size:g}"
        styles = self.word.styles
        if name not in styles:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.name = FONT
            style.font.color.rgb = BLACK
            rpr = style.element.get_or_add_rPr()
            set_fonts(rpr)
            set_size(rpr, size)
            fmt = style.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.space_before = Pt(2)
            fmt.space_after = Pt(2)
            fmt.line_spacing = 1.0
            fmt.first_line_indent = Mm(0)
            fmt.left_indent = Mm(0)
            fmt.right_indent = Mm(0)
        return styles[name].style_id

    # Closing -------------------------------------------------------------------------------------

    def _closing(self) -> None:
        document, sizes = self.document, self.sizes
        if not document.recipients and document.signature is None:
            return
        table = self._two_columns(CLOSING_COLUMNS_MM, rows=2 if document.countersignature else 1)
        row = table.rows[0]
        add_row_property(row, "w:cantSplit")  # the signature block never splits across pages
        left, right = row.cells
        if document.countersignature is not None:
            # Decree 30/2020/NĐ-CP, Appendix I, form of the minutes: the secretary signs left, the chair
            # right, "Nơi nhận" under both.
            self._signature(left, document.countersignature)
            add_row_property(table.rows[1], "w:cantSplit")
            left = table.rows[1].cells[0]
        # Decree 30/2020/NĐ-CP, Appendix I, point II.9: "Nơi nhận:" flush left, 12 pt bold italic;
        # each recipient 11 pt on its own line, "- …;" and the last "- Lưu: VT, ….".
        lines = recipient_lines(document.recipients)
        if lines:
            add_paragraph(
                left,
                RECIPIENTS_LABEL,
                size=sizes.recipients_label,
                align="left",
                before=6,
                **RECIPIENTS_LABEL_STYLE[self.layout],
            )
            for line in lines:
                add_paragraph(left, line, size=sizes.recipients, align="left")
        if document.signature is not None:
            self._signature(right, document.signature)

    def _signature(self, cell: _Cell, signature: Signature) -> None:
        # Decree 30/2020/NĐ-CP, Appendix I, point II.7: authority and title in capitals, bold; room
        # for the signature and seal; the signer's name bold.
        size = self.sizes.signature
        for i, line in enumerate(signature.lines(self.layout)):
            add_paragraph(cell, line, size=size, bold=True, before=6 if i == 0 else 0)
        space: float = SIGNATURE_SPACE_PT
        if signature.note:
            add_paragraph(cell, signature.note, size=size, italic=True, before=space / 2 - size)
            space /= 2
        add_paragraph(cell, signature.name, size=size, bold=True, before=space)

    # Annexes -------------------------------------------------------------------------------------

    def _annex(self, annex: Annex) -> None:
        """An annex on its own pages (Decree 30/2020/NĐ-CP, Appendix I, section II, annexes): "PHỤ LỤC" and its
        number, the title, the document it goes with, a short rule."""
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        self._page(section, landscape=annex.landscape)
        size = self.sizes.body
        label = f"PHỤ LỤC {annex.number}".strip()
        add_paragraph(self.word, label, size=size, bold=True, keep_with_next=True)
        add_paragraph(self.word, annex.title.upper(), size=size, bold=True, keep_with_next=True)
        reference = self.document.annex_reference() if annex.reference is None else annex.reference
        if reference:
            add_paragraph(self.word, reference, size=size, italic=True, keep_with_next=True)
        lines = wrap_lines(annex.title.upper(), size, self.text_width, bold=True)
        longest = max(text_width_mm(line, size, bold=True) for line in lines)
        add_rule(self.word, longest * SHORT_RULE_FRACTION, self.text_width, after=12)
        self._blocks(annex.blocks)
