"""Vietnamese text core: normalisation, search keys, collation, dates and numbers."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal
from functools import cmp_to_key

import pytest

from giaoban.core.vietnamese import (
    clean_text,
    collation_compare,
    collation_key,
    format_date_document,
    format_date_long,
    format_date_padded,
    format_date_short,
    format_number,
    format_place_date,
    format_weekday_date,
    join_vietnamese,
    nfc,
    nfc_deep,
    search_key,
    sort_vietnamese,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def shuffled(items: list[str], seed: int = 2017) -> list[str]:
    copy = list(items)
    random.Random(seed).shuffle(copy)
    return copy


# CLDR `vi` alphabet (domain brief §8), the 29 letters of Vietnamese.
ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
TONE_ORDER = ["ma", "mà", "mả", "mã", "má", "mạ"]  # none, huyền, hỏi, ngã, sắc, nặng
DISTRICTS = [
    "Bắc Sơn",
    "Bình Gia",
    "Cao Lộc",
    "Chi Lăng",
    "Đình Lập",
    "Hữu Lũng",
    "Lộc Bình",
    "Thành phố Lạng Sơn",
    "Tràng Định",
    "Văn Lãng",
    "Văn Quan",
]
# Dictionary order, checked against PostgreSQL's ICU "vi-x-icu" when it was written.
_WORDS_TEXT = """a à ả ã á ạ ác ách ai ải am an anh ánh ao áo ắc ẵm ăn ăng âm ấm ân ấp âu
ba bà bả bã bá bạ bác bạc bách bài ban bàn bản bạn bánh bắc băng bằng bẩn bất be bé bê bề bi bia biên bình
bò bỏ bó bóng bố bơ bờ bở bú bụ bưu ca cà cả cá các cách cao cấp chi chỉ chí chính chịu cô cơ cờ cuộc cử cứu
da dạ dân do du dù dư đa Đa đà đá đại đảng đâu đê đi đình đoàn đổi e è ẻ ẽ é ẹ em ê ề ể ễ ế ệ ếch
ga gà gia giá giám ha hà hạ hai hội huyện hữu i ì ỉ ĩ í ị ích ke kẻ kế khác khu kì kỳ
la là lạng lãnh lăng lập lộc ma Ma MA mà mả mã má mạ mai mái mặt mẫu mở mức na nà nghị ngoại nhà nhân
o ò ỏ õ ó ọ oa òa ô ồ ổ ỗ ố ộ ơ ờ ở ỡ ớ ợ phố quan quân quốc ra rà sa sở sơn ta tà thành thứ tràng trung
u ù ủ ũ ú ụ uống ư ừ ử ữ ứ ự ưa va và văn vân vụ xa xã xanh y ỳ ỷ ỹ ý ỵ yên"""
WORDS = _WORDS_TEXT.split()
# Spaces sort before hyphens, hyphens before digits, digits before letters; digits compare one by one.
MIXED = ["Hà Nội", "Hà Tĩnh", "Hà-Nội", "HàNội", "Khu", "Khu 1", "Khu 10", "khu 2", "Khu 2", "Khu-2", "Khu1"]


# --- Normalisation -------------------------------------------------------------------------------


def test_nfc_composes_decomposed_text():
    """Text pasted from macOS arrives decomposed (NFD) and is stored composed (NFC)."""
    decomposed = nfd("Lạng Sơn")
    assert decomposed != "Lạng Sơn"
    assert len(decomposed) > len("Lạng Sơn")
    assert nfc(decomposed) == "Lạng Sơn"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))
    assert nfc("Lạng Sơn") == "Lạng Sơn"


def test_nfc_deep_normalises_keys_values_and_nested_lists():
    payload = {nfd("tên"): nfd("Đình Lập"), "items": [nfd("Hữu Lũng"), {"x": nfd("Lộc Bình")}], "n": 3}
    assert nfc_deep(payload) == {"tên": "Đình Lập", "items": ["Hữu Lũng", {"x": "Lộc Bình"}], "n": 3}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (nfd("  Sở   Ngoại vụ \n"), "Sở Ngoại vụ"),
        ("Thành phố\tLạng\u00a0Sơn", "Thành phố Lạng Sơn"),
        ("", ""),
        (None, ""),
        ("   ", ""),
    ],
)
def test_clean_text_composes_trims_and_collapses_whitespace(raw, expected):
    assert clean_text(raw) == expected


# --- Search keys ---------------------------------------------------------------------------------


def test_search_key_ignores_accents_case_and_normalisation_form():
    """ "lang son", "LẠNG SƠN" and a decomposed "Lạng Sơn" are the same search."""
    keys = {
        search_key("lang son"),
        search_key("LẠNG SƠN"),
        search_key(nfd("Lạng Sơn")),
        search_key("Lạng Sơn"),
    }
    assert keys == {"lang son"}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Đình Lập", "dinh lap"),
        ("đường", "duong"),
        ("ĐĐ", "dd"),
        ("Ðình Lập", "dinh lap"),  # U+00D0 typed for Đ by legacy keyboards
        ("Hữu  Lũng ", "huu lung"),
        ("Tràng\u00adĐịnh", "trangdinh"),  # a soft hyphen is invisible
        ("ă â ê ô ơ ư", "a a e o o u"),
        ("", ""),
        (None, ""),
    ],
)
def test_search_key_examples(text, key):
    assert search_key(text) == key


# --- Collation -----------------------------------------------------------------------------------


def test_alphabet_is_ordered_as_cldr_vi():
    """ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u: distinct letters."""
    assert sort_vietnamese(shuffled(ALPHABET)) == ALPHABET
    upper = [letter.upper() for letter in ALPHABET]
    assert sort_vietnamese(shuffled(upper)) == upper


def test_letters_differ_at_the_primary_level():
    """A later letter outweighs any tone or anything that follows: "ạz" < "ă", "dz" < "đ"."""
    for earlier, later in zip(ALPHABET, ALPHABET[1:], strict=False):
        assert collation_key(earlier + "z") < collation_key(later)
        assert collation_key(nfc(earlier + "\u0323") + "zz") < collation_key(later)
    assert sort_vietnamese(["đa", "dz", "da"]) == ["da", "dz", "đa"]
    assert sort_vietnamese(["ư", "uz", "u"]) == ["u", "uz", "ư"]


def test_tones_are_secondary_in_cldr_order():
    """ma < mà < mả < mã < má < mạ, and any of them before "mai"."""
    assert sort_vietnamese(shuffled(TONE_ORDER + ["mai"])) == TONE_ORDER + ["mai"]
    assert collation_key("mạ") < collation_key("mai")
    assert collation_key("mã") < collation_key("mai")


@pytest.mark.parametrize("vowel", ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"])
def test_every_vowel_takes_tones_in_the_same_order(vowel):
    toned = [nfc(vowel + tone) for tone in ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]]
    assert sort_vietnamese(shuffled(toned)) == toned
    with_coda = [t + "n" for t in toned]
    assert sort_vietnamese(shuffled(with_coda)) == with_coda


def test_case_is_tertiary_lower_case_first():
    assert sort_vietnamese(["mà", "MA", "Ma", "ma"]) == ["ma", "Ma", "MA", "mà"]
    assert sort_vietnamese(["đà", "Đa", "đa"]) == ["đa", "Đa", "đà"]
    assert sort_vietnamese(["b", "A", "a", "B"]) == ["a", "A", "b", "B"]


def test_decomposed_text_sorts_like_composed():
    for word in WORDS + DISTRICTS:
        assert collation_key(nfd(word)) == collation_key(word)


def test_district_names_sort_in_vietnamese_order():
    """Đình Lập comes after Chi Lăng and before Hữu Lũng, not after Z as code points would put it."""
    assert sort_vietnamese(shuffled(DISTRICTS)) == DISTRICTS
    assert sorted(DISTRICTS) != DISTRICTS  # plain code point order gets it wrong


def test_dictionary_word_list_sorts_in_dictionary_order():
    for seed in range(5):
        assert sort_vietnamese(shuffled(WORDS, seed)) == WORDS


def test_spaces_hyphens_and_digits_sort_before_letters():
    assert sort_vietnamese(shuffled(MIXED)) == MIXED


def test_punctuation_and_invisible_characters_follow_icu():
    """Punctuation ranks as ICU ranks it, not by code point; soft hyphens and zero-width spaces vanish."""
    marks = [
        " ",
        "_",
        "-",
        ",",
        ";",
        ":",
        "!",
        "?",
        ".",
        "'",
        '"',
        "(",
        ")",
        "/",
        "&",
        "%",
        "+",
        "$",
        "0",
        "a",
    ]
    words = ["x" + m + "y" for m in marks]
    assert sort_vietnamese(shuffled(words)) == words
    assert collation_key("Lạng\u00adSơn")[:2] == collation_key("LạngSơn")[:2]
    assert collation_key("Lạng\u200bSơn")[:2] == collation_key("LạngSơn")[:2]
    # A no-break space is a space with a tertiary difference.
    assert collation_key("Lạng\u00a0Sơn")[:2] == collation_key("Lạng Sơn")[:2]
    assert sort_vietnamese(["Lạng\u00a0Sơn", "Lạng Sơn", "Lạng Sơna"]) == [
        "Lạng Sơn",
        "Lạng\u00a0Sơn",
        "Lạng Sơna",
    ]


def test_eth_sorts_with_d_not_after_z():
    """Ð (U+00D0), mistyped for Đ, sorts as D with a secondary difference, as ICU does."""
    assert sort_vietnamese(["Ðình", "Dinh", "Dz", "Đinh", "Zê"]) == ["Dinh", "Ðình", "Dz", "Đinh", "Zê"]


def test_collation_compare_is_a_consistent_total_order():
    """The SQLite collation function agrees with the sort key, ties broken by code point."""
    words = WORDS + MIXED + DISTRICTS + [nfd(w) for w in DISTRICTS] + ["", " ", "Đ", "đ", "1", "10", "9"]
    by_compare = sorted(shuffled(words), key=cmp_to_key(collation_compare))
    assert by_compare == sort_vietnamese(words)
    for left in ["ma", "mà", "Ma", nfd("mà")]:
        assert collation_compare(left, left) == 0
        for right in ["ma", "mà", "Ma", nfd("mà")]:
            assert collation_compare(left, right) == -collation_compare(right, left)
    assert collation_compare(nfd("mà"), "mà") == -1  # equal keys: code points decide, like PostgreSQL


def test_sort_vietnamese_accepts_a_key_function():
    rows = [{"name": name} for name in shuffled(DISTRICTS)]
    assert [r["name"] for r in sort_vietnamese(rows, key=lambda r: r["name"])] == DISTRICTS


# --- Dates and numbers ---------------------------------------------------------------------------


def test_long_date_in_running_text():
    assert format_date_long(dt.date(2017, 7, 26)) == "ngày 26 tháng 7 năm 2017"
    assert format_date_long(dt.date(2020, 1, 5)) == "ngày 5 tháng 1 năm 2020"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (dt.date(2017, 7, 26), "ngày 26 tháng 7 năm 2017"),
        (dt.date(2019, 2, 28), "ngày 28 tháng 02 năm 2019"),
        (dt.date(2021, 3, 9), "ngày 09 tháng 3 năm 2021"),
        (dt.date(2021, 12, 10), "ngày 10 tháng 12 năm 2021"),
    ],
)
def test_document_date_pads_days_under_ten_and_months_one_and_two(day, text):
    """Decree 30/2020/NĐ-CP, Appendix I."""
    assert format_date_document(day) == text


def test_place_and_date_line():
    assert format_place_date("Lạng Sơn", dt.date(2017, 7, 26)) == "Lạng Sơn, ngày 26 tháng 7 năm 2017"


def test_short_and_padded_dates():
    assert format_date_short(dt.date(2017, 7, 26)) == "26/7/2017"
    assert format_date_short(dt.date(2020, 1, 5)) == "5/1/2020"
    assert format_date_padded(dt.date(2021, 9, 20)) == "20/09/2021"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2021, 9, 20), "Thứ hai, 20/09/2021"),
        (dt.date(2017, 7, 26), "Thứ tư, 26/07/2017"),
        (dt.date(2021, 9, 25), "Thứ bảy, 25/09/2021"),
        (dt.date(2021, 9, 26), "Chủ nhật, 26/09/2021"),
    ],
)
def test_weekday_date(day, text):
    assert format_weekday_date(day) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234, None, "1.234"),
        (1234567, None, "1.234.567"),
        (21914, None, "21.914"),
        (0, None, "0"),
        (-1234, None, "-1.234"),
        (Decimal("12.5"), None, "12,5"),
        (12.5, None, "12,5"),
        (1234567.5, None, "1.234.567,5"),
        (64.19640, 1, "64,2"),
        (12, 2, "12,00"),
        (Decimal("1234.5"), 2, "1.234,50"),
    ],
)
def test_numbers_use_dot_for_thousands_and_comma_for_decimals(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(12.5, 0, "13"), (-12.5, 0, "-13"), (Decimal("0.125"), 2, "0,13"), (2.675, 2, "2,68"), (11.5, 0, "12")],
)
def test_numbers_round_half_away_from_zero_like_excel(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        (["Sở Ngoại vụ", "Sở Nội vụ", "Công an tỉnh"], "Sở Ngoại vụ, Sở Nội vụ và Công an tỉnh"),
        (["Lào", "Trung Quốc"], "Lào và Trung Quốc"),
        (["Lào"], "Lào"),
        ([], ""),
        (["a", "", "b"], "a và b"),
    ],
)
def test_join_vietnamese(parts, text):
    assert join_vietnamese(parts) == text


def test_join_vietnamese_with_another_conjunction():
    assert join_vietnamese(["sáng", "chiều", "tối"], "hoặc") == "sáng, chiều hoặc tối"


def test_period_labels():
    from giaoban.core.vietnamese import period_label

    assert period_label("quarter", 2017, 3) == "quý III năm 2017"
    assert period_label("half_year", 2017) == "6 tháng đầu năm 2017"
    assert period_label("half_year", 2017, 2) == "6 tháng cuối năm 2017"
    assert period_label("nine_months", 2017) == "9 tháng đầu năm 2017"
    assert period_label("year", 2017) == "năm 2017"


def test_administrative_units_are_lower_case_inside_a_sentence():
    from giaoban.core.vietnamese import name_in_sentence

    assert name_in_sentence("Thành phố Lạng Sơn") == "thành phố Lạng Sơn"
    assert name_in_sentence("Huyện Văn Lãng") == "huyện Văn Lãng"
    assert name_in_sentence("Xã Tân Thanh") == "xã Tân Thanh"
    for body in ("Tỉnh ủy Lạng Sơn", "Huyện ủy Văn Lãng", "Sở Ngoại vụ", "UBND huyện Văn Lãng", "Thành phố"):
        assert name_in_sentence(body) == body


def test_a_list_is_joined_with_one_conjunction_even_when_its_items_hold_their_own():
    """Issue #16, 2: "… Thể thao và Du lịch và Công an tỉnh" would read as one more item."""
    from giaoban.core.vietnamese import join_vietnamese

    assert join_vietnamese(["Sở Ngoại vụ", "Công an tỉnh", "Báo Lạng Sơn"]) == (
        "Sở Ngoại vụ, Công an tỉnh và Báo Lạng Sơn"
    )
    assert join_vietnamese(["Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh"]) == (
        "Sở Văn hóa, Thể thao và Du lịch; Công an tỉnh"
    )
    # A comma inside an item is the article's own style ("đào tạo, bồi dưỡng và giao lưu hữu nghị").
    assert (
        join_vietnamese(["đào tạo, bồi dưỡng", "giao lưu hữu nghị"])
        == "đào tạo, bồi dưỡng và giao lưu hữu nghị"
    )


def test_names_sharing_their_ending_say_it_once():
    from giaoban.core.vietnamese import join_sharing_ending

    assert join_sharing_ending(["Ban Chỉ đạo công tác thông tin đối ngoại tỉnh", "Ban Chỉ đạo 94 tỉnh"]) == (
        "Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh"
    )
    assert join_sharing_ending(["Ban A", "Hội đồng B"]) == "Ban A và Hội đồng B"
    assert join_sharing_ending(["Ban A"]) == "Ban A"


def test_a_meeting_time_in_a_document_capitalises_the_weekday():
    from giaoban.core.vietnamese import format_moment_document

    assert format_moment_document(dt.date(2017, 7, 26), dt.time(8, 0)) == (
        "08 giờ 00 phút, Thứ Tư, ngày 26 tháng 7 năm 2017"
    )
    assert format_moment_document(dt.date(2017, 7, 30), dt.time(14, 30)).split(", ")[1] == "Chủ nhật"
