"""Reading an agency's delegation spreadsheet: find the header, parse and check every row, collect errors.

Real spreadsheets from the units are tolerated:
- the header row is found by its labels anywhere in the first 15 rows; title rows, merged title cells
  and a "(1) (2) (3)" column-number row above or below it are skipped; an "STT" column and any column
  not in the template are ignored; labels match whatever their case, accents form (NFC/NFD), spacing,
  line breaks or a trailing "*" or ":";
- data stops at the first empty row after the first data row, or at a "Tổng cộng"/"Cộng" row;
- dates are Excel dates, "dd/mm/yyyy" (or "-", "." separators) text, or ISO "yyyy-mm-dd";
- several countries or purposes are separated by ";" or ",";
- countries by Vietnamese or English name or ISO code; units by name or short name, without accents
  if need be; every text is NFC-normalised.

The sheet is read with openpyxl's read-only mode, row by row, and rows are handed on in chunks, so the
memory used does not grow with the file (only a small hash per row is kept, for in-file duplicates).
Nothing is written here: services.delegation_import writes the rows this module validated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.datetime import from_excel

from giaoban.core import permissions
from giaoban.core import xlsx as sheets
from giaoban.core.validators import DATE_RULE_SENTENCE, date_in_range
from giaoban.core.vietnamese import clean_text, format_number, nfc, search_key
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Organisation

from . import countries, localities, selectors
from .models import (
    BASED_IN_VIET_NAM_INBOUND_ONLY,
    WORKFLOW,
    Category,
    Delegation,
    Direction,
    ImportJob,
    Kind,
    Level,
    Purpose,
    Status,
)
from .xlsx import COLUMN_BY_KEY, COLUMNS, DIRECTION_LABELS, SHEET_TITLE

HEADER_SEARCH_ROWS = 15
CHUNK_SIZE = 500
MAX_ERRORS = 1000  # a file full of errors reports the first thousand and the total
MAX_WARNINGS = 200

# --- Messages (tests check them) -----------------------------------------------------------------

BAD_FILE = sheets.BAD_WORKBOOK
EMPTY_FILE = _("Bảng tính không có trang nào.")
HEADER_NOT_FOUND = _(
    "Không tìm thấy dòng tiêu đề cột trong 15 dòng đầu. Dòng tiêu đề cần có các cột: %(columns)s."
)
MISSING_COLUMN = _("Thiếu cột “%(column)s”.")
NO_ROWS = _("Không có dòng dữ liệu nào dưới dòng tiêu đề.")
REQUIRED = _("Thiếu giá trị bắt buộc.")
UNKNOWN_DIRECTION = _("Hướng phải là “Đoàn ra” hoặc “Đoàn vào”, không phải “%(value)s”.")
UNKNOWN_UNIT = _("Không tìm thấy đơn vị “%(value)s”.")
UNIT_NOT_ALLOWED = _(
    "Đơn vị “%(value)s” không thuộc phạm vi bạn được nhập; bạn chỉ được nhập đoàn của đơn vị mình."
)
UNKNOWN_COUNTRY = _("Không nhận ra quốc gia, vùng lãnh thổ “%(value)s”.")
UNKNOWN_PURPOSE = _("Không nhận ra mục đích “%(value)s”; các mục đích: %(choices)s.")
NOT_A_NUMBER = _("“%(value)s” không phải là số nguyên dương.")
NOT_A_DATE = _("“%(value)s” không phải là ngày (dd/mm/yyyy).")
END_BEFORE_START = _("Đến ngày (%(end)s) trước Từ ngày (%(start)s).")
TOO_LONG = _("Dài quá %(max)s ký tự.")
DUPLICATE_EXISTING = _("Trùng với đoàn đã có: “%(name)s” (cùng hướng, đơn vị, ngày bắt đầu và quốc gia).")
DUPLICATE_IN_FILE = _("Trùng với dòng %(row)s của tệp (cùng hướng, đơn vị, ngày bắt đầu và quốc gia).")
UNKNOWN_CHOICE = _("Không nhận ra “%(value)s”; các giá trị: %(choices)s.")
UNKNOWN_LOCALITY = _("Không nhận ra địa phương đối tác “%(value)s”.")
LOCALITY_OUTSIDE = _("Địa phương “%(value)s” không thuộc quốc gia, vùng lãnh thổ của đoàn.")
STATUS_NOT_OVER = _(
    "Đoàn chưa kết thúc chỉ có thể ở trạng thái dự kiến, đã phê duyệt, đang thực hiện hoặc đã kết thúc."
)
CANCEL_REASON_MISSING = _("Đoàn đã hủy cần ghi lý do hủy.")
NOT_YES_NO = _("Ghi “Có” hoặc để trống, không phải “%(value)s”.")
_YES = {"co", "x", "yes", "y", "1", "true", "dung"}
_NO = {"khong", "no", "n", "0", "false"}
MORE_ERRORS = _("… và còn %(count)s lỗi khác.")


@dataclass
class RowError:
    row: int | None
    column: str | None
    message: str
    code: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "code": self.code}


@dataclass
class ImportRow:
    """A valid row: the service's arguments and its row number in the sheet."""

    row: int
    data: dict[str, Any]
    countries: list[str]
    purposes: list[str]
    participants: list[int] = field(default_factory=list)

    def display(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "direction": str(Direction(self.data["direction"]).label),
            "name": self.data["name"],
            "lead_unit": self.data["lead_unit"].name,
            "member_count": self.data["member_count"],
            "countries": ", ".join(countries.country_names(self.countries)),
            "purposes": ", ".join(str(Purpose(p).label) for p in self.purposes),
            "start_date": self.data["start_date"],
            "end_date": self.data["end_date"],
        }


