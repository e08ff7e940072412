"""The letterhead: the layout a committee is proposed (the head's Party post and the standing agency's
kind), its own header in both layouts, and the parent body's header, as DOCX files parsed back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giaoban.core.documents import MOTTO, NATIONAL_HEADING, PARTY_HEADING
from giaoban.core.models import Letterhead
from giaoban.core.tests.test_documents import cell_paragraphs, closing_table, header_table, parse
from giaoban.meetings import documents
from giaoban.meetings import services as meeting_services
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.org import services
from giaoban.org.letterhead import (
    committee_layout_proposal,
    letterhead_for,
    own_header_name,
    parent_body_line,
    propose_layout,
)
from giaoban.org.models import CommitteeLayout, MembershipRole, Organisation, OrganisationKind
from giaoban.org.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2017, 7, 26)


@pytest.fixture
def province():
    """Tỉnh ủy and UBND tỉnh Lạng Sơn, the Tỉnh ủy's Propaganda Board, a department under the UBND."""
    tinh_uy = OrganisationFactory(name="Tỉnh ủy Lạng Sơn", kind=OrganisationKind.PARTY)
    ubnd = OrganisationFactory(name="Ủy ban nhân dân tỉnh Lạng Sơn", kind=OrganisationKind.PEOPLES_COMMITTEE)
    board = OrganisationFactory(name="Ban Tuyên giáo Tỉnh ủy", kind=OrganisationKind.PARTY, parent=tinh_uy)
    department = OrganisationFactory(name="Sở Ngoại vụ", kind=OrganisationKind.DEPARTMENT, parent=ubnd)
    deputy_secretary = PersonFactory(full_name="Hoàng Văn Nghiệm")
    PositionFactory(person=deputy_secretary, organisation=tinh_uy, title="Phó Bí thư Thường trực Tỉnh ủy")
    vice_chair = PersonFactory(full_name="Lý Vinh Quang")
    PositionFactory(person=vice_chair, organisation=ubnd, title="Phó Chủ tịch UBND tỉnh")
    return {
        "tinh_uy": tinh_uy,
        "ubnd": ubnd,
        "board": board,
        "department": department,
        "deputy_secretary": deputy_secretary,
        "vice_chair": vice_chair,
    }


# --- The rule -----------------------------------------------------------------------------------


def test_a_standing_deputy_secretary_heading_a_party_board_committee_is_proposed_the_party_layout(province):
    proposal = propose_layout(head=province["deputy_secretary"], standing_agency=province["board"], on=DAY)
    assert proposal.layout == CommitteeLayout.PARTY
    assert proposal.parent_body == province["tinh_uy"]
    assert "Phó Bí thư Thường trực Tỉnh ủy" in proposal.reason


@pytest.mark.parametrize(
    ("head", "agency"),
    [("vice_chair", "board"), ("deputy_secretary", "department"), (None, "department")],
    ids=["head-not-a-secretary", "agency-not-a-party-board", "no-head"],
)
def test_otherwise_the_state_layout_under_the_peoples_committee(province, head, agency):
    proposal = propose_layout(head=province[head] if head else None, standing_agency=province[agency], on=DAY)
    assert proposal.layout == CommitteeLayout.STATE
    if agency == "department":
        assert proposal.parent_body == province["ubnd"]


def test_a_secretary_who_left_office_no_longer_makes_it_party(province):
    former = PersonFactory()
    PositionFactory(
        person=former,
        organisation=province["tinh_uy"],
        title="Phó Bí thư Tỉnh ủy",
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2015, 1, 1),
    )
    assert propose_layout(head=former, standing_agency=province["board"], on=DAY).layout == "state"


# --- Printed names ------------------------------------------------------------------------------


def test_header_names_of_the_parent_bodies(province):
    assert parent_body_line(province["tinh_uy"]) == "TỈNH ỦY LẠNG SƠN"
    assert parent_body_line(province["ubnd"]) == "UBND TỈNH LẠNG SƠN"
    assert own_header_name(province["ubnd"]) == "Ủy ban nhân dân\ntỉnh Lạng Sơn"
    assert own_header_name(province["tinh_uy"]) == "Tỉnh ủy Lạng Sơn"


