"""Every workbook the app writes or reads goes through here: text cells no spreadsheet runs, and uploads
opened only after their ZIP has been measured.

Writing. A text that starts with "=", "+", "-", "@", a tab or a carriage return is taken for a formula by
a spreadsheet (CSV/formula injection, OWASP). openpyxl itself turns any str starting with "=" into a live
formula. So every str goes into the sheet as a string cell (`data_type = "s"`: openpyxl writes it as
text, never as <f>; it types any other str so itself, and `append` leaves those to it), and those
starting with one of the characters above also get the `quotePrefix` style: Excel and LibreOffice keep
such a cell text even after someone edits it (F2, Enter). We do not
prepend an apostrophe to the value, as OWASP suggests for CSV: the cell would no longer read exactly
what the user typed (a Vietnamese name, "-5 %", "+84 …") and an export would not import back unchanged;
the quotePrefix style is the XLSX form of that apostrophe, kept out of the value.

Reading. An uploaded .xlsx is a ZIP of XML that openpyxl unpacks and parses. Before it does,
`open_workbook` refuses an archive whose members unpack to too much (a "zip bomb": 206 KB that becomes
200 MB), that has too many members or a member compressed beyond any real sheet. The sizes checked are
the ones the archive declares; Python's zipfile never returns more than a member declares (it stops and
fails the CRC), so a lying header cannot get past. A part whose prolog declares a DOCTYPE (entities,
external references, "billion laughs") is refused before parsing too: openpyxl parses some parts with
lxml, which leaves entities unresolved without complaint, and others with defusedxml, which refuses
them; both stay in place behind the check. `rows` turns a parse failure met while a read-only sheet
is read lazily into the same Vietnamese errors.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

from .uploads import XLSX

XLSX_CONTENT_TYPE = XLSX.content_type

# What a spreadsheet reads as the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

BAD_WORKBOOK = _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
UNSAFE_WORKBOOK = _(
    "Tệp bảng tính chứa khai báo XML không được phép (DOCTYPE hoặc thực thể ngoài); hãy lưu lại tệp "
    "bằng Excel hoặc LibreOffice rồi tải lên lại."
)
WORKBOOK_TOO_LARGE = _(
    "Tệp bảng tính khi giải nén quá lớn (%(size)s MB, tối đa %(limit)s MB); hãy chia thành nhiều tệp nhỏ hơn."
)
WORKBOOK_TOO_MANY_PARTS = _("Tệp bảng tính có quá nhiều thành phần (%(count)s, tối đa %(limit)s).")
WORKBOOK_RATIO = _("Tệp bảng tính bị nén bất thường (phần “%(name)s”); tệp có thể là tệp độc hại.")
NO_VISIBLE_SHEET = _("Bảng tính không có trang nào đang hiện.")

# A member this small may compress at any ratio; above it, more than MAX_RATIO:1 is no real sheet
# (Excel's own sheets of repeated rows stay under 30:1; a zip bomb is in the hundreds or thousands).
RATIO_FREE_BYTES = 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 1000
# A part's XML declaration and comments before its root element fit in this many bytes.
PROLOG_BYTES = 64 * 1024
_PROLOG_ITEM = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)


# --- Writing -------------------------------------------------------------------------------------------


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def _risky(value: Any) -> bool:
    return isinstance(value, str) and needs_quote_prefix(value)


def set_value(cell: Any, value: Any) -> Any:
    """Put `value` in `cell`; a str always as text, never a formula. Returns the cell."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # after the value: openpyxl has just made "=…" a formula
        if needs_quote_prefix(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write(sheet: Any, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)` for a normal worksheet, with the value set by `set_value`."""
    return set_value(sheet.cell(row=row, column=column), value)


def cell(sheet: Any, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell for a write-only sheet's `append`, its value set by `set_value` and styles (font=, fill=,
    number_format=, alignment=, border=) applied."""
    made = set_value(WriteOnlyCell(sheet), value)
    for name, setting in style.items():
        if setting is not None:
            setattr(made, name, setting)
    return made


def _write_only(sheet: Any) -> bool:
    return bool(getattr(sheet.parent, "write_only", False))


def append(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every str written as text, never a formula (write-only or normal)."""
    values = list(values)
    if _write_only(sheet):
        # openpyxl writes any other str as a string cell itself: only these need a cell of their own
        # (a large export makes hundreds of thousands of cells).
        sheet.append([cell(sheet, value) if _risky(value) else value for value in values])
        return
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if _risky(value):
            set_value(sheet.cell(row=row, column=column), value)


# --- Printing ------------------------------------------------------------------------------------------

# A sheet whose columns add up to more than this (Excel's width unit, about one digit of Calibri 11) is
# printed landscape: A4 portrait holds about 95 units between its margins, landscape about 140.
PORTRAIT_MAX_WIDTH = 100
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's width of a column nobody sized
A4_PAPER = 9  # the paperSize code of A4 (ECMA-376 Part 1, 18.3.1.63)
PAGE_FOOTER_RIGHT = "Trang &P/&N"


def sheet_width(sheet: Any) -> float:
    """The sum of the sized columns' widths (a column left at the default counts as 8.43)."""
    widths = [
        dimension.width or DEFAULT_COLUMN_WIDTH
        for dimension in sheet.column_dimensions.values()
        if not dimension.hidden
    ]
    return sum(widths)


def print_ready(sheet: Any, *, title: str, header_rows: tuple[int, int] | None = None) -> None:
    """Set the sheet up to print as an office prints a table: A4, landscape when the columns are wider than
    a portrait page, scaled to one page wide (as many pages long as it takes), the header rows repeated
    on every page, the title in the footer's left and "Trang 2/5" on its right.

    Call it after the columns are sized (and, for a write-only sheet, before the first row)."""
    sheet.page_setup.paperSize = A4_PAPER
    wide = sheet_width(sheet) > PORTRAIT_MAX_WIDTH
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages long as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if header_rows is not None:
        first, last = header_rows
        sheet.print_title_rows = f"{first}:{last}"
    # "&" starts a code in a header or footer (&P the page, &N the pages): a title's own "&" is doubled.
    sheet.oddFooter.left.text = title.replace("&", "&&")
    sheet.oddFooter.left.size = 9
    sheet.oddFooter.right.text = PAGE_FOOTER_RIGHT
    sheet.oddFooter.right.size = 9


# --- Reading uploads ---------------------------------------------------------------------------------------


class WorkbookError(ValidationError):
    """An uploaded workbook that cannot be read, with the Vietnamese reason."""


def _check_archive(file: IO[bytes]) -> None:
    limit = settings.GIAOBAN_XLSX_MAX_UNPACKED_BYTES
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise WorkbookError(BAD_WORKBOOK, code="bad_file") from error
    finally:
        file.seek(0)
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(
            WORKBOOK_TOO_MANY_PARTS,
            code="too_many_parts",
            params={"count": len(members), "limit": MAX_MEMBERS},
        )
    total = sum(member.file_size for member in members)
    if total > limit:
        raise WorkbookError(
            WORKBOOK_TOO_LARGE,
            code="too_large_unpacked",
            params={"size": _megabytes(total), "limit": _megabytes(limit)},
        )
    for member in members:
        if member.file_size > RATIO_FREE_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise WorkbookError(WORKBOOK_RATIO, code="compression_ratio", params={"name": member.filename})
    try:
        with zipfile.ZipFile(file) as archive:
            unsafe = any(_declares_doctype(archive, member) for member in members if _is_xml(member))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as error:
        raise WorkbookError(BAD_WORKBOOK, code="bad_file") from error
    finally:
        file.seek(0)
    if unsafe:
        raise WorkbookError(UNSAFE_WORKBOOK, code="unsafe_xml")


def _is_xml(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith((".xml", ".rels", ".vml"))


def _declares_doctype(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether the part's prolog (before its root element) holds a DOCTYPE, or is too odd to tell.

    openpyxl parses parts with lxml (entities left unresolved) or defusedxml (refused) depending on the
    part and the mode, and wraps the errors; looking at the prolog ourselves refuses every part alike.
    """
    with archive.open(member) as stream:
        head = stream.read(PROLOG_BYTES)
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16: no part Excel or LibreOffice writes, and the scan below reads bytes
    position = 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    rest = head[position:].lstrip()
    if not rest:
        return len(head) >= PROLOG_BYTES  # a prolog this long is no real part's
    return rest.startswith(b"<!")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def open_workbook(file: IO[bytes]) -> Workbook:
    """An uploaded .xlsx opened read-only with cached values, after its archive has been measured.

    Raises WorkbookError (a ValidationError, Vietnamese message and code) for anything unreadable.
    Close the workbook when done.
    """
    _check_archive(file)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a malformed package
        raise _workbook_error(error) from error


def _workbook_error(error: BaseException) -> WorkbookError:
    # openpyxl wraps a parser's error in a ValueError: look down the chain for defusedxml's refusal.
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return WorkbookError(UNSAFE_WORKBOOK, code="unsafe_xml")
        cause = cause.__cause__ or cause.__context__
    return WorkbookError(BAD_WORKBOOK, code="bad_file")


def data_sheet(workbook: Workbook, name: str | None = None) -> Any:
    """The sheet to import: the visible one named `name` (the template's), else the first visible one.

    A hidden sheet is never imported: what the user sees in Excel is what goes in.
    """
    visible = [
        sheet for sheet in workbook.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"
    ]
    if not visible:
        raise WorkbookError(NO_VISIBLE_SHEET, code="no_visible_sheet")
    for sheet in visible:
        if name is not None and sheet.title == name:
            return sheet
    return visible[0]


def rows(sheet: Any, **options: Any) -> Iterator[tuple[Any, ...]]:
    """`sheet.iter_rows(values_only=True, **options)`, parse failures met on the way as WorkbookError.

    A read-only sheet is parsed as it is read, so a DOCTYPE in a sheet's XML surfaces here, not on open.
    """
    try:
        yield from sheet.iter_rows(values_only=True, **options)
    except (DefusedXmlException, ParseError, zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise _workbook_error(error) from error


_ROW_TAGS = (b"<row ", b"<row>", b":row ")  # the last: a namespace-prefixed <x:row …>


def largest_sheet_rows(file: IO[bytes]) -> int:
    """The most rows any worksheet of an upload holds, its row tags counted in the XML (C-speed byte
    counts) after the archive checks. Enough to route an upload by size, and without openpyxl, whose
    read-only load parses a whole sheet that declares no dimension (openpyxl's own write-only output).

    Raises WorkbookError as `open_workbook` does.
    """
    _check_archive(file)
    keep = max(len(tag) for tag in _ROW_TAGS) - 1  # never a whole tag: none is counted twice
    largest = 0
    try:
        with zipfile.ZipFile(file) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                count, tail = 0, b""
                with archive.open(name) as stream:
                    while chunk := stream.read(4 * 1024 * 1024):
                        data = tail + chunk
                        count += sum(data.count(tag) for tag in _ROW_TAGS)
                        tail = data[-keep:]
                largest = max(largest, count)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise WorkbookError(BAD_WORKBOOK, code="bad_file") from error
    finally:
        file.seek(0)
    return largest


def workbook_error_message(error: ValidationError) -> str:
    """The one message of a WorkbookError, its parameters filled in."""
    return " ".join(error.messages)
