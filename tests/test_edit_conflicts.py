"""Every write of an editable record carries the version it was based on (issue #11, item 6).

Without `version` an API write answers 422 naming the field, with a stale one 409, and nothing
changes; the same for the pages' forms. New PATCH/PUT operations are caught by the schema audit.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from giaoban.api.testing import bearer

pytestmark = pytest.mark.django_db

REQUIRED = "Trường này là bắt buộc."
CONFLICT = "vừa được người khác sửa"


@pytest.fixture
def records(world):
    from giaoban.meetings import services as meeting_services
    from giaoban.meetings.models import Invitee
    from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
    from giaoban.reports.tests.factories import make_request, submission_of
    from giaoban.tasks import services as task_services
    from giaoban.tasks.tests.factories import make_task

    meeting = make_meeting(world)
    notice = make_notice(meeting, tasks=0)
    key_task = add_key_task(notice, title="Rà soát quy chế", lead_unit=world.unit)
    task = make_task(world, assigned_on=dt.date(2025, 1, 6), deadline=dt.date(2025, 6, 30))
    progress = task_services.progress_create(
        actor=world.officer, task=task, text="Đang làm", percent=10, reported_on=dt.date(2025, 2, 3)
    )
    return {
        "meeting": meeting,
        "item": meeting_services.agenda_item_create(actor=None, meeting=meeting, title="Khai mạc"),
        "invitee": Invitee.objects.filter(meeting=meeting).first(),
        "notice": notice,
        "key_task": key_task,
        "task": task,
        "progress": progress,
        "submission": submission_of(make_request(world), world.unit),
    }


# (method, path, the record, the user, a change)
API_WRITES = [
    ("patch", "/api/v1/meetings/{pk}", "meeting", "secretariat", {"title": "Hội nghị đã đổi tên"}),
    ("patch", "/api/v1/agenda-items/{pk}", "item", "secretariat", {"title": "Phát biểu khai mạc"}),
    ("patch", "/api/v1/attendance/{pk}", "invitee", "secretariat", {"attendance": "present"}),
    ("patch", "/api/v1/conclusions/{pk}", "notice", "secretariat", {"summary": "Kết luận đã sửa"}),
    ("post", "/api/v1/conclusions/{pk}/issue", "notice", "secretariat", {}),
    ("patch", "/api/v1/key-tasks/{pk}", "key_task", "secretariat", {"title": "Rà soát lại quy chế"}),
    ("patch", "/api/v1/tasks/{pk}", "task", "secretariat", {"title": "Nhiệm vụ đã đổi tên"}),
    (
        "put",
        "/api/v1/progress/{pk}",
        "progress",
        "officer",
        {"text": "Đã xong nửa", "percent": 50, "reported_on": "2025-02-04"},
    ),
    ("put", "/api/v1/report-submissions/{pk}", "submission", "officer", {"texts": [], "values": []}),
    ("post", "/api/v1/report-submissions/{pk}/submit", "submission", "officer", {}),
]
IDS = [f"{method} {path}" for method, path, *_ in API_WRITES]


def _send(client, world, records, method, path, record, user, body):
    obj = records[record]
    return getattr(client, method)(
        path.format(pk=obj.pk),
        json.dumps(body),
        content_type="application/json",
        headers=bearer(getattr(world, user)),
    )


@pytest.mark.parametrize(("method", "path", "record", "user", "change"), API_WRITES, ids=IDS)
def test_an_api_write_without_the_version_answers_422_and_changes_nothing(
    client, world, records, method, path, record, user, change
):
    obj = records[record]
    before = type(obj).objects.get(pk=obj.pk).version
    response = _send(client, world, records, method, path, record, user, change)
    assert response.status_code == 422, response.content
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert errors.get("version") == REQUIRED, errors
    assert type(obj).objects.get(pk=obj.pk).version == before


@pytest.mark.parametrize(("method", "path", "record", "user", "change"), API_WRITES, ids=IDS)
def test_an_api_write_on_a_stale_version_answers_409_and_changes_nothing(
    client, world, records, method, path, record, user, change
):
    obj = records[record]
    current = type(obj).objects.get(pk=obj.pk).version
    type(obj).objects.filter(pk=obj.pk).update(version=current + 1)  # someone else saved meanwhile
    response = _send(client, world, records, method, path, record, user, {**change, "version": current})
    assert response.status_code == 409, response.content
    assert CONFLICT in response.json()["detail"]
    assert type(obj).objects.get(pk=obj.pk).version == current + 1


def test_every_patch_and_put_operation_takes_a_version(client, world):
    """The audit, kept: a new PATCH or PUT operation must take the version it was based on."""
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    missing = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method not in {"patch", "put"}:
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            if "version" not in schemas[ref.rsplit("/", 1)[1]]["properties"]:
                missing.append(f"{method.upper()} {path}")
    assert not missing


# --- Pages ---------------------------------------------------------------------------------------


def test_cancelling_a_task_someone_just_edited_is_refused(client, world, records):
    from giaoban.tasks.models import Task

    task = records["task"]
    client.force_login(world.secretariat)
    url = reverse("tasks:task-cancel", args=[task.pk])
    page = client.get(url)
    assert f'name="version" value="{task.version}"' in page.content.decode()
    version = page.context["form"]["version"].value()
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)
    response = client.post(url, {"reason": "Không còn cần thiết", "on": "2025-03-01", "version": version})
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert not Task.objects.get(pk=task.pk).is_closed
    missing = client.post(url, {"reason": "Không còn cần thiết", "on": "2025-03-01"})
    assert missing.status_code == 200 and missing.context["form"].errors
    assert not Task.objects.get(pk=task.pk).is_closed


def test_submitting_a_report_needs_the_version_it_was_based_on(client, world, records):
    from giaoban.reports.models import Submission

    submission = records["submission"]
    client.force_login(world.officer)
    url = reverse("reports:submission-submit", args=[submission.pk])
    response = client.post(url, follow=True)
    assert "Thiếu phiên bản" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).state == submission.state
    client.post(url, {"version": submission.version})
    assert Submission.objects.get(pk=submission.pk).state != submission.state
