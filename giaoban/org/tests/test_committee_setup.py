"""Setting up a committee in the app, by page and by API: founding decision, parent body, standing
agency, head and members, layout (proposed, editable), document symbol; validated, audited, in
Vietnamese messages naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.org.models import (
    Committee,
    CommitteeLayout,
    CommitteeMembership,
    MembershipRole,
    Organisation,
    OrganisationKind,
)
from giaoban.org.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
NAME = "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Cao Bằng"


@pytest.fixture
def setup(world):
    """The Tỉnh ủy above the world's standing agency (a Party board), its standing deputy secretary."""
    tinh_uy = OrganisationFactory(name="Tỉnh ủy Cao Bằng", kind=OrganisationKind.PARTY)
    ubnd = OrganisationFactory(name="Ủy ban nhân dân tỉnh Cao Bằng", kind=OrganisationKind.PEOPLES_COMMITTEE)
    head = PersonFactory(full_name="Triệu Đình Lê")
    PositionFactory(
        person=head,
        organisation=tinh_uy,
        title="Phó Bí thư Thường trực Tỉnh ủy",
        start_date=dt.date(2015, 1, 1),
    )
    return {"tinh_uy": tinh_uy, "ubnd": ubnd, "head": head}


def _form(world, **changes) -> dict:
    data = {
        "name": NAME,
        "short_name": "BCĐ TTĐN CB",
        "title_name": "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh",
        "head": "",
        "decision_number": "12-QĐ/TU",
        "decision_date": "2016-03-01",
        "decision_issuer": "Tỉnh ủy Cao Bằng",
        "standing_agency": world.standing_agency.pk,
        "parent_body": "",
        "parent_body_name": "",
        "parent_body_code": "",
        "document_layout": "",
        "document_code": "BCĐ",
        "place_name": "Cao Bằng",
        "reporting_convention": "calendar",
        "member_units": [world.unit.pk, world.standing_agency.pk],
    }
    data.update(changes)
    return data


# --- Pages ---------------------------------------------------------------------------------------


def test_the_secretariat_sets_up_a_committee_and_the_layout_is_proposed(world, setup, client_for):
    """Head: the standing deputy secretary; standing agency: a Party board → the Party layout under the
    Tỉnh ủy, the head a member from the founding decision; the officer who set it up sees it."""
    client = client_for(world.secretariat)
    page = client.get(reverse("org:committee-create"))
    assert page.status_code == 200
    assert "Đề xuất theo Trưởng ban và cơ quan thường trực" in page.content.decode()
    response = client.post(reverse("org:committee-create"), _form(world, head=setup["head"].pk))
    committee = Committee.objects.get(name=NAME)
    assert response.status_code == 302 and response["Location"] == committee.get_absolute_url()
    assert committee.document_layout == CommitteeLayout.PARTY
    assert committee.parent_body == setup["tinh_uy"]
    head = CommitteeMembership.objects.get(committee=committee)
    assert (head.person, head.role, head.start_date) == (setup["head"], "head", dt.date(2016, 3, 1))
    assert set(committee.member_units.all()) == {world.unit, world.standing_agency}
    assert committee.history.first().history_user == world.secretariat
    detail = client.get(committee.get_absolute_url()).content.decode()
    assert "ĐẢNG CỘNG SẢN" not in detail  # the preview shows the left column only
    assert "TỈNH ỦY CAO BẰNG" in detail and "Số 01-TB/BCĐ" in detail


def test_a_chosen_layout_is_kept_whatever_the_rule_says(world, setup, client_for):
    client = client_for(world.secretariat)
    data = _form(world, head=setup["head"].pk, document_layout="state", parent_body=setup["ubnd"].pk)
    assert client.post(reverse("org:committee-create"), data).status_code == 302
    committee = Committee.objects.get(name=NAME)
    assert (committee.document_layout, committee.parent_body) == ("state", setup["ubnd"])
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "Theo quy tắc" in page  # the rule's proposal is shown beside the choice made


