"""The summary sentence reads like the article for every count, without broken grammar."""

import pytest

from giaoban.delegations.models import Purpose
from giaoban.delegations.sentence import Group, People, Resident, delegation_sentence, purposes_phrase

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


# --- Issue 14: kinds, levels, categories, localities, visitors based in Viet Nam -------------------


def full(**kwargs):
    values = {
        "outbound": 0,
        "outbound_countries": [],
        "outbound_purposes": [],
        "inbound": 0,
        "inbound_countries": [],
    }
    values.update(kwargs)
    return delegation_sentence(**values)


def test_border_meetings_alone_still_say_no_trip_abroad():
    assert full(border=3, border_countries=["CN", "LA"]) == (
        "Chưa cử đoàn nào đi công tác nước ngoài; chưa đón tiếp đoàn nước ngoài nào; tổ chức 3 cuộc hội đàm, "
        "gặp gỡ tại cửa khẩu, mốc biên giới với phía Trung Quốc và Lào."
    )


def test_border_meetings_and_escorts_follow_the_trips():
    assert full(
        outbound=2, outbound_countries=["LA"], outbound_purposes=[Purpose.WORK], border=1,
        border_countries=["CN"], border_localities=["Quảng Tây"], escort=2,
    ) == (
        "Cử 2 đoàn đi công tác tại Lào; chưa đón tiếp đoàn nước ngoài nào; tổ chức 1 cuộc hội đàm, gặp gỡ tại "
        "cửa khẩu, mốc biên giới với phía Quảng Tây (Trung Quốc); đón, tiễn 2 đoàn công tác của Trung ương "
        "qua cửa khẩu."
    )  # fmt: skip


def test_levels_and_categories_of_part_of_the_delegations_follow_trong_do_co():
    text = full(
        inbound=20,
        inbound_countries=["CN", "LA"],
        inbound_people=People(150),
        inbound_groups=[
            Group("high", 12, People(0, 12)),
            Group("press", 3, People(40)),
            Group("enterprise", 1, People(5)),
        ],
    )
    assert text.endswith(
        "tổ chức đón tiếp 20 đoàn, 150 lượt người đến từ 2 quốc gia và vùng lãnh thổ đến thăm, làm việc, trong "
        "đó có 12 đoàn khách cấp cao, 3 đoàn phóng viên nước ngoài với 40 lượt người và 1 đoàn doanh nghiệp "
        "nước ngoài với 5 lượt người."
    )


def test_several_visitors_based_in_viet_nam_of_several_nationalities():
    assert full(inbound=2, inbound_resident=Resident(2, ["LA", "KH"])) == (
        "Chưa cử đoàn nào đi công tác nước ngoài; tổ chức đón tiếp 2 đoàn của cơ quan đại diện, tổ chức nước "
        "ngoài tại Việt Nam đến thăm, làm việc."
    )


def test_a_group_with_no_delegation_is_never_named():
    assert full(
        outbound=1,
        outbound_countries=["LA"],
        outbound_purposes=[Purpose.WORK],
        outbound_groups=[Group("high", 0)],
    ) == ("Cử 1 đoàn đi công tác tại Lào; chưa đón tiếp đoàn nước ngoài nào.")
