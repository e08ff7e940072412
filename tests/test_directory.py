"""The directory across the apps: a merger hands open work to the successor and leaves past figures as
they were; a directive names a lead and nine coordinating bodies, five of them communes outside the
committee, entered on the page and through the API without creating any body twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.org import selectors as org_selectors
from giaoban.org import services as org_services
from giaoban.org.models import Organisation, OrganisationKind, ReorganisationKind, User
from giaoban.org.tests.factories import OrganisationFactory, UserFactory
from giaoban.reports.models import SubmissionState
from giaoban.reports.tests.factories import make_request, submission_of
from giaoban.tasks import stats
from giaoban.tasks.models import Task, TaskUnitTransfer
from giaoban.tasks.tests.factories import complete, make_task

D = dt.date
MERGED_ON = D(2025, 7, 1)


def _by_unit(user, date_from: dt.date, date_to: dt.date) -> list[tuple[str, dict]]:
    period = stats.stats_range(date_from, date_to, today=D(2026, 1, 1))
    rows = stats.task_stats_by_unit(user=user, period=period)
    return [(row.unit.name, row.stats.counts()) for row in rows]


@pytest.mark.django_db
def test_a_merger_moves_open_work_and_leaves_2017_figures_unchanged(world):
    """Sở Ngoại vụ and Sở Thông tin và Truyền thông merge into a new department on 1/7/2025: their open
    tasks (led and coordinated), pending report and officer pass to it; the task completed in 2017 stays;
    the 2017 figures by unit keep the old names and counts."""
    info = OrganisationFactory(name="Sở Thông tin và Truyền thông")
    org_services.committee_update(
        actor=None, committee=world.committee, member_units=[*world.committee.member_units.all(), info]
    )
    info_officer = UserFactory(
        username="tttt", role="unit_officer", organisation=info, committees=[world.committee]
    )
    done = make_task(world, title="Đã xong", assigned_on=D(2017, 8, 2), deadline=D(2017, 10, 31))
    complete(done, officer=world.officer, secretariat=world.secretariat, on=D(2017, 10, 20))
    open_led = make_task(world, title="Đang làm", assigned_on=D(2017, 8, 2), deadline=D(2017, 12, 31))
    open_info = make_task(
        world,
        title="Của Sở TT&TT",
        lead_unit=info,
        coordinating_units=[world.unit, world.other_unit],
        assigned_on=D(2017, 8, 2),
        deadline=D(2017, 11, 30),
    )
    request = make_request(world, units=[world.unit, world.other_unit])
    before_2017 = _by_unit(world.secretariat, D(2017, 1, 1), D(2017, 12, 31))
    assert [name for name, _ in before_2017] == ["Sở Ngoại vụ", "Sở Thông tin và Truyền thông"]

    record = org_services.organisation_reorganise(
        actor=world.secretariat,
        organisation=world.unit,
        merged_with=[info],
        kind=ReorganisationKind.MERGE,
        on=MERGED_ON,
        new_name="Sở Ngoại vụ và Truyền thông",
        decision="Nghị quyết số 1/NQ-HĐND",
    )

    successor = Organisation.objects.get(name="Sở Ngoại vụ và Truyền thông")
    assert successor.start_date == MERGED_ON
    for old in (world.unit, info):
        assert Organisation.objects.get(pk=old.pk).end_date == D(2025, 6, 30)
    assert Task.objects.get(pk=done.pk).lead_unit_id == world.unit.pk
    assert Task.objects.get(pk=open_led.pk).lead_unit_id == successor.pk
    moved = Task.objects.get(pk=open_info.pk)
    assert moved.lead_unit_id == successor.pk
    # The coordinating role of Sở Ngoại vụ went to the successor, which now leads: it is dropped there.
    assert set(moved.coordinating_units.all()) == {world.other_unit}
    assert "Sáp nhập: Sở Thông tin và Truyền thông → Sở Ngoại vụ và Truyền thông" in [
        h.history_change_reason for h in moved.history.all()
    ]
    assert submission_of(request, successor).state == SubmissionState.DRAFT
    assert User.objects.get(pk=world.officer.pk).organisation_id == successor.pk
    assert User.objects.get(pk=info_officer.pk).organisation_id == successor.pk
    units = set(world.committee.member_units.all())
    assert successor in units and world.unit not in units and info not in units
    assert record.moved == {"users": 2, "committees": 2, "tasks": 2, "coordinating": 1, "requests": 1}
    assert TaskUnitTransfer.objects.filter(reorganisation=record).count() == 3

    # 2017 as it stood: the same names and counts; after the merger the successor carries the open work.
    assert _by_unit(world.secretariat, D(2017, 1, 1), D(2017, 12, 31)) == before_2017
    after = _by_unit(world.secretariat, D(2025, 7, 1), D(2025, 12, 31))
    assert [name for name, _ in after] == ["Sở Ngoại vụ và Truyền thông"]
    assert after[0][1]["open_overdue"] == 2
    period = stats.stats_range(D(2017, 1, 1), D(2017, 12, 31), today=D(2026, 1, 1))
    old_unit = stats.task_stats(user=world.secretariat, period=period, unit=world.unit.pk)
    assert (old_unit.completed_on_time, old_unit.open) == (1, 1)

    # Pickers of a record dated after the merger no longer offer the old units.
    assert world.unit not in org_selectors.organisations_active(D(2025, 8, 1))
    assert successor in org_selectors.organisations_active(D(2025, 8, 1))


# --- A directive naming bodies outside the committee -------------------------------------------------

LEAD = "Sở Ngoại vụ"
COORDINATING = [
    "Công an tỉnh",
    "BCH Bộ đội Biên phòng tỉnh",
    "UBND tỉnh",
    "Sở VHTTDL",
    "xã Tân Thanh",
    "phường Kỳ Lừa",
    "xã Đồng Đăng",
    "UBND xã Na Sầm",
    "phường Đông Kinh",
]
COMMUNES = {"Xã Tân Thanh", "Phường Kỳ Lừa", "Xã Đồng Đăng", "Xã Na Sầm", "Phường Đông Kinh"}


def _found_through_the_api(client, headers, written: str, on: str) -> dict:
    response = client.get("/api/v1/organisations", {"q": written, "active_on": on}, headers=headers)
    assert response.status_code == 200
    return response.json()["items"][0]


def test_a_directive_names_a_lead_and_nine_bodies_five_of_them_communes(db, client, demo_data):
    """Each body is found by the name the directive writes (API search and lookup agree); the task is
    entered through the API and again on the page; no body is created, the communes sit on no committee."""
    secretariat = User.objects.get(username="thuky")
    committee = secretariat.committees.get(short_name="BCĐ TTĐN")
    headers = bearer(secretariat)
    today = dt.date.today().isoformat()
    bodies_before = Organisation.objects.count()

    lead = _found_through_the_api(client, headers, LEAD, today)
    found = [_found_through_the_api(client, headers, name, today) for name in COORDINATING]
    for written, body in zip(COORDINATING, found, strict=True):
        assert org_selectors.organisation_lookup(written, on=dt.date.today()).pk == body["id"], written
    names = {body["name"] for body in found}
    assert names >= COMMUNES and len(names) == 9
    assert not Organisation.objects.filter(name__in=COMMUNES, member_of__isnull=False).exists()
    assert "Ủy ban nhân dân tỉnh Lạng Sơn" in names

    payload = {
        "committee": committee.pk,
        "title": "Tuyên truyền về biên giới tại các xã, phường biên giới",
        "lead_unit": lead["id"],
        "coordinating_units": [body["id"] for body in found],
        "deadline_wording": "trong quý IV/2026",
        "assigned_on": today,
    }
    response = client.post("/api/v1/tasks", payload, content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    assert task.lead_unit.name == "Sở Ngoại vụ"
    assert {unit.name for unit in task.coordinating_units.all()} == names

    client.force_login(secretariat)
    page = client.get(reverse("tasks:task-create"))
    form = page.context["form"]
    # The pickers carry each body's search key for the filter box (static giaoban/picker.js).
    html = page.content.decode()
    assert "giaoban/picker.js" in html
    tan_thanh = Organisation.objects.get(name="Xã Tân Thanh")
    assert f'data-search="{tan_thanh.search_key}"' in html
    offered = {pk for pk, _label in form.fields["coordinating_units"].choices}
    assert {body["id"] for body in found} <= {getattr(pk, "value", pk) for pk in offered}
    response = client.post(
        reverse("tasks:task-create"),
        {
            "committee": committee.pk,
            "title": "Tuyên truyền về biên giới (nhập trên trang)",
            "lead_unit": lead["id"],
            "coordinating_units": [body["id"] for body in found],
            "assigned_on": today,
            "deadline_wording": "trong quý IV/2026",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    entered = Task.objects.get(title="Tuyên truyền về biên giới (nhập trên trang)")
    assert {unit.name for unit in entered.coordinating_units.all()} == names
    assert Organisation.objects.count() == bodies_before
    # The secretariat's unit statistics count the task under its lead, the commune-coordinated work shows.
    page = client.get(entered.get_absolute_url()).content.decode()
    assert "Xã Tân Thanh" in page and "Phường Kỳ Lừa" in page
    assert Organisation.objects.get(name="Xã Tân Thanh").kind == OrganisationKind.LOCALITY


@pytest.mark.django_db
def test_the_secretariat_follows_up_a_task_led_by_a_body_without_officer(world, client):
    """A commune outside the committee, with no user, leads a task: the secretariat posts its progress and
    reports its completion on its behalf; the commune appears in the figures by unit. Where the lead unit
    has its own officer, the secretariat still may not report for it."""
    commune = OrganisationFactory(name="Xã Tân Thanh", kind=OrganisationKind.LOCALITY, level="commune")
    task = make_task(world, lead_unit=commune, assigned_on=D(2025, 8, 1), deadline=D(2025, 12, 31))
    headers = bearer(world.secretariat)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"text": "Đã tổ chức 3 buổi tuyên truyền.", "percent": 60, "reported_on": "2025-09-15"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit"]["name"] == "Xã Tân Thanh"
    response = client.post(
        f"/api/v1/tasks/{task.pk}/completion",
        {"text": "Đã hoàn thành.", "reported_on": "2025-12-20"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    rows = _by_unit(world.secretariat, D(2025, 1, 1), D(2025, 12, 31))
    assert [name for name, _ in rows] == ["Xã Tân Thanh"]

    own = make_task(world, assigned_on=D(2025, 8, 1), deadline=D(2025, 12, 31))
    response = client.post(
        f"/api/v1/tasks/{own.pk}/progress",
        {"text": "Thay đơn vị.", "percent": 10, "reported_on": "2025-09-15"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
