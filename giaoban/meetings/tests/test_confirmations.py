"""Issue #15, 4: an invited unit answers its invitation itself (who attends, a substitute, or why it
cannot), until the meeting day; the secretariat sees the answers and counts on the meeting page, in the
API, and starts the attendance sheet from them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from giaoban.api.testing import bearer, count_queries
from giaoban.core.services import EditConflict
from giaoban.meetings import selectors, services
from giaoban.meetings.models import Attendance, Confirmation, Invitee
from giaoban.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _soon(world, **kwargs):
    """A meeting a week ahead, the officer's unit and the other unit invited."""
    invite = kwargs.pop("invite", [world.unit, world.other_unit])
    return make_meeting(world, date=timezone.localdate() + dt.timedelta(days=7), invite=invite, **kwargs)


def _invitee(meeting, unit) -> Invitee:
    return meeting.invitees.get(unit=unit)


# --- The service -----------------------------------------------------------------------------------------


def test_a_unit_answers_changes_its_answer_and_each_answer_is_audited(world):
    meeting = _soon(world)
    invitee = _invitee(meeting, world.unit)
    answered = services.invitation_confirm(
        actor=world.officer,
        invitee=invitee,
        answer=Confirmation.ATTEND,
        name=" Lê Thi\u0323 Ngoại ",
        title="Giám đốc Sở Ngoại vụ",
        reason="ignored",
        expected_version=1,
    )
    assert (answered.confirmation, answered.confirmed_name, answered.confirmation_reason) == (
        Confirmation.ATTEND,
        "Lê Thị Ngoại",  # composed and trimmed
        "",
    )
    assert answered.confirmed_by == world.officer and answered.confirmed_at is not None
    with pytest.raises(EditConflict):
        services.invitation_confirm(
            actor=world.officer,
            invitee=invitee,
            answer=Confirmation.DECLINE,
            reason="Bận",
            expected_version=1,
        )
    changed = services.invitation_confirm(
        actor=world.officer,
        invitee=invitee,
        answer=Confirmation.SUBSTITUTE,
        name="Nguyễn Văn Thay",
        title="Phó Giám đốc",
        expected_version=2,
    )
    assert changed.version == 3 and changed.confirmed_person == "Nguyễn Văn Thay, Phó Giám đốc"
    history = list(changed.history.order_by("history_date"))
    assert [h.confirmation for h in history] == ["", "attend", "substitute"]
    assert history[-1].history_user == world.officer
    assert history[-1].history_change_reason == "Trả lời giấy mời: Cử người dự thay"


@pytest.mark.parametrize(
    ("answer", "fields", "errors"),
    [
        ("", {}, {"answer": services.CONFIRMATION_NEEDS_ANSWER}),
        (
            Confirmation.ATTEND,
            {"name": " "},
            {"name": services.CONFIRMATION_NEEDS_NAME, "title": services.CONFIRMATION_NEEDS_TITLE},
        ),
        (Confirmation.SUBSTITUTE, {"name": "A"}, {"title": services.CONFIRMATION_NEEDS_TITLE}),
        (Confirmation.DECLINE, {"name": "A", "title": "B"}, {"reason": services.CONFIRMATION_NEEDS_REASON}),
    ],
)
def test_an_answer_names_who_attends_or_why_not(world, answer, fields, errors):
    meeting = _soon(world)
    invitee = _invitee(meeting, world.unit)
    with pytest.raises(ValidationError) as error:
        services.invitation_confirm(actor=world.officer, invitee=invitee, answer=answer, **fields)
    assert error.value.message_dict == {field: [str(message)] for field, message in errors.items()}
    invitee.refresh_from_db()
    assert invitee.confirmation == "" and invitee.version == 1


