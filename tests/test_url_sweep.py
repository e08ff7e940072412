"""Every URL pattern, enumerated from the resolver, is checked against the role rules.

- a logged-out client is sent to the login page (pages) or gets 401 (API), except the public routes;
- a unit officer asking for another unit's or another committee's record gets 404, on pages and API;
- every role (secretariat, leader, unit officer, system admin) asking for the records of another
  committee and its units gets what ROLE_TABLE says: 404 unless a rule lets that role see them
  (the shared directory of people, the admin's read-only view), and then 403 for what it may not change;
- no role gets a server error on any route, and every POST form a page shows carries the CSRF token.

A new route with an object in its path fails here until its collection is registered in
KNOWN_COLLECTIONS with a record in hidden_records(), so no route can escape the sweep.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from giaoban.org import services as org_services
from giaoban.org.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PositionFactory,
)

SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
# Routes anyone may open: login, health check, the API schema and docs, token exchange.
PUBLIC_ROUTES = {
    "healthz",
    "accounts/login/",
    "api/v1/",
    "api/v1/openapi.json",
    "api/v1/docs",
    "api/v1/auth/token",
}
CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def iter_routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from iter_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route.lstrip("^").rstrip("$")


def swept_routes() -> list[str]:
    return sorted({r for r in iter_routes() if not r.startswith(SKIPPED_PREFIXES)})


def collection_of(route: str, kwarg: str) -> str:
    """The path segment before an object's converter names its collection: persons/<int:pk> → persons."""
    before = route.split(f":{kwarg}>")[0].rsplit("<", 1)[0].rstrip("/")
    return before.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def swept_records(module_world, django_db_blocker):
    """`world`, the records its unit officer must not see, and a whole other committee's records: built
    once for the module (hundreds of tests read them); each test runs in a savepoint on top."""
    with django_db_blocker.unblock():
        return module_world, hidden_records(module_world), hidden_records(foreign_world(module_world))


@pytest.fixture
def swept(db, swept_records):
    """A test's own copy of the shared records: what it changes in them goes with its savepoint."""
    return copy.deepcopy(swept_records)


@pytest.fixture
def world(swept):
    return swept[0]


@pytest.fixture
def hidden(swept) -> dict[str, object]:
    """Records the unit officer `world.officer` must not see, by URL collection name."""
    return swept[1]


@pytest.fixture
def foreign(swept) -> dict[str, object]:
    """Records of another committee and its units, one per URL collection."""
    return swept[2]


def hidden_records(world) -> dict[str, object]:
    """One record per URL collection, of world.other_unit or outside world.committee.

    Called for `world` (`hidden`) and again for a whole other committee (`foreign`).
    """
    other_committee = world.other_committee
    hidden_unit = OrganisationFactory(name="Sở Ẩn")
    org_services.committee_update(actor=None, committee=other_committee, member_units=[hidden_unit])
    hidden_position = PositionFactory(person=world.outsider_person, organisation=world.other_unit)
    hidden_membership = MembershipFactory(committee=CommitteeFactory(), person=world.outsider_person)
    return {
        "committees": other_committee,
        "organisations": hidden_unit,
        "persons": world.outsider_person,
        "positions": hidden_position,
        "memberships": hidden_membership,
        # Another user's API token: nobody lists or revokes it but its owner.
        "tokens": org_services.api_token_issue(user=world.other_officer, name="Của người khác")[0],
        **_hidden_task_records(world),
        **_hidden_delegation_records(world),
        **_hidden_meeting_records(world),
        **_hidden_report_records(world),
    }


def _hidden_task_records(world) -> dict[str, object]:
    """A task of the officer's committee that another unit leads: the officer's unit neither leads nor
    coordinates it, so it and everything on it answer 404; and another user's notification."""
    from giaoban.notifications import services as notification_services
    from giaoban.notifications.models import NotificationKind
    from giaoban.tasks import services as task_services
    from giaoban.tasks.tests.factories import make_task

    task = make_task(world, lead_unit=world.other_unit)
    progress = task_services.progress_create(
        actor=None, task=task, unit=world.other_unit, text="Đang làm.", percent=10
    )
    extension = task_services.extension_request(
        actor=None, task=task, new_deadline=task.deadline_in_force.replace(year=2018), reason="Chậm."
    )
    completion = task_services.completion_report(actor=None, task=task, text="Xong.")
    (notification,) = notification_services.notify(
        recipients=[world.other_officer], task=task, kind=NotificationKind.EXTENSION_APPROVED, email=False
    )
    return {
        "tasks": task,
        "progress": progress,
        "extensions": extension,
        "completions": completion,
        "notifications": notification,
    }


