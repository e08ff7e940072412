"""Vietnamese text: NFC normalisation, accent-insensitive search keys, collation, dates and numbers.

One module for every place that shows, stores, sorts or searches Vietnamese text, so that pages,
exports and documents agree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cmp_to_key, lru_cache
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
# "Ð" (eth, U+00D0) stands in for "Đ" in text typed on some legacy keyboards or converted from VNI.
_SEARCH_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Combining marks (tones, ă â ê ô ơ ư) and invisible format characters (soft hyphen, zero-width space).
_SEARCH_DROPPED = {"Mn", "Cf"}


def search_key(value: str | None) -> str:
    """Accent- and case-insensitive key: "LẠNG SƠN", "lang son" and NFD input all give "lang son"."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_SEARCH_LETTERS))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _SEARCH_DROPPED)
    return _WHITESPACE.sub(" ", stripped.casefold()).strip()


# --- Abbreviations of bodies' names -------------------------------------------------------------
# What officials type for the words of a body's name (domain.md §12): "UBND tỉnh", "HĐND tỉnh", "BCH
# Bộ đội Biên phòng tỉnh", "TP Lạng Sơn", "Sở TT&TT". Keys are search keys (no accents, lower case);
# values the words they stand for, as search keys too. One table for the directory's search key,
# its duplicate check and the lookup of names written in directives.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ub": "uy ban",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmttqvn": "uy ban mat tran to quoc viet nam",
    "mttq": "mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "bch": "bo chi huy",
    "bchqs": "bo chi huy quan su",
    "bdbp": "bo doi bien phong",
    "bcd": "ban chi dao",
    "btg": "ban tuyen giao",
    "bdv": "ban dan van",
    "tp": "thanh pho",
    "tx": "thi xa",
    "vp": "van phong",
    "tw": "trung uong",
    "ttdn": "thong tin doi ngoai",
    "tt&tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong",
    "vhttdl": "van hoa the thao va du lich",
    "vh,tt&dl": "van hoa the thao va du lich",
    "kh&dt": "ke hoach va dau tu",
    "khdt": "ke hoach va dau tu",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "ld-tb&xh": "lao dong thuong binh va xa hoi",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "pt-th": "phat thanh va truyen hinh",
    "pt&th": "phat thanh va truyen hinh",
    "ptth": "phat thanh va truyen hinh",
}
# Abbreviations that are also ordinary words once accents are gone ("tu": tư, tự; "hu": hư): expanded
# only when written in capitals ("TU", "HU").
CAPITAL_ABBREVIATIONS = {
    "tu": "tinh uy",
    "hu": "huyen uy",
    "ca": "cong an",
}
_NAME_TOKEN = re.compile(r"\w+(?:[&,-]\w+)*")


