"""Deadline reminders: before the deadline in force (settings.TASK_REMINDER_DAYS, default 7 and 1 days),
on the day itself, then weekly while the task is overdue; to the lead unit's officers and the committee's
secretariat, in the app and by e-mail.

Idempotent and crash-safe. A run works in two phases:

1. claim: for each reminder due, one transaction inserts the Reminder row, unique on
   (task, kind, date, recipient), together with its in-app notification. A second run, or a run beside
   this one, finds the row (or hits the unique constraint) and adds nothing: each in-app notification
   exists exactly once.
2. mail: each claimed row whose e-mail is not marked sent is locked (SKIP LOCKED, so parallel runs
   share the work), mailed, and marked in the same transaction. A crash before the mark leaves the row
   unmarked, and the next run mails it: nothing is lost. Only a crash in the instant between the mail
   server's acceptance and the commit can repeat one e-mail, the least any SMTP sender can promise.

A run reminds of the latest milestone that has come (7 days before, 1 day before, the day, each week
after): a day the command did not run is caught up once, not replayed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from giaoban.core.permissions import Role
from giaoban.notifications.messages import notification_email
from giaoban.notifications.models import EmailMode, Notification, NotificationKind
from giaoban.org.models import User

from .models import Reminder, ReminderKind, Task

MAX_EMAIL_ATTEMPTS = 5
BATCH = 500
NO_ADDRESS = "Người nhận không có địa chỉ thư điện tử."
# A recipient who chose the daily digest (or no e-mail) gets the reminder there, not on its own.
NOT_IMMEDIATE = "Người nhận chọn thư tổng hợp hằng ngày hoặc không nhận thư."


@dataclass
class ReminderRun:
    claimed: int = 0
    emailed: int = 0
    failed: int = 0


def milestone(deadline: dt.date, today: dt.date, days_before: Iterable[int]) -> tuple[Any, dt.date] | None:
    """The latest reminder milestone on or before today: (kind, date), or None before the first."""
    if today < deadline:
        dates = [deadline - dt.timedelta(days=n) for n in days_before if n > 0]
        passed = [day for day in dates if day <= today]
        return (ReminderKind.BEFORE, max(passed)) if passed else None
    weeks = (today - deadline).days // 7
    if weeks == 0:
        return ReminderKind.DUE, deadline
    return ReminderKind.OVERDUE, deadline + dt.timedelta(days=7 * weeks)


def _notification_for(task: Task, recipient: User, deadline: dt.date, today: dt.date) -> Notification:
    """The message says how things stand today, also for a milestone caught up late."""
    if today < deadline:
        kind, days = NotificationKind.REMINDER_BEFORE, (deadline - today).days
    elif today == deadline:
        kind, days = NotificationKind.REMINDER_DUE, 0
    else:
        kind, days = NotificationKind.REMINDER_OVERDUE, (today - deadline).days
    return Notification(
        recipient=recipient,
        task=task,
        kind=kind,
        committee_id=task.committee_id,
        unit_id=task.lead_unit_id,
        on_date=deadline,
        days=days,
    )


def _recipients(tasks: list[Task]) -> tuple[dict[int, list[User]], dict[int, list[User]]]:
    unit_ids = {task.lead_unit_id for task in tasks}
    committee_ids = {task.committee_id for task in tasks}
    officers: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.UNIT_OFFICER, is_active=True, organisation__in=unit_ids
    ).order_by("pk"):
        officers.setdefault(user.organisation_id, []).append(user)
    secretariat: dict[int, list[User]] = {}
    through = User.committees.through
    members = through.objects.filter(
        committee_id__in=committee_ids, user__role=Role.SECRETARIAT, user__is_active=True
    ).select_related("user")
    for row in members.order_by("user_id"):
        secretariat.setdefault(row.committee_id, []).append(row.user)
    return officers, secretariat


def reminders_claim(*, today: dt.date | None = None) -> int:
    """Phase 1: insert the reminders due today with their in-app notifications; returns how many."""
    today = today or timezone.localdate()
    days_before = tuple(settings.TASK_REMINDER_DAYS)
    horizon = today + dt.timedelta(days=max(days_before, default=0))
    open_tasks = Task.objects.filter(
        completed_on__isnull=True, cancelled_on__isnull=True, recurring=False, deadline_in_force__lte=horizon
    ).order_by("deadline_in_force", "id")
    claimed = 0
    last_id, last_deadline = 0, None
    while True:
        page = open_tasks
        if last_deadline is not None:
            page = page.filter(deadline_in_force__gte=last_deadline).exclude(
                deadline_in_force=last_deadline, id__lte=last_id
            )
        tasks = list(page[:BATCH])
        if not tasks:
            return claimed
        last_id, last_deadline = tasks[-1].pk, tasks[-1].deadline_in_force
        claimed += _claim_batch(tasks, today, days_before)


def _claim_batch(tasks: list[Task], today: dt.date, days_before: tuple[int, ...]) -> int:
    due: list[tuple[Task, str, dt.date]] = []
    for task in tasks:
        assert task.deadline_in_force is not None
        found = milestone(task.deadline_in_force, today, days_before)
        if found is not None:
            due.append((task, found[0], found[1]))
    if not due:
        return 0
    officers, secretariat = _recipients([task for task, _, _ in due])
    existing = set(
        Reminder.objects.filter(
            task_id__in=[task.pk for task, _, _ in due], due_on__in={day for _, _, day in due}
        ).values_list("task_id", "kind", "due_on", "recipient_id")
    )
    claimed = 0
    for task, kind, day in due:
        people = {
            u.pk: u for u in [*officers.get(task.lead_unit_id, []), *secretariat.get(task.committee_id, [])]
        }
        for user in people.values():
            if (task.pk, kind, day, user.pk) in existing:
                continue
            try:
                with transaction.atomic():
                    assert task.deadline_in_force is not None
                    notification = _notification_for(task, user, task.deadline_in_force, today)
                    notification.save()
                    Reminder.objects.create(
                        task=task,
                        kind=kind,
                        due_on=day,
                        recipient=user,
                        deadline=task.deadline_in_force,
                        notification=notification,
                    )
            except IntegrityError:
                continue  # claimed by a run beside this one
            claimed += 1
    return claimed


def reminders_mail() -> tuple[int, int]:
    """Phase 2: e-mail every claimed reminder not yet mailed; returns (sent, failed)."""
    sent = failed = 0
    pending = list(
        Reminder.objects.filter(email_sent_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "recipient",
                    "recipient__notification_settings",
                    "notification__task__committee",
                    "notification__task__lead_unit",
                    "notification__committee",
                    "notification__unit",
                    "notification__recipient",
                )
                .filter(pk=pk, email_sent_at__isnull=True)
                .first()
            )
            if reminder is None:
                continue  # mailed meanwhile, or being mailed by a run beside this one
            settings_row = getattr(reminder.recipient, "notification_settings", None)
            mode = settings_row.email_mode if settings_row else EmailMode.IMMEDIATE
            if reminder.recipient.email and reminder.notification is not None and mode != EmailMode.IMMEDIATE:
                # Marked here, in the row's transaction: the digest takes it, once.
                Notification.objects.filter(pk=reminder.notification_id).update(
                    digest_pending=mode == EmailMode.DAILY
                )
                reminder.email_error = NOT_IMMEDIATE
                reminder.email_sent_at = timezone.now()
                reminder.save(update_fields=["email_error", "email_sent_at"])
                continue
            if not reminder.recipient.email or reminder.notification is None:
                reminder.email_error = NO_ADDRESS
                reminder.email_sent_at = timezone.now()
                reminder.save(update_fields=["email_error", "email_sent_at"])
                continue
            subject, body, sender, to = notification_email(reminder.notification)
            try:
                send_mail(subject, body, sender, to, fail_silently=False)
            except Exception as error:  # noqa: BLE001 - any mail failure is retried on the next run
                reminder.email_attempts += 1
                reminder.email_error = str(error)[:1000]
                reminder.save(update_fields=["email_attempts", "email_error"])
                failed += 1
                continue
            reminder.email_sent_at = timezone.now()
            reminder.email_error = ""
            reminder.save(update_fields=["email_sent_at", "email_error"])
            sent += 1
    return sent, failed


def reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """Claim the reminders due today, then mail every claimed one not yet mailed."""
    claimed = reminders_claim(today=today)
    sent, failed = reminders_mail()
    return ReminderRun(claimed=claimed, emailed=sent, failed=failed)