def _hidden_delegation_records(world) -> dict[str, object]:
    """Another unit's delegation, with a report file: the officer's unit is not its lead unit."""
    import datetime as dt
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from giaoban.delegations import services as delegation_services
    from giaoban.delegations.models import ImportJob
    from giaoban.delegations.tests.factories import DelegationFactory

    delegation = DelegationFactory(lead_unit=world.other_unit)
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        delegation_services.delegation_report_submit(
            actor=None,
            delegation=delegation,
            text="Báo cáo.",
            files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 x")],
        )
    # An import job is its uploader's alone: another officer's is hidden from everyone else.
    job = ImportJob.objects.create(created_by=world.other_officer, source_name="doan.xlsx")
    # Delegations another unit reported as a number: hidden like its delegations.
    total = delegation_services.reported_total_create(
        actor=None,
        unit=world.other_unit,
        date_from=dt.date(2017, 1, 1),
        date_to=dt.date(2017, 6, 30),
        direction="inbound",
        delegations=293,
    )
    return {
        "delegations": delegation,
        "report-files": delegation.report_files.get(),
        "import-jobs": job,
        "reported-totals": total,
    }


def _hidden_meeting_records(world) -> dict[str, object]:
    """A meeting of the officer's committee to which only another unit is invited, with its agenda, a
    photo and an issued conclusion notice: the officer's unit is not invited, so all of it answers 404."""
    import tempfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from giaoban.meetings import services as meeting_services
    from giaoban.meetings.demo import _hall
    from giaoban.meetings.models import MeetingFileKind
    from giaoban.meetings.tests.factories import make_meeting, make_notice

    meeting = make_meeting(world, invite=[world.other_unit])
    item = meeting_services.agenda_item_create(actor=None, meeting=meeting, title="Báo cáo kết quả")
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        photo = meeting_services.meeting_file_add(
            actor=None,
            meeting=meeting,
            kind=MeetingFileKind.PHOTO,
            upload=SimpleUploadedFile("anh.png", _hall("audience")),
            caption="Các đại biểu tham dự hội nghị",
        )
    notice = meeting_services.conclusion_issue(actor=None, notice=make_notice(meeting, tasks=1))
    invitee = meeting.invitees.get()
    return {
        "meetings": meeting,
        "agenda-items": item,
        "invitees": invitee,
        "attendance": invitee,
        "meeting-files": photo,
        "conclusions": notice,
        "key-tasks": notice.key_tasks.get(),
    }


def _hidden_report_records(world) -> dict[str, object]:
    """Reporting records the officer must not see: the period and outline of another committee, a
    request of the officer's committee sent to another unit only, that unit's submission with a file,
    and the committee's report while it is a draft."""
    import tempfile
    from types import SimpleNamespace

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from giaoban.reports import services as report_services
    from giaoban.reports.tests.factories import make_period, make_report, make_request, make_template

    request = make_request(world, units=[world.other_unit])
    submission = request.submissions.get()
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        file = report_services.submission_file_add(
            actor=None, submission=submission, upload=SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4 x")
        )
    report = make_report(world, request)
    elsewhere = SimpleNamespace(committee=world.other_committee, secretariat=None)
    return {
        "periods": make_period(elsewhere),
        "reporting-periods": make_period(elsewhere, kind="year"),
        "templates": make_template(elsewhere),
        "report-templates": make_template(elsewhere),
        "requests": request,
        "report-requests": request,
        "submissions": submission,
        "report-submissions": submission,
        "submission-files": file,
        "reports": report,
        # A report's version is addressed by its number inside the (hidden) report.
        "versions": SimpleNamespace(pk=1),
    }


KNOWN_COLLECTIONS = {
    "committees",
    "organisations",
    "persons",
    "positions",
    "memberships",
    "delegations",
    "report-files",
    "import-jobs",
    "reported-totals",
    "tasks",
    "progress",
    "extensions",
    "completions",
    "notifications",
    "meetings",
    "agenda-items",
    "invitees",
    "attendance",
    "meeting-files",
    "conclusions",
    "key-tasks",
    "periods",
    "reporting-periods",
    "templates",
    "report-templates",
    "requests",
    "report-requests",
    "submissions",
    "report-submissions",
    "submission-files",
    "reports",
    "versions",
    "tokens",
}


