"""The tasks API: same permissions as the pages, stats agreeing with the pages and the status function."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from giaoban.api.testing import bearer, count_queries
from giaoban.core.services import EDIT_CONFLICT
from giaoban.org.models import User
from giaoban.tasks.models import Task, TaskStatus
from giaoban.tasks.selectors import tasks_visible_to
from giaoban.tasks.stats import in_range_q, stats_range
from giaoban.tasks.status import task_status
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

API = "/api/v1"
TODAY = timezone.localdate()
STATS_KEYS = {
    "date_from",
    "date_to",
    "as_of",
    "completed_on_time",
    "completed_late",
    "open_on_time",
    "open_overdue",
    "recurring",
    "cancelled",
    "extended",
    "sentence",
}


def _open_task(world, **kwargs) -> Task:
    kwargs.setdefault("assigned_on", TODAY - dt.timedelta(days=60))
    kwargs.setdefault("deadline", TODAY + dt.timedelta(days=30))
    return make_task(world, **kwargs)


def get(client, user, url):
    return client.get(API + url, headers=bearer(user))


def post(client, user, url, data=None, method="post"):
    return getattr(client, method)(
        API + url, data=data or {}, content_type="application/json", headers=bearer(user)
    )


# --- Stats: API, page and the Python function agree on the demo world ----------------------------------


@pytest.fixture
def demo(db, demo_data):
    """The demo, loaded once for the module (conftest.py)."""


@pytest.mark.parametrize("as_today", [False, True], ids=["2017", "today"])
def test_stats_by_api_and_page_agree_with_the_status_function(demo, client, as_today):
    """2017-01-01..2017-12-31 as of its end (every class present), and the same range as of today."""
    secretariat = User.objects.get(username="thuky")
    query = "date_from=2017-01-01&date_to=2017-12-31" + (f"&as_of={TODAY.isoformat()}" if as_today else "")
    body = get(client, secretariat, f"/tasks/stats?{query}").json()
    assert set(body) == STATS_KEYS
    client.force_login(secretariat)
    page = client.get(reverse("tasks:dashboard") + "?" + query).context
    assert page["stats"].counts() == {k: body[k] for k in page["stats"].counts()}
    assert page["sentence"] == body["sentence"]
    period = stats_range(dt.date(2017, 1, 1), dt.date(2017, 12, 31), TODAY if as_today else None)
    tasks = tasks_visible_to(secretariat).filter(in_range_q(period)).prefetch_related("extensions")
    python = {status.value: 0 for status in TaskStatus}
    for task in tasks:
        python[task_status(task, period.as_of).value] += 1
    assert {k: body[k] for k in python} == python
    if not as_today:
        assert all(python.values()), python  # every class present as of 31/12/2017
        assert body["extended"] == 1
    else:
        assert python["open_on_time"] == 0


def test_stats_keys_types_and_filters(world, client):
    _open_task(world)
    _open_task(world, lead_unit=world.other_unit, deadline=TODAY - dt.timedelta(days=1))
    body = get(client, world.secretariat, "/tasks/stats").json()
    assert set(body) == STATS_KEYS
    assert all(isinstance(body[k], int) for k in STATS_KEYS - {"date_from", "date_to", "as_of", "sentence"})
    assert (body["open_on_time"], body["open_overdue"]) == (1, 1)
    by_unit = get(client, world.secretariat, f"/tasks/stats?unit={world.other_unit.pk}").json()
    assert (by_unit["open_on_time"], by_unit["open_overdue"]) == (0, 1)
    assert (
        get(client, world.secretariat, f"/tasks/stats?committee={world.other_committee.pk}").status_code
        == 404
    )
    bad = get(client, world.secretariat, "/tasks/stats?date_from=2017-12-31&date_to=2017-01-01")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["message"] == "Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ."


# --- Permissions --------------------------------------------------------------------------------------------


def test_a_unit_sees_the_tasks_it_leads_or_coordinates_and_nothing_else(world, client):
    led = _open_task(world)
    shared = _open_task(world, lead_unit=world.other_unit, coordinating_units=[world.unit])
    hidden = _open_task(world, lead_unit=world.other_unit)
    ids = {item["id"] for item in get(client, world.officer, "/tasks").json()["items"]}
    assert ids == {led.pk, shared.pk}
    for url in (f"/tasks/{hidden.pk}", f"/tasks/{hidden.pk}/progress", f"/tasks/{hidden.pk}/extensions"):
        response = get(client, world.officer, url)
        assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
    assert (
        post(client, world.officer, f"/tasks/{hidden.pk}/progress", {"text": "x", "percent": 1}).status_code
        == 404
    )
    # The shared task: progress yes; completion and extension are the lead unit's.
    assert (
        post(
            client, world.officer, f"/tasks/{shared.pk}/progress", {"text": "Phối hợp", "percent": 5}
        ).status_code
        == 201
    )
    assert post(client, world.officer, f"/tasks/{shared.pk}/completion", {"text": "x"}).status_code == 403
    assert (
        post(
            client,
            world.officer,
            f"/tasks/{shared.pk}/extensions",
            {"new_deadline": "2099-01-01", "reason": "x"},
        ).status_code
        == 403
    )
    assert get(client, world.admin, "/tasks").json()["count"] == 0


def test_list_filters_and_detail(world, client):
    overdue = _open_task(world, deadline=TODAY - dt.timedelta(days=5), coordinating_units=[world.other_unit])
    _open_task(world)
    items = get(client, world.secretariat, "/tasks?status=open_overdue").json()["items"]
    assert [(i["id"], i["status"], i["days_overdue"]) for i in items] == [(overdue.pk, "open_overdue", 5)]
    assert items[0]["status_label"] == "Chưa hoàn thành, quá hạn"
    as_of = (TODAY - dt.timedelta(days=10)).isoformat()
    earlier = get(client, world.secretariat, f"/tasks?status=open_on_time&on={as_of}").json()
    assert earlier["count"] == 2
    detail = get(client, world.secretariat, f"/tasks/{overdue.pk}").json()
    assert [u["id"] for u in detail["coordinating_units"]] == [world.other_unit.pk]
    assert detail["source"]["number"] == ""


# --- Writes ------------------------------------------------------------------------------------------------------


def test_create_and_update_with_a_stale_version_is_409(world, client):
    created = post(
        client,
        world.secretariat,
        "/tasks",
        {
            "committee": world.committee.pk,
            "title": "Nhiệm vụ qua API",
            "lead_unit": world.unit.pk,
            "deadline": (TODAY + dt.timedelta(days=10)).isoformat(),
            "source_number": "125/TB-BCĐ",
        },
    )
    assert created.status_code == 201, created.content
    task_id = created.json()["id"]
    assert (
        post(
            client,
            world.officer,
            "/tasks",
            {"committee": world.committee.pk, "title": "x", "lead_unit": world.unit.pk, "recurring": True},
        ).status_code
        == 403
    )
    first = post(
        client, world.secretariat, f"/tasks/{task_id}", {"version": 1, "title": "Tên A"}, method="patch"
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    second = post(
        client, world.secretariat, f"/tasks/{task_id}", {"version": 1, "title": "Tên B"}, method="patch"
    )
    assert second.status_code == 409 and second.json() == {"detail": str(EDIT_CONFLICT)}
    assert Task.objects.get(pk=task_id).title == "Tên A"


def test_progress_edit_conflict_is_409(world, client):
    task = _open_task(world)
    created = post(
        client, world.officer, f"/tasks/{task.pk}/progress", {"text": "Bản đầu", "percent": 10}
    ).json()
    url = f"/progress/{created['id']}"
    data = {"text": "A", "percent": 20, "reported_on": TODAY.isoformat(), "version": 1}
    assert post(client, world.officer, url, data, method="put").status_code == 200
    refused = post(client, world.officer, url, {**data, "text": "B"}, method="put")
    assert refused.status_code == 409
    assert get(client, world.officer, url).json()["text"] == "A"
    missing = post(client, world.officer, f"/tasks/{task.pk}/progress", {"percent": 10})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "text"


def test_extension_and_completion_flows(world, client):
    task = _open_task(world, deadline=TODAY - dt.timedelta(days=1))
    new_deadline = (TODAY + dt.timedelta(days=30)).isoformat()
    extension = post(
        client,
        world.officer,
        f"/tasks/{task.pk}/extensions",
        {"new_deadline": new_deadline, "reason": "Chờ số liệu"},
    )
    assert extension.status_code == 201
    assert post(client, world.officer, f"/extensions/{extension.json()['id']}/approve").status_code == 403
    approved = post(client, world.secretariat, f"/extensions/{extension.json()['id']}/approve")
    assert approved.json()["deadline_in_force"] == new_deadline
    assert approved.json()["status"] == "open_on_time"
    history = get(client, world.officer, f"/tasks/{task.pk}/extensions").json()["items"]
    assert [h["state"] for h in history] == ["approved"]
    report = post(client, world.officer, f"/tasks/{task.pk}/completion", {"text": "Đã xong"}).json()
    returned = post(client, world.secretariat, f"/completions/{report['id']}/return", {"note": ""})
    assert returned.status_code == 422
    confirmed = post(client, world.secretariat, f"/completions/{report['id']}/confirm").json()
    assert confirmed["status"] == "completed_on_time" and confirmed["completed_on"] == TODAY.isoformat()


def test_notifications(world, client):
    task = _open_task(world)
    post(
        client,
        world.officer,
        f"/tasks/{task.pk}/extensions",
        {"new_deadline": (TODAY + dt.timedelta(days=90)).isoformat(), "reason": "x"},
    )
    assert get(client, world.secretariat, "/notifications/unread-count").json() == {"unread": 1}
    (item,) = get(client, world.secretariat, "/notifications?unread=true").json()["items"]
    assert item["kind"] == "extension_requested" and item["task_id"] == task.pk
    assert post(client, world.officer, f"/notifications/{item['id']}/read").status_code == 404
    assert post(client, world.secretariat, f"/notifications/{item['id']}/read").json()["read_at"]
    assert get(client, world.secretariat, "/notifications/unread-count").json() == {"unread": 0}


# --- Query counts --------------------------------------------------------------------------------------------


def test_list_and_stats_query_counts_do_not_grow(world, client):
    for _ in range(3):
        _open_task(world, coordinating_units=[world.other_unit])
    headers = bearer(world.secretariat)
    urls = [API + "/tasks", API + "/tasks?status=open_on_time", API + "/tasks/stats"]
    client.get(urls[0], headers=headers)  # the token's first use records its time once
    few = [count_queries(client, url, headers) for url in urls]
    for _ in range(17):
        _open_task(world, lead_unit=world.other_unit)
    assert [count_queries(client, url, headers) for url in urls] == few
    assert max(few) <= 6
    officer = bearer(world.officer)
    client.get(urls[0], headers=officer)
    assert count_queries(client, API + "/tasks?status=open_on_time", officer) <= 6
