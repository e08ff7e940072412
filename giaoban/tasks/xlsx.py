"""Spreadsheets: a unit's open tasks to fill in and upload back, and the dashboard's figures.

The upload is read whole before anything is written: every problem is reported at once, by line and
column, and nothing is saved while any remains (the same rule as the delegation import).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from giaoban.core import xlsx as sheets
from giaoban.core.validators import DATE_RULE, date_in_range
from giaoban.core.vietnamese import format_date_short, nfc

from .models import Task, TaskStatus
from .services import BulkProgressRow
from .stats import StatsRange, TaskStats, UnitStats, stats_sentence

SHEET_TITLE = "Cập nhật tiến độ"  # the upload reads this sheet when the workbook has it
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns to fill in
WRAP = Alignment(wrap_text=True, vertical="top")

# Columns of the bulk update sheet; the unit fills in the last three.
BULK_COLUMNS = [
    ("id", "Mã số (không sửa)", 10),
    ("code", "Mã nhiệm vụ", 14),
    ("committee", "Ban chỉ đạo", 16),
    ("title", "Tên nhiệm vụ", 60),
    ("role", "Vai trò của đơn vị", 14),
    ("deadline", "Thời hạn", 12),
    ("percent_now", "Tiến độ gần nhất (%)", 12),
    ("percent", "Tiến độ mới (%)", 12),
    ("text", "Nội dung cập nhật", 60),
    ("reported_on", "Ngày báo cáo (dd/mm/yyyy)", 16),
]
COL = {key: index for index, (key, _label, _width) in enumerate(BULK_COLUMNS, start=1)}


def _workbook_bytes(workbook: Workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _header(sheet: Worksheet, row: int, labels: list[str], widths: list[int] | None = None) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheets.write(sheet, row, column, label)
        cell.font = BOLD
        cell.alignment = WRAP
        if widths:
            sheet.column_dimensions[get_column_letter(column)].width = widths[column - 1]


# --- Bulk update ---------------------------------------------------------------------------------------


def bulk_workbook(*, unit_name: str, tasks: list[Task], roles: dict[int, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheets.write(sheet, 1, 1, _("Cập nhật tiến độ nhiệm vụ của %(unit)s") % {"unit": unit_name})
    sheet["A1"].font = Font(bold=True, size=13)
    sheets.write(
        sheet,
        2,
        1,
        _(
            "Điền cột “Tiến độ mới (%)” và “Nội dung cập nhật” cho các nhiệm vụ cần cập nhật; để trống dòng "
            "không cập nhật. Không sửa cột “Mã số”."
        ),
    )
    _header(sheet, HEADER_ROW, [label for _key, label, _w in BULK_COLUMNS], [w for _k, _l, w in BULK_COLUMNS])
    for row, task in enumerate(tasks, start=FIRST_ROW):
        values = {
            "id": task.pk,
            "code": task.code,
            "committee": task.committee.short_name,
            "title": task.title,
            "role": roles.get(task.pk, ""),
            "deadline": task.deadline_in_force,
            "percent_now": task.percent,
        }
        for key, value in values.items():
            cell = sheets.write(sheet, row, COL[key], value)
            cell.alignment = WRAP
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
        for key in ("percent", "text", "reported_on"):
            sheet.cell(row=row, column=COL[key]).fill = FILL
        sheet.cell(row=row, column=COL["reported_on"]).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=COL["title"] + 1)
    sheets.print_ready(sheet, title=sheet["A1"].value, header_rows=(HEADER_ROW, HEADER_ROW))
    return _workbook_bytes(workbook)


@dataclass
class BulkParse:
    rows: list[BulkProgressRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _cell_error(line: int, key: str, message: str) -> str:
    label = next(label for k, label, _w in BULK_COLUMNS if k == key)
    return _("Dòng %(line)s, cột %(column)s (%(label)s): %(message)s") % {
        "line": line,
        "column": get_column_letter(COL[key]),
        "label": label,
        "message": message,
    }


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_bulk_upload(data: bytes, *, tasks: dict[int, Task]) -> BulkParse:
    """Read the filled-in sheet; `tasks` are the unit's open tasks by id (anything else is an error)."""
    result = BulkParse()
    try:
        workbook = sheets.open_workbook(io.BytesIO(data))
    except sheets.WorkbookError as error:
        result.errors.append(
            _("Không đọc được tệp: %(reason)s Hãy dùng tệp .xlsx tải về từ trang này.")
            % {"reason": sheets.workbook_error_message(error)}
        )
        return result
    try:
        _parse_rows(workbook, tasks, result)
    except sheets.WorkbookError as error:
        result.rows = []
        result.errors.append(sheets.workbook_error_message(error))
    finally:
        workbook.close()
    return result


