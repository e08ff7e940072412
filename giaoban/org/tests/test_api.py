"""The org API: the same visibility as the pages, Vietnamese search and order, titles by date, query counts."""

import datetime as dt
import unicodedata
from urllib.parse import quote

import pytest
from django.utils import timezone

from giaoban.api.testing import bearer, count_queries
from giaoban.org import services
from giaoban.org.models import MembershipRole, OrganisationKind
from giaoban.org.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
ARTICLE_DAY = dt.date(2017, 7, 26)


def get(client, user, url):
    return client.get(API + url, headers=bearer(user))


def names(response, key="name"):
    assert response.status_code == 200, response.content
    return [item[key] for item in response.json()["items"]]


# --- Committees ----------------------------------------------------------------------------------


def test_a_unit_officer_lists_only_their_committees(client, world):
    assert names(get(client, world.officer, "/committees")) == [world.committee.name]


def test_a_system_admin_lists_every_committee(client, world):
    assert sorted(names(get(client, world.admin, "/committees"))) == sorted(
        [world.committee.name, world.other_committee.name]
    )


def test_a_committee_shows_its_standing_agency_and_member_units_in_vietnamese_order(client, world):
    response = get(client, world.officer, f"/committees/{world.committee.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["standing_agency"]["name"] == "Ban Tuyên giáo Tỉnh ủy"
    assert body["document_layout"] == "state"
    assert body["document_layout_label"] == "Nhà nước (Nghị định 30/2020/NĐ-CP)"
    assert [unit["name"] for unit in body["member_units"]] == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Sở Ngoại vụ",
        "Thành phố Lạng Sơn",
    ]


def test_a_unit_officer_gets_404_for_a_committee_they_do_not_belong_to(client, world):
    other = world.other_committee.pk
    for url in (
        f"/committees/{other}",
        f"/committees/{other}/memberships",
        f"/organisations?committee={other}",
        f"/persons/{world.unit_person.pk}?committee={other}",
    ):
        response = get(client, world.officer, url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Không tìm thấy."}


def test_a_committee_search_ignores_accents(client, world):
    committee = CommitteeFactory(name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn")
    assert names(get(client, world.admin, "/committees?q=thong%20tin%20doi%20ngoai")) == [committee.name]


# --- Memberships ---------------------------------------------------------------------------------


@pytest.fixture
def members(world):
    """Head, standing deputy, two members (one who left in 2016) and a secretary."""
    committee = world.committee
    head = MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name="Hoàng Văn Trưởng"),
        role=MembershipRole.HEAD,
        representing=world.standing_agency,
        start_date=dt.date(2016, 1, 1),
    )
    MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name="Vi Thị Thư"),
        role=MembershipRole.SECRETARY,
        start_date=dt.date(2016, 1, 1),
    )
    MembershipFactory(
        committee=committee,
        person=world.unit_person,
        role=MembershipRole.MEMBER,
        representing=world.unit,
        start_date=dt.date(2016, 1, 1),
    )
    MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name="Đinh Văn Cũ"),
        role=MembershipRole.MEMBER,
        start_date=dt.date(2014, 1, 1),
        end_date=dt.date(2016, 12, 31),
    )
    MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name="Bế Văn Phó"),
        role=MembershipRole.STANDING_DEPUTY,
        start_date=dt.date(2016, 1, 1),
    )
    return head


def test_memberships_come_in_role_order_then_by_name(client, world, members):
    response = get(client, world.officer, f"/committees/{world.committee.pk}/memberships")
    rows = response.json()["items"]
    assert [(row["role"], row["person"]["full_name"]) for row in rows] == [
        ("head", "Hoàng Văn Trưởng"),
        ("standing_deputy", "Bế Văn Phó"),
        ("member", "Đinh Văn Cũ"),
        ("member", "Lê Thị Ngoại"),
        ("secretary", "Vi Thị Thư"),
    ]
    head = rows[0]
    assert head["role_label"] == "Trưởng ban"
    assert head["representing"]["name"] == "Ban Tuyên giáo Tỉnh ủy"
    assert head["start_date"] == "2016-01-01"
    assert head["end_date"] is None
    assert head["committee_id"] == world.committee.pk


def test_memberships_on_a_date_leave_out_those_not_serving(client, world, members):
    response = get(client, world.officer, f"/committees/{world.committee.pk}/memberships?on=2017-07-26")
    assert "Đinh Văn Cũ" not in [row["person"]["full_name"] for row in response.json()["items"]]
    assert response.json()["count"] == 4
    earlier = get(client, world.officer, f"/committees/{world.committee.pk}/memberships?on=2015-06-01")
    assert [row["person"]["full_name"] for row in earlier.json()["items"]] == ["Đinh Văn Cũ"]


