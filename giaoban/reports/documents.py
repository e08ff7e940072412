"""The committee report as an official document ("BÁO CÁO", type code BC), rendered by the shared layout
code (giaoban.core.documents) in the committee's layout (Decree 30/2020/NĐ-CP for state bodies,
Guidance 36-HD/VPTW for Party bodies), with its two figure forms ("biểu mẫu") as annexes and as an XLSX:

- Biểu 01 "Tổng hợp số liệu": one row per indicator, its unit of measure and the committee total;
- Biểu 02 "Số liệu của các đơn vị": one row per unit with an accepted submission, one column per
  indicator, landscape. A landscape A4 page holds the unit's name and 8 indicator columns at 11 pt
  legibly; an outline with more indicators (20 is common) is split into several tables of at most
  `UNIT_TABLE_COLUMNS` indicators each, every one repeating the units (and its header row on every page),
  rather than squeezing 20 columns of 9 mm. Its last row ("Tổng cộng") is Biểu 01's total: the sum of
  the column for an entered indicator; the committee's own figure for a computed one (countries are
  counted once, not once per unit; units without an accepted submission count too).

Document text is always Vietnamese, whatever the page's language: nothing here is translated.
At 4,000 units (bench/report_aggregate.py) the core writer's fast paths carry the size: tables and long
runs of paragraphs (the aggregate's raw draft, 32,000 lines) spliced in as XML text; integer cells are
passed as `int` for its quick number formatting.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.cache import cache

from giaoban.core import xlsx as sheets
from giaoban.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    Annex,
    Block,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    document_filename,
    render_docx,
    render_pdf,
)
from giaoban.core.vietnamese import format_number
from giaoban.meetings import drafting
from giaoban.meetings.documents import Rendered, _paragraphs
from giaoban.org.letterhead import document_letterhead

from . import selectors
from .aggregate import Aggregate, IndicatorTotal, report_aggregate
from .indicators import COMPUTED
from .models import CommitteeReport, ReportVersion, ValueType

# Decree 30/2020/NĐ-CP, Appendix III: "Báo cáo" is BC.
TYPE_CODE = "BC"
TYPE_NAME = "BÁO CÁO"

SUMMARY_TITLE = "Biểu 01: Tổng hợp số liệu"
UNITS_TITLE = "Biểu 02: Số liệu của các đơn vị"
TOTAL_LABEL = "Tổng cộng"
# Indicator columns per table of Biểu 02 on a landscape A4 page (252 mm of text width).
UNIT_TABLE_COLUMNS = 8
UNIT_TABLE_FONT_SIZE = 11

# "I. KẾT QUẢ …" (level 1), "1. …" (level 2), "a) …" (level 3): the level of a heading by its numbering.
_LEVEL_2 = re.compile(r"^\d+(\.\d+)*[.)]\s")
_LEVEL_3 = re.compile(r"^[a-zđ][.)]\s")


def heading_level(text: str) -> int:
    if _LEVEL_3.match(text):
        return 3
    if _LEVEL_2.match(text):
        return 2
    return 1


# --- Values ------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _decimal_text(value: Decimal) -> str:
    return format_number(value)


def cell_value(value: Decimal | int | None, indicator: Any) -> int | str | None:
    """A value as a table cell: an `int` when whole (the writer formats ints quickly, "1.234"), else
    the text format_number gives ("12,5"); None stays blank."""
    if value is None:
        return None
    if indicator.value_type == ValueType.INTEGER or value == value.to_integral_value():
        return int(value)
    return _decimal_text(Decimal(value).normalize())


def sheet_value(value: Decimal | int | None, indicator: Any) -> int | float | None:
    """A value as a spreadsheet number."""
    if value is None:
        return None
    if indicator.value_type == ValueType.INTEGER or value == value.to_integral_value():
        return int(value)
    return float(value)


# --- What a blank, a 0 and the total mean ----------------------------------------------------------------
#
# One rule for the DOCX annex and the XLSX: a figure the system computes for each unit is 0 for a unit
# with nothing to count (it is known); a figure units enter is blank where the unit entered nothing
# (0 only where it typed 0); a figure of the committee as a whole is blank on the units' rows. The
# "Tổng cộng" row equals the sum of the rows above it, or a note under the table says why not.

BLANK_NOTE = "Ô để trống: đơn vị không báo cáo chỉ tiêu này (số 0 là đơn vị báo cáo bằng 0)."
NOTES_LABEL = "Ghi chú:"


def _source(row: IndicatorTotal) -> Any:
    return COMPUTED.get(row.indicator.source) if row.is_computed else None


def annex_value(row: IndicatorTotal, unit_id: int) -> Decimal | None:
    """A unit's value in the annex: 0 for a computed per-unit figure with nothing to count, blank for an
    entered figure the unit did not give and for the committee's own figures."""
    value = row.by_unit.get(unit_id)
    source = _source(row)
    if value is None and source is not None and source.per_unit:
        return Decimal(0)
    return value


