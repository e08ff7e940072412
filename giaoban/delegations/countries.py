"""Countries and territories: ISO 3166-1 alpha-2 codes with their names from CLDR (via Babel).

Official Vietnamese writing counts "quốc gia, vùng lãnh thổ" together: a delegation to Taiwan, Hong Kong
or Macao goes to a territory ("vùng lãnh thổ"), not a country. ISO 3166-1 lists those territories with
their own codes, so one code per place serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from django.utils.translation import get_language

from giaoban.core.vietnamese import clean_text, search_key, sort_vietnamese

# CLDR lists a few codes that ISO 3166-1 does not assign (exceptional reservations, groupings and
# private-use codes); they are not places a delegation goes to or comes from.
_NOT_ISO_3166_1 = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
# Viet Nam itself is neither where an outbound delegation goes nor where an inbound one comes from.
HOME_COUNTRY = "VN"

# Territories that are not sovereign states: Taiwan, Hong Kong and Macao (all "(Trung Quốc)" in official
# Vietnamese), Western Sahara, and the dependencies ISO 3166-1 lists with their own codes.
TERRITORY_CODES = frozenset(
    {
        "TW", "HK", "MO", "EH",
        "AI", "AQ", "AS", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CW", "CX", "FK", "FO", "GF", "GG",
        "GI", "GL", "GP", "GS", "GU", "HM", "IM", "IO", "JE", "KY", "MF", "MP", "MQ", "MS", "NC", "NF",
        "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT",
    }
)  # fmt: skip

# Official usage writes these with "(Trung Quốc)" after the name, on every page and in every document, and
# never labels them "vùng lãnh thổ". CLDR's own forms ("Đặc khu Hành chính Hồng Kông, Trung Quốc", "Taiwan")
# are still accepted on import.
_OFFICIAL_NAMES = {
    "vi": {"TW": "Đài Loan (Trung Quốc)", "HK": "Hồng Kông (Trung Quốc)", "MO": "Ma Cao (Trung Quốc)"},
    "en": {"TW": "Taiwan (China)", "HK": "Hong Kong (China)", "MO": "Macao (China)"},
}

# Other spellings met in agencies' spreadsheets, Vietnamese and English, for the import.
_ALIASES = {
    "US": ["Mỹ", "Hoa Kì", "USA", "United States of America"],
    "GB": ["Anh", "UK", "Great Britain", "Liên hiệp Vương quốc Anh"],
    "KR": ["Đại Hàn", "Korea", "Republic of Korea"],
    "KP": ["Bắc Triều Tiên", "CHDCND Triều Tiên", "DPRK"],
    "CN": ["Trung Hoa", "China"],
    "TW": ["Đài Loan", "Taiwan", "Đài Bắc Trung Hoa"],
    "HK": ["Hồng Kông", "Hong Kong", "Hong Kong SAR China", "Hương Cảng"],
    "MO": ["Ma Cao", "Macao", "Macau", "Macao SAR China"],
    "LA": ["Lao", "Lao PDR", "CHDCND Lào"],
    "MM": ["Myanmar", "Miến Điện", "Burma"],
    "RU": ["Liên bang Nga", "Russian Federation"],
    "CZ": ["Cộng hòa Séc", "Czech Republic"],
    "KH": ["Cam-pu-chia", "Cambodia"],
    "DE": ["CHLB Đức", "Cộng hòa Liên bang Đức"],
    "AU": ["Australia", "Ô-xtrây-li-a"],
    "NZ": ["Niu Di-lân"],
    "PH": ["Phi-líp-pin", "Philippines"],
    "TH": ["Thailand"],
    "NL": ["Hà Lan", "Netherlands", "Holland"],
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    is_territory: bool


@lru_cache(maxsize=4)
def _names(language: str) -> dict[str, str]:
    territories = Locale.parse(language).territories
    names = {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_ISO_3166_1 and code != HOME_COUNTRY
    }
    names.update(_OFFICIAL_NAMES[language])
    return names


def _language(language: str | None) -> str:
    code = (language or get_language() or "vi").split("-")[0]
    return "en" if code == "en" else "vi"


def codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code a delegation may name (Viet Nam excluded)."""
    return frozenset(_names("vi"))


