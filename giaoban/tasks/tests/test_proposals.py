"""From text to proposed tasks (issue 13 item 4): each rule on real-shaped examples, and a ten-item
conclusion (fixtures/conclusion_ten_items.txt) giving ten proposals with the right bodies and deadlines.

Bodies are matched through org.selectors.organisation_lookup. The organisations here are created with
the names and short names the simple lookup matches; what needs the directory's aliases and
abbreviations is kept in the test marked DIRECTORY below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from giaoban.org.models import OrganisationKind
from giaoban.org.selectors import organisation_lookup
from giaoban.org.tests.factories import OrganisationFactory
from giaoban.tasks import proposals
from giaoban.tasks.deadlines import DeadlineKind

pytestmark = pytest.mark.django_db

D = dt.date
MEETING = D(2017, 7, 26)
TEN_ITEMS = (Path(__file__).parent / "fixtures" / "conclusion_ten_items.txt").read_text(encoding="utf-8")

UNITS = [
    ("Sở Ngoại vụ", "SNGV"),
    ("Công an tỉnh", ""),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BCH Bộ đội Biên phòng tỉnh"),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("Ban Tuyên giáo Tỉnh ủy", ""),
    ("Báo Lạng Sơn", ""),
    ("Đài Phát thanh và Truyền hình tỉnh", ""),
    ("Ủy ban nhân dân huyện Cao Lộc", "UBND huyện Cao Lộc"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"),
    ("Văn phòng UBND tỉnh", ""),
    ("Sở Tư pháp", ""),
]


@pytest.fixture
def units():
    return {name: OrganisationFactory(name=name, short_name=short) for name, short in UNITS}


def _propose(text: str, **kwargs):
    return proposals.propose(text, assigned_on=MEETING, **kwargs)


def _bodies(proposal) -> tuple[str | None, list[str]]:
    lead = proposal.lead.organisation.name if proposal.lead and proposal.lead.organisation else None
    return lead, [m.organisation.name if m.organisation else f"?{m.text}" for m in proposal.coordinating]


def test_the_ten_item_conclusion_gives_ten_proposals_with_their_bodies_and_deadlines(units):
    found = _propose(TEN_ITEMS, allowed={unit.pk for unit in units.values()})
    assert [p.position for p in found] == list(range(1, 11))
    expected = [
        (
            "Tổ chức tốt các hoạt động đối ngoại biên giới nhân dịp kỷ niệm 30 năm Ngày tái lập tỉnh",
            "Sở Ngoại vụ",
            ["Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
            "hoàn thành trước ngày 15/10/2017",
            D(2017, 10, 14),
        ),
        (
            "Tổ chức tập huấn nghiệp vụ thông tin đối ngoại cho đội ngũ người phát ngôn của các sở, ban, ngành, "
            "UBND các huyện, thành phố",
            "Sở Thông tin và Truyền thông",
            ["Ban Tuyên giáo Tỉnh ủy"],
            "trong quý III/2017",
            D(2017, 9, 30),
        ),
        (
            "Tiếp tục đổi mới nội dung, hình thức tuyên truyền đối ngoại, tăng thời lượng chuyên mục đối ngoại",
            "Báo Lạng Sơn",
            ["Đài Phát thanh và Truyền hình tỉnh"],
            "thường xuyên",
            None,
        ),
        (
            "Khẩn trương rà soát, xử lý thông tin sai sự thật về tình hình biên giới trên mạng xã hội",
            "Công an tỉnh",
            [],
            "khẩn trương",
            D(2017, 8, 2),  # followed up TASK_URGENT_FOLLOW_UP_DAYS (7) after the meeting
        ),
        (
            "Xây dựng Kế hoạch công tác thông tin đối ngoại năm 2018 của tỉnh, trình Ban Chỉ đạo",
            "Sở Ngoại vụ",
            ["Sở Thông tin và Truyền thông"],
            "trước ngày 30/11/2017",
            D(2017, 11, 29),
        ),
        (
            "Tuyên truyền về kết quả hợp tác với các địa phương của Khu tự trị dân tộc Choang Quảng Tây "
            "(Trung Quốc)",
            "Ủy ban nhân dân huyện Cao Lộc",
            [],
            "hoàn thành trong tháng 12/2017",
            D(2017, 12, 31),
        ),
        (
            "Quảng bá hình ảnh, tiềm năng du lịch Lạng Sơn tại các hội chợ, triển lãm quốc tế",
            "Sở Văn hóa, Thể thao và Du lịch",
            ["Sở Ngoại vụ"],
            "hoàn thành trong 6 tháng cuối năm 2017",
            D(2017, 12, 31),
        ),
        (
            "Cập nhật thông tin đối ngoại trên Cổng thông tin điện tử của tỉnh",
            "Văn phòng UBND tỉnh",
            [],
            "đến ngày 31/12/2017",
            D(2017, 12, 31),
        ),
        (
            "Tổng kết công tác thông tin đối ngoại năm 2017 của tỉnh",
            "Sở Ngoại vụ",
            ["Sở Thông tin và Truyền thông", "Ban Tuyên giáo Tỉnh ủy"],
            "đến hết ngày 15/01/2018",
            D(2018, 1, 15),
        ),
        (
            "Rà soát các văn bản quy phạm pháp luật về hợp tác quốc tế của tỉnh",
            "Sở Tư pháp",
            [],
            "hoàn thành trong quý IV/2017",
            D(2017, 12, 31),
        ),
    ]
    for proposal, (title, lead, coordinating, wording, due) in zip(found, expected, strict=True):
        assert proposal.title == title, proposal.position
        assert _bodies(proposal) == (lead, coordinating), proposal.position
        assert (proposal.deadline_wording, proposal.deadline) == (wording, due), proposal.position
    assert [p.verb for p in found] == ["", "giao", "đề nghị", "yêu cầu", "", "", "", "giao", "", ""]
    assert found[2].recurring and found[2].deadline_kind == DeadlineKind.RECURRING
    assert found[3].deadline_kind == DeadlineKind.URGENT
    assert found[5].addressed == ["các cơ quan liên quan"]  # kept as written, not matched
    # Only item 3 needs a word from the secretariat: two bodies addressed, the first proposed to lead.
    assert [p.flags for p in found if p.flags] == [[str(proposals.SEVERAL_ADDRESSED)]]
    assert found[0].text.startswith("Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh")  # the description


def test_items_split_the_vietnamese_way():
    text = "\n".join(
        [
            "Hội nghị thống nhất:",
            "1. Tổ chức hội nghị sơ kết; thời hạn: tháng 9/2017.",
            "2) Rà soát quy chế phát ngôn",
            "Một là, tăng cường tuyên truyền biên giới.",
            "- Cập nhật số liệu 1.000 lượt người",
            "3. Về công tác đối ngoại nhân dân:",
            "a) Tổ chức giao lưu hữu nghị",
            "b) Đón các đoàn khách",
            "+ trong tháng 10/2017",
        ]
    )
    found = _propose(text)
    assert [p.title for p in found] == [
        "Tổ chức hội nghị sơ kết",
        "Rà soát quy chế phát ngôn",
        "Tăng cường tuyên truyền biên giới",
        "Tổ chức giao lưu hữu nghị",
        "Đón các đoàn khách",
    ]
    # A bullet under an item stays in its description; "1.000" opens nothing.
    assert found[2].text.endswith("\n- Cập nhật số liệu 1.000 lượt người")
    assert found[4].text == "Đón các đoàn khách\n+ trong tháng 10/2017"


def test_only_the_sections_about_tasks_count_and_the_closing_ends_the_list():
    text = "\n".join(
        [
            "I. KẾT QUẢ ĐẠT ĐƯỢC",
            "1. Cử 29 đoàn đi công tác nước ngoài.",
            "II. NHIỆM VỤ THỜI GIAN TỚI",
            "1. Tổng kết công tác năm 2017.",
            "- Báo cáo số liệu đoàn ra, đoàn vào",
            "2. Xây dựng kế hoạch năm 2018.",
            "Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện./.",
            "3. Không phải nhiệm vụ.",
        ]
    )
    assert [p.title for p in _propose(text)] == ["Tổng kết công tác năm 2017", "Xây dựng kế hoạch năm 2018"]
    assert _propose("Hội nghị đã đánh giá kết quả.") == []


def test_a_heading_names_the_bodies_of_its_items(units):
    text = "\n".join(
        [
            "1. Giao Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh:",
            "- Tổ chức đón đoàn Quảng Tây; thời hạn: tháng 9/2017.",
            "- Báo Lạng Sơn thực hiện tuyên truyền về chuyến thăm; thời hạn: tháng 9/2017.",
        ]
    )
    first, second = _propose(text)
    assert _bodies(first) == ("Sở Ngoại vụ", ["Công an tỉnh"]) and first.verb == "giao"
    assert first.title == "Tổ chức đón đoàn Quảng Tây"
    assert _bodies(second) == ("Báo Lạng Sơn", [])  # its own body overrides the heading's
    assert second.title == "Tuyên truyền về chuyến thăm"


@pytest.mark.parametrize(
    "item, lead, coordinating, title",
    [
        (
            "Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức Ngày hội văn hóa biên giới.",
            "Sở Văn hóa, Thể thao và Du lịch",
            [],
            "Tổ chức Ngày hội văn hóa biên giới",
        ),
        (
            "Đề nghị Báo Lạng Sơn và Đài Phát thanh và Truyền hình tỉnh mở chuyên mục đối ngoại.",
            "Báo Lạng Sơn",
            ["Đài Phát thanh và Truyền hình tỉnh"],
            "Mở chuyên mục đối ngoại",
        ),
        (
            "Rà soát quy chế người phát ngôn. Sở Thông tin và Truyền thông thực hiện.",
            "Sở Thông tin và Truyền thông",
            [],
            "Rà soát quy chế người phát ngôn",
        ),
        (
            "Tổ chức lớp bồi dưỡng (Cơ quan chủ trì: Sở TT&TT; phối hợp: Sở Ngoại vụ, Công an tỉnh).",
            "Sở Thông tin và Truyền thông",
            ["Sở Ngoại vụ", "Công an tỉnh"],
            "Tổ chức lớp bồi dưỡng",
        ),
        (
            "Tổ chức hội nghị đối thoại (Sở Ngoại vụ chủ trì, Công an tỉnh phối hợp).",
            "Sở Ngoại vụ",
            ["Công an tỉnh"],
            "Tổ chức hội nghị đối thoại",
        ),
        (
            "Công an tỉnh phối hợp rà soát người nước ngoài tạm trú.",
            None,
            ["Công an tỉnh"],
            "Rà soát người nước ngoài tạm trú",
        ),
        (
            "Giao SNGV tham mưu tổ chức đón đoàn.",
            "Sở Ngoại vụ",
            [],
            "Tổ chức đón đoàn",
        ),
    ],
)
def test_bodies_are_read_from_the_wording(units, item, lead, coordinating, title):
    (proposal,) = _propose(f"1. {item}")
    assert _bodies(proposal) == (lead, coordinating)
    assert proposal.title == title


def test_groups_stay_as_written_and_unknown_names_are_flagged(units):
    (group,) = _propose(
        "1. Đề nghị các sở, ban, ngành, UBND các huyện, thành phố quán triệt Chỉ thị số 15; thời hạn: quý III/2017."
    )
    assert group.lead is None and group.addressed == ["các sở, ban, ngành", "UBND các huyện, thành phố"]
    assert group.flags == [str(proposals.NO_LEAD)]
    (unknown,) = _propose("1. Sở Khoa học và Công nghệ chủ trì tổ chức hội thảo; thời hạn: tháng 11/2017.")
    assert unknown.lead.status == proposals.UNMATCHED and unknown.lead.text == "Sở Khoa học và Công nghệ"
    assert unknown.flags == [str(proposals.NAME_NOT_FOUND % {"name": "Sở Khoa học và Công nghệ"})]
    (outside,) = _propose("1. Sở Tư pháp chủ trì rà soát văn bản; thời hạn: tháng 11/2017.", allowed=set())
    assert outside.flags == [str(proposals.NOT_A_MEMBER % {"name": "Sở Tư pháp"})]


def test_the_preamble_addresses_items_that_name_no_body(units):
    found = _propose(
        "Đề nghị các cơ quan, đơn vị liên quan thực hiện:\n1. Tổ chức tuyên truyền; thời hạn: tháng 9/2017."
    )
    assert found[0].addressed == ["các cơ quan, đơn vị liên quan"] and found[0].lead is None


@pytest.mark.parametrize(
    "item, wording, kind, due, flag",
    [
        (
            "Tổng kết công tác, hoàn thành trong quý III.",
            "hoàn thành trong quý III",
            "period",
            D(2017, 9, 30),
            "",
        ),
        ("Sơ kết công tác trong 6 tháng cuối năm.", "trong 6 tháng cuối năm", "period", D(2017, 12, 31), ""),
        (
            "Tuyên truyền trước, trong thời gian tổ chức Lễ kỷ niệm 30 năm tái lập tỉnh.",
            "trước, trong thời gian tổ chức Lễ kỷ niệm 30 năm tái lập tỉnh",
            "event",
            None,
            str(proposals.EVENT_DATE_NEEDED),
        ),
        ("Thường xuyên cập nhật thông tin.", "thường xuyên", "recurring", None, ""),
        ("Tổ chức hội nghị.", "", "", None, str(proposals.NO_DEADLINE)),
        (
            "Tổ chức hội nghị; thời hạn: sau khi có ý kiến của Tỉnh ủy.",
            "sau khi có ý kiến của Tỉnh ủy",
            "",
            None,
            str(proposals.DEADLINE_NOT_UNDERSTOOD % {"wording": "sau khi có ý kiến của Tỉnh ủy"}),
        ),
    ],
)
def test_deadlines_are_recognised_as_written(item, wording, kind, due, flag):
    (proposal,) = _propose(f"1. {item}")
    assert (proposal.deadline_wording, proposal.deadline, proposal.deadline_kind) == (wording, due, kind)
    assert (flag in proposal.flags) if flag else not [f for f in proposal.flags if "thời hạn" in f.lower()]


def test_an_appendix_table_gives_one_proposal_per_row(units):
    header = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"]
    columns = proposals.table_columns(header)
    assert columns == {"position": 0, "text": 1, "lead": 2, "coordinating": 3, "deadline": 4}
    rows = [
        ["I", "Lĩnh vực thông tin đối ngoại", "", "", ""],
        ["1", "Tập huấn người phát ngôn", "Sở TT&TT", "Sở Ngoại vụ, Ban Tuyên giáo Tỉnh ủy", "Quý III/2017"],
        ["2", "Sơ kết Chỉ thị 15", "Sở Ngoại vụ", "", "Thường xuyên"],
    ]
    first, second = proposals.propose_rows(rows, columns, assigned_on=MEETING)
    assert first.title == "Tập huấn người phát ngôn" and first.deadline == D(2017, 9, 30)
    assert _bodies(first) == ("Sở Thông tin và Truyền thông", ["Sở Ngoại vụ", "Ban Tuyên giáo Tỉnh ủy"])
    assert second.recurring and _bodies(second) == ("Sở Ngoại vụ", [])
    assert proposals.table_columns(["STT", "Họ và tên", "Chức vụ"]) is None


def test_organisation_lookup_matches_names_and_short_names_without_accents(units):
    assert organisation_lookup("so ngoai vu") == units["Sở Ngoại vụ"]
    assert organisation_lookup("SỞ TT&TT") == units["Sở Thông tin và Truyền thông"]
    assert organisation_lookup("Sở Ngoại") is None
    closed = OrganisationFactory(name="Sở Bưu chính Viễn thông", end_date=D(2008, 3, 31))
    assert organisation_lookup("Sở Bưu chính Viễn thông") == closed
    assert organisation_lookup("Sở Bưu chính Viễn thông", on=MEETING) is None
    OrganisationFactory(name="Huyện Văn Lãng", kind=OrganisationKind.LOCALITY)
    OrganisationFactory(name="Văn Lãng", short_name="Huyện Văn Lãng", kind=OrganisationKind.LOCALITY)
    assert organisation_lookup("huyen van lang") is None  # two answer to it: the secretariat chooses


# DIRECTORY: abbreviation-dependent expectations, for the directory's richer organisation_lookup
# (aliases, abbreviations). The simple lookup of this branch matches names and short names only, so this
# test is expected to fail here; after merging the directory it should pass (XPASS): check it then.
@pytest.mark.xfail(
    reason="DIRECTORY: needs org.selectors.organisation_lookup with abbreviations", strict=False
)
def test_directory_abbreviations_resolve_the_names_officials_type():
    border = OrganisationFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", kind=OrganisationKind.ARMED_FORCES)
    ict = OrganisationFactory(name="Sở Thông tin và Truyền thông")
    city = OrganisationFactory(name="Thành phố Lạng Sơn", kind=OrganisationKind.LOCALITY)
    (proposal,) = _propose(
        "1. Sở TT&TT chủ trì, phối hợp với BCH BĐBP tỉnh, UBND TP Lạng Sơn tổ chức tuyên truyền; "
        "thời hạn: tháng 9/2017."
    )
    assert proposal.lead.organisation == ict
    assert [m.organisation for m in proposal.coordinating] == [border, city]
    assert organisation_lookup("BCH Bộ đội Biên phòng tỉnh") == border
