"""What an official document says, and the layout rules that do not depend on the file format.

Plain dataclasses: the apps (meetings, reports) build an `OfficialDocument` from their records and
hand it to `render_docx`; nothing here knows a model. Layouts: "state" follows Decree 30/2020/NĐ-CP,
Appendix I; "party" follows Guidance 36-HD/VPTW (2018) where it differs and Decree 30 where the
guidance was not checked.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..vietnamese import format_date_document, format_place_date, search_key

Layout = Literal["state", "party"]
STATE: Layout = "state"
PARTY: Layout = "party"
LAYOUTS: tuple[Layout, ...] = (STATE, PARTY)
Align = Literal["justify", "left", "center", "right"]

# Decree 30/2020/NĐ-CP, Appendix I, section I: the national heading and motto of state documents.
NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Guidance 36-HD/VPTW, point II.1.1: the heading of every Party document.
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Guidance 36-HD/VPTW, section II.1: an asterisk under the issuing body's name.
PARTY_ISSUER_MARK = "*"
RECIPIENTS_LABEL = "Nơi nhận:"
ADDRESSEES_LABEL = "Kính gửi:"
# Guidance 36-HD/VPTW numbers a Party "công văn" with the type code CV ("Số 125-CV/TU").
PARTY_LETTER_TYPE_CODE = "CV"
# Blank left for the number of a document not yet registered (a draft): "Số:      /TB-BCĐ".
DRAFT_NUMBER_BLANK = "\u00a0" * 6
DRAFT_DATE_BLANK = "\u00a0" * 5

# Decree 30/2020/NĐ-CP, Article 13 and Appendix I, point II.7: "TM." signs for a collective body,
# "KT." for the head, "Q." as acting head, "TL." by order, "TUQ." by delegation.
SIGNING_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
# Guidance 36-HD/VPTW, point II.1.7.1 writes the same authorities "T/M", "K/T", "T/L", "T/UQ".
_PARTY_PREFIXES = {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L", "TUQ.": "T/UQ", "Q.": "Q."}


# --- Body blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; `lead` is an optional bold lead-in ("Thời gian: ") before the text."""

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True  # first-line indent of the body
    align: Align = "justify"
    lead: str = ""


@dataclass(frozen=True)
class Heading:
    """A section heading in the body, numbered by the caller: "I. KẾT QUẢ ĐẠT ĐƯỢC" (level 1),
    "1. Công tác tuyên truyền" (level 2), "a) …" (level 3, bold italic)."""

    text: str
    level: int = 1
    align: Align = "justify"


@dataclass(frozen=True)
class NumberedItem:
    """ "1. Lead-in. Text…": a numbered task or point; `details` are "- …" lines under it."""

    number: int | str
    text: str
    lead: str = ""
    details: Sequence[str] = ()


Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class Table:
    """A ruled table (an annex form, "biểu mẫu"): header row repeated on every page.

    Cells that are numbers are written with Vietnamese separators ("1.234"); `widths_mm` are scaled to
    the text width when they do not add up to it; `align` gives each column's alignment.
    """

    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    widths_mm: Sequence[float] | None = None
    align: Sequence[Align] | None = None
    caption: str = ""
    font_size: float = 12
    total_row: bool = False  # last row in bold ("Tổng cộng")

    def __post_init__(self) -> None:
        columns = len(self.header)
        for extra, label in ((self.widths_mm, "widths_mm"), (self.align, "align")):
            if extra is not None and len(extra) != columns:
                raise ValueError(f"Table.{label} has {len(extra)} values for {columns} columns")
        for row in self.rows:
            if len(row) != columns:
                raise ValueError(f"Table row {list(row)!r} has {len(row)} cells for {columns} columns")


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (before a long annex-like part of the body)."""


Block = Paragraph | Heading | NumberedItem | Table | PageBreak


@dataclass(frozen=True, kw_only=True)
class Annex:
    """An annex ("Phụ lục") after the signature, on its own pages; landscape for wide tables."""

    title: str
    blocks: Sequence[Block] = ()
    number: str = ""  # "I", "II" … ; empty for a single annex
    reference: str | None = None  # "(Kèm theo Báo cáo số …)" line; None: built from the document
    landscape: bool = False


@dataclass(frozen=True, kw_only=True)
class Signature:
    """The signing block: prefix and authority ("TM." + "BAN CHỈ ĐẠO", or "KT." + "TRƯỞNG BAN"), the
    signer's title ("TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"), their name; `note` e.g. "(Đã ký)" on a copy."""

    title: str
    name: str
    prefix: str | None = None
    authority: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.prefix is not None and self.prefix not in SIGNING_PREFIXES:
            raise ValueError(f"Unknown signing prefix {self.prefix!r}; expected one of {SIGNING_PREFIXES}")

    def lines(self, layout: Layout = STATE) -> list[str]:
        """The capitalised lines above the signature space: ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]."""
        authority = self.authority.upper()
        prefix = self.prefix
        if prefix and layout == PARTY:
            prefix = _PARTY_PREFIXES[prefix]
        first = " ".join(part for part in (prefix, authority) if part)
        return [line for line in (first, self.title.upper()) if line]