def fill(route: str, objects: dict[str, object]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group("name")
        return str(objects[collection_of(route, name)].pk)

    return "/" + CONVERTER.sub(replace, route)


def object_routes() -> list[str]:
    return [r for r in swept_routes() if CONVERTER.search(r)]


def test_every_object_route_has_a_registered_collection():
    """A new route with an object id must name a collection the sweep knows how to hide."""
    unknown = {
        (route, collection_of(route, m.group("name")))
        for route in object_routes()
        for m in CONVERTER.finditer(route)
        if collection_of(route, m.group("name")) not in KNOWN_COLLECTIONS
    }
    assert not unknown, f"Register these collections in tests/test_url_sweep.py: {sorted(unknown)}"


def test_the_sweep_sees_the_routes():
    routes = swept_routes()
    assert "org/persons/<int:pk>/" in routes
    assert any(r.startswith("api/v1/") and "<" in r for r in routes)


@pytest.mark.parametrize("route", object_routes())
def test_unit_officer_gets_404_for_hidden_records(client, world, hidden, route):
    url = fill(route, hidden)
    headers = {}
    if route.startswith("api/"):
        _, raw = org_services.api_token_issue(user=world.officer)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    else:
        client.force_login(world.officer)
    response = client.get(url, **headers)
    for method in ("post", "put", "patch", "delete"):  # a route that refuses GET; the API takes JSON
        if response.status_code != 405:
            break
        if route.startswith("api/"):
            response = getattr(client, method)(url, data={}, content_type="application/json", **headers)
        else:
            response = getattr(client, method)(url, **headers)
    assert response.status_code == 404, (url, response.status_code)


# --- Every role against another committee's records ----------------------------------------------

ROLES = ("secretariat", "leader", "officer", "admin")
READ, WRITE = "read", "write"

# What each role gets for a record of another committee and its units, by (role, collection):
# 404 unless listed. A "read" is a GET of the record itself (page or API); a "write" is any other
# route on it (edit and action pages, API writes).
ROLE_TABLE: dict[tuple[str, str], dict[str, int | set[int]]] = {
    # Secretariat and leaders share the whole directory of people (domain.md §2); only the secretariat
    # keeps it.
    ("secretariat", "persons"): {READ: 200, WRITE: 200},
    ("secretariat", "positions"): {READ: 200, WRITE: 200},
    ("leader", "persons"): {READ: 200, WRITE: 403},
    ("leader", "positions"): {READ: 200, WRITE: 403},
    # The directory of bodies is one for all committees: the secretariat keeps it (an edit page opens;
    # an API write with an empty body is refused for its missing fields), leaders read it.
    ("secretariat", "organisations"): {READ: 200, WRITE: {200, 422}},
    ("leader", "organisations"): {READ: 200, WRITE: 403},
    # A system admin reads the directory, committees and delegations, and changes no business data
    # but the set-up of committees (founding decision, letterhead, members).
    ("admin", "committees"): {READ: 200, WRITE: 200},
    ("admin", "organisations"): {READ: 200, WRITE: 403},
    ("admin", "persons"): {READ: 200, WRITE: 403},
    ("admin", "positions"): {READ: 200, WRITE: 403},
    ("admin", "memberships"): {READ: 200, WRITE: 200},
    ("admin", "delegations"): {READ: 200, WRITE: 403},
    ("admin", "reported-totals"): {READ: 200, WRITE: 403},
}


def expected_status(role: str, collection: str, kind: str) -> int | set[int]:
    return ROLE_TABLE.get((role, collection), {}).get(kind, 404)


def foreign_world(world):
    """A second committee with its own agency, units, people and users: nothing of it is `world`'s."""
    import dataclasses

    from giaoban.core.permissions import Role
    from giaoban.org.models import OrganisationKind
    from giaoban.org.tests.factories import PersonFactory, UserFactory

    agency = OrganisationFactory(name="Văn phòng Ban Chỉ đạo khác", kind=OrganisationKind.PARTY)
    unit = OrganisationFactory(name="Sở Văn hóa khác")
    other_unit = OrganisationFactory(name="Huyện Khác", kind=OrganisationKind.LOCALITY)
    committee = CommitteeFactory(standing_agency=agency, member_units=[agency, unit, other_unit])
    unit_person = PersonFactory(full_name="Phạm Thị Khác")
    PositionFactory(person=unit_person, organisation=unit, title="Giám đốc Sở")
    outsider_person = PersonFactory(full_name="Đỗ Văn Ngoài")
    PositionFactory(person=outsider_person, organisation=other_unit, title="Chánh Văn phòng")

    def user(username: str, role: str, organisation):
        return UserFactory(username=username, role=role, organisation=organisation, committees=[committee])

    return dataclasses.replace(
        world,
        committee=committee,
        other_committee=CommitteeFactory(member_units=[]),
        standing_agency=agency,
        unit=unit,
        other_unit=other_unit,
        secretariat=user("f-sec", Role.SECRETARIAT, agency),
        leader=user("f-lead", Role.LEADER, agency),
        officer=user("f-off", Role.UNIT_OFFICER, unit),
        other_officer=user("f-off2", Role.UNIT_OFFICER, other_unit),
        outsider_person=outsider_person,
        unit_person=unit_person,
    )


def last_collection(route: str) -> str:
    *_, last = CONVERTER.finditer(route)
    return collection_of(route, last.group("name"))


def act(client, route: str, url: str, user) -> tuple[str, object]:
    """GET the URL as the user (a bearer token on the API); a route that refuses GET gets its method."""
    client.logout()
    headers = {}
    if user is not None:
        if route.startswith("api/"):
            _, raw = org_services.api_token_issue(user=user)
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        else:
            client.force_login(user)
    response = client.get(url, **headers)
    if response.status_code != 405:
        return "GET", response
    for method in ("post", "put", "patch", "delete"):
        if route.startswith("api/"):
            response = getattr(client, method)(url, data={}, content_type="application/json", **headers)
        else:
            response = getattr(client, method)(url, **headers)
        if response.status_code != 405:
            return method.upper(), response
    return "?", response


def kind_of(route: str, method: str) -> str:
    tail = route[list(CONVERTER.finditer(route))[-1].end() :]
    if route.startswith("api/"):
        return READ if method == "GET" else WRITE
    return READ if method == "GET" and tail in {"", "/"} else WRITE


@pytest.mark.parametrize("route", object_routes())
def test_every_role_on_another_committees_records(client, world, foreign, route):
    """Each role gets ROLE_TABLE's answer for another committee's record; logged out: login or 401."""
    url = fill(route, foreign)
    collection = last_collection(route)
    seen = {}
    for role in (None, *ROLES):
        user = getattr(world, "officer" if role == "officer" else role) if role else None
        method, response = act(client, route, url, user)
        seen[role or "logged out"] = (method, response.status_code)
        if role is None:
            expected = {401} if route.startswith("api/") else {302}
            assert response.status_code in expected, (url, seen)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), (url, seen)
            continue
        want = expected_status(role, collection, kind_of(route, method))
        wanted = want if isinstance(want, set) else {want}
        assert response.status_code in wanted, (url, role, response.status_code, "expected", want, seen)


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL | re.IGNORECASE)
POST_METHOD = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)


