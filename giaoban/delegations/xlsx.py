"""The delegation spreadsheets: the import template and the export of a filtered list.

Both write with openpyxl's write-only mode, row by row, so a large export never holds the workbook in
memory. The export carries the template's columns (plus STT and a few read-only ones the import
ignores), so an exported file reads back through the import.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from giaoban.core import xlsx as sheets
from giaoban.core.vietnamese import format_date_padded

from . import countries
from .models import Category, Delegation, Direction, Kind, Level, Purpose, Status

DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    width: int
    aliases: tuple[str, ...] = ()


# The template's header row, in this order; labels are the (#3) and the import's keys.
COLUMNS = (
    Column("direction", "Hướng", True, 11, ("Đoàn ra/Đoàn vào", "Đoàn ra, đoàn vào", "Loại đoàn")),
    Column("name", "Tên đoàn", True, 45, ("Đoàn", "Tên đoàn công tác")),
    Column(
        "lead_unit", "Đơn vị chủ trì", True, 30, ("Đơn vị", "Cơ quan chủ trì", "Đơn vị cử đoàn, đón đoàn")
    ),
    Column("head_name", "Trưởng đoàn", False, 22, ("Họ tên trưởng đoàn", "Họ và tên trưởng đoàn")),
    Column("head_title", "Chức vụ", False, 28, ("Chức vụ trưởng đoàn", "Chức danh")),
    Column("member_count", "Số thành viên", False, 10, ("Số người", "Số lượng", "Số lượng thành viên")),
    Column(
        "countries",
        "Quốc gia, vùng lãnh thổ",
        True,
        24,
        ("Quốc gia/vùng lãnh thổ", "Quốc gia", "Nước", "Quốc gia và vùng lãnh thổ", "Nước, vùng lãnh thổ"),
    ),
    Column("partners", "Đối tác", False, 30, ("Cơ quan đối tác", "Đối tác nước ngoài")),
    Column("purposes", "Mục đích", True, 26, ("Mục đích chuyến đi", "Nội dung")),
    Column("start_date", "Từ ngày", True, 12, ("Ngày đi", "Ngày bắt đầu", "Ngày đến")),
    Column("end_date", "Đến ngày", True, 12, ("Ngày về", "Ngày kết thúc")),
    Column("funding_source", "Nguồn kinh phí", False, 20, ("Kinh phí",)),
    Column("notes", "Ghi chú", False, 30, ()),
    # Kinds, levels, categories and localities (issue 14); blank reads as an ordinary visit.
    Column("kind", "Hình thức", False, 22, ("Hình thức hoạt động",)),
    Column("level", "Cấp đoàn", False, 14, ("Cấp",)),
    Column("category", "Đối tượng", False, 18, ("Loại khách", "Thành phần")),
    Column("localities", "Địa phương đối tác", False, 24, ("Địa phương", "Tỉnh đối tác")),
    # A past delegation's record: with a status, a delegation already over is entered as it was.
    Column("status", "Trạng thái", False, 16, ("Tình trạng",)),
    Column("approval_number", "Số văn bản cho phép", False, 18, ("Số văn bản", "Văn bản cho phép")),
    Column("approval_date", "Ngày văn bản cho phép", False, 14, ("Ngày văn bản",)),
    Column("approval_issuer", "Cơ quan cho phép", False, 24, ("Cơ quan cấp phép",)),
    Column("report_text", "Báo cáo kết quả", False, 40, ("Kết quả", "Báo cáo")),
    Column("report_date", "Ngày nộp báo cáo", False, 14, ("Ngày báo cáo",)),
    Column("cancel_reason", "Lý do hủy", False, 24, ()),
    # Who: the units taking part, and a visitor based in Viet Nam (an embassy, an organisation's office).
    Column("participants", "Đơn vị tham gia", False, 30, ("Đơn vị phối hợp", "Các đơn vị tham gia")),
    Column("based_in_viet_nam", "Cơ quan tại Việt Nam", False, 12, ("Có trụ sở tại Việt Nam",)),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
DIRECTION_LABELS = {Direction.OUTBOUND: "Đoàn ra", Direction.INBOUND: "Đoàn vào"}

TITLE = "DANH SÁCH ĐOÀN RA, ĐOÀN VÀO"
SHEET_TITLE = "Đoàn ra, đoàn vào"  # the import reads this sheet when a workbook has it
GUIDANCE = (
    "Mỗi dòng một đoàn, bắt đầu ngay dưới dòng tiêu đề cột. Cột có dấu * là bắt buộc. Hướng: “Đoàn ra” "
    "hoặc “Đoàn vào”. Ngày: dd/mm/yyyy. Nhiều quốc gia hoặc mục đích: cách nhau bằng dấu “;”. "
    "Tên đơn vị, quốc gia và mục đích: xem trang “Danh mục”."
)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _header_cells(sheet: Any, labels: Iterable[str]) -> list[WriteOnlyCell]:
    return [sheets.cell(sheet, label, font=BOLD, fill=HEADER_FILL, alignment=WRAP) for label in labels]


def purpose_text(codes: Iterable[str], other: str = "") -> str:
    labels = [str(Purpose(code).label) for code in codes if code != Purpose.OTHER]
    if Purpose.OTHER in codes:
        labels.append(f"Khác: {other}" if other else "Khác")
    return "; ".join(labels)


def countries_text(codes: Iterable[str]) -> str:
    return "; ".join(countries.country_name(code, "vi") for code in codes)


# --- Template ------------------------------------------------------------------------------------


def write_template(path: Any, *, unit_names: Iterable[str]) -> None:
    """The import template: title, guidance, header row (row 3), and the lists in a second sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    lists = workbook.create_sheet("Danh mục")
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    first_data_row, last_data_row = 4, 2000
    direction_list = DataValidation(type="list", formula1='"Đoàn ra,Đoàn vào"', allow_blank=True)
    direction_list.add(f"A{first_data_row}:A{last_data_row}")
    units = list(unit_names)
    unit_list = DataValidation(
        type="list", formula1=f"'Danh mục'!$A$2:$A${len(units) + 1}", allow_blank=True, showErrorMessage=False
    )
    unit_list.add(f"C{first_data_row}:C{last_data_row}")
    sheet.data_validations.append(direction_list)
    if units:
        sheet.data_validations.append(unit_list)
    sheets.print_ready(sheet, title=TITLE, header_rows=(3, 3))
    sheet.append([sheets.cell(sheet, TITLE, font=Font(bold=True, size=14))])
    sheet.append([sheets.cell(sheet, GUIDANCE, font=Font(italic=True))])
    sheet.append(_header_cells(sheet, [f"{c.label} *" if c.required else c.label for c in COLUMNS]))

    lists.column_dimensions["A"].width = 45
    lists.column_dimensions["C"].width = 40
    lists.column_dimensions["E"].width = 30
    sheets.print_ready(lists, title=f"{TITLE} – Danh mục", header_rows=(1, 1))
    lists.append(
        _header_cells(lists, ["Đơn vị chủ trì", "", "Quốc gia, vùng lãnh thổ", "Mã ISO", "Mục đích"])
    )
    places = countries.country_choices("vi")
    purposes = [str(purpose.label) for purpose in Purpose]
    for index in range(max(len(units), len(places), len(purposes))):
        code, place = places[index] if index < len(places) else ("", "")
        sheets.append(
            lists,
            [
                units[index] if index < len(units) else None,
                None,
                place or None,
                code or None,
                purposes[index] if index < len(purposes) else None,
            ],
        )
    workbook.save(path)