# --- Organisations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "so ngoai vu",
        "SỞ NGOẠI VỤ",
        unicodedata.normalize("NFD", "Sở Ngoại vụ"),
        "ngoai",
    ],
)
def test_an_organisation_search_ignores_accents_case_and_decomposed_input(client, world, query):
    assert names(get(client, world.officer, f"/organisations?q={quote(query)}")) == ["Sở Ngoại vụ"]


def test_organisations_come_in_vietnamese_order(client, world):
    for name in (
        "Ủy ban nhân dân tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Công an tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
    ):
        OrganisationFactory(name=name)
    assert names(get(client, world.admin, "/organisations")) == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Công an tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Sở Ngoại vụ",
        "Thành phố Lạng Sơn",
        "Ủy ban nhân dân tỉnh",
    ]


def test_a_unit_officer_sees_their_committees_units_only(client, world):
    OrganisationFactory(name="Sở Ngoài Ban")
    assert names(get(client, world.officer, "/organisations")) == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Sở Ngoại vụ",
        "Thành phố Lạng Sơn",
    ]


def test_organisations_filter_by_kind_and_committee(client, world):
    assert names(get(client, world.officer, f"/organisations?kind={OrganisationKind.LOCALITY}")) == [
        "Thành phố Lạng Sơn"
    ]
    assert len(names(get(client, world.officer, f"/organisations?committee={world.committee.pk}"))) == 3
    assert names(get(client, world.admin, f"/organisations?committee={world.other_committee.pk}")) == []


def test_an_organisation_shows_its_kind_and_parent(client, world):
    province = OrganisationFactory(
        name="Ủy ban nhân dân tỉnh Lạng Sơn", kind=OrganisationKind.PEOPLES_COMMITTEE
    )
    services.organisation_update(actor=None, organisation=world.unit, parent=province, short_name="SNgV")
    body = get(client, world.officer, f"/organisations/{world.unit.pk}").json()
    assert body["kind"] == "department"
    assert body["kind_label"] == "Sở, ban, ngành"
    assert body["short_name"] == "SNgV"
    assert body["parent"] == {"id": province.pk, "name": "Ủy ban nhân dân tỉnh Lạng Sơn", "short_name": ""}


def test_an_organisation_outside_the_users_committees_answers_404(client, world):
    stranger = OrganisationFactory(name="Sở Ngoài Ban")
    assert get(client, world.officer, f"/organisations/{stranger.pk}").status_code == 404
    assert get(client, world.admin, f"/organisations/{stranger.pk}").status_code == 200


def test_lists_are_paginated_with_limit_and_offset(client, world):
    response = get(client, world.officer, "/organisations?limit=1&offset=1")
    assert response.json() == {
        "items": [response.json()["items"][0]],
        "count": 3,
    }
    assert response.json()["items"][0]["name"] == "Sở Ngoại vụ"


# --- People --------------------------------------------------------------------------------------


def test_a_unit_officer_gets_404_for_another_units_person(client, world):
    response = get(client, world.officer, f"/persons/{world.outsider_person.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    assert "Trần Văn Khác" not in names(get(client, world.officer, "/persons"), "full_name")


def test_the_secretariat_sees_the_whole_directory(client, world):
    assert get(client, world.secretariat, f"/persons/{world.outsider_person.pk}").status_code == 200
    assert names(get(client, world.secretariat, "/persons"), "full_name") == ["Lê Thị Ngoại", "Trần Văn Khác"]


def test_a_person_search_ignores_accents(client, world):
    assert names(get(client, world.secretariat, "/persons?q=tran%20van"), "full_name") == ["Trần Văn Khác"]
    nfd = quote(unicodedata.normalize("NFD", "Lê Thị"))
    assert names(get(client, world.secretariat, f"/persons?q={nfd}"), "full_name") == ["Lê Thị Ngoại"]


def test_people_are_listed_with_the_positions_held_on_the_date(client, world):
    PositionFactory(
        person=world.unit_person,
        organisation=world.unit,
        title="Phó Giám đốc Sở Ngoại vụ",
        precedence=20,
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2015, 12, 31),
    )
    rows = get(client, world.officer, "/persons?on=2012-05-01").json()["items"]
    assert [p["title"] for p in rows[0]["positions"]] == ["Giám đốc Sở Ngoại vụ", "Phó Giám đốc Sở Ngoại vụ"]
    rows = get(client, world.officer, "/persons").json()["items"]
    assert [p["title"] for p in rows[0]["positions"]] == ["Giám đốc Sở Ngoại vụ"]
    assert rows[0]["positions"][0]["organisation"]["name"] == "Sở Ngoại vụ"