def test_bad_input_names_the_field_and_saves_nothing(world, setup, client_for):
    client = client_for(world.secretariat)
    response = client.post(
        reverse("org:committee-create"),
        _form(world, name=world.committee.name.upper(), document_code="", parent_body=world.unit.pk),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "document_code" in errors
    assert "parent_body" in errors  # not a body a committee sits under
    assert Committee.objects.filter(name=NAME).count() == 0
    response = client.post(reverse("org:committee-create"), _form(world, name=world.committee.name.upper()))
    assert response.context["form"].errors["name"] == [f"Đã có ban chỉ đạo “{world.committee.name.upper()}”."]


def test_the_secretariat_edits_the_letterhead_of_its_committee(world, setup, client_for):
    from giaoban.org.tests.test_views import _committee_data

    client = client_for(world.secretariat)
    committee = Committee.objects.get(pk=world.committee.pk)
    data = _committee_data(
        committee, parent_body=setup["tinh_uy"].pk, parent_body_code="TU", document_layout="party"
    )
    response = client.post(reverse("org:committee-update", args=[committee.pk]), data)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert (committee.document_layout, committee.parent_body, committee.parent_body_code) == (
        "party",
        setup["tinh_uy"],
        "TU",
    )
    stale = client.post(reverse("org:committee-update", args=[committee.pk]), data)
    assert stale.status_code == 200 and "vừa được người khác sửa" in stale.content.decode()


@pytest.mark.parametrize("role", ["leader", "officer"])
def test_only_the_secretariat_and_the_admin_set_up_committees(world, client_for, role):
    client = client_for(getattr(world, role))
    assert client.get(reverse("org:committee-create")).status_code == 403
    assert client.post(reverse("org:committee-create"), _form(world)).status_code == 403
    assert not Committee.objects.filter(name=NAME).exists()


def test_a_second_head_at_the_same_time_is_refused(world, setup, client_for):
    MembershipFactory(committee=world.committee, person=setup["head"], role=MembershipRole.HEAD)
    client = client_for(world.secretariat)
    response = client.post(
        reverse("org:membership-create", args=[world.committee.pk]),
        {
            "person": world.unit_person.pk,
            "role": "head",
            "representing": "",
            "start_date": "",
            "end_date": "",
        },
    )
    assert response.status_code == 200
    assert "đã có Trưởng ban Triệu Đình Lê" in response.context["form"].errors["role"][0]


# --- API -----------------------------------------------------------------------------------------


def _payload(world, **changes) -> dict:
    data = {
        "name": NAME,
        "short_name": "BCĐ TTĐN CB",
        "title_name": "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh",
        "decision_number": "12-QĐ/TU",
        "decision_date": "2016-03-01",
        "standing_agency": world.standing_agency.pk,
        "document_code": "BCĐ",
        "place_name": "Cao Bằng",
        "member_units": [world.unit.pk],
    }
    data.update(changes)
    return data


def test_the_api_creates_a_committee_with_the_proposed_party_layout(client, world, setup):
    response = client.post(
        f"{API}/committees",
        _payload(world, head=setup["head"].pk),
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["document_layout"] == "party"
    assert body["parent_body"]["name"] == "Tỉnh ủy Cao Bằng"
    assert [unit["name"] for unit in body["member_units"]] == ["Sở Ngoại vụ"]
    members = client.get(f"{API}/committees/{body['id']}/memberships", headers=bearer(world.secretariat))
    assert [m["person"]["full_name"] for m in members.json()["items"]] == ["Triệu Đình Lê"]


def test_the_api_edits_a_committee_with_its_version(client, world, setup):
    url = f"{API}/committees/{world.committee.pk}"
    version = client.get(url, headers=bearer(world.secretariat)).json()["version"]
    patch = {"version": version, "parent_body": setup["ubnd"].pk, "member_units": [world.unit.pk]}
    response = client.patch(url, patch, content_type="application/json", headers=bearer(world.secretariat))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["parent_body"]["name"] == "Ủy ban nhân dân tỉnh Cao Bằng" and body["version"] == version + 1
    assert [unit["name"] for unit in body["member_units"]] == ["Sở Ngoại vụ"]
    stale = client.patch(url, patch, content_type="application/json", headers=bearer(world.secretariat))
    assert stale.status_code == 409
    missing = client.patch(
        url, {"name": "X"}, content_type="application/json", headers=bearer(world.secretariat)
    )
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "version"


def test_the_api_names_the_field_of_a_unit_the_caller_may_not_pick(client, world, setup):
    hidden = OrganisationFactory(name="Sở Bí mật")
    response = client.post(
        f"{API}/committees",
        _payload(world, member_units=[world.unit.pk, hidden.pk]),
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "member_units" and str(hidden.pk) in error["message"]
    assert not Committee.objects.filter(name=NAME).exists()


def test_the_api_refuses_leaders_and_officers(client, world):
    for user in (world.leader, world.officer):
        response = client.post(
            f"{API}/committees", _payload(world), content_type="application/json", headers=bearer(user)
        )
        assert response.status_code == 403
        patch = client.patch(
            f"{API}/committees/{world.committee.pk}",
            {"version": 1, "name": "X"},
            content_type="application/json",
            headers=bearer(user),
        )
        assert patch.status_code == 403


def test_the_api_writes_memberships(client, world, setup):
    url = f"{API}/committees/{world.committee.pk}/memberships"
    response = client.post(
        url,
        {"person": world.unit_person.pk, "role": "member", "representing": world.unit.pk},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 201, response.content
    membership = response.json()
    assert membership["role_label"] == "Ủy viên" and membership["representing"]["name"] == "Sở Ngoại vụ"
    response = client.patch(
        f"{API}/memberships/{membership['id']}",
        {"version": membership["version"], "end_date": "2020-12-31"},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 200 and response.json()["end_date"] == "2020-12-31"
    stale = client.patch(
        f"{API}/memberships/{membership['id']}",
        {"version": membership["version"], "role": "deputy"},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert stale.status_code == 409
    assert CommitteeMembership.objects.get(pk=membership["id"]).role == "member"


def test_a_system_admin_sets_up_a_committee_by_api(client, world, setup):
    response = client.post(
        f"{API}/committees",
        _payload(world, parent_body=setup["ubnd"].pk, document_layout="state"),
        content_type="application/json",
        headers=bearer(world.admin),
    )
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(pk=response.json()["parent_body"]["id"]) == setup["ubnd"]
