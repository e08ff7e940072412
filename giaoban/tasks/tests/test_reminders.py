"""Reminders: 7 and 1 days before, on the day, weekly while overdue; once each, crash or not."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from giaoban.notifications.models import Notification, NotificationKind
from giaoban.tasks import jobs, reminders
from giaoban.tasks.models import Reminder, ReminderKind
from giaoban.tasks.reminders import milestone, reminders_send
from giaoban.tasks.tests.factories import complete, make_task

pytestmark = pytest.mark.django_db

D = dt.date
DEADLINE = D(2017, 9, 30)


@pytest.fixture
def people(world):
    for user, address in ((world.officer, "off@example.vn"), (world.secretariat, "sec@example.vn")):
        user.email = address
        user.save()
    return world


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2017, 9, 22), None),
        (D(2017, 9, 23), (ReminderKind.BEFORE, D(2017, 9, 23))),
        (D(2017, 9, 28), (ReminderKind.BEFORE, D(2017, 9, 23))),
        (D(2017, 9, 29), (ReminderKind.BEFORE, D(2017, 9, 29))),
        (D(2017, 9, 30), (ReminderKind.DUE, D(2017, 9, 30))),
        (D(2017, 10, 6), (ReminderKind.DUE, D(2017, 9, 30))),
        (D(2017, 10, 7), (ReminderKind.OVERDUE, D(2017, 10, 7))),
        (D(2017, 10, 20), (ReminderKind.OVERDUE, D(2017, 10, 14))),
    ],
)
def test_milestones(today, expected):
    assert milestone(DEADLINE, today, (7, 1)) == expected


def test_a_run_twice_sends_each_reminder_once(people, mailoutbox):
    """The lead unit's officer and the secretariat get one e-mail and one notification each."""
    task = make_task(people, deadline=DEADLINE)
    first = reminders_send(today=D(2017, 9, 23))
    assert (first.claimed, first.emailed) == (2, 2)
    again = reminders_send(today=D(2017, 9, 23))
    assert (again.claimed, again.emailed) == (0, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["off@example.vn", "sec@example.vn"]
    assert "còn 7 ngày đến hạn" in mail.outbox[0].body
    assert Notification.objects.filter(task=task, kind__startswith="reminder_").count() == 2
    # The next milestones: 1 day before, the day, weekly after.
    for day, kind in (
        (D(2017, 9, 29), NotificationKind.REMINDER_BEFORE),
        (D(2017, 9, 30), NotificationKind.REMINDER_DUE),
        (D(2017, 10, 7), NotificationKind.REMINDER_OVERDUE),
        (D(2017, 10, 14), NotificationKind.REMINDER_OVERDUE),
    ):
        assert reminders_send(today=day).claimed == 2
        assert reminders_send(today=day).claimed == 0
        assert Notification.objects.filter(task=task, kind=kind).count() >= 2
    assert len(mail.outbox) == 10
    assert Notification.objects.filter(task=task, kind__startswith="reminder_").count() == 10
    assert "đã quá hạn 14 ngày" in mail.outbox[-1].body


def test_no_reminders_for_completed_cancelled_or_recurring_tasks(people, mailoutbox):
    done = make_task(people, deadline=DEADLINE)
    complete(done, officer=people.officer, secretariat=people.secretariat, on=D(2017, 9, 1))
    make_task(people, recurring=True)
    assert reminders_send(today=DEADLINE).claimed == 0
    assert mail.outbox == []


def test_a_crash_between_claim_and_mail_loses_nothing(people, mailoutbox):
    """The process dies after claiming: the notifications exist, the e-mails go on the next run."""
    make_task(people, deadline=DEADLINE)
    assert reminders.reminders_claim(today=DEADLINE) == 2
    assert mail.outbox == []
    run = reminders_send(today=DEADLINE)
    assert (run.claimed, run.emailed) == (0, 2)
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind__startswith="reminder_").count() == 2