# --- The document --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OfficialDocument:
    """An official document in the state (Decree 30/2020/NĐ-CP) or Party (Guidance 36-HD/VPTW) layout.

    `number` None leaves the number blank (a draft); `date` None leaves the day and month blank.
    `type_name` empty makes a "công văn": no title line, the summary as "V/v …" under the number.
    Header names (`parent_body`, `issuer`) may contain "\\n" to choose where they break.
    """

    layout: Layout = STATE
    issuer: str
    parent_body: str = ""
    number: int | None = None
    type_code: str = ""
    issuer_code: str = ""
    place: str
    date: dt.date | None
    type_name: str = ""
    summary: str = ""
    addressees: Sequence[str] = ()
    body: Sequence[Block] = ()
    signature: Signature | None = None
    # A second signature on the left, beside `signature` (the minutes: "THƯ KÝ" left, "CHỦ TRÌ" right);
    # "Nơi nhận" then goes under the two.
    countersignature: Signature | None = None
    recipients: Sequence[str] = ()
    annexes: Sequence[Annex] = ()

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"Unknown document layout {self.layout!r}; expected one of {LAYOUTS}")
        if self.number is not None and self.number < 1:
            raise ValueError("A document number starts at 1")

    @property
    def is_letter(self) -> bool:
        """A "công văn" has no type name; its summary is the "V/v" line under the number."""
        return not self.type_name

    @property
    def number_line(self) -> str:
        return document_number_line(self.layout, self.number, self.type_code, self.issuer_code)

    @property
    def place_date_line(self) -> str:
        return place_date_line(self.place, self.date)

    @property
    def title(self) -> str:
        """ "THÔNG BÁO Kết luận …": the type name and summary, for file properties and listings."""
        return " ".join(part for part in (self.type_name, self.summary) if part)

    def annex_reference(self) -> str:
        """ "(Kèm theo Báo cáo số 12/BC-BCĐ ngày 26 tháng 7 năm 2017)": the line under an annex title
        (Decree 30/2020/NĐ-CP, Appendix I, section II, annexes)."""
        kind = self.type_name.capitalize() if self.type_name else "Công văn"
        number = self.number_line.removeprefix("Số:").removeprefix("Số").strip()
        date = f" {format_date_document(self.date)}" if self.date else ""
        return f"(Kèm theo {kind} số {number}{date})"


def document_number_line(layout: Layout, number: int | None, type_code: str, issuer_code: str) -> str:
    """The number and symbol line: state "Số: 05/TB-BCĐ", party "Số 05-TB/BCĐ".

    `number` None leaves a blank for the clerk to fill in ("Số:      /TB-BCĐ").
    """
    # Decree 30/2020/NĐ-CP, Appendix I, point II.3: numbers under 10 take a leading zero; Guidance
    # 36-HD/VPTW, section II.1 numbers Party documents from 01 in the same way.
    digits = DRAFT_NUMBER_BLANK if number is None else f"{number:02d}"
    if layout == PARTY:
        # Guidance 36-HD/VPTW, section II.1: "Số 36-HD/VPTW": no colon after "Số", "-" between the
        # number and the type code, "/" before the issuer's code; a công văn takes the code "CV".
        code = type_code or PARTY_LETTER_TYPE_CODE
        symbol = "/".join(part for part in (code, issuer_code) if part)
        return f"Số {digits}-{symbol}"
    if layout != STATE:
        raise ValueError(f"Unknown document layout {layout!r}; expected one of {LAYOUTS}")
    # Decree 30/2020/NĐ-CP, Appendix I, point II.3: "Số: 12/BC-BCĐ": "/" then the type code (Appendix
    # III), "-" then the issuer's code, no spaces; a công văn has no type code: "Số: 05/BCĐ-VP".
    symbol = "-".join(part for part in (type_code, issuer_code) if part)
    return f"Số: {digits}/{symbol}"