def forms_without_csrf(html: str) -> list[str]:
    return [
        form[:200]
        for form in FORM.findall(html)
        if POST_METHOD.search(form.split(">", 1)[0]) and 'name="csrfmiddlewaretoken"' not in form
    ]


def with_pdf_mark(routes: list[str]) -> list:
    """A PDF route converts with LibreOffice when a role may read it: `make test` sweeps it in its
    PostgreSQL pass (marker `pdf`)."""
    return [pytest.param(r, marks=pytest.mark.pdf) if r.endswith(".pdf") else r for r in routes]


@pytest.mark.parametrize("route", with_pdf_mark(swept_routes()))
def test_every_route_for_every_role(client, world, hidden, route):
    """Logged out: the login page (pages) or 401 (API), except public routes. Every role (on records of
    its own committee): no server error, and each POST form of the page carries the CSRF token."""
    client.raise_request_exception = False
    url = fill(route, hidden) if CONVERTER.search(route) else "/" + route
    if route not in PUBLIC_ROUTES:
        method, response = act(client, route, url, None)
        if route.startswith("api/"):
            assert response.status_code == 401, (url, method, response.status_code)
        else:
            assert response.status_code == 302, (url, method, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), (url, response["Location"])
    for role in ROLES:
        user = getattr(world, role)
        method, response = act(client, route, url, user)
        assert response.status_code < 500, (url, role, method, response.status_code)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            missing = forms_without_csrf(response.content.decode())
            assert not missing, (url, role, missing)


def test_the_csrf_check_finds_a_form_without_a_token():
    page = '<form method="post" action="/x"><input name="a"></form><form method="get"></form>'
    assert forms_without_csrf(page) == ['<form method="post" action="/x"><input name="a"></form>']
    assert not forms_without_csrf(
        '<form method="POST"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
    )