def test_a_crash_in_the_middle_of_mailing_duplicates_nothing(people, mailoutbox):
    """The second e-mail kills the process: the first stays marked sent, the second goes next run."""
    make_task(people, deadline=DEADLINE)
    real_send = reminders.send_mail
    calls = {"n": 0}

    def dying_send(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("killed")
        return real_send(*args, **kwargs)

    with mock.patch.object(reminders, "send_mail", dying_send), pytest.raises(SystemExit):
        reminders_send(today=DEADLINE)
    assert len(mail.outbox) == 1
    assert Reminder.objects.filter(email_sent_at__isnull=False).count() == 1
    run = reminders_send(today=DEADLINE)
    assert (run.claimed, run.emailed) == (0, 1)
    assert len(mail.outbox) == 2
    assert len({m.to[0] for m in mail.outbox}) == 2


def test_a_mail_server_failure_is_retried(people, mailoutbox):
    make_task(people, deadline=DEADLINE)
    with mock.patch.object(reminders, "send_mail", side_effect=OSError("SMTP down")):
        run = reminders_send(today=DEADLINE)
    assert (run.emailed, run.failed) == (0, 2)
    assert Reminder.objects.filter(email_error="SMTP down").count() == 2
    assert reminders_send(today=DEADLINE).emailed == 2


def test_a_missed_day_is_caught_up_once_with_todays_wording(people, mailoutbox):
    make_task(people, deadline=DEADLINE)
    reminders_send(today=D(2017, 10, 3))  # the run of 30/9 did not happen
    assert "đã quá hạn 3 ngày" in mail.outbox[0].body
    assert reminders_send(today=D(2017, 10, 4)).claimed == 0


@override_settings(TASK_REMINDER_DAYS=(3,))
def test_days_before_are_a_setting(people):
    make_task(people, deadline=DEADLINE)
    assert reminders_send(today=D(2017, 9, 26)).claimed == 0
    assert reminders_send(today=D(2017, 9, 27)).claimed == 2


def test_the_command_and_the_background_job(people, mailoutbox):
    make_task(people, deadline=DEADLINE)
    out = io.StringIO()
    call_command("send-reminders", "--date", "2017-09-30", stdout=out)
    assert "Lời nhắc mới: 2" in out.getvalue()
    call_command("send-reminders", "--date", "2017-09-30", stdout=out)
    assert len(mail.outbox) == 2
    # The job runs in process with the immediate backend (tests); the worker runs it in production.
    # Today the task is long overdue: this week's reminder goes out once.
    done = {"claimed": 2, "emailed": 2, "failed": 0, "purged": 0}
    assert jobs.send_task_reminders.enqueue().return_value == done
    nothing = {"claimed": 0, "emailed": 0, "failed": 0, "purged": 0}
    assert jobs.send_task_reminders.enqueue().return_value == nothing
    assert jobs.schedule_reminders() is False  # the immediate backend cannot defer


def test_the_daily_run_deletes_uploads_staged_more_than_a_day_ago(db, settings, tmp_path):
    """An import preview nobody confirmed (core.uploads.stage_upload) goes with the next daily run."""
    import os
    import time

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from giaoban.core.uploads import stage_upload

    settings.MEDIA_ROOT = tmp_path / "media"
    old = stage_upload(SimpleUploadedFile("doan.xlsx", b"PK"), folder="delegation-imports")
    fresh = stage_upload(SimpleUploadedFile("doan.xlsx", b"PK"), folder="delegation-imports")
    then = time.time() - 25 * 3600  # the clock moved a day and an hour past the upload
    os.utime(default_storage.path(old), (then, then))
    assert jobs.send_task_reminders.enqueue().return_value["purged"] == 1
    assert not default_storage.exists(old) and default_storage.exists(fresh)
    assert jobs.send_task_reminders.enqueue().return_value["purged"] == 0