def country_name(code: str, language: str | None = "vi") -> str:
    """ "Trung Quốc" for "CN"; an unknown code is shown as it is. `language=None`: the active language."""
    return _names(_language(language)).get(code, code)


def document_name(code: str) -> str:
    """The name official Vietnamese text uses: "Đài Loan (Trung Quốc)", "Hồng Kông (Trung Quốc)", "Lào"."""
    return country_name(code, "vi")


def is_territory(code: str) -> bool:
    return code in TERRITORY_CODES


# Viet Nam's neighbours, the partners of most of a border province's delegations: first in a picker.
NEIGHBOURS = ("CN", "LA", "KH")


def country_choices(language: str | None = None, *, neighbours_first: bool = False) -> list[tuple[str, str]]:
    """(code, name) for every country and territory, in Vietnamese (or the page's language) order; with
    `neighbours_first`, China, Laos and Cambodia lead the list."""
    names = _names(_language(language))
    ordered = sort_vietnamese(names, key=lambda code: names[code])
    if neighbours_first:
        ordered = [code for code in NEIGHBOURS if code in names] + [c for c in ordered if c not in NEIGHBOURS]
    return [(code, names[code]) for code in ordered]


def country_names(codes_: list[str] | tuple[str, ...], language: str | None = "vi") -> list[str]:
    return [country_name(code, language) for code in codes_]


# --- Lookup by any name --------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[^\w]+")
_ISO_CODE = re.compile(r"^[A-Za-z]{2}$")


def _exact_key(text: str) -> str:
    """Case- and punctuation-insensitive, accents kept: "Mỹ" (US) and "MY" (Malaysia) stay apart."""
    return _PUNCTUATION.sub(" ", clean_text(text).casefold().replace("’", "'")).strip()


def _loose_key(text: str) -> str:
    """Accent-insensitive as well: "Côte d’Ivoire", "cote d'ivoire" and "COTE DIVOIRE"."""
    return _PUNCTUATION.sub(" ", search_key(text)).strip()


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    vietnamese, english = _names("vi"), _names("en")
    raw_vietnamese = Locale.parse("vi").territories
    names = {
        code: [vietnamese[code], english.get(code, ""), raw_vietnamese.get(code, ""), *_ALIASES.get(code, [])]
        for code in vietnamese
    }
    for code, code_names in names.items():
        for name in code_names:
            if name:
                exact.setdefault(_exact_key(name), code)
                loose.setdefault(_loose_key(name), code)
    return exact, loose


def find_country(text: str) -> str | None:
    """The code for a Vietnamese or English name or an ISO code, any case or accents; None if unknown.

    Two ASCII letters are an ISO code ("my" is Malaysia); otherwise a name written with its accents
    wins over one that matches only without them ("Mỹ" is the United States).
    """
    text = clean_text(text)
    if not text:
        return None
    if _ISO_CODE.match(text):
        code = text.upper()
        return code if code in _names("vi") else None
    exact, loose = _indexes()
    return exact.get(_exact_key(text)) or loose.get(_loose_key(text))


def parse_countries(text: str) -> tuple[list[str], list[str]]:
    """Split a cell listing places by ";" or "," into (codes, unknown parts).

    Some names contain a comma themselves (CLDR's "Đặc khu Hành chính Hồng Kông, Trung Quốc"), so
    adjacent parts are joined back when together they name one place.
    """
    found: list[str] = []
    unknown: list[str] = []
    for chunk in (text or "").split(";"):
        parts = [part.strip() for part in chunk.split(",") if part.strip()]
        start = 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                code = find_country(", ".join(parts[start:end]))
                if code:
                    if code not in found:
                        found.append(code)
                    start = end
                    break
            else:
                unknown.append(parts[start])
                start += 1
    return found, unknown
