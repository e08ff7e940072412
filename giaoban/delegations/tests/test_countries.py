"""ISO 3166-1 places with CLDR Vietnamese names; lookup by any name the agencies write."""

import unicodedata

import pytest
from django.utils import translation

from giaoban.delegations import countries


def test_every_iso_3166_1_code_but_viet_nam():
    codes = countries.codes()
    assert len(codes) == 248  # 249 ISO 3166-1 alpha-2 codes, Viet Nam left out
    assert "VN" not in codes
    assert {"TW", "HK", "MO", "CN", "LA"} <= codes
    assert not {"EU", "UN", "XK", "ZZ", "001"} & codes


def test_vietnamese_names_from_cldr():
    assert countries.country_name("CN") == "Trung Quốc"
    assert countries.country_name("KR") == "Hàn Quốc"


def test_chinese_territories_carry_trung_quoc_everywhere():
    # Official usage names them "Đài Loan (Trung Quốc)" on every page, list and sheet, not only in documents.
    assert countries.country_name("TW") == "Đài Loan (Trung Quốc)"
    assert countries.country_name("HK") == "Hồng Kông (Trung Quốc)"
    assert countries.country_name("MO") == "Ma Cao (Trung Quốc)"
    assert countries.country_name("TW", "en") == "Taiwan (China)"
    assert countries.country_name("HK", "en") == "Hong Kong (China)"
    for code in ("TW", "HK", "MO"):
        assert countries.document_name(code) == countries.country_name(code, "vi")


def test_territories_are_marked():
    assert all(countries.is_territory(code) for code in ("TW", "HK", "MO"))
    assert not countries.is_territory("CN")
    assert countries.document_name("MO") == "Ma Cao (Trung Quốc)"


def test_choices_follow_the_page_language_and_vietnamese_order():
    names = [name for _code, name in countries.country_choices("vi")]
    assert names.index("Đài Loan (Trung Quốc)") < names.index("Đan Mạch") < names.index("Đức")  # Đ after D
    assert names.index("Lào") < names.index("Ma Cao (Trung Quốc)")
    with translation.override("en"):
        assert dict(countries.country_choices())["KR"] == "South Korea"


@pytest.mark.parametrize(
    "text, code",
    [
        ("Trung Quốc", "CN"),
        ("trung quoc", "CN"),
        ("TRUNG QUỐC", "CN"),
        (unicodedata.normalize("NFD", "Hàn Quốc"), "KR"),
        ("South Korea", "KR"),
        ("Laos", "LA"),
        ("la", "LA"),
        ("JP", "JP"),
        ("Ma Cao", "MO"),
        ("Đài Loan", "TW"),
        ("Taiwan", "TW"),
        ("Hong Kong SAR China", "HK"),
        ("Macau", "MO"),
        ("Hồng Kông", "HK"),
        ("Đặc khu Hành chính Hồng Kông, Trung Quốc", "HK"),
        ("Đài Loan (Trung Quốc)", "TW"),
        ("Côte d'Ivoire", "CI"),
        ("Mỹ", "US"),
    ],
)
def test_find_country_by_any_name(text, code):
    assert countries.find_country(text) == code


def test_parse_countries_splits_on_semicolons_and_commas_but_keeps_names_with_commas():
    assert countries.parse_countries("Thái Lan; Singapore, Malaysia") == (["TH", "SG", "MY"], [])
    assert countries.parse_countries("Đặc khu Hành chính Hồng Kông, Trung Quốc; Lào") == (["HK", "LA"], [])
    assert countries.parse_countries("Lào, Narnia") == (["LA"], ["Narnia"])
    assert countries.parse_countries("CN, cn, Trung Quốc") == (["CN"], [])
