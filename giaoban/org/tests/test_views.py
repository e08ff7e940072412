"""The secretariat's pages for units, people, positions, committees and memberships."""

from __future__ import annotations

import datetime as dt
import unicodedata
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giaoban.core.forms import PERIOD_END_BEFORE_START
from giaoban.core.permissions import Role
from giaoban.core.services import EDIT_CONFLICT
from giaoban.org import services
from giaoban.org.forms import PARENT_CYCLE
from giaoban.org.models import (
    Committee,
    CommitteeMembership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
    Position,
)
from giaoban.org.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REQUIRED = "Trường này là bắt buộc."


# --- Helpers -------------------------------------------------------------------------------------


def _add_units(
    committee: Committee, *names: str, kind: str = OrganisationKind.LOCALITY
) -> list[Organisation]:
    """Create units and make them members of the committee, through the services."""
    units = [OrganisationFactory(name=name, kind=kind) for name in names]
    services.committee_update(
        actor=None, committee=committee, member_units=[*committee.member_units.all(), *units]
    )
    return units


def _text(response) -> str:
    return response.content.decode()


def _section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the given heading id."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _in_order(html: str, *names: str) -> bool:
    positions = [html.index(name) for name in names]
    return positions == sorted(positions)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _organisation_data(org: Organisation, **changes) -> dict:
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "parent": org.parent_id or "",
        "email": org.email,
        "phone": org.phone,
        "start_date": org.start_date or "",
        "end_date": org.end_date or "",
        "version": org.version,
    }
    data.update(changes)
    return data


def _committee_data(committee: Committee, **changes) -> dict:
    data = {
        "name": committee.name,
        "short_name": committee.short_name,
        "title_name": committee.title_name,
        "decision_number": committee.decision_number,
        "decision_date": committee.decision_date or "",
        "decision_issuer": committee.decision_issuer,
        "standing_agency": committee.standing_agency_id or "",
        "document_layout": committee.document_layout,
        "parent_body_name": committee.parent_body_name,
        "document_code": committee.document_code,
        "place_name": committee.place_name,
        "reporting_convention": committee.reporting_convention,
        "member_units": [unit.pk for unit in committee.member_units.all()],
        "version": committee.version,
    }
    data.update(changes)
    return data


class _LabelChecker(HTMLParser):
    """Collects the form controls of a page and the ids its <label for> elements point at."""

    def __init__(self):
        super().__init__()
        self.controls: list[str | None] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.controls.append(attrs.get("id"))


def _unlabelled_controls(html: str) -> list[str | None]:
    checker = _LabelChecker()
    checker.feed(html)
    return [control for control in checker.controls if control is None or control not in checker.labelled]


# --- Access --------------------------------------------------------------------------------------


def _page_urls(world) -> dict[str, str]:
    position = Position.objects.get(person=world.unit_person)
    membership = MembershipFactory(committee=world.committee, person=world.unit_person)
    return {
        "organisation-list": reverse("org:organisation-list"),
        "organisation-detail": reverse("org:organisation-detail", args=[world.unit.pk]),
        "organisation-create": reverse("org:organisation-create"),
        "organisation-update": reverse("org:organisation-update", args=[world.unit.pk]),
        "person-list": reverse("org:person-list"),
        "person-detail": reverse("org:person-detail", args=[world.unit_person.pk]),
        "person-create": reverse("org:person-create"),
        "person-update": reverse("org:person-update", args=[world.unit_person.pk]),
        "position-create": reverse("org:position-create", args=[world.unit_person.pk]),
        "position-update": reverse("org:position-update", args=[position.pk]),
        "position-delete": reverse("org:position-delete", args=[position.pk]),
        "committee-list": reverse("org:committee-list"),
        "committee-detail": reverse("org:committee-detail", args=[world.committee.pk]),
        "committee-update": reverse("org:committee-update", args=[world.committee.pk]),
        "membership-create": reverse("org:membership-create", args=[world.committee.pk]),
        "membership-update": reverse("org:membership-update", args=[membership.pk]),
    }


EDIT_PAGES = [
    "organisation-create",
    "organisation-update",
    "person-create",
    "person-update",
    "position-create",
    "position-update",
    "position-delete",
    "committee-update",
    "membership-create",
    "membership-update",
]


