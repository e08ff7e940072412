"""Issue 13 item 5: a conclusion notice is never issued without a signer, and no key task falls due before
the meeting that gave it; refused on the page and in the API with a Vietnamese message naming the field,
nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.meetings import services
from giaoban.meetings.conclusions import DEADLINE_BEFORE_MEETING, SIGNER_REQUIRED
from giaoban.meetings.models import KeyTask, NoticeState
from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
from giaoban.tasks.models import Task

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/v1"
BEFORE_MEETING = str(DEADLINE_BEFORE_MEETING % {"deadline": "20/7/2017", "date": "26/7/2017"})


def _unsigned_notice(world):
    notice = make_notice(make_meeting(world), tasks=2)
    return services.conclusion_update(actor=None, notice=notice, signer=None)


def test_a_notice_without_a_signer_is_not_issued(world):
    notice = _unsigned_notice(world)
    with pytest.raises(ValidationError) as error:
        services.conclusion_issue(actor=None, notice=notice, date=D(2017, 7, 28))
    assert error.value.message_dict == {"signer": [str(SIGNER_REQUIRED)]}
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.number is None and Task.objects.count() == 0


def test_an_issued_notice_keeps_its_signer(world):
    notice = make_notice(make_meeting(world), tasks=1)
    issued = services.conclusion_issue(actor=None, notice=notice, date=D(2017, 7, 28))
    with pytest.raises(ValidationError) as error:
        services.conclusion_update(actor=None, notice=issued, signer=None)
    assert error.value.message_dict == {"signer": [str(SIGNER_REQUIRED)]}
    issued.refresh_from_db()
    assert issued.signer == world.unit_person


def test_a_key_task_due_before_the_meeting_is_refused(world):
    """A draft has no date yet: the meeting's date is the bound (the notice's date, later, is another)."""
    notice = services.conclusion_create(actor=None, meeting=make_meeting(world), date=None)
    with pytest.raises(ValidationError) as error:
        add_key_task(notice, title="Tổng kết", lead_unit=world.unit, deadline=D(2017, 7, 20))
    assert error.value.message_dict == {"deadline": [BEFORE_MEETING]}
    assert not KeyTask.objects.exists()
    key_task = add_key_task(notice, title="Tổng kết", lead_unit=world.unit, deadline=D(2017, 7, 26))
    with pytest.raises(ValidationError) as error:
        services.key_task_update(actor=None, key_task=key_task, deadline=D(2017, 7, 20))
    assert error.value.message_dict == {"deadline": [BEFORE_MEETING]}
    key_task.refresh_from_db()
    assert key_task.deadline == D(2017, 7, 26)


def test_the_issue_page_says_why_a_notice_without_a_signer_cannot_be_issued(world, client_for):
    notice = _unsigned_notice(world)
    client = client_for(world.secretariat)
    url = reverse("meetings:conclusion-issue", args=[notice.pk])
    page = client.get(url).content.decode()
    assert str(SIGNER_REQUIRED) in page
    response = client.post(url, {"version": notice.version, "date": "2017-07-28"})
    assert response.status_code == 200
    assert str(SIGNER_REQUIRED) in response.context["form"].non_field_errors()
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and Task.objects.count() == 0


def test_the_key_task_page_names_the_deadline_field(world, client_for):
    notice = make_notice(make_meeting(world), tasks=0)
    response = client_for(world.secretariat).post(
        reverse("meetings:key-task-create", args=[notice.pk]),
        {"title": "Tổng kết", "lead_unit": world.unit.pk, "deadline": "2017-07-20"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"] == [BEFORE_MEETING]
    assert not KeyTask.objects.exists()


def test_the_api_answers_422_naming_the_field(world, client):
    notice = _unsigned_notice(world)
    headers = bearer(world.secretariat)
    response = client.post(
        f"{API}/conclusions/{notice.pk}/issue",
        data={"version": notice.version, "date": "2017-07-28"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [
        ("signer", str(SIGNER_REQUIRED))
    ]
    response = client.post(
        f"{API}/conclusions/{notice.pk}/key-tasks",
        data={"title": "Tổng kết", "lead_unit": world.unit.pk, "deadline": "2017-07-20"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [("deadline", BEFORE_MEETING)]
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.key_tasks.count() == 2