def test_the_printed_parent_body_comes_from_the_link_unless_typed(province):
    committee = CommitteeFactory(parent_body=province["tinh_uy"], document_layout=CommitteeLayout.PARTY)
    head = letterhead_for(committee)
    assert head.parent_body == "TỈNH ỦY LẠNG SƠN"
    assert head.issuer == committee.name.removesuffix(" tỉnh Lạng Sơn")
    committee = services.committee_update(
        actor=None, committee=committee, parent_body_name="ĐẢNG BỘ TỈNH LẠNG SƠN"
    )
    assert letterhead_for(committee).parent_body == "ĐẢNG BỘ TỈNH LẠNG SƠN"


# --- Documents parsed back ----------------------------------------------------------------------


def _issued_notice(world, committee, **notice_data):
    meeting = make_meeting(world, committee=committee)
    notice = make_notice(meeting, tasks=1, **notice_data)
    notice = meeting_services.conclusion_issue(actor=None, notice=notice, number=125)
    return meeting, notice


def _header(document):
    top, numbers = header_table(document).rows[:2]
    left = [p.text for p in cell_paragraphs(top.cells[0])]
    right = [p.text for p in cell_paragraphs(top.cells[1])]
    return left, right, numbers.cells[0].paragraphs[0].text


def test_a_party_committee_notice_prints_the_party_letterhead(world, province):
    committee = CommitteeFactory(
        name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
        standing_agency=province["board"],
        parent_body=province["tinh_uy"],
        document_layout=CommitteeLayout.PARTY,
        member_units=[world.unit, world.other_unit],
    )
    MembershipFactory(committee=committee, person=world.unit_person, role=MembershipRole.HEAD)
    meeting, notice = _issued_notice(world, committee)
    document = parse(documents.render("conclusion", meeting, notice, "docx").content)
    left, right, number = _header(document)
    assert left == ["TỈNH ỦY LẠNG SƠN", "BAN CHỈ ĐẠO CÔNG TÁC THÔNG TIN ĐỐI NGOẠI", "*"]
    assert right == [PARTY_HEADING]
    assert number == "Số 125-TB/BCĐ"
    signature = [p.text for p in cell_paragraphs(closing_table(document).rows[0].cells[1])]
    assert signature[:2] == ["T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN"]


def test_a_state_committee_notice_prints_the_state_letterhead(world, province):
    committee = CommitteeFactory(
        name="Ban Chỉ đạo phát triển du lịch tỉnh Lạng Sơn",
        parent_body=province["ubnd"],
        member_units=[world.unit, world.other_unit],
    )
    meeting, notice = _issued_notice(world, committee)
    document = parse(documents.render("conclusion", meeting, notice, "docx").content)
    left, right, number = _header(document)
    assert left[:2] == ["UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH"]
    assert right[:2] == [NATIONAL_HEADING, MOTTO]
    assert number == "Số: 125/TB-BCĐ"


