"""The news brief and the phrases it is drafted from: time of day, titles as of the day, one or several
committees, the period, the delegations and the key tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from giaoban.delegations.models import Direction, Purpose
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.meetings import documents, drafting, news
from giaoban.meetings.models import MeetingKind
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.org.models import MembershipRole, OrganisationKind
from giaoban.org.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
)

D, T = dt.date, dt.time
ARTICLE_LEAD = (
    "Sáng 26/7, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng Ban "
    "Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh chủ trì hội nghị giao ban 6 tháng đầu năm 2017."
)


@pytest.mark.parametrize(
    ("start", "end", "phrase", "following"),
    [
        (D(2017, 1, 1), D(2017, 3, 31), "quý I năm 2017", "quý II năm 2017"),
        (D(2017, 4, 1), D(2017, 6, 30), "quý II năm 2017", "quý III năm 2017"),
        (D(2017, 10, 1), D(2017, 12, 31), "quý IV năm 2017", "quý I năm 2018"),
        (D(2017, 1, 1), D(2017, 6, 30), "6 tháng đầu năm 2017", "6 tháng cuối năm 2017"),
        (D(2017, 7, 1), D(2017, 12, 31), "6 tháng cuối năm 2017", "năm 2018"),
        (D(2017, 1, 1), D(2017, 9, 30), "9 tháng đầu năm 2017", "quý IV năm 2017"),
        (D(2017, 1, 1), D(2017, 12, 31), "năm 2017", "năm 2018"),
        # Decree 09/2019/NĐ-CP cut-offs: 15/12 of the year before to 14/6, a quarter 15th to 14th.
        (D(2018, 12, 15), D(2019, 6, 14), "6 tháng đầu năm 2019", "6 tháng cuối năm 2019"),
        (D(2019, 3, 15), D(2019, 6, 14), "quý II năm 2019", "quý III năm 2019"),
        (D(2017, 2, 1), D(2017, 5, 15), None, None),
        (None, None, None, None),
    ],
)
def test_period_phrases(start, end, phrase, following):
    assert drafting.period_phrase(start, end) == phrase
    assert drafting.next_period_phrase(start, end) == following
    ends = {"quý II năm 2017": D(2017, 6, 30), "quý III năm 2017": D(2017, 9, 30), "quý I năm 2018": D(2018, 3, 31),
            "6 tháng cuối năm 2017": D(2017, 12, 31), "năm 2018": D(2018, 12, 31), "quý IV năm 2017": D(2017, 12, 31),
            "6 tháng cuối năm 2019": D(2019, 12, 31), "quý III năm 2019": D(2019, 9, 30), None: None}  # fmt: skip
    assert drafting.next_period_end(start, end) == ends[following]


@pytest.mark.parametrize(
    ("start", "word"),
    [(T(7, 30), "Sáng"), (T(11, 59), "Sáng"), (T(12, 0), "Chiều"), (T(17, 59), "Chiều"), (T(19, 0), "Tối")],
)
def test_time_of_day(start, word):
    assert drafting.time_of_day(start) == word


@pytest.fixture
def joint(world):
    """The article's two committees and their head, with his two posts of 2017 (one ended since)."""
    party = OrganisationFactory(name="Tỉnh ủy Lạng Sơn", kind=OrganisationKind.PARTY)
    council = OrganisationFactory(
        name="Hội đồng nhân dân tỉnh Lạng Sơn", kind=OrganisationKind.PEOPLES_COUNCIL
    )
    ttdn = CommitteeFactory(
        name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
        title_name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh",
        member_units=[world.unit, world.other_unit],
    )
    bcd94 = CommitteeFactory(
        name="Ban Chỉ đạo 94 tỉnh Lạng Sơn", title_name="Ban Chỉ đạo 94 tỉnh", member_units=[world.unit]
    )
    chair = PersonFactory(full_name="Hoàng Văn Nghiệm")
    PositionFactory(
        person=chair,
        organisation=party,
        title="Phó Bí thư Thường trực Tỉnh ủy",
        precedence=1,
        end_date=D(2020, 10, 15),
    )
    PositionFactory(
        person=chair,
        organisation=council,
        title="Chủ tịch HĐND tỉnh",
        precedence=2,
        start_date=D(2016, 5, 1),
        end_date=D(2021, 6, 30),
    )
    for committee in (ttdn, bcd94):
        MembershipFactory(committee=committee, person=chair, role=MembershipRole.HEAD)
    world.secretariat.committees.add(ttdn, bcd94)
    return ttdn, bcd94, chair