TEMPLATE_FILENAME = "mau-nhap-doan-ra-doan-vao.xlsx"


def template_file(*, unit_names: Iterable[str]) -> Any:
    """The template in a temporary file, rewound, ready to send."""
    # Handed to the caller open: FileResponse closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    write_template(output, unit_names=unit_names)
    output.seek(0)
    return output


# --- Export --------------------------------------------------------------------------------------

EXPORT_EXTRA = ("Quá hạn báo cáo",)


def _label(choices: Any, value: str) -> str | None:
    return str(choices(value).label) if value else None


def _export_row(sheet: Any, number: int, delegation: Delegation) -> list:
    values = {
        "direction": DIRECTION_LABELS[Direction(delegation.direction)],
        "name": delegation.name,
        "lead_unit": delegation.lead_unit.name,
        "head_name": delegation.head_name,
        "head_title": delegation.head_title,
        "member_count": delegation.member_count,
        "countries": countries_text(delegation.country_code_list),
        "partners": delegation.partners,
        "purposes": purpose_text(delegation.purpose_list, delegation.purpose_other),
        "start_date": delegation.start_date,
        "end_date": delegation.end_date,
        "funding_source": delegation.funding_source,
        "notes": delegation.notes,
        "kind": _label(Kind, delegation.kind) if delegation.kind != Kind.VISIT else None,
        "level": _label(Level, delegation.level),
        "category": _label(Category, delegation.category),
        "localities": "; ".join(delegation.locality_code_list),
        "status": str(Status(delegation.status).label),
        "approval_number": delegation.approval_number,
        "approval_date": delegation.approval_date,
        "approval_issuer": delegation.approval_issuer,
        "report_text": delegation.report_text,
        "report_date": delegation.report_date,
        "cancel_reason": delegation.cancel_reason,
        "participants": "; ".join(unit.name for unit in delegation.participating_units.all()),
        "based_in_viet_nam": "Có" if delegation.based_in_viet_nam else None,
    }
    cells = [number]
    for column in COLUMNS:
        value = values[column.key]
        if isinstance(value, dt.date):
            cells.append(sheets.cell(sheet, value, number_format=DATE_FORMAT))
        else:
            cells.append(value if value != "" else None)
    cells.append("Quá hạn" if getattr(delegation, "report_overdue", False) else None)
    return cells


