"""Every write to notifications: `notify` (used by tasks, reports and meetings), reading them, the
user's e-mail setting and the daily digest.

`notify` writes the in-app notifications in the caller's transaction. Their e-mail copies go after it
commits, at once for users who want them so; for users on the daily digest the notification waits
(`digest_pending`) for `digest_send`, run each morning by the task worker (jobs.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.services import EditConflict, audited_save
from giaoban.org.models import Committee, Organisation, User

from .messages import digest_email, notification_email
from .models import EmailMode, Notification, NotificationSettings
from .selectors import officers_by_unit

EMAIL_MODE_INVALID = _("Cách nhận thư không hợp lệ.")


def notify(
    *,
    recipients: Iterable[User],
    kind: Any,
    task: Any = None,
    committee: Committee | None = None,
    unit: Organisation | None = None,
    subject: str = "",
    on_date: dt.date | None = None,
    days: int | None = None,
    note: str = "",
    link: str = "",
    email: bool = True,
) -> list[Notification]:
    """One in-app notification per recipient, in the caller's transaction; e-mail copies after it
    commits (or the next daily digest, as each recipient chose). About a task: `task`; about another
    record: its page as `link` and its title as `subject`. `committee` and `unit` name who it concerns
    (for a task they default to its committee and lead unit)."""
    people = {user.pk: user for user in recipients}
    if not people:
        return []
    if task is not None:
        committee = committee or task.committee
        unit = unit or task.lead_unit
    modes = dict(
        NotificationSettings.objects.filter(user__in=list(people)).values_list("user_id", "email_mode")
    )
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                task=task,
                kind=kind,
                committee=committee,
                unit=unit,
                subject=subject[:500],
                on_date=on_date,
                days=days,
                note=note,
                link=link,
                digest_pending=email and bool(user.email) and modes.get(user.pk) == EmailMode.DAILY,
            )
            for user in people.values()
        ]
    )
    if email:
        immediate = [
            n
            for n in notifications
            if n.recipient.email and modes.get(n.recipient_id, EmailMode.IMMEDIATE) == EmailMode.IMMEDIATE
        ]
        messages = [notification_email(n) for n in immediate]
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return notifications


def notify_units(
    *,
    units: Iterable[Organisation],
    kind: Any,
    task: Any = None,
    committee: Committee | None = None,
    subject: str = "",
    on_date: dt.date | None = None,
    note: str = "",
    link: str = "",
    links: dict[int, str] | None = None,
    notes: dict[int, str] | None = None,
) -> list[Notification]:
    """`notify` the active officers of each unit, each notification naming its unit; `links` and `notes`
    give a unit its own page (its submission) or note. One query finds every unit's officers."""
    units = list(units)
    officers = officers_by_unit(unit.pk for unit in units)
    notifications: list[Notification] = []
    for unit in units:
        notifications += notify(
            recipients=officers.get(unit.pk, []),
            kind=kind,
            task=task,
            committee=committee,
            unit=unit,
            subject=subject,
            on_date=on_date,
            note=(notes or {}).get(unit.pk, note),
            link=(links or {}).get(unit.pk, link),
        )
    return notifications


@transaction.atomic
def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    if notification.recipient_id == user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def settings_update(
    *, actor: Any, user: Any, email_mode: str, expected_version: int | None = None
) -> NotificationSettings:
    """The user's choice of e-mail copies: at once, one digest a day, or none."""
    if email_mode not in EmailMode.values:
        raise ValidationError({"email_mode": EMAIL_MODE_INVALID})
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    if expected_version is not None and row.version != expected_version:
        raise EditConflict()
    if row.email_mode != email_mode:
        row.email_mode = email_mode
        row.version += 1
        audited_save(row, actor=actor)
        if email_mode == EmailMode.NONE:
            Notification.objects.filter(recipient=user, digest_pending=True).update(digest_pending=False)
    return row


# --- Daily digest ---------------------------------------------------------------------------------


@dataclass
class DigestRun:
    users: int = 0
    notifications: int = 0
    failed: int = 0


def digest_send() -> DigestRun:
    """One e-mail per user with the notifications waiting for their digest. Each user's rows are locked
    (SKIP LOCKED: runs side by side share the work), mailed, and cleared in one transaction: a run
    repeated sends nothing twice, and a failed mail leaves the rows for the next run."""
    run = DigestRun()
    users = list(
        Notification.objects.filter(digest_pending=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for user_id in users:
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(recipient_id=user_id, digest_pending=True)
                .select_related("recipient", "task", "committee", "unit")
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            user = rows[0].recipient
            if user.email:
                subject, body, sender, to = digest_email(user, rows)
                try:
                    send_mail(subject, body, sender, to, fail_silently=False)
                except Exception:  # noqa: BLE001 - any mail failure is retried on the next run
                    run.failed += 1
                    continue
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(digest_pending=False)
            run.users += 1
            run.notifications += len(rows)
    return run