def _unaccented(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", nfc(value).translate(_SEARCH_LETTERS))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in _SEARCH_DROPPED)


def _expand_token(token: str) -> str:
    key = token.casefold()
    if key in ABBREVIATIONS:
        return ABBREVIATIONS[key]
    if token.isupper() and key in CAPITAL_ABBREVIATIONS:
        return CAPITAL_ABBREVIATIONS[key]
    return " ".join(_NAME_TOKEN.findall(key.replace("&", " va ").replace(",", " ").replace("-", " "))) or key


def name_key(value: str | None) -> str:
    """A body's name as words, abbreviations expanded, punctuation and accents dropped, lower case:
    "UBND Tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn" → "uy ban nhan dan tinh lang son";
    "Sở TT&TT" → "so thong tin va truyen thong". Two names with the same key name the same body."""
    if not value:
        return ""
    return " ".join(_expand_token(token) for token in _NAME_TOKEN.findall(_unaccented(value)))


def directory_key(*names: str | None) -> str:
    """The stored search key of a body: each name's plain search key and its expanded form, so a
    query matches the name as written ("ubnd") or expanded ("uy ban nhan dan")."""
    words: dict[str, None] = {}
    for name in names:
        for word in f"{search_key(name)} {name_key(name)}".split():
            words.setdefault(word, None)
    return " ".join(words)


# --- Collation -----------------------------------------------------------------------------------
# CLDR `vi` collation: ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u, as distinct letters
# (primary level); tones differ at the secondary level in the order none, huyền, hỏi, ngã, sắc, nặng;
# case at the tertiary level, lower case first. PostgreSQL's ICU collation "vi-x-icu" implements the
# same rules; SQLite sorts with collation_compare below, and tests check both give the same order.
#
# Outside Vietnamese letters the key follows the root collation (CLDR/UCA) as ICU applies it:
# whitespace, then punctuation and symbols in ICU's order, then digits by value, then letters;
# control and format characters (soft hyphen, zero-width space, BOM) are ignored; compatibility
# characters (no-break space, full-width letters, "…", "½") sort as their decomposition with a
# tertiary difference. Latin letters that have no decomposition and are not in the Vietnamese
# alphabet (ø, ł, æ, ß, þ) and other scripts sort after "z" by code point: ICU places them elsewhere.

_ALPHABET = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")  # precomposed (NFC), one character each
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

# Whitespace, punctuation and symbols in the order of ICU 72's "vi" collation, each its own primary
# weight; read from PostgreSQL with ORDER BY ... COLLATE "vi-x-icu".
_VARIABLE_ORDER = (
    "\x09\x0a\x0b\x0c\x0d\x85\u2028\u2029 _-\u2010\u2012\u2013\u2014\u2015\u2053,\u3001;\u204f:"
    "!\xa1?\xbf\u203d.\u3002\xb7\u2055\u2056\u2058\u2059\u205a\u205b\u205c\u205d\u205e'\u2018"
    '\u2019\u201a\u201b\u2039\u203a"\u201c\u201d\u201e\u201f\xab\xbb()[]{}\u2045\u2046\u2016'
    "\xa7\xb6\u204b@*\u204e\u2051/\\&\u204a#%\u2030\u2031\u2020\u2021\u2022\u2023\u2027\u2043"
    "\u204c\u204d\u2032\u2035\u3003\u2038\u203b\u203f\u2054\u2040\u2050\u2041\u2042`^\xb0\xa9"
    "\xae+\xb1\xf7\xd7<=>\xac|\xa6~\u2052\u2044\xa4\xa2$\xa3\xa5\u20a0\u20a1\u20a2\u20a3\u20a4"
    "\u20a5\u20a6\u20a7\u20a9\u20aa\u20ab\u20ac\u20ad\u20ae\u20af\u20b0\u20b1\u20b2\u20b3\u20b4"
    "\u20b5\u20b6\u20b7\u20b8\u20b9\u20ba\u20bb\u20bc\u20bd\u20be\u20bf"
)
_VARIABLE_RANK = {ch: rank for rank, ch in enumerate(_VARIABLE_ORDER)}

# Combining marks by secondary weight, as ICU orders them. The five tones keep the CLDR `vi` order:
# huyền U+0300, hỏi U+0309, ngã U+0303, sắc U+0301, nặng U+0323.
_MARK_ORDER = (
    "\u034f\u0332\u0313\u0314\u0300\u0309\u0303\u0301\u0323\u0306\u0302\u030c\u030a\u0342\u0308"
    "\u030b\u0307\u0338\u0327\u0328\u0304\u030d\u030e\u0312\u0315\u031a\u033d\u033e\u033f\u0346"
    "\u034a\u034b\u034c\u0350\u0351\u0352\u0357\u035b\u035d\u035e\u0316\u0317\u0318\u0319\u031c"
    "\u031d\u031e\u031f\u0320\u0329\u032a\u032b\u032c\u032f\u0333\u033a\u033b\u033c\u0347\u0348"
    "\u0349\u034d\u034e\u0353\u0354\u0355\u0356\u0359\u035a\u035c\u035f\u0362\u0336\u0337\u0335"
    "\u0305\u030f\u0310\u0311\u031b\u0321\u0322\u0324\u0325\u0326\u032d\u032e\u0330\u0331\u0334"
    "\u0339\u0345\u0358\u0360\u0361"
)
_MARK_RANK = {mark: rank for rank, mark in enumerate(_MARK_ORDER, start=1)}
# "ð" (eth) sorts as "d" with a secondary difference after every mark. It matters because legacy
# keyboards type "Ð" (U+00D0) where "Đ" (U+0110) is meant.
_ETH_WEIGHT = len(_MARK_ORDER) + 1
_UNKNOWN_MARK_WEIGHT = _ETH_WEIGHT + 1

# Tertiary weights of compatibility decompositions, in the order of UCA's tertiary weight table.
_COMPAT_RANK = {
    tag: rank
    for rank, tag in enumerate(
        ["<wide>", "<compat>", "<font>", "<circle>", "<narrow>", "<small>", "<super>", "<sub>", "<vertical>"]
        + ["<initial>", "<medial>", "<final>", "<isolated>", "<noBreak>", "<square>", "<fraction>"],
        start=1,
    )
}
_CASE_STEP = 100

_VARIABLE, _DIGIT, _LETTER, _OTHER = range(4)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _is_ignorable(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cf"} and ch not in _VARIABLE_RANK


def _expanded(text: str) -> Iterable[tuple[str, int]]:
    """Yield (character, compatibility rank) of the NFD form, compatibility characters decomposed."""
    for ch in unicodedata.normalize("NFD", text):
        decomposition = unicodedata.decomposition(ch)
        if decomposition.startswith("<"):
            rank = _COMPAT_RANK.get(decomposition.split(" ", 1)[0], len(_COMPAT_RANK) + 1)
            for part in unicodedata.normalize("NFKD", ch):
                yield part, rank
        elif not _is_ignorable(ch):
            yield ch, 0


def _primary(letter: str, base: str) -> tuple[int, int]:
    if letter in _LETTER_RANK:
        return (_LETTER, _LETTER_RANK[letter])
    if base in _VARIABLE_RANK:
        return (_VARIABLE, _VARIABLE_RANK[base])
    if base.isdigit():
        return (_DIGIT, unicodedata.digit(base, 0))
    if base.isalpha():
        return (_OTHER, ord(letter))
    return (_VARIABLE, len(_VARIABLE_ORDER) + ord(base))


@lru_cache(maxsize=16384)
def collation_key(text: str) -> tuple:
    """Sort key implementing Vietnamese (CLDR `vi`) order as ICU does; use with sorted(key=...)."""
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    letter = ""
    blocking_class = 0  # highest combining class among the marks seen since the letter
    for ch, compat in _expanded(text or ""):
        if _is_mark(ch):
            combining_class = unicodedata.combining(ch)
            # A letter mark (ă, â, ê, ô, ơ, ư) joins its letter unless an earlier mark of the same
            # or higher combining class stands between them, as in ICU's discontiguous contractions.
            formed = _LETTER_MARKS.get((letter, ch)) if blocking_class < combining_class else None
            if formed:
                letter = formed
                primary[-1] = (_LETTER, _LETTER_RANK[formed])
            else:
                secondary.append(_MARK_RANK.get(ch, _UNKNOWN_MARK_WEIGHT))
                blocking = combining_class == 0 or not letter
                blocking_class = 255 if blocking else max(blocking_class, combining_class)
            continue
        lower = ch.lower() if len(ch.lower()) == 1 else ch
        letter = "d" if lower == "ð" else lower
        blocking_class = 0
        primary.append(_primary(letter, ch))
        secondary.append(0)
        if lower == "ð":
            secondary.append(_ETH_WEIGHT)
        tertiary.append((_CASE_STEP if ch != lower else 0) + compat)
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
# In official documents the day's name is a proper name, each word capitalised ("Thứ Tư", "Chủ nhật" as
# the ministries' invitations write it).
WEEKDAYS_DOCUMENT = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


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


def format_time_document(moment: dt.time) -> str:
    """ "08 giờ 00 phút"."""
    return f"{format_clock_document(moment)} phút"


def format_clock_document(moment: dt.time) -> str:
    """ "08 giờ 00": a time in a printed programme ("08 giờ 00 – 08 giờ 15")."""
    return f"{moment.hour:02d} giờ {moment.minute:02d}"


def format_moment_document(day: dt.date, moment: dt.time) -> str:
    """ "08 giờ 00 phút, Thứ Tư, ngày 26 tháng 7 năm 2017": when a meeting starts, in an invitation or
    minutes."""
    return f"{format_time_document(moment)}, {WEEKDAYS_DOCUMENT[day.weekday()]}, {format_date_long(day)}"


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
    pattern = None
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Half away from zero, as in Excel and hand-made reports ("12,5" → "13"); Babel would round half-even.
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        return format_decimal(value, format=pattern, locale="vi")


# The generic word of an administrative unit's name: lower case inside a sentence (Decree 30/2020,
# Appendix II: "thành phố Lạng Sơn", "huyện Văn Lãng"), capital only where the sentence starts.
ADMINISTRATIVE_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Quận", "Xã", "Phường")


def name_in_sentence(name: str) -> str:
    """ "Thành phố Lạng Sơn" → "thành phố Lạng Sơn" mid-sentence; "Tỉnh ủy Lạng Sơn", "Sở Ngoại vụ" and
    "UBND huyện Văn Lãng" are names of bodies and stay as they are."""
    for word in ADMINISTRATIVE_WORDS:
        rest = name[len(word) + 1 :]
        if name.startswith(word + " ") and rest[:1].isupper():
            return word.lower() + " " + rest
    return name


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(kind: str, year: int, part: int = 1) -> str:
    """The one period vocabulary of every document and app: "quý III năm 2017" (part = the quarter),
    "6 tháng đầu năm 2017" / "6 tháng cuối năm 2017" (`half_year`, part 1 or 2), "9 tháng đầu năm 2017",
    "năm 2017". Kinds are the reports app's PeriodKind values."""
    if kind == "quarter":
        return f"quý {ROMAN_QUARTERS[part]} năm {year}"
    if kind == "half_year":
        return f"6 tháng {'đầu' if part == 1 else 'cuối'} năm {year}"
    if kind == "nine_months":
        return f"9 tháng đầu năm {year}"
    if kind == "year":
        return f"năm {year}"
    raise ValueError(f"{kind} periods are named by the secretariat.")


_CONJUNCTION_WORD = re.compile(r"\b(và|hoặc)\b")


def join_vietnamese(parts: Iterable[str], conjunction: str = "và") -> str:
    """ "a, b và c": the one list joiner of every document text, the conjunction said once, before the
    last item. When an item has a "và" or "hoặc" of its own ("Sở Văn hóa, Thể thao và Du lịch"), the
    items are set apart by semicolons and no conjunction is added: "… Thể thao và Du lịch và Công an
    tỉnh" would read as one more item."""
    items = [p.strip() for p in parts if p and p.strip()]
    if len(items) <= 1:
        return "".join(items)
    if any(_CONJUNCTION_WORD.search(item) for item in items):
        return "; ".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def join_sharing_ending(names: Iterable[str]) -> str:
    """ "Ban Chỉ đạo A tỉnh" + "Ban Chỉ đạo B tỉnh" → "Ban Chỉ đạo A và Ban Chỉ đạo B tỉnh": names joined by
    `join_vietnamese`, the words they all end with said once (committees, a person's committee roles)."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    split = [name.split(" ") for name in names]
    common = 0
    while (
        all(len(words) > common + 1 for words in split) and len({tuple(w[-common - 1 :]) for w in split}) == 1
    ):
        common += 1
    if not common:
        return join_vietnamese(names)
    heads = [" ".join(words[:-common]) for words in split]
    return f"{join_vietnamese(heads)} {' '.join(split[0][-common:])}"