@dataclass
class ImportResult:
    """What an import found and did. `ok` when no error; `created` counts the delegations written."""

    source_name: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    header_row: int | None = None
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[RowError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    max_errors: int | None = MAX_ERRORS  # None: keep every error (an import job lists them all)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int | None, column: str | None, message: Any, code: str) -> None:
        self.error_count += 1
        if self.max_errors is None or len(self.errors) < self.max_errors:
            self.errors.append(RowError(row, column, str(message), code))

    @classmethod
    def from_job(cls, job: ImportJob) -> ImportResult:
        """What an import job found, for the page that shows an import's result."""
        return cls(
            source_name=job.source_name,
            dry_run=job.dry_run,
            rows=job.rows_checked,
            created=job.created,
            header_row=job.header_row,
            errors=[RowError(**error) for error in job.errors],
            error_count=job.error_count,
            warnings=[RowError(**warning) for warning in job.warnings],
            preview=[_preview_row(row) for row in job.preview],
            max_errors=None,
        )

    @property
    def more_errors(self) -> str:
        hidden = self.error_count - len(self.errors)
        return str(MORE_ERRORS) % {"count": format_number(hidden)} if hidden > 0 else ""


def _preview_row(row: dict[str, Any]) -> dict[str, Any]:
    dates = {key: dt.date.fromisoformat(row[key]) for key in ("start_date", "end_date") if row.get(key)}
    return {**row, **dates}


# --- Matching labels and values ------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+")
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LISTS = {"countries", "purposes", "localities", "participants"}
_DATES = ("start_date", "end_date", "approval_date", "report_date")
_TOTAL_ROW = {"tong cong", "cong", "tong so", "tong"}
_OTHER_PURPOSE = re.compile(r"^\s*kh[aá]c\s*[:(\-–]\s*(?P<text>.+?)\)?\s*$", re.IGNORECASE)


def label_key(value: Any) -> str:
    """ "Quốc gia,\\nvùng lãnh thổ *" and "QUOC GIA VUNG LANH THO" give the same key."""
    return _label_key(str(value)) if value is not None else ""


@lru_cache(maxsize=65536)
def _label_key(text: str) -> str:
    # Cached: a sheet repeats its directions, units and purposes on every row.
    return _NON_WORD.sub(" ", search_key(text)).strip()


_LABELS = {label_key(alias): column.key for column in COLUMNS for alias in (column.label, *column.aliases)}
_DIRECTIONS = {
    label_key(text): direction
    for direction, texts in {
        Direction.OUTBOUND: (
            DIRECTION_LABELS[Direction.OUTBOUND],
            "ra",
            "outbound",
            "out",
            "đi",
            "xuất cảnh",
        ),
        Direction.INBOUND: (DIRECTION_LABELS[Direction.INBOUND], "vào", "inbound", "in", "đến", "nhập cảnh"),
    }.items()
    for text in texts
}
_PURPOSES = {label_key(purpose.label): purpose.value for purpose in Purpose}
_PURPOSES.update(
    {
        label_key(text): purpose.value
        for purpose, texts in {
            Purpose.WORK: ("làm việc", "công tác", "đi công tác", "thăm và làm việc", "thăm, làm việc"),
            Purpose.TALKS: ("tham dự hội đàm", "hội đàm", "hội kiến"),
            Purpose.SURVEY: ("khảo sát", "nghiên cứu, khảo sát"),
            Purpose.EXPERIENCE: ("trao đổi kinh nghiệm", "học tập kinh nghiệm", "trao đổi nghiệp vụ"),
            Purpose.TRAINING: ("đào tạo", "bồi dưỡng", "tập huấn", "học tập", "đào tạo/bồi dưỡng"),
            Purpose.FRIENDSHIP: ("giao lưu", "giao lưu hữu nghị", "hữu nghị", "thăm hữu nghị"),
            Purpose.CONFERENCE: ("hội nghị", "hội thảo", "dự hội nghị", "dự hội thảo", "hội nghị/hội thảo"),
            Purpose.PROMOTION: (
                "xúc tiến đầu tư",
                "xúc tiến thương mại",
                "xúc tiến",
                "xúc tiến đầu tư/thương mại",
            ),
            Purpose.OTHER: ("khác",),
        }.items()
        for text in texts
    }
)


def _choices(choices: Any, *extra: tuple[str, str]) -> dict[str, str]:
    """Labels (and a few other spellings) of a vocabulary, by label key."""
    found = {label_key(choice.label): choice.value for choice in choices}
    found.update({label_key(text): value for text, value in extra})
    return found


_KINDS = _choices(
    Kind,
    ("công tác", Kind.VISIT),
    ("hội đàm biên giới", Kind.BORDER),
    ("hội đàm tại cửa khẩu", Kind.BORDER),
    ("gặp gỡ tại mốc biên giới", Kind.BORDER),
    ("đón tiễn", Kind.ESCORT),
    ("đón, tiễn", Kind.ESCORT),
    ("tiễn đoàn", Kind.ESCORT),
)
_LEVELS = _choices(Level, ("cấp sở", Level.DEPARTMENT), ("cấp huyện", Level.DEPARTMENT))
_CATEGORIES = _choices(
    Category,
    ("phóng viên", Category.PRESS),
    ("phóng viên nước ngoài", Category.PRESS),
    ("báo chí", Category.PRESS),
    ("tổ chức phi chính phủ nước ngoài", Category.NGO),
    ("du lịch", Category.TOURISM),
)
_STATUSES = _choices(Status)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def parse_date(value: Any) -> dt.date | None:
    """An Excel date, a serial number, "dd/mm/yyyy" text or ISO text; None if it is none of these."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else None
    text = _text(value)
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        return None
    return None


def parse_count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 1 else None
    text = _text(value).replace(".", "").replace(" ", "")
    return int(text) if text.isdigit() and int(text) >= 1 else None


@lru_cache(maxsize=4096)
def _parse_purposes(text: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    found, unknown, other = parse_purposes(text)
    return tuple(found), tuple(unknown), other


@lru_cache(maxsize=4096)
def _parse_countries(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found, unknown = countries.parse_countries(text)
    return tuple(found), tuple(unknown)


def parse_purposes(text: str) -> tuple[list[str], list[str], str]:
    """(purpose codes, unknown parts, the text of "Khác: …") from "Hội đàm; khảo sát, Khác: thăm hỏi"."""
    found: list[str] = []
    unknown: list[str] = []
    other = ""
    for chunk in re.split(r"[;\n]", text or ""):
        parts = [part.strip() for part in re.split(r"[,/]", chunk) if part.strip()]
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                joined = ", ".join(parts[start:end])
                match = _OTHER_PURPOSE.match(joined)
                code = Purpose.OTHER.value if match else _PURPOSES.get(label_key(joined))
                if code:
                    if match:
                        other = match.group("text").strip()
                    if code not in found:
                        found.append(code)
                    start = end
                    break
            else:
                unknown.append(parts[start])
                start += 1
    return found, unknown, other


# --- The sheet -----------------------------------------------------------------------------------


class SheetError(Exception):
    def __init__(self, message: Any, code: str, row: int | None = None):
        super().__init__(str(message))
        self.message, self.code, self.row = str(message), code, row


def _header_columns(cells: tuple[Any, ...]) -> dict[str, int]:
    """Which column index holds which template column; the first cell wins if a label repeats."""
    found: dict[str, int] = {}
    for index, value in enumerate(cells):
        key = _LABELS.get(label_key(value))
        if key and key not in found:
            found[key] = index
    return found


def _is_column_number_row(cells: tuple[Any, ...]) -> bool:
    """A "(1) (2) (3)" row under or over the header (or plain 1, 2, 3 …)."""
    values = [value for value in cells if not _is_blank(value)]
    if len(values) < 3:
        return False
    if all(isinstance(value, str) and _COLUMN_NUMBER.match(value.strip()) for value in values):
        return True
    numbers = [value for value in values if isinstance(value, int) and not isinstance(value, bool)]
    return len(numbers) == len(values) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_total_row(cells: tuple[Any, ...]) -> bool:
    leading = [value for value in cells[:4] if not _is_blank(value)]
    return bool(leading) and isinstance(leading[0], str) and label_key(leading[0]) in _TOTAL_ROW


def read_sheet(file: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column key: raw value}) for each data row, header found first.

    The sheet read is the template's ("Đoàn ra, đoàn vào") if visible, else the first visible one: a
    hidden sheet is never imported. Raises SheetError for a file that cannot be read (one the shared
    reader refuses: too large unpacked, DOCTYPE/entities, damaged) or has no recognisable header.
    """
    try:
        workbook = sheets.open_workbook(file)
        try:
            yield from _sheet_rows(workbook)
        finally:
            workbook.close()
    except sheets.WorkbookError as error:
        raise SheetError(sheets.workbook_error_message(error), error.code or "bad_file") from error


def _sheet_rows(workbook: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if not workbook.worksheets:
        raise SheetError(EMPTY_FILE, "bad_file")
    sheet = sheets.data_sheet(workbook, SHEET_TITLE)
    # Files written by other tools often lack or misstate their dimensions; without this openpyxl
    # would read the whole sheet once just to measure it.
    sheet.reset_dimensions()
    rows = sheets.rows(sheet)
    header: dict[str, int] = {}
    number = 0
    for cells in rows:
        number += 1
        found = _header_columns(cells)
        if len(found) >= 3:
            header = found
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if not header:
        labels = ", ".join(f"“{c.label}”" for c in COLUMNS if c.required)
        raise SheetError(str(HEADER_NOT_FOUND) % {"columns": labels}, "header_not_found")
    missing = [c for c in COLUMNS if c.required and c.key not in header]
    if missing:
        raise SheetError(
            " ".join(str(MISSING_COLUMN) % {"column": c.label} for c in missing), "missing_column", number
        )
    yield number, {"__header__": header}
    started = False
    for cells in rows:
        number += 1
        if all(_is_blank(value) for value in cells):
            if started:
                break
            continue
        if not started and _is_column_number_row(cells):
            continue
        if _is_total_row(cells):
            break
        started = True
        yield (
            number,
            {key: (cells[index] if index < len(cells) else None) for key, index in header.items()},
        )


def estimate_rows(file: Any) -> int | None:
    """About how many rows the sheet holds (its largest sheet's, title rows included), or None when the
    file cannot be opened (the import then reports why)."""
    try:
        return sheets.largest_sheet_rows(file)
    except sheets.WorkbookError:
        return None


# --- Checking rows -------------------------------------------------------------------------------


class UnitIndex:
    """Units by name or short name, accent-insensitive: those the user may import for, and the rest."""

    def __init__(self, actor: Any):
        if actor is None:
            allowed = Organisation.objects.all()
            known = Organisation.objects.none()
        else:
            allowed = selectors.units_for_registration(actor).order_by()
            known = org_selectors.organisations_visible_to(actor).order_by()
        self.allowed: dict[str, Organisation] = {}
        self.known: dict[str, int] = {}
        for unit in allowed.only("pk", "name", "short_name"):
            for text in (unit.name, unit.short_name):
                if text:
                    self.allowed.setdefault(label_key(text), unit)
        for pk, name, short_name in known.values_list("pk", "name", "short_name"):
            for text in (name, short_name):
                if text:
                    self.known.setdefault(label_key(text), pk)

    def find(self, text: str) -> tuple[Organisation | None, bool]:
        """(the unit, known but not allowed)."""
        key = label_key(text)
        unit = self.allowed.get(key)
        return unit, unit is None and key in self.known

    def find_participant(self, text: str) -> int | None:
        """Any unit the user sees may take part (another province's body too)."""
        key = label_key(text)
        unit = self.allowed.get(key)
        return unit.pk if unit is not None else self.known.get(key)


@lru_cache(maxsize=32)
def _max_length(key: str) -> int | None:
    if key in _LISTS or key in {"kind", "level", "category", "status", "based_in_viet_nam"}:
        return None
    return getattr(Delegation._meta.get_field(key), "max_length", None)


def duplicate_key(direction: str, unit_id: int, start: dt.date, codes: list[str]) -> bytes:
    """A delegation is a duplicate of another with the same direction, unit, start date and places."""
    text = f"{direction}|{unit_id}|{start.isoformat()}|{','.join(sorted(codes))}"
    return hashlib.blake2b(text.encode(), digest_size=12).digest()


def initial_status(start: dt.date, end: dt.date, today: dt.date) -> Status:
    """An imported row is a trip already decided: returned if over, under way if on, approved if ahead."""
    if end < today:
        return Status.RETURNED
    if start <= today:
        return Status.UNDER_WAY
    return Status.APPROVED


class RowChecker:
    def __init__(self, actor: Any, result: ImportResult):
        self.actor = actor
        self.result = result
        self.units = UnitIndex(actor)
        self.today = timezone.localdate()
        self.seen: dict[bytes, int] = {}
        self.restricted = actor is not None and permissions.is_unit_officer(actor)
        self.localities = localities.names()

    def error(self, line: int, key: str, message: Any, code: str, **params: Any) -> None:
        self.result.add_error(
            line, COLUMN_BY_KEY[key].label, str(message) % params if params else message, code
        )

    def check(self, row: int, raw: dict[str, Any]) -> ImportRow | None:
        """The row's service arguments, or None after recording its errors."""
        before = self.result.error_count
        values = {
            key: _text(value.replace("\n", ";") if isinstance(value, str) and key in _LISTS else value)
            for key, value in raw.items()
            if key not in _DATES
        }
        for column in COLUMNS:
            if column.required and column.key in raw and _is_blank(raw[column.key]):
                self.error(row, column.key, REQUIRED, "required")
        for key, text in values.items():
            limit = _max_length(key)
            if limit and len(text) > limit:
                self.error(row, key, TOO_LONG, "too_long", max=format_number(limit))

        direction = None
        if values.get("direction"):
            direction = _DIRECTIONS.get(label_key(values["direction"]))
            if direction is None:
                self.error(
                    row, "direction", UNKNOWN_DIRECTION, "unknown_direction", value=values["direction"]
                )
        unit = None
        if values.get("lead_unit"):
            unit, not_allowed = self.units.find(values["lead_unit"])
            if not_allowed:
                self.error(row, "lead_unit", UNIT_NOT_ALLOWED, "unit_not_allowed", value=values["lead_unit"])
            elif unit is None:
                self.error(row, "lead_unit", UNKNOWN_UNIT, "unknown_unit", value=values["lead_unit"])
        member_count = None
        if not _is_blank(raw.get("member_count")):
            member_count = parse_count(raw["member_count"])
            if member_count is None:
                self.error(row, "member_count", NOT_A_NUMBER, "not_a_number", value=values["member_count"])
        codes: list[str] = []
        if values.get("countries"):
            found, unknown = _parse_countries(values["countries"])
            codes = list(found)
            for part in unknown:
                self.error(row, "countries", UNKNOWN_COUNTRY, "unknown_country", value=part)
        purposes: list[str] = []
        purpose_other = ""
        if values.get("purposes"):
            found_purposes, unknown, purpose_other = _parse_purposes(values["purposes"])
            purposes = list(found_purposes)
            for part in unknown:
                self.error(
                    row,
                    "purposes",
                    UNKNOWN_PURPOSE,
                    "unknown_purpose",
                    value=part,
                    choices="; ".join(str(p.label) for p in Purpose),
                )
        chosen: dict[str, str] = {}
        for key, vocabulary, choices in (
            ("kind", _KINDS, Kind),
            ("level", _LEVELS, Level),
            ("category", _CATEGORIES, Category),
            ("status", _STATUSES, Status),
        ):
            if values.get(key):
                value = vocabulary.get(label_key(values[key]))
                if value is None:
                    labels = "; ".join(str(choice.label) for choice in choices if choice.value)
                    self.error(row, key, UNKNOWN_CHOICE, "unknown_choice", value=values[key], choices=labels)
                else:
                    chosen[key] = value
        locality_codes: list[str] = []
        for part in [p.strip() for p in (values.get("localities") or "").replace(",", ";").split(";")]:
            if not part:
                continue
            code = localities.find(part, self.localities)
            if code is None:
                self.error(row, "localities", UNKNOWN_LOCALITY, "unknown_locality", value=part)
            elif self.localities[code][1] not in codes:
                self.error(row, "localities", LOCALITY_OUTSIDE, "locality_country", value=part)
            elif code not in locality_codes:
                locality_codes.append(code)
        participants: list[int] = []
        for part in [p.strip() for p in (values.get("participants") or "").split(";")]:
            if not part:
                continue
            participant = self.units.find_participant(part)
            if participant is None:
                self.error(row, "participants", UNKNOWN_UNIT, "unknown_unit", value=part)
            elif participant not in participants:
                participants.append(participant)
        based_here = False
        if values.get("based_in_viet_nam"):
            answer = label_key(values["based_in_viet_nam"])
            if answer in _YES:
                based_here = True
            elif answer not in _NO:
                self.error(
                    row, "based_in_viet_nam", NOT_YES_NO, "not_yes_no", value=values["based_in_viet_nam"]
                )
        if based_here and direction == Direction.OUTBOUND:
            self.error(row, "based_in_viet_nam", BASED_IN_VIET_NAM_INBOUND_ONLY, "inbound_only")
        dates: dict[str, dt.date | None] = {}
        for key in _DATES:
            dates[key] = None
            if not _is_blank(raw.get(key)):
                dates[key] = parse_date(raw[key])
                if dates[key] is None:
                    self.error(row, key, NOT_A_DATE, "not_a_date", value=_text(raw[key]))
                elif not date_in_range(dates[key]):
                    self.error(row, key, DATE_RULE_SENTENCE, "date_out_of_range")
                    dates[key] = None
        start, end = dates["start_date"], dates["end_date"]
        if start and end and end < start:
            self.error(
                row, "end_date", END_BEFORE_START, "end_before_start",
                start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"),
            )  # fmt: skip

        status = chosen.get("status")
        historical = bool(status) and end is not None and end < self.today
        if status and end and not historical and status not in WORKFLOW:
            self.error(row, "status", STATUS_NOT_OVER, "status_not_over")
        if status == Status.CANCELLED and not values.get("cancel_reason"):
            self.error(row, "cancel_reason", CANCEL_REASON_MISSING, "required")

        if self.result.error_count > before or not (direction and unit and start and end):
            return None
        key = duplicate_key(direction, unit.pk, start, codes)
        if key in self.seen:
            self.error(row, "name", DUPLICATE_IN_FILE, "duplicate_in_file", row=self.seen[key])
            return None
        self.seen[key] = row
        data = {
            "direction": direction,
            "name": values["name"],
            "lead_unit": unit,
            "head_name": values.get("head_name", ""),
            "head_title": values.get("head_title", ""),
            "member_count": member_count,
            "partners": nfc(str(raw.get("partners") or "")).strip(),
            "purpose_other": purpose_other,
            "start_date": start,
            "end_date": end,
            "funding_source": values.get("funding_source", ""),
            "notes": nfc(str(raw.get("notes") or "")).strip(),
            "status": status or initial_status(start, end, self.today),
            "historical": historical,
            "kind": chosen.get("kind", Kind.VISIT),
            "level": chosen.get("level", ""),
            "category": chosen.get("category", ""),
            "locality_codes": ",".join(sorted(locality_codes)),
            "approval_number": values.get("approval_number", ""),
            "approval_date": dates["approval_date"],
            "approval_issuer": values.get("approval_issuer", ""),
            "report_text": nfc(str(raw.get("report_text") or "")).strip() if historical else "",
            "report_date": dates["report_date"] if historical else None,
            "cancel_reason": values.get("cancel_reason", "") if status == Status.CANCELLED else "",
            "based_in_viet_nam": based_here,
        }
        if len(self.result.warnings) < MAX_WARNINGS:
            for warning in selectors.delegation_warnings(
                member_count=member_count, start_date=start, end_date=end, country_count=len(codes)
            ):
                self.result.warnings.append(RowError(row, None, warning, "cap"))
        return ImportRow(
            row=row,
            data=data,
            countries=sorted(codes),
            purposes=purposes,
            participants=[pk for pk in participants if pk != unit.pk],
        )

    def existing_duplicates(self, rows: list[ImportRow]) -> list[ImportRow]:
        """Record rows that repeat a delegation already in the register; return the others.

        Rows this import wrote earlier never match here: they would have been in-file duplicates.
        """
        if not rows:
            return rows
        existing = {
            (direction, unit_id, start, codes): name
            for direction, unit_id, start, codes, name in Delegation.objects.filter(
                lead_unit__in={row.data["lead_unit"].pk for row in rows},
                start_date__in={row.data["start_date"] for row in rows},
            )
            .exclude(status=Status.CANCELLED)
            .values_list("direction", "lead_unit", "start_date", "country_codes", "name")
        }
        kept = []
        for row in rows:
            data = row.data
            name = existing.get(
                (data["direction"], data["lead_unit"].pk, data["start_date"], ",".join(row.countries))
            )
            if name is None:
                kept.append(row)
            else:
                self.error(row.row, "name", DUPLICATE_EXISTING, "duplicate_existing", name=name)
        return kept


def checked_chunks(*, actor: Any, file: Any, result: ImportResult) -> Iterator[list[ImportRow]]:
    """Valid rows in chunks of CHUNK_SIZE; every problem goes into `result` (rows counted there too)."""
    checker = RowChecker(actor, result)
    chunk: list[ImportRow] = []
    try:
        sheet = read_sheet(file)
        for number, raw in sheet:
            if "__header__" in raw:
                result.header_row = number
                continue
            result.rows += 1
            row = checker.check(number, raw)
            if row is not None:
                chunk.append(row)
            if len(chunk) >= CHUNK_SIZE:
                yield checker.existing_duplicates(chunk)
                chunk = []
    except SheetError as problem:
        result.add_error(problem.row, None, problem.message, problem.code)
        return
    if chunk:
        yield checker.existing_duplicates(chunk)
    if result.rows == 0 and result.ok:
        result.add_error(result.header_row, None, NO_ROWS, "no_rows")