def column_note(row: IndicatorTotal, unit_ids: Sequence[int]) -> str:
    """Why the column's "Tổng cộng" is not the sum of its rows, or "" when it is."""
    source = _source(row)
    name = f"Cột “{row.indicator.name}”"
    if source is not None and source.distinct:
        return (
            f"{name}: mỗi quốc gia, vùng lãnh thổ chỉ tính một lần ở dòng Tổng cộng dù nhiều đơn vị cùng đến "
            "hoặc cùng đón đoàn của nơi đó, nên Tổng cộng không phải tổng của các dòng trên."
        )
    if source is not None and not source.per_unit:
        return f"{name}: số liệu chung của Ban Chỉ đạo, không tính theo đơn vị."
    shown = sum((value for uid in unit_ids if (value := annex_value(row, uid)) is not None), Decimal(0))
    if row.total is not None and shown != row.total:
        rest = format_number(row.total - shown)
        return (
            f"{name}: Tổng cộng là số liệu của cả Ban Chỉ đạo, gồm cả {rest} của các đơn vị chưa có báo cáo "
            "được chấp nhận (không có dòng trong biểu)."
        )
    return ""


def annex_notes(aggregate: Aggregate) -> list[str]:
    """The notes under Biểu 02: each column whose total is not the sum of its rows, and what a blank means
    (when a blank is shown)."""
    unit_ids = [unit.pk for unit in aggregate.units]
    notes = [note for row in aggregate.indicators if (note := column_note(row, unit_ids))]
    blank = any(
        _source(row) is None and annex_value(row, uid) is None
        for row in aggregate.indicators
        for uid in unit_ids
    )
    return [*notes, BLANK_NOTE] if blank else notes


def indicator_header(row: IndicatorTotal) -> str:
    indicator = row.indicator
    return f"{indicator.name} ({indicator.unit_of_measure})" if indicator.unit_of_measure else indicator.name


# --- The annexes ---------------------------------------------------------------------------------------


def summary_table(aggregate: Aggregate) -> Table:
    rows = [
        [i, row.indicator.name, row.indicator.unit_of_measure, cell_value(row.total, row.indicator)]
        for i, row in enumerate(aggregate.indicators, start=1)
    ]
    return Table(
        header=["TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số"],
        rows=rows,
        widths_mm=[12, 103, 30, 30],
        align=["center", "left", "center", "right"],
    )


def unit_tables(aggregate: Aggregate) -> list[Table]:
    """Biểu 02 as tables of at most UNIT_TABLE_COLUMNS indicator columns each."""
    indicators = aggregate.indicators
    units = aggregate.units
    if not indicators:
        return [
            Table(
                header=["TT", "Đơn vị"],
                rows=[[i, unit.name] for i, unit in enumerate(units, start=1)],
                widths_mm=[12, 240],
                align=["center", "left"],
            )
        ]
    chunks = [indicators[i : i + UNIT_TABLE_COLUMNS] for i in range(0, len(indicators), UNIT_TABLE_COLUMNS)]
    tables = []
    for part, chunk in enumerate(chunks, start=1):
        rows: list[list[Any]] = [
            [i, unit.name, *(cell_value(annex_value(row, unit.pk), row.indicator) for row in chunk)]
            for i, unit in enumerate(units, start=1)
        ]
        rows.append([None, TOTAL_LABEL, *(cell_value(row.total, row.indicator) for row in chunk)])
        first = (part - 1) * UNIT_TABLE_COLUMNS + 1
        caption = ""
        if len(chunks) > 1:
            caption = f"Phần {part}/{len(chunks)}: chỉ tiêu {first}–{first + len(chunk) - 1}"
        # Indicator columns of one width; the unit's name as wide as 2.5 of them, TT narrow.
        tables.append(
            Table(
                header=["TT", "Đơn vị", *(indicator_header(row) for row in chunk)],
                rows=rows,
                widths_mm=[12, 62, *([22] * len(chunk))],
                align=["center", "left", *(["right"] * len(chunk))],
                caption=caption,
                font_size=UNIT_TABLE_FONT_SIZE,
                total_row=True,
            )
        )
    return tables