def test_the_joint_briefing_reads_as_in_the_article(world, joint):
    ttdn, bcd94, chair = joint
    meeting = make_meeting(world, committee=ttdn, committees=[ttdn, bcd94], chair=chair)
    assert news.lead_sentence(meeting) == ARTICLE_LEAD


def test_an_afternoon_meeting_of_one_committee_over_a_quarter(world, joint):
    ttdn, _bcd94, chair = joint
    meeting = make_meeting(
        world,
        committee=ttdn,
        kind=MeetingKind.QUARTERLY,
        date=D(2017, 4, 12),
        start_time=T(14, 0),
        period_start=D(2017, 1, 1),
        period_end=D(2017, 3, 31),
        chair=chair,
    )
    assert news.lead_sentence(meeting) == (
        "Chiều 12/4, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng "
        "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh chủ trì hội nghị giao ban quý I năm 2017."
    )


def test_titles_are_those_held_on_the_day(world, joint):
    """In 2021 the chair no longer was Deputy Party Secretary: the brief does not call him so."""
    ttdn, _bcd94, chair = joint
    meeting = make_meeting(
        world, committee=ttdn, kind=MeetingKind.YEARLY, date=D(2021, 1, 15), start_time=T(19, 30),
        period_start=D(2020, 1, 1), period_end=D(2020, 12, 31), chair=chair,
    )  # fmt: skip
    assert news.lead_sentence(meeting) == (
        "Tối 15/1, đồng chí Hoàng Văn Nghiệm, Chủ tịch HĐND tỉnh, Trưởng Ban Chỉ đạo công tác thông tin đối "
        "ngoại tỉnh chủ trì hội nghị tổng kết năm 2020."
    )


def test_a_chair_with_one_title_and_a_thematic_meeting(world):
    meeting = make_meeting(
        world,
        kind=MeetingKind.THEMATIC,
        title="Hội nghị chuyên đề về công tác người phát ngôn",
        date=D(2017, 9, 5),
        start_time=T(8, 30),
        period_start=None,
        period_end=None,
    )
    assert news.lead_sentence(meeting) == (
        "Sáng 5/9, đồng chí Lê Thị Ngoại, Giám đốc Sở Ngoại vụ chủ trì hội nghị chuyên đề về công tác người "
        "phát ngôn."
    )
    brief = news.news_brief(meeting, user=world.secretariat)
    assert brief.text == news.lead_sentence(meeting)  # no period, no notice: one paragraph


def test_a_meeting_without_a_chair_is_held_by_its_committees(world):
    meeting = make_meeting(world, chair=None)
    assert news.lead_sentence(meeting) == (
        f"Sáng 26/7, {world.committee.title_name} tổ chức hội nghị giao ban 6 tháng đầu năm 2017."
    )


def test_the_brief_adds_the_delegations_and_the_key_tasks(world):
    DelegationFactory(
        lead_unit=world.unit,
        countries=["LA"],
        purposes=[Purpose.WORK, Purpose.TALKS],
        start_date=D(2017, 3, 1),
    )
    DelegationFactory(
        lead_unit=world.unit, direction=Direction.INBOUND, countries=["CN", "KR"], start_date=D(2017, 5, 2)
    )
    DelegationFactory(lead_unit=world.unit, countries=["TH"], start_date=D(2017, 7, 2))  # after the period
    meeting = make_meeting(world)
    notice = make_notice(meeting, tasks=2)
    paragraphs = news.news_brief(meeting, user=world.secretariat).text.split("\n\n")
    assert paragraphs[1] == (
        "Trong 6 tháng đầu năm 2017, cử 1 đoàn với 5 lượt người đi công tác và tham dự hội đàm tại Lào; tổ chức "
        "đón tiếp 1 đoàn, 5 lượt người đến từ 2 quốc gia và vùng lãnh thổ đến thăm, làm việc."
    )
    assert paragraphs[2] == (
        f"Phát biểu kết luận, đồng chí Lê Thị Ngoại đề nghị các cơ quan, đơn vị phối hợp với "
        f"{world.committee.title_name} thực hiện tốt 2 nhiệm vụ trọng tâm mà hội nghị đề ra. Trong đó nhấn "
        "mạnh các nhiệm vụ: nhiệm vụ trọng tâm thử nghiệm 1; nhiệm vụ trọng tâm thử nghiệm 2."
    )
    assert notice.key_tasks.count() == 2