def _parse_rows(workbook: Any, tasks: dict[int, Task], result: BulkParse) -> None:
    sheet = sheets.data_sheet(workbook, SHEET_TITLE)
    seen: set[int] = set()
    for line, values in enumerate(sheets.rows(sheet, min_row=FIRST_ROW), start=FIRST_ROW):
        cells = {key: (values[index - 1] if index - 1 < len(values) else None) for key, index in COL.items()}
        percent_raw, text_raw = cells["percent"], cells["text"]
        text = nfc(str(text_raw)).strip() if text_raw not in (None, "") else ""
        if percent_raw in (None, "") and not text:
            continue
        errors_before = len(result.errors)
        task = None
        try:
            task = tasks.get(int(cells["id"]))
        except (TypeError, ValueError):
            task = None
        if task is None:
            result.errors.append(
                _cell_error(line, "id", _("không phải nhiệm vụ đang thực hiện của đơn vị; đừng sửa cột này."))
            )
        elif task.pk in seen:
            result.errors.append(_cell_error(line, "id", _("nhiệm vụ này đã có ở dòng trên.")))
        percent = None
        if percent_raw in (None, ""):
            result.errors.append(_cell_error(line, "percent", _("hãy nhập tiến độ (%).")))
        else:
            try:
                number = float(percent_raw)
                if not number.is_integer() or not 0 <= number <= 100:
                    raise ValueError
                percent = int(number)
            except (TypeError, ValueError):
                result.errors.append(_cell_error(line, "percent", _("phải là số nguyên từ 0 đến 100.")))
        if not text:
            result.errors.append(_cell_error(line, "text", _("hãy nhập nội dung cập nhật.")))
        reported_on = None
        try:
            reported_on = _as_date(cells["reported_on"])
        except ValueError:
            result.errors.append(
                _cell_error(line, "reported_on", _("ngày không hợp lệ, dùng dạng dd/mm/yyyy."))
            )
        if not date_in_range(reported_on):
            result.errors.append(_cell_error(line, "reported_on", f"{DATE_RULE}."))
        if len(result.errors) == errors_before and task is not None and percent is not None:
            seen.add(task.pk)
            result.rows.append(
                BulkProgressRow(line=line, task=task, percent=percent, text=text, reported_on=reported_on)
            )


# --- Dashboard -------------------------------------------------------------------------------------------


def dashboard_workbook(
    *,
    title: str,
    period: StatsRange,
    stats: TaskStats,
    by_unit: list[UnitStats],
    overdue: list[tuple[Task, int]],
) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    sheets.write(summary, 1, 1, title)
    summary["A1"].font = Font(bold=True, size=13)
    dates = {
        "start": format_date_short(period.date_from),
        "end": format_date_short(period.date_to),
        "as_of": format_date_short(period.as_of),
    }
    sheets.write(summary, 2, 1, _("Từ %(start)s đến %(end)s, tính đến ngày %(as_of)s") % dates)
    sheets.write(summary, 3, 1, stats_sentence(stats))
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 14
    _header(summary, 5, [_("Tình trạng"), _("Số nhiệm vụ")])
    counts = stats.counts()
    for row, status in enumerate(TaskStatus, start=6):
        sheets.write(summary, row, 1, str(status.label))
        sheets.write(summary, row, 2, counts[status.value])
    row = 6 + len(TaskStatus)
    sheets.write(summary, row, 1, _("Nhiệm vụ được gia hạn"))
    sheets.write(summary, row, 2, stats.extended)
    sheets.write(summary, row + 1, 1, _("Tỷ lệ hoàn thành đúng hạn (%)"))
    sheets.write(summary, row + 1, 2, stats.on_time_rate)

    units = workbook.create_sheet("Theo đơn vị")
    labels = (
        [_("Đơn vị chủ trì"), _("Tổng số")]
        + [str(s.label) for s in TaskStatus]
        + [
            _("Được gia hạn"),
            _("Tỷ lệ đúng hạn (%)"),
        ]
    )
    _header(units, 1, labels, [40, 10] + [14] * (len(labels) - 2))
    for row, item in enumerate(by_unit, start=2):
        values = [item.unit.name, item.stats.total] + [item.stats.counts()[s.value] for s in TaskStatus]
        values += [item.stats.extended, item.stats.on_time_rate]
        for column, value in enumerate(values, start=1):
            sheets.write(units, row, column, value)

    late = workbook.create_sheet("Quá hạn")
    _header(
        late,
        1,
        [_("Mã"), _("Tên nhiệm vụ"), _("Đơn vị chủ trì"), _("Thời hạn"), _("Số ngày quá hạn")],
        [14, 60, 40, 12, 12],
    )
    for row, (task, days) in enumerate(overdue, start=2):
        sheets.write(late, row, 1, task.code)
        sheets.write(late, row, 2, task.title).alignment = WRAP
        sheets.write(late, row, 3, task.lead_unit.name)
        cell = sheets.write(late, row, 4, task.deadline_as_of)
        cell.number_format = "DD/MM/YYYY"
        sheets.write(late, row, 5, days)
    sheets.print_ready(summary, title=title, header_rows=(5, 5))
    sheets.print_ready(units, title=f"{title} – {units.title}", header_rows=(1, 1))
    sheets.print_ready(late, title=f"{title} – {late.title}", header_rows=(1, 1))
    return _workbook_bytes(workbook)