def annexes(aggregate: Aggregate) -> list[Annex]:
    notes = annex_notes(aggregate) if aggregate.units else []
    note_blocks: list[Block] = (
        [
            Paragraph(NOTES_LABEL, italic=True, indent=False),
            *(Paragraph(f"- {n}", italic=True) for n in notes),
        ]
        if notes
        else []
    )
    return [
        Annex(number="I", title=SUMMARY_TITLE, blocks=[summary_table(aggregate)]),
        Annex(number="II", title=UNITS_TITLE, blocks=[*unit_tables(aggregate), *note_blocks], landscape=True),
    ]


# --- The document --------------------------------------------------------------------------------------


def body_blocks(version: ReportVersion | None) -> list[Block]:
    """Each section of the version: its heading, then one paragraph per line of its text."""
    blocks: list[Block] = []
    for section in version.sections if version is not None else []:
        heading = (section.get("heading") or "").strip()
        if heading:
            blocks.append(Heading(heading, level=heading_level(heading)))
        blocks.extend(_paragraphs(section.get("text") or ""))
    return blocks


def report_document(
    report: CommitteeReport, version: ReportVersion | None, aggregate: Aggregate
) -> OfficialDocument:
    """The report in its committee's layout: numbered and dated once approved, blanks while a draft."""
    committee = report.committee
    approved = report.is_approved
    head = document_letterhead(report, committee)
    return OfficialDocument(
        **head.header(),
        number=head.document_number(report.number) if approved else None,
        type_code=TYPE_CODE,
        date=report.date if approved else None,
        type_name=TYPE_NAME,
        summary=report.summary,
        body=body_blocks(version),
        signature=drafting.signature(
            report.signer,
            prefix=report.signing_prefix,
            authority=report.signing_authority,
            title=report.signer_title,
        ),
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        annexes=annexes(aggregate),
    )


def build(report: CommitteeReport, *, user: Any) -> OfficialDocument:
    version = selectors.report_current_version(report=report)
    return report_document(report, version, report_aggregate(user=user, report=report))


# --- Rendering -----------------------------------------------------------------------------------------

PDF_CACHE_SECONDS = 3600


