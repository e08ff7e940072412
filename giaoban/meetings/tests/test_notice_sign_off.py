"""Issue 15, item 3: a committee may require its leader's "Đồng ý ban hành" before the secretariat issues
a conclusion notice; who agreed and when are kept, an edit afterwards withdraws the agreement, and the
page and the API say so."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.core.services import EditConflict
from giaoban.meetings import services
from giaoban.meetings.conclusions import SIGN_OFF_NOT_REQUIRED, SIGN_OFF_REQUIRED
from giaoban.meetings.models import NoticeState
from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
from giaoban.org import services as org_services
from giaoban.tasks.models import Task

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/v1"


def _require_sign_off(world) -> None:
    committee = world.committee
    org_services.committee_update(
        actor=world.secretariat,
        committee=committee,
        expected_version=committee.version,
        notice_requires_sign_off=True,
    )
    world.committee.refresh_from_db()


def _notice(world):
    _require_sign_off(world)
    return make_notice(make_meeting(world), tasks=2)


def _text(response) -> str:
    return unescape(response.content.decode())


# --- Services ----------------------------------------------------------------------------------------


def test_a_notice_waits_for_the_leaders_sign_off_before_it_is_issued(world):
    notice = _notice(world)
    assert notice.awaits_sign_off
    with pytest.raises(ValidationError) as error:
        services.conclusion_issue(actor=world.secretariat, notice=notice, date=D(2017, 7, 28))
    assert error.value.messages == [str(SIGN_OFF_REQUIRED)]
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.number is None and Task.objects.count() == 0

    with pytest.raises(EditConflict):
        services.conclusion_sign_off(actor=world.leader, notice=notice, expected_version=notice.version + 5)
    signed = services.conclusion_sign_off(actor=world.leader, notice=notice, expected_version=notice.version)
    assert signed.signed_off_by == world.leader and signed.signed_off_at is not None
    assert signed.history.first().history_change_reason == "Lãnh đạo đồng ý ban hành"
    assert signed.history.first().history_user == world.leader
    with pytest.raises(ValidationError):
        services.conclusion_sign_off(actor=world.leader, notice=signed)  # once is enough

    issued = services.conclusion_issue(actor=world.secretariat, notice=signed, date=D(2017, 7, 28))
    assert issued.is_issued and Task.objects.count() == 2
    assert issued.signed_off_by == world.leader  # the agreement stays on record


def test_an_edit_after_the_sign_off_withdraws_it(world):
    notice = _notice(world)
    notice = services.conclusion_sign_off(actor=world.leader, notice=notice)
    notice = services.conclusion_update(actor=world.secretariat, notice=notice, assessment="Đánh giá mới.")
    assert notice.signed_off_at is None and notice.awaits_sign_off
    # The secretariat heard of the agreement; the leaders hear the notice awaits it again.
    from giaoban.notifications.models import Notification, NotificationKind

    assert Notification.objects.filter(
        recipient=world.secretariat, kind=NotificationKind.NOTICE_SIGNED_OFF
    ).exists()
    assert Notification.objects.filter(
        recipient=world.leader, kind=NotificationKind.NOTICE_SIGN_OFF_REQUESTED
    ).exists()
    assert "cần lãnh đạo đồng ý lại" in notice.history.first().history_change_reason

    notice = services.conclusion_sign_off(actor=world.leader, notice=notice)
    add_key_task(notice, title="Nhiệm vụ thêm", lead_unit=world.unit, deadline=D(2017, 12, 31))
    notice.refresh_from_db()
    assert notice.awaits_sign_off


def test_a_committee_that_does_not_ask_issues_as_before(world):
    notice = make_notice(make_meeting(world), tasks=1)
    assert not notice.awaits_sign_off
    with pytest.raises(ValidationError) as error:
        services.conclusion_sign_off(actor=world.leader, notice=notice)
    assert error.value.messages == [str(SIGN_OFF_NOT_REQUIRED)]
    assert services.conclusion_issue(actor=world.secretariat, notice=notice, date=D(2017, 7, 28)).is_issued


# --- Pages -------------------------------------------------------------------------------------------


def test_the_leader_agrees_on_the_page_and_the_secretariat_then_issues(world, client_for):
    notice = _notice(world)
    detail = reverse("meetings:conclusion-detail", args=[notice.pk])
    sign_off = reverse("meetings:conclusion-sign-off", args=[notice.pk])
    issue = reverse("meetings:conclusion-issue", args=[notice.pk])

    page = _text(client_for(world.secretariat).get(detail))
    assert 'id="notice-sign-off"' in page and 'id="notice-issue-link"' not in page
    assert 'id="notice-sign-off-form"' not in page
    assert client_for(world.secretariat).post(sign_off, {"version": notice.version}).status_code == 403
    refused = client_for(world.secretariat).post(issue, {"version": notice.version, "date": "2017-07-28"})
    assert refused.status_code == 200 and str(SIGN_OFF_REQUIRED) in _text(refused)

    leader = client_for(world.leader)
    page = _text(leader.get(detail))
    assert 'id="notice-sign-off-form"' in page and "Đồng ý ban hành" in page
    response = leader.post(sign_off, {"version": notice.version})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.signed_off_by == world.leader
    assert leader.post(sign_off, {"version": notice.version}).status_code == 403  # already agreed

    secretariat = client_for(world.secretariat)
    page = _text(secretariat.get(detail))
    assert "đã đồng ý ban hành lúc" in page and 'id="notice-issue-link"' in page
    response = secretariat.post(issue, {"version": notice.version, "date": "2017-07-28"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.is_issued


def test_the_committee_page_shows_the_setting(world, client_for):
    _require_sign_off(world)
    page = _text(client_for(world.secretariat).get(world.committee.get_absolute_url()))
    assert "Sau khi lãnh đạo đồng ý ban hành" in page


# --- API ---------------------------------------------------------------------------------------------


def test_the_api_signs_off_and_issues(client, world):
    notice = _notice(world)
    url = f"{API}/conclusions/{notice.pk}"

    def post(path, user, body):
        return client.post(f"{url}{path}", body, content_type="application/json", headers=bearer(user))

    body = client.get(url, headers=bearer(world.leader)).json()
    assert body["requires_sign_off"] is True and body["signed_off_at"] is None
    refused = post("/issue", world.secretariat, {"version": notice.version})
    assert refused.status_code == 422 and "đồng ý" in str(refused.json())
    assert post("/sign-off", world.secretariat, {"version": notice.version}).status_code == 403
    assert post("/sign-off", world.leader, {}).status_code == 422
    assert post("/sign-off", world.leader, {"version": 999}).status_code == 409
    body = post("/sign-off", world.leader, {"version": notice.version}).json()
    assert body["signed_off_by"] and body["signed_off_at"]
    body = post("/issue", world.secretariat, {"version": body["version"], "date": "2017-07-28"}).json()
    assert body["state"] == "issued"


def test_the_committee_setting_through_the_api(client, world):
    url = f"{API}/committees/{world.committee.pk}"
    body = client.get(url, headers=bearer(world.secretariat)).json()
    assert body["notice_requires_sign_off"] is False
    response = client.patch(
        url,
        {"version": body["version"], "notice_requires_sign_off": True},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert response.status_code == 200 and response.json()["notice_requires_sign_off"] is True