def test_the_brief_exports_as_text_and_docx():
    import io

    import docx

    brief = news.NewsBrief(title="Hội nghị giao ban 6 tháng đầu năm 2017", text="Đoạn một.\n\nĐoạn hai.")
    assert news.brief_text(brief) == "Hội nghị giao ban 6 tháng đầu năm 2017\n\nĐoạn một.\n\nĐoạn hai.\n"
    document = docx.Document(io.BytesIO(news.brief_docx(brief)))
    texts = [p.text for p in document.paragraphs]
    assert texts == ["Hội nghị giao ban 6 tháng đầu năm 2017", "Đoạn một.", "Đoạn hai."]
    assert document.paragraphs[0].runs[0].font.bold
    assert {run.font.name for p in document.paragraphs for run in p.runs} == {"Times New Roman"}
    assert news.brief_filename(brief.title, "docx") == "tin-hoi-nghi-giao-ban-6-thang-dau-nam-2017.docx"


def test_a_joint_brief_takes_the_figures_typed_in_the_notice_and_both_committees_results(world, joint):
    """Issue #16, 3: the notice's assessment (both committees' fields, with the figures the secretariat
    typed) and its limitations go into the brief; the register's own count is not added beside them."""
    ttdn, bcd94, chair = joint
    DelegationFactory(lead_unit=world.unit, countries=["LA"], start_date=D(2017, 3, 1))  # the register: 1
    meeting = make_meeting(world, committee=ttdn, committees=[ttdn, bcd94], chair=chair)
    notice = make_notice(
        meeting,
        tasks=1,
        assessment="Công tác thông tin đối ngoại: cử 29 đoàn đi công tác tại 12 quốc gia, vùng lãnh thổ.\n"
        "Công tác đấu tranh chống “Diễn biến hòa bình” đạt nhiều kết quả.",
        limitations="Quản lý, sử dụng Internet còn hạn chế.",
    )
    paragraphs = news.news_brief(meeting, user=world.secretariat).text.split("\n\n")
    assert paragraphs[1:4] == [
        "Công tác thông tin đối ngoại: cử 29 đoàn đi công tác tại 12 quốc gia, vùng lãnh thổ.",
        "Công tác đấu tranh chống “Diễn biến hòa bình” đạt nhiều kết quả.",
        "Tuy nhiên, vẫn còn một số hạn chế như: quản lý, sử dụng Internet còn hạn chế.",
    ]
    assert not any("cử 1 đoàn" in paragraph for paragraph in paragraphs)
    assert "phối hợp với Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh" in paragraphs[4]
    # The notice speaks for both committees; the minutes name both.
    assert notice.closing.startswith(
        "Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh thông báo"
    )
    assert "Các thành viên " in notice.recipients and bcd94.short_name in notice.recipients
    minutes = documents.minutes_document(meeting, notice)
    assert minutes.summary == (
        "Hội nghị giao ban 6 tháng đầu năm 2017 của Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh"
    )
    assert minutes.issuer == drafting.issuer_name(ttdn)  # the host issues and signs


def test_without_typed_figures_the_brief_counts_the_register(world):
    DelegationFactory(lead_unit=world.unit, countries=["LA"], start_date=D(2017, 3, 1))
    meeting = make_meeting(world)
    make_notice(meeting, tasks=1, assessment="Công tác thông tin đối ngoại đạt nhiều kết quả.")
    paragraphs = news.news_brief(meeting, user=world.secretariat).text.split("\n\n")
    assert paragraphs[1] == "Công tác thông tin đối ngoại đạt nhiều kết quả."
    assert paragraphs[2].startswith("Trong 6 tháng đầu năm 2017, cử 1 đoàn")