def test_anonymous_users_are_sent_to_the_login_page(world, client):
    """Every page, read or edit, sends an anonymous visitor to log in first."""
    for name, url in _page_urls(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_secretariat_opens_every_page(world, client_for):
    """The secretariat can open every list, detail and edit page of its committee."""
    client = client_for(world.secretariat)
    for name, url in _page_urls(world).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_readers_get_403_on_edit_pages_of_records_they_see(world, client_for, role):
    """A unit officer or leader may read these records but not edit them: 403, not 404."""
    urls = _page_urls(world)
    client = client_for(getattr(world, role))
    for name in EDIT_PAGES:
        assert client.get(urls[name]).status_code == 403, name


def test_unit_officer_cannot_post_an_edit(world, client_for):
    """A forged POST from a unit officer is refused and writes nothing."""
    client = client_for(world.officer)
    url = reverse("org:organisation-update", args=[world.unit.pk])
    response = client.post(url, _organisation_data(world.unit, name="Sở Đổi tên"))
    assert response.status_code == 403
    assert Organisation.objects.get(pk=world.unit.pk).name == "Sở Ngoại vụ"


def test_unit_officer_reads_own_unit_and_committee_pages(world, client_for):
    """The officer reads the lists, their unit's person and the committee, without edit links."""
    client = client_for(world.officer)
    for url in [
        reverse("org:organisation-list"),
        reverse("org:person-detail", args=[world.unit_person.pk]),
        reverse("org:committee-detail", args=[world.committee.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "/edit/" not in _text(response)


def test_unit_officer_gets_404_for_another_units_person(world, client_for):
    """A person of another unit is outside the officer's view: 404 on reading and on editing."""
    client = client_for(world.officer)
    person = world.outsider_person
    position = Position.objects.get(person=person)
    for url in [
        reverse("org:person-detail", args=[person.pk]),
        reverse("org:person-update", args=[person.pk]),
        reverse("org:position-create", args=[person.pk]),
        reverse("org:position-update", args=[position.pk]),
        reverse("org:position-delete", args=[position.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_records_outside_the_users_committees_answer_404(world, client_for):
    """Another committee, and a unit belonging to no committee of the user, answer 404."""
    client = client_for(world.secretariat)
    hidden_unit = OrganisationFactory(name="Sở Ngoài ban")
    for url in [
        reverse("org:committee-detail", args=[world.other_committee.pk]),
        reverse("org:committee-update", args=[world.other_committee.pk]),
        reverse("org:membership-create", args=[world.other_committee.pk]),
        reverse("org:organisation-detail", args=[hidden_unit.pk]),
        reverse("org:organisation-update", args=[hidden_unit.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_secretariat_of_another_committee_cannot_edit_this_one(world, client_for):
    """Editing a committee needs membership of it: another committee's secretariat gets 404."""
    other_secretariat = UserFactory(role=Role.SECRETARIAT, committees=[world.other_committee])
    client = client_for(other_secretariat)
    committee = Committee.objects.get(pk=world.committee.pk)
    url = reverse("org:committee-update", args=[committee.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _committee_data(committee, short_name="BCĐ X")).status_code == 404
    assert Committee.objects.get(pk=committee.pk).short_name == committee.short_name


def test_system_admin_sets_up_committees_but_does_not_edit_business_data(world, client_for):
    """A system admin sees and sets up every committee (its letterhead, members), but edits no other
    business data (403)."""
    client = client_for(world.admin)
    assert client.get(reverse("org:committee-detail", args=[world.other_committee.pk])).status_code == 200
    assert client.get(reverse("org:committee-update", args=[world.committee.pk])).status_code == 200
    assert client.get(reverse("org:committee-create")).status_code == 200
    assert client.get(reverse("org:organisation-update", args=[world.unit.pk])).status_code == 403


# --- Organisations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["so ngoai vu", "SO NGOAI", "Sở Ngoại vụ", unicodedata.normalize("NFD", "Sở Ngoại")],
    ids=["no-accents", "upper-case", "accented", "nfd"],
)
def test_organisation_search_ignores_accents_and_case(world, client_for, query):
    """ "so ngoai vu", capitals and decomposed (NFD) input all find "Sở Ngoại vụ", and only it."""
    response = client_for(world.secretariat).get(reverse("org:organisation-list"), {"q": query})
    assert response.status_code == 200
    assert [org.name for org in response.context["page_obj"]] == ["Sở Ngoại vụ"]


def test_organisation_list_is_in_vietnamese_order(world, client_for):
    """Đ sorts after D and before H: Chi Lăng, Dương Xá, Đình Lập, Hữu Lũng."""
    _add_units(world.committee, "Huyện Hữu Lũng", "Huyện Đình Lập", "Huyện Chi Lăng", "Huyện Dương Xá")
    response = client_for(world.secretariat).get(reverse("org:organisation-list"), {"q": "huyen"})
    html = _text(response)
    assert _in_order(html, "Huyện Chi Lăng", "Huyện Dương Xá", "Huyện Đình Lập", "Huyện Hữu Lũng")


def test_organisation_list_filters_by_kind_and_committee(world, client_for):
    """The kind filter keeps localities; the committee filter keeps that committee's member units."""
    client = client_for(world.secretariat)
    response = client.get(reverse("org:organisation-list"), {"kind": OrganisationKind.LOCALITY})
    assert [org.name for org in response.context["page_obj"]] == ["Thành phố Lạng Sơn"]

    world.secretariat.committees.add(world.other_committee)
    _add_units(world.other_committee, "Báo Lạng Sơn", kind=OrganisationKind.PRESS)
    response = client.get(reverse("org:organisation-list"), {"committee": world.other_committee.pk})
    assert [org.name for org in response.context["page_obj"]] == ["Báo Lạng Sơn"]


def test_organisation_list_pages_keep_the_filters(world, client_for, settings):
    """Page links carry the search and filters; page 2 holds the rest, still filtered."""
    settings.GIAOBAN_PAGE_SIZE = 5
    _add_units(world.committee, *[f"Xã Thử {n:02d}" for n in range(7)])
    client = client_for(world.secretariat)
    response = client.get(reverse("org:organisation-list"), {"q": "xa thu", "kind": "locality"})
    html = _text(response)
    assert "Trang 1/2" in html
    assert "?q=xa+thu&amp;kind=locality&amp;page=2" in html
    response = client.get(reverse("org:organisation-list"), {"q": "xa thu", "kind": "locality", "page": 2})
    assert [org.name for org in response.context["page_obj"]] == ["Xã Thử 05", "Xã Thử 06"]


def test_organisation_list_runs_the_same_queries_for_3_or_20_rows(world, client_for):
    """The list does not query per row: 3 and 20 units cost the same number of queries."""
    client = client_for(world.secretariat)
    url = reverse("org:organisation-list")
    parent = world.unit
    units = _add_units(world.committee, "Phòng A", "Phòng B", "Phòng C")
    for unit in units:
        services.organisation_update(actor=None, organisation=unit, parent=parent)
    few = _queries(client, url)
    _add_units(world.committee, *[f"Phòng Thêm {n}" for n in range(17)])
    assert _queries(client, url) == few
    assert few <= 11  # +1: the unread notification count in the header


def test_organisation_detail_shows_relations_and_history(world, client_for):
    """Parent, child units, people holding posts there today, committees, and the history."""
    (department,) = _add_units(world.committee, "Phòng Lãnh sự", kind=OrganisationKind.DEPARTMENT)
    services.organisation_update(actor=world.secretariat, organisation=department, parent=world.unit)
    ended = PersonFactory(full_name="Phạm Văn Cũ")
    PositionFactory(
        person=ended,
        organisation=world.unit,
        title="Phó Giám đốc",
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2015, 1, 1),
    )
    client = client_for(world.secretariat)
    html = _text(client.get(reverse("org:organisation-detail", args=[world.unit.pk])))
    assert "Phòng Lãnh sự" in _section(html, "children-heading")
    positions = _section(html, "positions-heading")
    assert "Lê Thị Ngoại" in positions and "Giám đốc Sở Ngoại vụ" in positions
    assert "Phạm Văn Cũ" not in positions
    assert world.committee.name in _section(html, "committees-heading")

    html = _text(client.get(reverse("org:organisation-detail", args=[department.pk])))
    assert f'href="{world.unit.get_absolute_url()}"' in html
    assert "<td>sec</td>" in _section(html, "history-heading")


def test_organisation_detail_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    """The unit's page costs a fixed number of queries, however many people and children it has."""
    for n in range(10):
        PositionFactory(organisation=world.unit, title=f"Chuyên viên {n}")
    client = client_for(world.secretariat)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("org:organisation-detail", args=[world.unit.pk]))
    assert response.status_code == 200


def test_secretariat_creates_a_unit_in_its_committee(world, client_for):
    """A new unit (typed decomposed, with stray spaces) is stored NFC, joins the chosen committee,
    the page says so in Vietnamese, and the history shows who created it."""
    client = client_for(world.secretariat)
    response = client.post(
        reverse("org:organisation-create"),
        {
            "name": unicodedata.normalize("NFD", "  Huyện  Văn Lãng "),
            "kind": OrganisationKind.LOCALITY,
            "committees": [world.committee.pk],
            "start_date": "2000-01-01",
        },
        follow=True,
    )
    org = Organisation.objects.get(name="Huyện Văn Lãng")
    assert response.redirect_chain[-1][0] == org.get_absolute_url()
    html = _text(response)
    assert "Đã thêm đơn vị “Huyện Văn Lãng”." in html
    assert org in world.committee.member_units.all()
    assert world.committee.name in _section(html, "committees-heading")
    history = _section(html, "history-heading")
    assert "<td>sec</td>" in history and "Tạo mới" in history


def test_new_unit_must_join_a_committee(world, client_for):
    """Without a committee the unit would be invisible to its creator: the form asks for one."""
    client = client_for(world.secretariat)
    response = client.post(reverse("org:organisation-create"), {"name": "Sở Mới", "kind": "department"})
    assert response.status_code == 200
    assert response.context["form"].errors["committees"] == [REQUIRED]
    assert not Organisation.objects.filter(name="Sở Mới").exists()


def test_secretariat_edits_a_unit_and_the_history_shows_the_change(world, client_for):
    """An edit saves, redirects to the unit's page with a message, and the history names the user."""
    client = client_for(world.secretariat)
    url = reverse("org:organisation-update", args=[world.unit.pk])
    response = client.post(url, _organisation_data(world.unit, short_name="SNgV", phone="0205 3870 123"))
    assert response.status_code == 302
    assert response["Location"] == world.unit.get_absolute_url()
    org = Organisation.objects.get(pk=world.unit.pk)
    assert (org.short_name, org.version) == ("SNgV", world.unit.version + 1)
    html = _text(client.get(response["Location"]))
    assert "Đã lưu đơn vị “Sở Ngoại vụ”." in html
    history = _section(html, "history-heading")
    assert "<td>sec</td>" in history
    assert "Tên viết tắt" in history and "SNgV" in history


def test_unit_edit_with_a_stale_version_shows_the_conflict_and_saves_nothing(world, client_for):
    """Someone saved the unit after the form was opened: the form comes back with the conflict message."""
    client = client_for(world.secretariat)
    url = reverse("org:organisation-update", args=[world.unit.pk])
    opened_version = client.get(url).context["form"]["version"].value()
    services.organisation_update(actor=world.leader, organisation=world.unit, phone="0205 1111 111")
    response = client.post(url, _organisation_data(world.unit, name="Sở Tên Khác", version=opened_version))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(EDIT_CONFLICT)]
    assert str(EDIT_CONFLICT) in _text(response)
    org = Organisation.objects.get(pk=world.unit.pk)
    assert (org.name, org.phone) == ("Sở Ngoại vụ", "0205 1111 111")


def test_unit_validation_errors_are_in_vietnamese_and_nothing_is_saved(world, client_for):
    """Empty name, end before start and a parent that is the unit itself: field errors, no write."""
    client = client_for(world.secretariat)
    url = reverse("org:organisation-update", args=[world.unit.pk])
    response = client.post(
        url,
        _organisation_data(
            world.unit, name=" ", start_date="2020-01-01", end_date="2019-12-31", parent=world.unit.pk
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == [REQUIRED]
    assert errors["end_date"] == [str(PERIOD_END_BEFORE_START)]
    assert "parent" in errors
    html = _text(response)
    assert str(PERIOD_END_BEFORE_START) in html
    assert 'aria-invalid="true"' in html
    assert Organisation.objects.get(pk=world.unit.pk).version == world.unit.version


def test_a_unit_cannot_be_placed_under_its_own_child(world, client_for):
    """Choosing a child unit as parent would make a loop: refused with a Vietnamese message."""
    (child,) = _add_units(world.committee, "Phòng Hợp tác quốc tế")
    services.organisation_update(actor=None, organisation=child, parent=world.unit)
    client = client_for(world.secretariat)
    url = reverse("org:organisation-update", args=[world.unit.pk])
    response = client.post(url, _organisation_data(world.unit, parent=child.pk))
    assert response.context["form"].errors["parent"] == [str(PARENT_CYCLE)]
    assert Organisation.objects.get(pk=world.unit.pk).parent_id is None


def test_unit_choices_are_limited_to_visible_units_in_vietnamese_order(world, client_for):
    """The parent dropdown lists only units the user sees, sorted the Vietnamese way."""
    _add_units(world.committee, "Huyện Hữu Lũng", "Huyện Đình Lập", "Huyện Chi Lăng")
    OrganisationFactory(name="Sở Không thuộc ban")
    response = client_for(world.secretariat).get(reverse("org:organisation-create"))
    labels = [str(label) for value, label in response.context["form"].fields["parent"].choices if value]
    assert "Sở Không thuộc ban" not in labels
    assert labels == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Huyện Chi Lăng",
        "Huyện Đình Lập",
        "Huyện Hữu Lũng",
        "Sở Ngoại vụ",
        "Thành phố Lạng Sơn",
    ]


@pytest.mark.parametrize(
    "name", ["organisation-create", "organisation-update", "committee-update", "membership-create"]
)
def test_form_pages_label_every_input_and_use_bootstrap(world, client_for, name):
    """Each input has a <label for>, checkbox groups a legend, dates are dd/mm/yyyy fields with a calendar."""
    html = _text(client_for(world.secretariat).get(_page_urls(world)[name]))
    assert _unlabelled_controls(html) == []
    assert 'class="form-control' in html or 'class="form-select' in html
    if "start_date" in html or "decision_date" in html:
        assert 'placeholder="dd/mm/yyyy"' in html and "data-datepicker" in html
    if 'type="checkbox"' in html:
        assert "<legend" in html and "form-check-input" in html


# --- People --------------------------------------------------------------------------------------


def test_person_search_ignores_accents_and_shows_current_titles(world, client_for):
    """ "le thi ngoai" finds Lê Thị Ngoại, listed with today's title and unit."""
    PositionFactory(
        person=world.unit_person,
        organisation=world.unit,
        title="Phó Giám đốc Sở Ngoại vụ",
        start_date=dt.date(2005, 1, 1),
        end_date=dt.date(2009, 12, 31),
    )
    response = client_for(world.secretariat).get(reverse("org:person-list"), {"q": "le thi ngoai"})
    assert [p.full_name for p in response.context["page_obj"]] == ["Lê Thị Ngoại"]
    html = _text(response)
    assert "Giám đốc Sở Ngoại vụ" in html
    assert "Phó Giám đốc Sở Ngoại vụ" not in html


def test_person_list_is_in_vietnamese_order(world, client_for):
    """Family names sort the Vietnamese way: Đặng after Dương, before Hoàng."""
    for name in ["Hoàng Văn Nam", "Đặng Thị Hoa", "Dương Văn Bình", "Bế Văn Ba"]:
        PersonFactory(full_name=name)
    html = _text(client_for(world.secretariat).get(reverse("org:person-list")))
    assert _in_order(html, "Bế Văn Ba", "Dương Văn Bình", "Đặng Thị Hoa", "Hoàng Văn Nam")


def test_unit_officer_lists_own_unit_and_committee_members_only(world, client_for):
    """The officer sees their unit's people and committee members, not other units' staff."""
    member = PersonFactory(full_name="Vi Văn Thành viên")
    MembershipFactory(committee=world.committee, person=member)
    response = client_for(world.officer).get(reverse("org:person-list"))
    names = [p.full_name for p in response.context["page_obj"]]
    assert names == ["Lê Thị Ngoại", "Vi Văn Thành viên"]
    assert "Trần Văn Khác" not in _text(response)


def test_person_list_runs_the_same_queries_for_3_or_20_rows(world, client_for):
    """Current titles come from one prefetch: 3 and 20 people with posts cost the same queries."""
    client = client_for(world.officer)
    url = reverse("org:person-list")
    for n in range(3):
        PositionFactory(person=PersonFactory(), organisation=world.unit, title=f"Chuyên viên {n}")
    few = _queries(client, url)
    for n in range(17):
        person = PersonFactory()
        PositionFactory(person=person, organisation=world.unit, title=f"Phó phòng {n}")
        PositionFactory(person=person, organisation=world.other_unit, title=f"Kiêm nhiệm {n}")
    assert _queries(client, url) == few
    assert few <= 11  # +1: the unread notification count in the header


def test_person_detail_shows_titles_as_of_a_chosen_date(world, client_for):
    """Titles follow ?on=: the post held then; past and present posts are all listed with dates."""
    person = PersonFactory(full_name="Hoàng Văn Chủ")
    MembershipFactory(committee=world.committee, person=person, role=MembershipRole.HEAD)
    PositionFactory(
        person=person,
        organisation=world.other_unit,
        title="Phó Chủ tịch UBND thành phố",
        start_date=dt.date(2012, 1, 1),
        end_date=dt.date(2016, 6, 30),
    )
    PositionFactory(
        person=person, organisation=world.unit, title="Chủ tịch HĐND tỉnh", start_date=dt.date(2016, 7, 1)
    )
    client = client_for(world.secretariat)
    url = reverse("org:person-detail", args=[person.pk])

    today = client.get(url)
    assert today.context["titles"].startswith("Chủ tịch HĐND tỉnh, Trưởng ")
    assert "1/7/2016" in _section(_text(today), "positions-heading")

    past = client.get(url, {"on": "2015-03-01"})
    assert past.context["titles"].startswith("Phó Chủ tịch UBND thành phố")
    assert "Chức danh ngày 1/3/2015" in _text(past)

    invalid = client.get(url, {"on": "01/03/2015x"})
    assert invalid.status_code == 200
    assert "Ngày không hợp lệ: viết theo dạng ngày/tháng/năm" in _text(invalid)
    assert invalid.context["titles"] == today.context["titles"]


def test_person_detail_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    """A person with many posts and memberships still costs a fixed number of queries."""
    for n in range(8):
        PositionFactory(person=world.unit_person, organisation=world.other_unit, title=f"Kiêm nhiệm {n}")
    MembershipFactory(committee=world.committee, person=world.unit_person)
    client = client_for(world.secretariat)
    with django_assert_max_num_queries(16):  # +1: unread notification count
        response = client.get(reverse("org:person-detail", args=[world.unit_person.pk]))
    assert response.status_code == 200


def test_secretariat_creates_and_edits_a_person(world, client_for):
    """Create, then edit with the version: both redirect to the person's page with a message."""
    client = client_for(world.secretariat)
    response = client.post(reverse("org:person-create"), {"full_name": "Nông Thị Mới", "email": ""})
    person = Person.objects.get(full_name="Nông Thị Mới")
    assert response["Location"] == person.get_absolute_url()

    url = reverse("org:person-update", args=[person.pk])
    response = client.post(
        url,
        {"full_name": "Nông Thị Mới", "email": "moi@langson.gov.vn", "phone": "", "version": 1},
        follow=True,
    )
    html = _text(response)
    assert "Đã lưu thông tin của “Nông Thị Mới”." in html
    assert "moi@langson.gov.vn" in html
    assert "<td>sec</td>" in _section(html, "history-heading")


def test_person_edit_with_a_stale_version_is_refused(world, client_for):
    """A stale version on the person form: conflict message, nothing saved."""
    person = world.unit_person
    services.person_update(actor=None, person=person, phone="0912 000 000")
    response = client_for(world.secretariat).post(
        reverse("org:person-update", args=[person.pk]),
        {"full_name": "Lê Thị Đổi", "email": "", "phone": "", "version": person.version},
    )
    assert str(EDIT_CONFLICT) in _text(response)
    assert Person.objects.get(pk=person.pk).full_name == "Lê Thị Ngoại"


def test_person_email_error_is_in_vietnamese(world, client_for):
    """A malformed e-mail address is rejected on its field, in Vietnamese."""
    response = client_for(world.secretariat).post(
        reverse("org:person-create"), {"full_name": "Lý Văn Sai", "email": "khong-phai-email"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Nhập địa chỉ email."]
    assert not Person.objects.filter(full_name="Lý Văn Sai").exists()


# --- Positions -----------------------------------------------------------------------------------


def test_secretariat_adds_a_concurrent_position(world, client_for):
    """A second post at the same time ("kiêm nhiệm") is added and shows among today's titles."""
    client = client_for(world.secretariat)
    person = world.unit_person
    response = client.post(
        reverse("org:position-create", args=[person.pk]),
        {
            "organisation": world.standing_agency.pk,
            "title": "Ủy viên Ban Chấp hành Đảng bộ tỉnh",
            "precedence": 5,
            "start_date": "2016-01-01",
            "end_date": "",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert response.context["titles"] == "Ủy viên Ban Chấp hành Đảng bộ tỉnh, Giám đốc Sở Ngoại vụ"
    assert "Đã thêm chức vụ “Ủy viên Ban Chấp hành Đảng bộ tỉnh” cho “Lê Thị Ngoại”." in _text(response)


def test_position_end_before_start_is_refused_on_the_end_date_field(world, client_for):
    """End date before start date: the Vietnamese message sits on the end date field; nothing saved."""
    before = Position.objects.count()
    response = client_for(world.secretariat).post(
        reverse("org:position-create", args=[world.unit_person.pk]),
        {
            "organisation": world.unit.pk,
            "title": "Phó Giám đốc",
            "precedence": 10,
            "start_date": "2020-05-01",
            "end_date": "2020-04-30",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"end_date": [str(PERIOD_END_BEFORE_START)]}
    assert 'id="id_end_date_error"' in _text(response)
    assert Position.objects.count() == before


def test_position_unit_must_be_one_the_user_sees(world, client_for):
    """A unit outside the user's committees is not a valid choice for a position."""
    hidden = OrganisationFactory(name="Sở Ẩn")
    response = client_for(world.secretariat).post(
        reverse("org:position-create", args=[world.unit_person.pk]),
        {"organisation": hidden.pk, "title": "Chuyên viên", "precedence": 10},
    )
    assert "organisation" in response.context["form"].errors
    assert not Position.objects.filter(organisation=hidden).exists()


def test_secretariat_ends_a_position(world, client_for):
    """Giving an end date moves the post to the past: it no longer shows among today's titles."""
    position = Position.objects.get(person=world.unit_person)
    client = client_for(world.secretariat)
    response = client.post(
        reverse("org:position-update", args=[position.pk]),
        {
            "organisation": world.unit.pk,
            "title": position.title,
            "precedence": position.precedence,
            "start_date": "2015-01-01",
            "end_date": "2016-12-31",
            "version": position.version,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == world.unit_person.get_absolute_url()
    assert response.context["titles"] == ""
    assert "Đã thôi" in _section(_text(response), "positions-heading")


def test_position_delete_asks_first_and_deletes_on_post(world, client_for):
    """GET shows a confirmation and deletes nothing; POST deletes and returns to the person."""
    position = Position.objects.get(person=world.unit_person)
    client = client_for(world.secretariat)
    url = reverse("org:position-delete", args=[position.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Xóa chức vụ “Giám đốc Sở Ngoại vụ” tại Sở Ngoại vụ của Lê Thị Ngoại?" in _text(response)
    assert Position.objects.filter(pk=position.pk).exists()

    response = client.post(url)
    assert response["Location"] == world.unit_person.get_absolute_url()
    assert not Position.objects.filter(pk=position.pk).exists()


def test_unit_officer_cannot_delete_a_position(world, client_for):
    """The officer's POST to delete is refused with 403 and the position stays."""
    position = Position.objects.get(person=world.unit_person)
    response = client_for(world.officer).post(reverse("org:position-delete", args=[position.pk]))
    assert response.status_code == 403
    assert Position.objects.filter(pk=position.pk).exists()


# --- Committees ----------------------------------------------------------------------------------


def test_committee_list_shows_only_the_users_committees(world, client_for):
    """The list holds the committees the user belongs to, with their unit counts."""
    response = client_for(world.secretariat).get(reverse("org:committee-list"))
    committees = list(response.context["page_obj"])
    assert committees == [world.committee]
    assert committees[0].unit_count == 3
    assert world.other_committee.name not in _text(response)


def test_committee_list_query_count_is_bounded(world, client_for):
    """Counts are annotated: 1 and 5 committees cost the same queries."""
    from giaoban.org.tests.factories import CommitteeFactory

    client = client_for(world.admin)
    url = reverse("org:committee-list")
    few = _queries(client, url)
    for _ in range(4):
        CommitteeFactory(member_units=[world.unit])
    assert _queries(client, url) == few


def test_committee_detail_orders_members_by_role_and_units_the_vietnamese_way(world, client_for):
    """Head before deputies before members; member units in Vietnamese order; history shown."""
    _add_units(world.committee, "Huyện Hữu Lũng", "Huyện Đình Lập", "Huyện Chi Lăng")
    MembershipFactory(committee=world.committee, person=PersonFactory(full_name="Vy Văn Ủy"))
    MembershipFactory(
        committee=world.committee, person=PersonFactory(full_name="Đỗ Văn Phó"), role=MembershipRole.DEPUTY
    )
    MembershipFactory(
        committee=world.committee,
        person=PersonFactory(full_name="Hoàng Văn Trưởng"),
        role=MembershipRole.HEAD,
    )
    MembershipFactory(
        committee=world.committee,
        person=PersonFactory(full_name="Bùi Thị Cũ"),
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2012, 1, 1),
    )
    response = client_for(world.secretariat).get(reverse("org:committee-detail", args=[world.committee.pk]))
    html = _text(response)
    members = _section(html, "members-heading")
    assert _in_order(members, "Trưởng ban", "Hoàng Văn Trưởng", "Phó Trưởng ban", "Đỗ Văn Phó", "Ủy viên")
    assert _in_order(members, "Bùi Thị Cũ", "không còn là thành viên", "Vy Văn Ủy")
    assert _in_order(_section(html, "units-heading"), "Huyện Chi Lăng", "Huyện Đình Lập", "Huyện Hữu Lũng")
    assert "Lịch sử thay đổi" in html


def test_committee_detail_query_count_does_not_grow_with_members(world, client_for):
    """Members come in one query: 3 and 20 memberships cost the same number of queries."""
    client = client_for(world.secretariat)
    url = reverse("org:committee-detail", args=[world.committee.pk])
    for _ in range(3):
        MembershipFactory(committee=world.committee, representing=world.unit)
    few = _queries(client, url)
    for _ in range(17):
        MembershipFactory(committee=world.committee, representing=world.other_unit)
    assert _queries(client, url) == few
    assert few <= 15


def test_secretariat_edits_committee_and_member_units(world, client_for):
    """The founding decision and the member units are saved together; the history records it."""
    committee = Committee.objects.get(pk=world.committee.pk)
    client = client_for(world.secretariat)
    response = client.post(
        reverse("org:committee-update", args=[committee.pk]),
        _committee_data(
            committee,
            decision_number="1234/QĐ-UBND",
            decision_date="2016-09-20",
            decision_issuer="Ủy ban nhân dân tỉnh Lạng Sơn",
            member_units=[world.standing_agency.pk, world.unit.pk],
        ),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == committee.get_absolute_url()
    committee = Committee.objects.get(pk=committee.pk)
    assert committee.decision_number == "1234/QĐ-UBND"
    assert set(committee.member_units.all()) == {world.standing_agency, world.unit}
    html = _text(response)
    assert "Số 1234/QĐ-UBND ngày 20/9/2016 của Ủy ban nhân dân tỉnh Lạng Sơn" in html
    assert "Thành phố Lạng Sơn" not in _section(html, "units-heading")
    assert "<td>sec</td>" in _section(html, "history-heading")


def test_committee_edit_with_a_stale_version_is_refused(world, client_for):
    """Another save since the form was opened: conflict message, neither fields nor units change."""
    committee = Committee.objects.get(pk=world.committee.pk)
    opened = _committee_data(committee, short_name="BCĐ Mới", member_units=[world.unit.pk])
    services.committee_update(actor=None, committee=committee, place_name="Thành phố Lạng Sơn")
    response = client_for(world.secretariat).post(
        reverse("org:committee-update", args=[committee.pk]), opened
    )
    assert response.status_code == 200
    assert str(EDIT_CONFLICT) in _text(response)
    committee = Committee.objects.get(pk=committee.pk)
    assert committee.short_name != "BCĐ Mới"
    assert committee.member_units.count() == 3


# --- Memberships ---------------------------------------------------------------------------------


def test_secretariat_adds_and_edits_a_membership(world, client_for):
    """A new head joins; editing the role moves them; both return to the committee page."""
    client = client_for(world.secretariat)
    person = PersonFactory(full_name="Hoàng Văn Nghiêm")
    response = client.post(
        reverse("org:membership-create", args=[world.committee.pk]),
        {"person": person.pk, "role": MembershipRole.HEAD, "representing": "", "start_date": "2016-01-01"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == world.committee.get_absolute_url()
    membership = CommitteeMembership.objects.get(person=person)
    assert membership.role == MembershipRole.HEAD
    assert "Đã thêm “Hoàng Văn Nghiêm”" in _text(response)

    response = client.post(
        reverse("org:membership-update", args=[membership.pk]),
        {
            "person": person.pk,
            "role": MembershipRole.DEPUTY,
            "representing": world.unit.pk,
            "start_date": "2016-01-01",
            "end_date": "",
            "version": membership.version,
        },
    )
    assert response.status_code == 302
    membership = CommitteeMembership.objects.get(pk=membership.pk)
    assert (membership.role, membership.representing) == (MembershipRole.DEPUTY, world.unit)


def test_membership_edit_conflict_and_period_errors(world, client_for):
    """A stale version is refused; so is an end date before the start date, on its field."""
    membership = MembershipFactory(committee=world.committee, person=world.unit_person)
    stale = membership.version
    services.membership_update(actor=None, membership=membership, role=MembershipRole.SECRETARY)
    client = client_for(world.secretariat)
    url = reverse("org:membership-update", args=[membership.pk])
    data = {"person": world.unit_person.pk, "role": MembershipRole.MEMBER, "version": stale}
    assert str(EDIT_CONFLICT) in _text(client.post(url, data))

    data.update(version=stale + 1, start_date="2020-01-01", end_date="2019-01-01")
    response = client.post(url, data)
    assert response.context["form"].errors == {"end_date": [str(PERIOD_END_BEFORE_START)]}
    assert CommitteeMembership.objects.get(pk=membership.pk).role == MembershipRole.SECRETARY


def test_membership_person_choices_are_in_vietnamese_order(world, client_for):
    """The person dropdown sorts names the Vietnamese way."""
    for name in ["Hà Văn Ba", "Đinh Thị Hai", "Dương Văn Một"]:
        PersonFactory(full_name=name)
    response = client_for(world.secretariat).get(reverse("org:membership-create", args=[world.committee.pk]))
    labels = [str(label) for value, label in response.context["form"].fields["person"].choices if value]
    assert labels == ["Dương Văn Một", "Đinh Thị Hai", "Hà Văn Ba", "Lê Thị Ngoại", "Trần Văn Khác"]