def write_export(delegations: QuerySet[Delegation], *, subtitle: str = "") -> Any:
    """The list as a workbook in a temporary file (rewound), streamed from the queryset in chunks.

    `delegations` comes from selectors.delegation_list, annotated with `report_overdue`.
    """
    today = timezone.localdate()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    widths = [6, *(column.width for column in COLUMNS), 12]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    sheets.print_ready(sheet, title=TITLE, header_rows=(3, 3))
    sheet.append([sheets.cell(sheet, TITLE, font=Font(bold=True, size=14))])
    subtitle = subtitle or f"Xuất ngày {format_date_padded(today)}"
    sheet.append([sheets.cell(sheet, subtitle, font=Font(italic=True))])
    sheet.append(_header_cells(sheet, ["STT", *(column.label for column in COLUMNS), *EXPORT_EXTRA]))
    rows = delegations.prefetch_related("participating_units").iterator(chunk_size=2000)
    for number, delegation in enumerate(rows, start=1):
        sheets.append(sheet, _export_row(sheet, number, delegation))
    # Handed to the caller open: FileResponse closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


# --- An import's errors ----------------------------------------------------------------------------

ERRORS_TITLE = "LỖI TRONG TỆP NHẬP ĐOÀN"


def write_errors(errors: Iterable[dict[str, Any]], *, source_name: str) -> Any:
    """Every error of an import job (row, column, message) as a workbook in a temporary file, rewound."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Lỗi")
    for index, width in enumerate((8, 24, 100), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheets.print_ready(sheet, title=ERRORS_TITLE, header_rows=(3, 3))
    sheet.append([sheets.cell(sheet, ERRORS_TITLE, font=Font(bold=True, size=14))])
    sheet.append([sheets.cell(sheet, f"Tệp “{source_name}”", font=Font(italic=True))])
    sheet.append(_header_cells(sheet, ["Dòng", "Cột", "Lỗi"]))
    for error in errors:
        sheets.append(sheet, [error.get("row"), error.get("column"), error.get("message")])
    # Handed to the caller open: FileResponse closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output