@pytest.mark.parametrize(
    ("body", "layout", "left", "right", "number"),
    [
        ("ubnd", "state", ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"], [NATIONAL_HEADING, MOTTO], r"Số:\s+/TB-UBND"),
        ("tinh_uy", "party", ["TỈNH ỦY LẠNG SƠN", "*"], [PARTY_HEADING], r"Số\s+-TB/TU"),
    ],
    ids=["ubnd-tinh", "tinh-uy"],
)
def test_a_notice_drafted_for_the_parent_body_prints_that_bodys_letterhead(
    world, province, body, layout, left, right, number
):
    """Whatever the committee's own layout, the parent body's header and layout; the number is left
    for that body's clerk (its own series)."""
    import re

    committee = CommitteeFactory(
        parent_body=province[body],
        document_layout=CommitteeLayout.PARTY if layout == "state" else CommitteeLayout.STATE,
        member_units=[world.unit, world.other_unit],
    )
    meeting, notice = _issued_notice(world, committee, letterhead=Letterhead.PARENT_BODY)
    document = parse(documents.render("conclusion", meeting, notice, "docx").content)
    got_left, got_right, got_number = _header(document)
    assert [line for text in got_left for line in text.split("\n")] == left
    assert got_right[: len(right)] == right
    assert re.fullmatch(number, got_number), got_number
    assert notice.key_tasks.get().task.source_number == ""


def test_the_parent_body_letterhead_needs_a_parent_body(world):
    committee = CommitteeFactory(member_units=[world.unit, world.other_unit])
    meeting = make_meeting(world, committee=committee)
    with pytest.raises(ValidationError) as raised:
        make_notice(meeting, tasks=0, letterhead=Letterhead.PARENT_BODY)
    assert "chưa có cơ quan chủ quản" in str(raised.value.message_dict["letterhead"])


def test_the_notice_letterhead_is_chosen_by_api_and_on_the_drafting_page(world, province, client, client_for):
    from giaoban.api.testing import bearer

    services.committee_update(actor=None, committee=world.committee, parent_body=province["tinh_uy"])
    meeting = make_meeting(world)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/conclusion",
        {"letterhead": "parent_body"},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 201, response.content
    notice = response.json()
    assert notice["letterhead"] == "parent_body"
    bad = client.patch(
        f"/api/v1/conclusions/{notice['id']}",
        {"version": notice["version"], "letterhead": "head_office"},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "letterhead"
    page = client_for(world.secretariat).get(reverse("meetings:conclusion-update", args=[notice["id"]]))
    assert page.status_code == 200
    assert page.context["form"]["letterhead"].value() == "parent_body"


def test_a_report_drafted_for_the_peoples_committee_prints_its_state_letterhead(world, province, client_for):
    """The secretariat picks the UBND's letterhead on the report's create form; the DOCX carries the
    UBND's own header and the state layout, the number left for the UBND's clerk."""
    import re

    from giaoban.reports import documents as report_documents
    from giaoban.reports.models import CommitteeReport
    from giaoban.reports.tests.factories import make_request

    services.committee_update(
        actor=None,
        committee=world.committee,
        parent_body=province["ubnd"],
        document_layout=CommitteeLayout.PARTY,
    )
    request = make_request(world)
    client = client_for(world.secretariat)
    page = client.get(reverse("reports:report-create"))
    assert 'name="letterhead"' in page.content.decode()
    response = client.post(
        reverse("reports:report-create"),
        {"period": request.period.pk, "request": request.pk, "letterhead": "parent_body"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    report = CommitteeReport.objects.get()
    assert report.letterhead == Letterhead.PARENT_BODY
    rendered = report_documents.render(report, "docx", user=world.secretariat)
    left, right, number = _header(parse(rendered.content))
    assert [line for text in left for line in text.split("\n")][:2] == ["ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN"]
    assert right[:2] == [NATIONAL_HEADING, MOTTO]
    assert re.fullmatch(r"Số:\s+/BC-UBND", number)


# --- The demo -----------------------------------------------------------------------------------


def test_the_demo_committees_follow_the_rule_and_print_the_party_letterhead(demo_data):
    from giaoban.org.models import Committee

    tinh_uy = Organisation.objects.get(name="Tỉnh ủy Lạng Sơn")
    for committee in Committee.objects.all():
        assert committee.document_layout == CommitteeLayout.PARTY, committee.short_name
        assert committee.parent_body == tinh_uy
        assert committee_layout_proposal(committee, DAY).layout == CommitteeLayout.PARTY
        head = letterhead_for(committee)
        assert (head.layout, head.parent_body) == ("party", "TỈNH ỦY LẠNG SƠN")
    ttdn = Committee.objects.get(short_name="BCĐ TTĐN")
    assert letterhead_for(ttdn).number_line(125, "TB") == "Số 125-TB/BCĐ"
