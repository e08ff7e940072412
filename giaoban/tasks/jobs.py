"""Background jobs (django-tasks). With the database backend, `giaoban db_worker` runs them.

`send_task_reminders` sends the reminders due today; when the backend can defer work, it queues its
own next run for the next morning, so one `giaoban send-reminders --schedule` starts a daily cycle in
the worker. Running it more than once a day is harmless: reminders are idempotent. Each run also deletes
the staged uploads older than a day (core.uploads.purge_staged).

A worker killed in the middle of a run (SIGKILL, out of memory, the machine restarted) leaves the run
marked "running" for good: django-tasks-db never runs it again. So the next morning's run is queued
before the reminders go, and a worker that starts queues a run at once when one was cut short
(`catch_up_reminders`, called by `giaoban db_worker`): what was left unsent goes on the restart.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend, task

from giaoban.core.uploads import purge_staged

REMINDER_HOUR = 7


def next_morning(now: dt.datetime | None = None) -> dt.datetime:
    """07:00 local time of the next day."""
    local = timezone.localtime(now)
    day = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(REMINDER_HOUR)))


@task()
def send_task_reminders(repeat: bool = False) -> dict[str, int]:
    from .reminders import reminders_send

    if repeat:
        schedule_reminders()  # first: a run cut short still leaves tomorrow's queued
    run = reminders_send()
    # The daily run's housekeeping: uploads kept for a preview nobody confirmed go after a day.
    purged = purge_staged()
    return {"claimed": run.claimed, "emailed": run.emailed, "failed": run.failed, "purged": purged}


def schedule_reminders() -> bool:
    """Queue the next daily run for tomorrow morning; False when the backend cannot defer work."""
    if not default_task_backend.supports_defer:
        return False
    send_task_reminders.using(run_after=next_morning()).enqueue(repeat=True)
    return True


def catch_up_reminders() -> bool:
    """Queue a reminder run now if one was cut short; True if queued. `giaoban db_worker` calls it on start.

    Cut short: a run still marked running (its worker was stopped in the middle; a run that really is
    going on in another worker does no harm beside the new one), or reminders claimed and not yet mailed.
    """
    from django_tasks_db.models import DBTaskResult

    from .models import Reminder
    from .reminders import MAX_EMAIL_ATTEMPTS

    cut_short = DBTaskResult.objects.filter(
        task_path=send_task_reminders.module_path, status=TaskResultStatus.RUNNING
    ).exists()
    unsent = Reminder.objects.filter(email_sent_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)
    if not (cut_short or unsent.exists()):
        return False
    send_task_reminders.enqueue()
    return True