def test_no_answer_after_the_meeting_day(world):
    meeting = make_meeting(world, date=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.invitation_confirm(
            actor=world.officer,
            invitee=_invitee(meeting, world.unit),
            answer=Confirmation.DECLINE,
            reason="x",
        )
    assert "đã diễn ra" in error.value.message_dict["answer"][0]
    today = make_meeting(world, date=timezone.localdate())
    answered = services.invitation_confirm(
        actor=world.officer, invitee=_invitee(today, world.unit), answer=Confirmation.DECLINE, reason="Ốm"
    )
    assert answered.confirmation == Confirmation.DECLINE  # the meeting day itself still counts


def test_the_attendance_sheet_starts_from_the_answers(world, client_for):
    meeting = _soon(world, invite=[world.unit, world.other_unit, world.standing_agency])
    services.invitation_confirm(
        actor=world.officer,
        invitee=_invitee(meeting, world.unit),
        answer=Confirmation.SUBSTITUTE,
        name="Nguyễn Văn Thay",
        title="Phó Giám đốc",
    )
    services.invitation_confirm(
        actor=world.other_officer,
        invitee=_invitee(meeting, world.other_unit),
        answer=Confirmation.DECLINE,
        reason="Trùng lịch tiếp đoàn",
    )
    page = client_for(world.secretariat).get(reverse("meetings:attendance", args=[meeting.pk]))
    form = page.context["form"]
    unit, other, agency = (
        _invitee(meeting, u).pk for u in (world.unit, world.other_unit, world.standing_agency)
    )
    assert form[f"attendance-{unit}"].value() == Attendance.REPRESENTED
    assert form[f"by-{unit}"].value() == "Nguyễn Văn Thay, Phó Giám đốc"
    assert form[f"attendance-{other}"].value() == Attendance.ABSENT
    assert form[f"reason-{other}"].value() == "Trùng lịch tiếp đoàn"
    assert form[f"attendance-{agency}"].value() == Attendance.UNKNOWN
    # Once the day is recorded the sheet shows what was recorded, not the answer.
    recorded = services.attendance_record(
        actor=world.secretariat, invitee=_invitee(meeting, world.unit), attendance=Attendance.PRESENT
    )
    assert recorded.expected_attendance() == (Attendance.PRESENT, "", "")


# --- Pages -----------------------------------------------------------------------------------------------


def test_the_unit_officer_answers_on_the_page_and_the_secretariat_sees_it(world, client_for):
    meeting = _soon(world)
    officer = client_for(world.officer)
    detail = officer.get(meeting.get_absolute_url()).content.decode()
    assert 'id="my-invitation"' in detail and "Đơn vị chưa trả lời giấy mời." in detail
    url = reverse("meetings:confirmation", args=[meeting.pk])
    form_page = officer.get(url)
    assert form_page.status_code == 200
    assert form_page.context["form"]["version"].value() == 1  # the edit carries the version read
    html = form_page.content.decode()
    assert '<option value="Lê Thị Ngoại" data-title="Giám đốc Sở Ngoại vụ">' in html  # the unit's people
    assert "Trần Văn Khác" not in html  # not another unit's
    refused = officer.post(url, {"answer": "attend", "name": "", "title": "", "version": 1})
    assert refused.status_code == 200 and str(services.CONFIRMATION_NEEDS_NAME) in refused.content.decode()
    sent = officer.post(
        url, {"answer": "substitute", "name": "Nguyễn Văn Thay", "title": "Phó Giám đốc", "version": 1}
    )
    assert sent.status_code == 302
    assert _invitee(meeting, world.unit).confirmation == Confirmation.SUBSTITUTE
    secretariat = client_for(world.secretariat).get(meeting.get_absolute_url()).content.decode()
    assert "Trả lời giấy mời: xác nhận dự 1; không dự được 0; chưa trả lời 1." in secretariat
    assert "Cử người dự thay: Nguyễn Văn Thay, Phó Giám đốc" in secretariat


def test_only_the_invited_units_officer_answers(world, client_for):
    meeting = _soon(world, invite=[world.unit])
    url = reverse("meetings:confirmation", args=[meeting.pk])
    assert client_for(world.secretariat).get(url).status_code == 403  # records attendance instead
    assert client_for(world.other_officer).get(url).status_code == 404  # not invited: cannot see it
    past = make_meeting(world, date=timezone.localdate() - dt.timedelta(days=3))
    detail = client_for(world.officer).get(past.get_absolute_url()).content.decode()
    assert reverse("meetings:confirmation", args=[past.pk]) not in detail  # no button after the day


def test_the_detail_page_query_count_does_not_grow_with_answers(
    world, client_for, django_assert_max_num_queries
):
    meeting = _soon(world, invite=[world.unit, world.other_unit, world.standing_agency])
    for invitee in meeting.invitees.all():
        services.invitation_confirm(
            actor=None, invitee=invitee, answer=Confirmation.ATTEND, name="Người dự", title="Chuyên viên"
        )
    secretariat, officer = client_for(world.secretariat), client_for(world.officer)
    with django_assert_max_num_queries(20):
        assert secretariat.get(meeting.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):  # + the officer's own invitation
        assert officer.get(meeting.get_absolute_url()).status_code == 200


# --- API -------------------------------------------------------------------------------------------------


def _confirm(client, user, meeting, data):
    return client.post(
        f"{API}/meetings/{meeting.pk}/confirmation",
        data=data,
        content_type="application/json",
        headers=bearer(user),
    )


def test_the_api_answer_and_the_answers_in_the_meeting_detail(world, client):
    meeting = _soon(world)
    missing = _confirm(client, world.officer, meeting, {})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "answer"
    no_reason = _confirm(client, world.officer, meeting, {"answer": "decline"})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    answered = _confirm(
        client, world.officer, meeting, {"answer": "decline", "reason": "Trùng lịch", "version": 1}
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert (
        body["confirmation"],
        body["confirmation_label"],
        body["confirmation_reason"],
        body["version"],
    ) == (
        "decline",
        "Không dự được",
        "Trùng lịch",
        2,
    )
    stale = _confirm(
        client, world.officer, meeting, {"answer": "attend", "name": "A", "title": "B", "version": 1}
    )
    assert stale.status_code == 409
    assert (
        _confirm(client, world.secretariat, meeting, {"answer": "decline", "reason": "x"}).status_code == 403
    )
    hidden = _soon(world, invite=[world.other_unit])
    assert _confirm(client, world.officer, hidden, {"answer": "decline", "reason": "x"}).status_code == 404
    detail = client.get(f"{API}/meetings/{meeting.pk}", headers=bearer(world.secretariat)).json()
    assert detail["confirmation_counts"] == {"confirmed": 0, "declined": 1, "unanswered": 1}
    answers = {row["name"]: row for row in detail["confirmations"]}
    assert answers["Sở Ngoại vụ"]["confirmation"] == "decline"
    assert answers["Thành phố Lạng Sơn"]["confirmation"] == ""


def test_the_meeting_detail_api_runs_the_same_queries_for_few_or_many_invitees(world, client):
    meeting = _soon(world, invite=[world.unit])
    headers = bearer(world.secretariat)
    url = f"{API}/meetings/{meeting.pk}"
    client.get(url, headers=headers)  # the token's first use is recorded once
    few = count_queries(client, url, headers)
    services.invitees_add(actor=None, meeting=meeting, units=[world.other_unit, world.standing_agency])
    for invitee in meeting.invitees.all():
        services.invitation_confirm(actor=None, invitee=invitee, answer=Confirmation.DECLINE, reason="Bận")
    assert count_queries(client, url, headers) == few
    assert selectors.confirmation_counts(list(meeting.invitees.all()))["declined"] == 3


# --- Who is told -----------------------------------------------------------------------------------------


def test_the_secretariat_hears_each_answer_and_the_presenting_unit_its_item(world):
    from giaoban.notifications.models import Notification, NotificationKind

    meeting = _soon(world)
    services.invitation_confirm(
        actor=world.officer,
        invitee=_invitee(meeting, world.unit),
        answer=Confirmation.SUBSTITUTE,
        name="Hoàng Văn Phó",
        title="Phó Giám đốc",
        expected_version=1,
    )
    heard = Notification.objects.get(recipient=world.secretariat, kind=NotificationKind.INVITATION_ANSWERED)
    assert heard.unit == world.unit and heard.link == meeting.get_absolute_url()

    item = services.agenda_item_create(
        actor=world.secretariat,
        meeting=meeting,
        title="Báo cáo công tác đối ngoại",
        presenter_unit=world.unit,
    )
    told = Notification.objects.get(recipient=world.officer, kind=NotificationKind.AGENDA_PRESENTER)
    assert told.subject == "Báo cáo công tác đối ngoại" and told.on_date == meeting.date
    # Moved to another unit: that unit is told; a change of wording alone tells nobody again.
    services.agenda_item_update(
        actor=world.secretariat, item=item, expected_version=item.version, presenter_unit=world.other_unit
    )
    assert Notification.objects.filter(kind=NotificationKind.AGENDA_PRESENTER).count() == 1 + len(
        list(world.other_unit.users.filter(is_active=True))
    )
