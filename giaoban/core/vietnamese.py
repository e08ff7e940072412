"""Vietnamese text: NFC normalisation, accent-insensitive search keys, collation, dates and numbers.

One module for every place that shows, stores, sorts or searches Vietnamese text, so that pages,
exports and documents agree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cmp_to_key
from typing import Any, TypeVar

from babel.numbers import format_decimal

T = TypeVar("T")

# --- Normalisation -------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Text pasted from macOS and some Windows tools arrives decomposed (NFD); store it composed."""
    return unicodedata.normalize("NFC", value)


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string inside nested dicts/lists (JSON payloads, import rows)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    return value


def clean_text(value: str | None) -> str:
    """NFC, trimmed, inner runs of whitespace collapsed: the form every one-line text field is stored in."""
    if not value:
        return ""
    return _WHITESPACE.sub(" ", nfc(value)).strip()


# --- Search keys ---------------------------------------------------------------------------------


def search_key(value: str | None) -> str:
    """Accent- and case-insensitive key: "LẠNG SƠN", "lang son" and NFD input all give "lang son"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", stripped.casefold()).strip()


# --- Collation -----------------------------------------------------------------------------------
# CLDR `vi` collation: ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u, as distinct letters
# (primary level); tones differ at the secondary level in the order none, huyền, hỏi, ngã, sắc, nặng;
# case at the tertiary level, lower case first. PostgreSQL's ICU collation "vi-x-icu" implements the
# same rules; tests check both agree.

_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_MARKS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# Tone marks in CLDR order: huyền (grave), hỏi (hook above), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SPACE, _PUNCTUATION, _DIGIT, _LETTER, _OTHER = range(5)


def _graphemes(text: str) -> Iterable[tuple[str, str]]:
    """Yield (base character, combining marks) pairs of the NFD form."""
    base = ""
    marks = ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and base:
            marks += ch
            continue
        if base:
            yield base, marks
        base, marks = ch, ""
    if base:
        yield base, marks


def collation_key(text: str) -> tuple:
    """Sort key implementing Vietnamese (CLDR `vi`) order; use with sorted(key=...)."""
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for base, marks in _graphemes(text or ""):
        lower = base.lower()
        letter = lower
        tone = 0
        extra = 0
        for mark in marks:
            if (letter, mark) in _LETTER_MARKS:
                letter = _LETTER_MARKS[(letter, mark)]
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
            else:
                extra = extra * 1000 + ord(mark)
        if letter in _LETTER_RANK:
            primary.append((_LETTER, _LETTER_RANK[letter]))
        elif base.isspace():
            primary.append((_SPACE, 0))
        elif base.isdigit():
            primary.append((_DIGIT, unicodedata.digit(base, 0)))
        elif base.isalpha():
            primary.append((_OTHER, ord(lower)))
        else:
            primary.append((_PUNCTUATION, ord(base)))
        secondary.append(tone * 10_000 + extra if extra else tone)
        tertiary.append(1 if base != lower else 0)
    return (tuple(primary), tuple(secondary), tuple(tertiary))


def collation_compare(left: str, right: str) -> int:
    """Three-way comparison for SQLite's create_collation."""
    left_key, right_key = collation_key(left), collation_key(right)
    if left_key == right_key:
        return (left > right) - (left < right)
    return -1 if left_key < right_key else 1


def sort_vietnamese(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """Sort items by a text attribute in Vietnamese order (exports and documents use this)."""
    text_of = key or (lambda item: str(item))
    return sorted(items, key=lambda item: (collation_key(text_of(item)), text_of(item)))


SQLITE_COLLATION = "vi"
POSTGRESQL_COLLATION = "vi-x-icu"

vietnamese_cmp_key = cmp_to_key(collation_compare)

# --- Dates and numbers ---------------------------------------------------------------------------

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def format_date_long(day: dt.date) -> str:
    """ "ngày 26 tháng 7 năm 2017", as in running text."""
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def format_date_document(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2020": Decree 30/2020/NĐ-CP, Appendix I, pads days under 10 and months 1-2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_place_date(place: str, day: dt.date) -> str:
    """ "Lạng Sơn, ngày 26 tháng 7 năm 2017": the place and date line of an official document."""
    return f"{place}, {format_date_document(day)}"


def format_date_short(day: dt.date) -> str:
    """ "26/7/2017"."""
    return f"{day.day}/{day.month}/{day.year}"


def format_date_padded(day: dt.date) -> str:
    """ "20/09/2021"."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def format_weekday_date(day: dt.date) -> str:
    """ "Thứ hai, 20/09/2021"."""
    return f"{WEEKDAYS[day.weekday()]}, {format_date_padded(day)}"


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """ "1.234" and "12,5": Vietnamese separators (CLDR `vi`, via Babel)."""
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale="vi")
    return format_decimal(value, locale="vi")


def join_vietnamese(parts: Iterable[str], conjunction: str = "và") -> str:
    """ "a, b và c": the list joiner used in sentences."""
    items = [p for p in parts if p]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
