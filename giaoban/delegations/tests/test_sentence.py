"""The summary sentence reads like the article for every count, without broken grammar."""

import pytest

from giaoban.delegations.models import Purpose
from giaoban.delegations.sentence import People, delegation_sentence, purposes_phrase

ARTICLE = (
    "Cử 29 đoàn đi công tác, tham dự hội đàm, khảo sát, trao đổi kinh nghiệm, đào tạo, bồi dưỡng và "
    "giao lưu hữu nghị tại 12 quốc gia, vùng lãnh thổ; tổ chức đón tiếp 32 đoàn đến từ 9 quốc gia và "
    "vùng lãnh thổ đến thăm, làm việc."
)
TWELVE = ["CN", "LA", "KR", "JP", "TH", "SG", "MY", "TW", "HK", "RU", "CU", "FR"]
NINE = ["CN", "LA", "KR", "JP", "TW", "US", "AU", "FR", "DE"]
ARTICLE_PURPOSES = [
    Purpose.FRIENDSHIP,
    Purpose.WORK,
    Purpose.TRAINING,
    Purpose.TALKS,
    Purpose.EXPERIENCE,
    Purpose.SURVEY,
    Purpose.OTHER,
]


def sentence(
    outbound=0, out_places=(), purposes=(), inbound=0, in_places=(), out_people=None, in_people=None
):
    return delegation_sentence(
        outbound=outbound,
        outbound_countries=list(out_places),
        outbound_purposes=list(purposes),
        inbound=inbound,
        inbound_countries=list(in_places),
        outbound_people=out_people,
        inbound_people=in_people,
    )


def test_the_article_sentence():
    """The purposes come in the vocabulary's order whatever order they are given in; "khác" is left out."""
    assert sentence(29, TWELVE, ARTICLE_PURPOSES, 32, NINE) == ARTICLE


def test_only_the_purposes_present_are_listed():
    assert purposes_phrase([Purpose.SURVEY, Purpose.TALKS]) == "tham dự hội đàm và khảo sát"
    assert purposes_phrase([Purpose.TRAINING]) == "đào tạo, bồi dưỡng"
    assert purposes_phrase([Purpose.OTHER]) == "công tác"
    assert purposes_phrase([]) == "công tác"


def test_one_country_is_named():
    assert sentence(1, ["LA"], [Purpose.WORK], 3, ["CN"]) == (
        "Cử 1 đoàn đi công tác tại Lào; tổ chức đón tiếp 3 đoàn đến từ Trung Quốc đến thăm, làm việc."
    )


def test_a_territory_alone_is_written_the_official_way():
    assert sentence(2, ["TW"], [Purpose.SURVEY], 1, ["HK"]) == (
        "Cử 2 đoàn đi khảo sát tại Đài Loan (Trung Quốc); tổ chức đón tiếp 1 đoàn đến từ "
        "Hồng Kông (Trung Quốc) đến thăm, làm việc."
    )


def test_inbound_only():
    assert sentence(0, [], [], 5, ["CN", "LA"]) == (
        "Chưa cử đoàn nào đi công tác nước ngoài; tổ chức đón tiếp 5 đoàn đến từ 2 quốc gia và vùng "
        "lãnh thổ đến thăm, làm việc."
    )


def test_outbound_only():
    assert sentence(4, ["CN", "LA", "KR"], [Purpose.TALKS, Purpose.FRIENDSHIP]) == (
        "Cử 4 đoàn đi tham dự hội đàm và giao lưu hữu nghị tại 3 quốc gia, vùng lãnh thổ; "
        "chưa đón tiếp đoàn nước ngoài nào."
    )


def test_nothing_at_all():
    assert sentence() == "Chưa cử đoàn đi công tác nước ngoài và chưa đón tiếp đoàn nước ngoài nào."


@pytest.mark.parametrize("count, text", [(1234, "1.234"), (1000000, "1.000.000")])
def test_large_counts_use_vietnamese_separators(count, text):
    assert sentence(count, ["CN", "LA"], [Purpose.WORK]).startswith(f"Cử {text} đoàn")


# --- Person-trips ("lượt người"), as provincial reports count them ----------------------------------


def test_person_trips_when_every_count_is_known():
    assert sentence(62, TWELVE, [Purpose.WORK], 165, NINE, People(510), People(883)) == (
        "Cử 62 đoàn với 510 lượt người đi công tác tại 12 quốc gia, vùng lãnh thổ; tổ chức đón tiếp "
        "165 đoàn, 883 lượt người đến từ 9 quốc gia và vùng lãnh thổ đến thăm, làm việc."
    )


def test_a_total_missing_some_counts_is_a_minimum_never_a_total():
    text = sentence(3, ["LA"], [Purpose.WORK], 2, ["CN"], People(12, unknown=1), People(7, unknown=1))
    assert text == (
        "Cử 3 đoàn với ít nhất 12 lượt người đi công tác tại Lào; tổ chức đón tiếp 2 đoàn, ít nhất 7 lượt "
        "người đến từ Trung Quốc đến thăm, làm việc."
    )


def test_no_count_known_says_nothing_of_people():
    assert sentence(2, ["LA"], [Purpose.WORK], 1, ["CN"], People(0, unknown=2), People(0, unknown=1)) == (
        "Cử 2 đoàn đi công tác tại Lào; tổ chức đón tiếp 1 đoàn đến từ Trung Quốc đến thăm, làm việc."
    )


def test_one_delegation_of_one_person_and_a_direction_with_none():
    assert sentence(1, ["LA"], [Purpose.WORK], 0, [], People(1), People(0)) == (
        "Cử 1 đoàn với 1 lượt người đi công tác tại Lào; chưa đón tiếp đoàn nước ngoài nào."
    )
    assert sentence(0, [], [], 1, [], People(0), People(4)) == (
        "Chưa cử đoàn nào đi công tác nước ngoài; tổ chức đón tiếp 1 đoàn, 4 lượt người đến thăm, làm việc."
    )
    assert sentence(0, [], [], 0, [], People(0), People(0)) == (
        "Chưa cử đoàn đi công tác nước ngoài và chưa đón tiếp đoàn nước ngoài nào."
    )


def test_person_trips_use_vietnamese_separators():
    assert "với 1.234 lượt người" in sentence(40, ["CN", "LA"], [Purpose.WORK], out_people=People(1234))
