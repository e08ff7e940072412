"""Bad input answers 4xx with a Vietnamese message naming the field, never a 500 (issue #11, item 5).

Dates outside 1945–2100 (a year 9999 overflows the pages' date arithmetic), NUL characters (PostgreSQL
refuses them in text) and lone surrogates in JSON (not encodable as UTF-8) at every door: forms, API
schemas and imports of every app.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.delegations.models import Delegation

pytestmark = pytest.mark.django_db

TOO_LATE, TOO_EARLY = "9999-12-31", "1900-01-01"
OUT_OF_RANGE = "ngày phải trong khoảng từ 01/01/1945 đến 31/12/2100"
BAD_DATES = pytest.mark.parametrize("bad", [TOO_LATE, TOO_EARLY])


def api_post(client, user, url, payload, method="post"):
    return getattr(client, method)(
        url, json.dumps(payload), content_type="application/json", headers=bearer(user)
    )


def assert_api_field_error(response, field):
    assert response.status_code == 422, response.content
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert field in errors, errors
    assert OUT_OF_RANGE in errors[field], errors


def assert_form_field_error(response, field, label):
    assert response.status_code == 200, response.status_code
    errors = response.context["form"].errors
    assert field in errors, errors.as_data()
    message = " ".join(errors[field])
    assert OUT_OF_RANGE in message and label in message, message


# --- Delegations ---------------------------------------------------------------------------------


def delegation_payload(world, **changes):
    payload = {
        "direction": "outbound",
        "name": "Đoàn khảo sát cửa khẩu",
        "lead_unit": world.unit.pk,
        "member_count": 3,
        "countries": ["CN"],
        "purposes": ["work"],
        "start_date": "2025-03-01",
        "end_date": "2025-03-04",
    }
    return {**payload, **changes}


@BAD_DATES
def test_delegation_api_refuses_a_date_out_of_range(client, world, bad):
    response = api_post(
        client, world.secretariat, "/api/v1/delegations", delegation_payload(world, end_date=bad)
    )
    assert_api_field_error(response, "end_date")
    assert not Delegation.objects.exists()


@BAD_DATES
def test_delegation_form_refuses_a_date_out_of_range(client, world, bad):
    client.force_login(world.secretariat)
    data = delegation_payload(world, end_date=bad, status="planned")
    response = client.post(reverse("delegations:delegation-create"), data)
    assert_form_field_error(response, "end_date", "Đến ngày")
    assert not Delegation.objects.exists()


# --- Every app's forms and API operations -------------------------------------------------------


def _records(world):
    """One record of each kind a date is entered on, keyed by what the doors below need."""
    from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
    from giaoban.org.tests.factories import PositionFactory
    from giaoban.reports.tests.factories import make_period
    from giaoban.tasks.tests.factories import make_task

    meeting = make_meeting(world)
    notice = make_notice(meeting, tasks=0)
    task = make_task(world, assigned_on=dt.date(2025, 1, 6), deadline=dt.date(2025, 6, 30))
    return {
        "task": task.pk,
        "meeting": meeting.pk,
        "notice": notice.pk,
        "key_task": add_key_task(notice, title="Rà soát quy chế", lead_unit=world.unit).pk,
        "person": world.unit_person.pk,
        "position": PositionFactory(
            person=world.unit_person, organisation=world.unit, title="Phó Giám đốc"
        ).pk,
        "committee": world.committee.pk,
        "period": make_period(world).pk,
    }


# (user, url name, the record in its path or None, the date field)
FORM_DOORS = [
    ("secretariat", "tasks:task-create", None, "deadline"),
    ("secretariat", "tasks:task-create", None, "source_date"),
    ("secretariat", "tasks:task-update", "task", "deadline"),
    ("secretariat", "tasks:task-cancel", "task", "on"),
    ("officer", "tasks:progress-create", "task", "reported_on"),
    ("officer", "tasks:completion-create", "task", "reported_on"),
    ("officer", "tasks:extension-create", "task", "new_deadline"),
    ("officer", "tasks:bulk-update", None, "reported_on"),
    ("secretariat", "meetings:meeting-create", None, "date"),
    ("secretariat", "meetings:meeting-update", "meeting", "period_end"),
    ("secretariat", "meetings:conclusion-update", "notice", "date"),
    ("secretariat", "meetings:key-task-update", "key_task", "deadline"),
    ("secretariat", "reports:period-create", None, "submission_deadline"),
    ("secretariat", "reports:period-update", "period", "submission_deadline"),
    ("secretariat", "reports:request-create", None, "deadline"),
    ("secretariat", "org:organisation-create", None, "start_date"),
    ("secretariat", "org:position-create", "person", "start_date"),
    ("secretariat", "org:position-update", "position", "end_date"),
    ("secretariat", "org:committee-update", "committee", "decision_date"),
    ("secretariat", "org:membership-create", "committee", "start_date"),
]


@BAD_DATES
@pytest.mark.parametrize(
    ("role", "name", "record", "field"), FORM_DOORS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_date_form_field_refuses_a_date_out_of_range(client, world, bad, role, name, record, field):
    records = _records(world)
    client.force_login(getattr(world, role))
    url = reverse(name, args=[records[record]] if record else [])
    # A new request is made for a period chosen first.
    extra = {"period": records["period"]} if name == "reports:request-create" else {}
    response = client.post(url, {field: bad, **extra})
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert_form_field_error(response, field, str(form.fields[field].label))


@BAD_DATES
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/tasks", "deadline"),
        ("/api/v1/tasks", "assigned_on"),
        ("/api/v1/tasks/{task}/extensions", "new_deadline"),
        ("/api/v1/tasks/{task}/progress", "reported_on"),
        ("/api/v1/tasks/{task}/completion", "reported_on"),
        ("/api/v1/meetings", "date"),
        ("/api/v1/meetings/{meeting}/conclusion", "date"),
        ("/api/v1/conclusions/{notice}/key-tasks", "deadline"),
        ("PATCH /api/v1/tasks/{task}", "deadline"),
        ("PATCH /api/v1/meetings/{meeting}", "invitation_date"),
        ("PATCH /api/v1/key-tasks/{key_task}", "deadline"),
    ],
)
def test_every_date_in_an_api_body_refuses_a_date_out_of_range(client, world, bad, url, field):
    records = _records(world)
    method, _, path = url.rpartition(" ")
    response = api_post(
        client, world.secretariat, path.format(**records), {field: bad}, (method or "post").lower()
    )
    assert_api_field_error(response, field)


@BAD_DATES
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/delegations/stats?date_to={bad}",
        "/api/v1/delegations?date_from={bad}",
        "/api/v1/persons?on={bad}",
        "/api/v1/committees/{committee}/memberships?on={bad}",
        "/api/v1/tasks/stats?date_to={bad}",
        "/api/v1/meetings?date_from={bad}",
        "/api/v1/reports?period_end={bad}",
    ],
)
def test_dates_in_api_queries_are_refused_with_422(client, world, bad, url):
    response = client.get(
        url.format(bad=bad, committee=world.committee.pk), headers=bearer(world.secretariat)
    )
    assert response.status_code == 422, response.content
    assert OUT_OF_RANGE in response.json()["errors"][0]["message"]


@BAD_DATES
def test_delegation_import_names_the_row_and_column_of_a_date_out_of_range(client, world, bad):
    from giaoban.delegations.tests.test_import import fill, template_workbook, upload

    day, month, year = bad[8:], bad[5:7], bad[:4]
    row = ["Đoàn ra", "Đoàn khảo sát", "Sở Ngoại vụ", "", "", 3, "Trung Quốc", "", "Khảo sát",
           "01/03/2025", f"{day}/{month}/{year}", "", ""]  # fmt: skip
    response = upload(client, world.secretariat, fill(template_workbook(client, world.secretariat), [row]))
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert [(e["loc"][1], e["field"], e["code"]) for e in errors] == [
        (errors[0]["loc"][1], "Đến ngày", "date_out_of_range")
    ]
    assert OUT_OF_RANGE in errors[0]["message"].lower()
    assert not Delegation.objects.exists()


def test_task_bulk_upload_names_the_row_of_a_date_out_of_range(client, world):
    import io

    from openpyxl import load_workbook

    from giaoban.tasks.models import ProgressUpdate

    _records(world)
    client.force_login(world.officer)
    book = load_workbook(io.BytesIO(client.get(reverse("tasks:bulk-export")).content))
    sheet = book.active
    sheet["H4"], sheet["I4"], sheet["J4"] = 50, "Đang làm", "31/12/9999"
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    stream.name = "tien-do.xlsx"
    response = client.post(reverse("tasks:bulk-upload"), {"file": stream})
    assert response.status_code == 200
    assert response.context["upload_errors"] == [
        "Dòng 4, cột J (Ngày báo cáo (dd/mm/yyyy)): ngày phải trong khoảng từ 01/01/1945 đến 31/12/2100."
    ]
    assert not ProgressUpdate.objects.exists()


# --- NUL characters and lone surrogates ----------------------------------------------------------

NUL_REFUSED = "ký tự NUL"


def test_nul_in_an_api_text_field_is_refused_naming_the_field(client, world):
    payload = delegation_payload(world, head_name="Nguyễn\x00Văn A")
    response = api_post(client, world.secretariat, "/api/v1/delegations", payload)
    assert response.status_code == 422, response.content
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert NUL_REFUSED in errors["head_name"], errors
    assert not Delegation.objects.exists()


def test_nul_in_a_nested_json_string_is_refused_before_any_handler_runs(client, world):
    """Strings a handler looks up rather than stores (a country code) never reach the database."""
    payload = delegation_payload(world, countries=["CN", "V\x00N"])
    response = api_post(client, world.secretariat, "/api/v1/delegations", payload)
    assert response.status_code == 422, response.content
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert NUL_REFUSED in errors["countries.1"], errors


def test_nul_in_a_form_text_field_is_refused_naming_the_field(client, world):
    client.force_login(world.secretariat)
    data = delegation_payload(world, head_name="Nguyễn\x00Văn A", status="planned")
    response = client.post(reverse("delegations:delegation-create"), data)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["head_name"])
    assert NUL_REFUSED in message and "Trưởng đoàn" in message, message
    assert not Delegation.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"username": "a\\u0300\\ud800", "password": "x"}',
        '{"username": "\\udc00", "password": "x"}',
    ],
    ids=["decomposed-and-surrogate", "lone-surrogate"],
)
def test_a_json_body_the_database_cannot_store_answers_400_without_login(client, world, body):
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "UTF-8" in response.json()["detail"]


def test_nul_in_a_json_body_answers_422_naming_the_field_without_login(client, world):
    body = '{"username": "sec", "password": "a\\u0000b"}'
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["field"] == "password"
    assert NUL_REFUSED in response.json()["errors"][0]["message"]


def test_no_page_answers_500_to_a_nul_in_its_query_string(client, world):
    """Every page without an object in its path, with a NUL in the usual filter parameters."""
    from tests.test_url_sweep import swept_routes

    client.force_login(world.secretariat)
    params = dict.fromkeys(("q", "committee", "unit", "status", "kind", "year", "period"), "Lạng\x00Sơn")
    pages = [route for route in swept_routes() if "<" not in route and not route.startswith("api/")]
    assert pages
    answers = {route: client.get(f"/{route}", params).status_code for route in pages}
    assert not {route: status for route, status in answers.items() if status >= 500}