def _pdf(document: OfficialDocument) -> bytes:
    """The PDF, converted once per content (as meetings.documents._pdf): LibreOffice takes seconds."""
    key = "reports:pdf:" + hashlib.sha256(repr(document).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render_pdf(render_docx(document))
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data


def render(report: CommitteeReport, fmt: str, *, user: Any) -> Rendered:
    """The report as DOCX, or as PDF through LibreOffice (raises PdfConversionError without it)."""
    if fmt not in ("docx", "pdf"):
        raise ValueError(f"Unknown report format {fmt!r}")
    document = build(report, user=user)
    if fmt == "pdf":
        return Rendered(_pdf(document), document_filename(document, "pdf"), PDF_CONTENT_TYPE)
    return Rendered(render_docx(document), document_filename(document, "docx"), DOCX_CONTENT_TYPE)


# --- The XLSX ------------------------------------------------------------------------------------------


def annex_filename(report: CommitteeReport) -> str:
    """ "bieu-mau-bao-cao-12-bc-bcd-2017-07-20.xlsx": the document's name, prefixed."""
    committee = report.committee
    document = OfficialDocument(
        issuer=committee.name,
        number=report.number if report.is_approved else None,
        type_code=TYPE_CODE,
        issuer_code=committee.document_code,
        place="",
        date=report.date if report.is_approved else None,
        type_name=TYPE_NAME,
    )
    return "bieu-mau-" + document_filename(document, "xlsx")


def annex_xlsx(report: CommitteeReport, *, user: Any, aggregate: Aggregate | None = None) -> bytes:
    """Biểu 01 and Biểu 02 as two sheets: a title row, the period, a frozen header, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    aggregate = aggregate or report_aggregate(user=user, report=report)
    bold = Font(name="Times New Roman", bold=True, size=12)
    title_font = Font(name="Times New Roman", bold=True, size=14)
    italic = Font(name="Times New Roman", italic=True, size=12)
    thin = Side(style="thin", color="000000")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    integer_format = "#,##0"
    decimal_format = "#,##0.##"
    period = aggregate.period
    subtitle = f"{report.summary} ({period.start_date:%d/%m/%Y} – {period.end_date:%d/%m/%Y})"

    def sheet_head(sheet, title: str, header: list[str], widths: list[float]) -> None:
        sheets.append(sheet, [title])
        sheets.append(sheet, [subtitle])
        sheets.append(sheet, header)
        last = get_column_letter(len(header))
        sheet.merge_cells(f"A1:{last}1")
        sheet.merge_cells(f"A2:{last}2")
        sheet["A1"].font = title_font
        sheet["A2"].font = italic
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = header_alignment
            cell.border = ruled
        sheet.row_dimensions[3].height = 48
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "C4"
        sheets.print_ready(sheet, title=title, header_rows=(3, 3))

    def number_formats(sheet, columns: Sequence[tuple[int, Any]]) -> None:
        """Thousands separators on the indicator columns: the style is set on one cell and its style
        array copied to the others (setting `number_format` cell by cell costs a second at 4,000 units)."""
        for column, indicator in columns:
            cells = [cell for (cell,) in sheet.iter_rows(min_row=4, min_col=column, max_col=column)]
            if not cells:
                continue
            cells[0].number_format = (
                integer_format if indicator.value_type == ValueType.INTEGER else decimal_format
            )
            for cell in cells[1:]:
                cell._style = copy(cells[0]._style)

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Biểu 01"
    sheet_head(summary, SUMMARY_TITLE, ["TT", "Chỉ tiêu", "Đơn vị tính", "Tổng số"], [6, 60, 14, 16])
    for i, row in enumerate(aggregate.indicators, start=1):
        sheets.append(
            summary,
            [i, row.indicator.name, row.indicator.unit_of_measure, sheet_value(row.total, row.indicator)],
        )
    for index, row in enumerate(aggregate.indicators, start=4):
        fmt = integer_format if row.indicator.value_type == ValueType.INTEGER else decimal_format
        summary.cell(row=index, column=4).number_format = fmt
    summary.freeze_panes = "A4"

    units = workbook.create_sheet("Biểu 02")
    header = ["TT", "Đơn vị", *(indicator_header(row) for row in aggregate.indicators)]
    sheet_head(units, UNITS_TITLE, header, [6, 40, *([16] * len(aggregate.indicators))])
    kinds = [row.indicator for row in aggregate.indicators]
    for i, unit in enumerate(aggregate.units, start=1):
        sheets.append(
            units,
            [
                i,
                unit.name,
                *(sheet_value(annex_value(row, unit.pk), row.indicator) for row in aggregate.indicators),
            ],
        )
    if aggregate.units:
        sheets.append(
            units,
            [None, TOTAL_LABEL, *(sheet_value(row.total, row.indicator) for row in aggregate.indicators)],
        )
    number_formats(units, [(column, kind) for column, kind in enumerate(kinds, start=3)])
    if aggregate.units:
        for cell in units[units.max_row]:
            cell.font = bold
        notes = annex_notes(aggregate)
        if notes:
            sheets.append(units, [])
            sheets.append(units, [None, NOTES_LABEL])
            units.cell(row=units.max_row, column=2).font = italic
            for note in notes:
                sheets.append(units, [None, f"- {note}"])
                units.cell(row=units.max_row, column=2).font = italic

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