def place_date_line(place: str, date: dt.date | None) -> str:
    """ "Lạng Sơn, ngày 26 tháng 7 năm 2017" (Decree 30/2020/NĐ-CP, Appendix I, point II.4: days under
    10 and months 1-2 padded); blanks for the day and month of a draft."""
    if date is None:
        year = dt.date.today().year
        return f"{place}, ngày{DRAFT_DATE_BLANK}tháng{DRAFT_DATE_BLANK}năm {year}"
    return format_place_date(place, date)


_RECIPIENT_EDGES = re.compile(r"^[\s\-–•]+|[\s;,.]+$")


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "- Như trên;" … "- Lưu: VT.": each recipient on a line starting "- ", ending ";" and the last
    "." (Decree 30/2020/NĐ-CP, Appendix I, point II.9)."""
    names = [_RECIPIENT_EDGES.sub("", name) for name in recipients]
    names = [name for name in names if name]
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def document_filename(document: OfficialDocument, extension: str) -> str:
    """An ASCII file name for downloads: "thong-bao-05-tb-bcd-2017-07-26.docx"."""
    kind = document.type_name or "cong van"
    number = f"{document.number:02d}" if document.number is not None else "du thao"
    parts = [kind, number, document.type_code, document.issuer_code]
    if document.date:
        parts.append(document.date.isoformat())
    slug = re.sub(r"[^a-z0-9]+", "-", search_key(" ".join(p for p in parts if p))).strip("-")
    return f"{slug}.{extension.lstrip('.')}"


# --- Text width, for the rules under header lines ----------------------------------------------
# Advance widths of Times New Roman, in 1/2048 em, for ASCII 32-126 then Đ đ Ơ ơ Ư ư, read from
# Liberation Serif 2.1 (metric-compatible with Times New Roman). Other Vietnamese letters measure as
# their base letter: tone and vowel marks take no width.
_WIDTH_CHARS = "".join(chr(c) for c in range(32, 127)) + "ĐđƠơƯư"
_REGULAR_WIDTHS = (
    512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569, 1024, 1024,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909, 1886, 1479, 1366,
    1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479, 1139, 1479, 1366,
    1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024, 682, 909, 1024, 909,
    1024, 909, 682, 1024, 1024, 569, 569, 1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024,
    1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108, 1479, 1024, 1479, 1083, 1589, 1110,
)  # fmt: skip
_BOLD_WIDTHS = (
    512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569, 1024, 1024,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024, 1905, 1479, 1366,
    1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593, 1251, 1593, 1479,
    1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024, 682, 1024, 1139, 909,
    1139, 909, 682, 1024, 1139, 569, 682, 1139, 569, 1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139,
    1024, 1479, 1024, 1024, 909, 807, 451, 807, 1065, 1479, 1139, 1593, 1134, 1630, 1229,
)  # fmt: skip
_UNITS_PER_EM = 2048
_MM_PER_PT = 25.4 / 72


def _base_letter(ch: str) -> str:
    if ch in _WIDTH_CHARS:
        return ch
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    if "\u031b" in decomposed:  # horn: ơ, ư keep their own, wider, glyphs
        base = {"o": "ơ", "O": "Ơ", "u": "ư", "U": "Ư"}.get(base, base)
    return base if base in _WIDTH_CHARS else "M"


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of one line of Times New Roman text, in millimetres."""
    widths = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    units = sum(widths[_WIDTH_CHARS.index(_base_letter(ch))] for ch in text)
    return units / _UNITS_PER_EM * size_pt * _MM_PER_PT


def wrap_lines(text: str, size_pt: float, width_mm: float, *, bold: bool = False) -> list[str]:
    """Greedy line breaking as a word processor does it, to know how wide a wrapped name prints."""
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width_mm(candidate, size_pt, bold=bold) > width_mm:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines
