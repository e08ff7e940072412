"""Notifications: every event that asks someone to act notifies them, naming the unit and the committee;
e-mail copies at once or in the daily digest, as each user chose."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from giaoban.meetings import services as meeting_services
from giaoban.meetings.tests.factories import make_meeting
from giaoban.notifications import jobs, services
from giaoban.notifications.messages import notification_text
from giaoban.notifications.models import EmailMode, Notification, NotificationKind
from giaoban.reports import services as report_services
from giaoban.reports.tests.factories import fill, make_report, make_request, submission_of
from giaoban.tasks import services as task_services
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

D = dt.date
K = NotificationKind


def _texts(user, kind) -> list[str]:
    return [
        notification_text(n)
        for n in Notification.objects.filter(recipient=user, kind=kind)
        .select_related("task", "committee", "unit")
        .order_by("pk")
    ]


def test_notifications_mark_read(world):
    task = make_task(world)
    (note,) = services.notify(
        recipients=[world.officer], task=task, kind=K.EXTENSION_APPROVED, on_date=D(2018, 1, 1), email=False
    )
    services.notification_mark_read(user=world.other_officer, notification=note)
    assert Notification.objects.get(pk=note.pk).read_at is None
    services.notification_mark_read(user=world.officer, notification=note)
    assert Notification.objects.get(pk=note.pk).read_at is not None
    services.notify(recipients=[world.officer], task=task, kind=K.EXTENSION_REJECTED, email=False)
    # The task's assignment (lead unit) and the rejection are unread.
    assert services.notifications_mark_all_read(user=world.officer) == 2


def test_task_assigned_and_readdressed(world):
    """The lead and coordinating units hear of a new task; units added later hear of it then."""
    committee = world.committee
    task = make_task(world, coordinating_units=[world.other_unit])
    (lead,) = _texts(world.officer, K.TASK_ASSIGNED)
    assert lead == (
        f"{committee.short_name} giao nhiệm vụ {task.code} “{task.title}” cho Sở Ngoại vụ (chủ trì), hạn 31/12/2017."
    )
    (coordinating,) = _texts(world.other_officer, K.TASK_ASSIGNED)
    assert "cho Thành phố Lạng Sơn (phối hợp)" in coordinating
    # Re-addressed: Thành phố Lạng Sơn now leads; Sở Ngoại vụ (no longer anything) hears nothing new.
    task_services.task_update(
        actor=world.secretariat, task=task, lead_unit=world.other_unit, coordinating_units=[]
    )
    assert len(_texts(world.other_officer, K.TASK_ASSIGNED)) == 2
    assert "(chủ trì)" in _texts(world.other_officer, K.TASK_ASSIGNED)[-1]
    assert len(_texts(world.officer, K.TASK_ASSIGNED)) == 1
    assert not Notification.objects.filter(recipient=world.secretariat, kind=K.TASK_ASSIGNED).exists()


def test_report_round_notifies_each_side(world):
    """Request sent → each unit; submitted → secretariat; returned / accepted → the unit; resubmitted →
    secretariat; a committee report drafted → the leaders. Each names the unit and the committee."""
    short = world.committee.short_name
    request = make_request(world, title="Báo cáo 6 tháng đầu năm 2017")
    (sent,) = _texts(world.officer, K.REPORT_REQUESTED)
    assert (
        sent == f"{short} đề nghị Sở Ngoại vụ gửi báo cáo “Báo cáo 6 tháng đầu năm 2017”, hạn gửi 10/7/2017."
    )
    own = submission_of(request, world.unit)
    assert (
        Notification.objects.get(recipient=world.officer, kind=K.REPORT_REQUESTED).link
        == own.get_absolute_url()
    )
    submission = report_services.submission_submit(actor=world.officer, submission=fill(own, world.officer))
    assert _texts(world.secretariat, K.SUBMISSION_SUBMITTED) == [
        f"Sở Ngoại vụ đã gửi báo cáo “Báo cáo 6 tháng đầu năm 2017” cho {short}."
    ]
    report_services.submission_return(
        actor=world.secretariat, submission=submission, comment="Bổ sung số liệu."
    )
    assert _texts(world.officer, K.SUBMISSION_RETURNED) == [
        f"{short} trả lại báo cáo “Báo cáo 6 tháng đầu năm 2017” của Sở Ngoại vụ: Bổ sung số liệu."
    ]
    submission = report_services.submission_submit(actor=world.officer, submission=submission)
    assert len(_texts(world.secretariat, K.SUBMISSION_RESUBMITTED)) == 1
    report_services.submission_accept(actor=world.secretariat, submission=submission)
    assert len(_texts(world.officer, K.SUBMISSION_ACCEPTED)) == 1
    make_report(world, request)
    (awaiting,) = _texts(world.leader, K.REPORT_AWAITING_APPROVAL)
    assert short in awaiting and "Ban Tuyên giáo Tỉnh ủy" in awaiting and "chờ lãnh đạo duyệt" in awaiting


def test_meeting_invitation(world):
    meeting = make_meeting(world)
    meeting_services.invitees_add(actor=world.secretariat, meeting=meeting, units=[world.other_unit])
    (text,) = _texts(world.other_officer, K.MEETING_INVITATION)
    assert text.startswith(f"{world.committee.short_name} mời Thành phố Lạng Sơn dự “{meeting.title}”")
    # Invited again: nothing new.
    meeting_services.invitees_add(actor=world.secretariat, meeting=meeting, units=[world.other_unit])
    assert len(_texts(world.other_officer, K.MEETING_INVITATION)) == 1


def test_email_at_once_or_in_the_daily_digest(world, django_capture_on_commit_callbacks):
    """Immediate users get one mail per notification after commit; digest users one mail a day with
    all of theirs; a second digest run sends nothing; users who want no mail get none."""
    world.officer.email = "sngv@example.vn"
    world.officer.save()
    world.other_officer.email = "tpls@example.vn"
    world.other_officer.save()
    world.secretariat.email = "sec@example.vn"
    world.secretariat.save()
    services.settings_update(actor=world.officer, user=world.officer, email_mode=EmailMode.DAILY)
    services.settings_update(actor=world.secretariat, user=world.secretariat, email_mode=EmailMode.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        make_task(world, coordinating_units=[world.other_unit])
        make_task(world)
        make_request(world)
    assert sorted(m.to[0] for m in mail.outbox) == ["tpls@example.vn", "tpls@example.vn"]
    mail.outbox.clear()
    assert Notification.objects.filter(recipient=world.officer, digest_pending=True).count() == 3
    result = jobs.send_notification_digest.enqueue()
    assert result.return_value == {"users": 1, "notifications": 3, "failed": 0}
    (digest,) = mail.outbox
    assert digest.to == ["sngv@example.vn"] and "(3)" in digest.subject
    assert digest.body.count("\n- ") == 3 and "/reports/submissions/" in digest.body
    call_command("send-digest", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_digest_mail_failure_is_retried(world, monkeypatch):
    world.officer.email = "sngv@example.vn"
    world.officer.save()
    services.settings_update(actor=world.officer, user=world.officer, email_mode=EmailMode.DAILY)
    make_task(world)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(services, "send_mail", refuse)
    assert services.digest_send().failed == 1
    assert Notification.objects.filter(recipient=world.officer, digest_pending=True).count() == 1
    monkeypatch.undo()
    assert services.digest_send().notifications == 1
    assert len(mail.outbox) == 1


def test_settings_refuse_unknown_mode_and_stale_version(world):
    from django.core.exceptions import ValidationError

    from giaoban.core.services import EditConflict

    with pytest.raises(ValidationError):
        services.settings_update(actor=world.officer, user=world.officer, email_mode="weekly")
    row = services.settings_update(actor=world.officer, user=world.officer, email_mode=EmailMode.DAILY)
    with pytest.raises(EditConflict):
        services.settings_update(
            actor=world.officer,
            user=world.officer,
            email_mode=EmailMode.NONE,
            expected_version=row.version - 1,
        )


def test_a_reminder_goes_in_the_digest_once(world):
    """A task reminder to a digest user: no e-mail of its own, one line in the next digest; runs
    repeated send nothing twice (the reminder row stays the claim)."""
    from giaoban.tasks.reminders import reminders_send

    world.officer.email = "sngv@example.vn"
    world.officer.save()
    services.settings_update(actor=world.officer, user=world.officer, email_mode=EmailMode.DAILY)
    make_task(world, assigned_on=D(2017, 7, 26), deadline=D(2017, 9, 30))
    Notification.objects.filter(recipient=world.officer).update(digest_pending=False)
    reminders_send(today=D(2017, 9, 30))
    reminders_send(today=D(2017, 9, 30))
    assert [m.to for m in mail.outbox] == []  # the secretariat has no address in this world
    (reminder,) = Notification.objects.filter(recipient=world.officer, kind=K.REMINDER_DUE)
    assert reminder.digest_pending
    assert services.digest_send().notifications == 1
    assert services.digest_send().notifications == 0
    (digest,) = mail.outbox
    assert "Hôm nay (30/9/2017) là hạn hoàn thành nhiệm vụ" in digest.body


def test_send_digest_command(world):
    import io

    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="GIAOBAN_TASKS_BACKEND=database"):
        call_command("send-digest", "--schedule")
    out = io.StringIO()
    call_command("send-digest", "--enqueue", stdout=out)
    assert "Đã giao việc gửi thư tổng hợp" in out.getvalue()
