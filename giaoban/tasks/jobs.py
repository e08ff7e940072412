"""Background jobs (django-tasks). With the database backend, `giaoban db_worker` runs them.

`send_task_reminders` sends the reminders due today; when the backend can defer work, it queues its
own next run for the next morning, so one `giaoban send-reminders --schedule` starts a daily cycle in
the worker. Running it more than once a day is harmless: reminders are idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import default_task_backend, task

REMINDER_HOUR = 7


def next_morning(now: dt.datetime | None = None) -> dt.datetime:
    """07:00 local time of the next day."""
    local = timezone.localtime(now)
    day = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(REMINDER_HOUR)))


@task()
def send_task_reminders(repeat: bool = False) -> dict[str, int]:
    from .reminders import reminders_send

    run = reminders_send()
    if repeat:
        schedule_reminders()
    return {"claimed": run.claimed, "emailed": run.emailed, "failed": run.failed}


def schedule_reminders() -> bool:
    """Queue the next daily run for tomorrow morning; False when the backend cannot defer work."""
    if not default_task_backend.supports_defer:
        return False
    send_task_reminders.using(run_after=next_morning()).enqueue(repeat=True)
    return True