@pytest.fixture
def chair(world):
    """The article's chair: concurrent posts, and head of the committee from 2016."""
    person = PersonFactory(full_name="Lâm Văn Chủ")
    PositionFactory(
        person=person,
        organisation=world.standing_agency,
        title="Phó Bí thư Thường trực Tỉnh ủy",
        precedence=1,
        start_date=dt.date(2015, 10, 1),
    )
    PositionFactory(
        person=person,
        organisation=world.standing_agency,
        title="Chủ tịch HĐND tỉnh",
        precedence=2,
        start_date=dt.date(2016, 6, 1),
    )
    MembershipFactory(
        committee=world.committee, person=person, role=MembershipRole.HEAD, start_date=dt.date(2016, 1, 1)
    )
    return person


def test_a_persons_titles_follow_the_date(client, world, chair):
    body = get(client, world.leader, f"/persons/{chair.pk}?on=2017-07-26").json()
    assert body["on"] == "2017-07-26"
    assert body["titles"] == ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch HĐND tỉnh"]
    assert body["title_text"] == "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
    earlier = get(client, world.leader, f"/persons/{chair.pk}?on=2016-01-15").json()
    assert earlier["titles"] == ["Phó Bí thư Thường trực Tỉnh ủy"]


def test_a_persons_titles_can_include_committee_roles(client, world, chair):
    url = f"/persons/{chair.pk}?on=2017-07-26&committee={world.committee.pk}"
    body = get(client, world.officer, url).json()
    assert body["titles"] == [
        "Phó Bí thư Thường trực Tỉnh ủy",
        "Chủ tịch HĐND tỉnh",
        f"Trưởng {world.committee.title_name}",
    ]


def test_a_persons_titles_default_to_today(client, world, chair):
    body = get(client, world.leader, f"/persons/{chair.pk}").json()
    assert body["on"] == timezone.localdate().isoformat()
    assert body["titles"] == ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch HĐND tỉnh"]


# --- Query counts --------------------------------------------------------------------------------


def _queries_for(client, user, url):
    headers = bearer(user)
    client.get(API + url, headers=headers)  # the token's first use records last_used_at
    return count_queries(client, API + url, headers)


def _assert_bounded(client, user, url, add_rows, most):
    """The same number of queries with 3 rows and with 30."""
    add_rows(3)
    few = _queries_for(client, user, url)
    add_rows(27)
    response = client.get(API + url, headers=bearer(user))
    assert response.json()["count"] >= 30
    many = _queries_for(client, user, url)
    assert few == many
    assert many <= most


def test_the_committee_list_runs_a_bounded_number_of_queries(client, world):
    def add(n):
        for _ in range(n):
            CommitteeFactory(standing_agency=OrganisationFactory())

    _assert_bounded(client, world.admin, "/committees", add, most=3)


def test_the_membership_list_runs_a_bounded_number_of_queries(client, world):
    def add(n):
        for _ in range(n):
            MembershipFactory(committee=world.committee, representing=OrganisationFactory())

    _assert_bounded(client, world.officer, f"/committees/{world.committee.pk}/memberships", add, most=5)


def test_the_organisation_list_runs_a_bounded_number_of_queries(client, world):
    parent = OrganisationFactory(name="Ủy ban nhân dân tỉnh")
    units = list(world.committee.member_units.all())

    def add(n):
        units.extend(OrganisationFactory(parent=parent) for _ in range(n))
        services.committee_update(actor=None, committee=world.committee, member_units=units)

    _assert_bounded(client, world.officer, "/organisations", add, most=4)


def test_the_person_list_runs_a_bounded_number_of_queries(client, world):
    def add(n):
        for _ in range(n):
            person = PersonFactory()
            PositionFactory(person=person, organisation=world.unit, title="Chuyên viên")
            PositionFactory(person=person, organisation=world.standing_agency, title="Ủy viên")

    _assert_bounded(client, world.officer, "/persons", add, most=5)


def test_the_directory_search_runs_a_bounded_number_of_queries(client, world):
    """The secretariat's whole directory, searched and limited to the bodies active on a date."""
    parent = OrganisationFactory(name="Ủy ban nhân dân tỉnh")

    added = []

    def add(n):
        for _ in range(n):
            added.append(OrganisationFactory(name=f"Xã Thử {len(added) + 1}", parent=parent))

    _assert_bounded(client, world.secretariat, "/organisations?q=xa&active_on=2025-07-01", add, most=4)


def test_a_committee_created_with_null_optional_texts_stores_them_empty(client, world):
    """Found by the API fuzz: `"decision_number": null` reached the database (NOT NULL) and answered 500."""
    body = {
        "name": "Ban Chỉ đạo 35 tỉnh Lạng Sơn",
        "short_name": "BCĐ 35",
        "title_name": "Ban Chỉ đạo 35 tỉnh",
        "document_code": "BCĐ",
        "decision_number": None,
        "decision_issuer": None,
        "place_name": None,
    }
    response = client.post(
        f"{API}/committees", body, content_type="application/json", headers=bearer(world.admin)
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["decision_number"], created["decision_issuer"], created["place_name"]) == ("", "", "")
    assert created["notice_requires_sign_off"] is False
