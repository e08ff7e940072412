"""The daily digest as a django-tasks job, run by the same worker as the task reminders
(`giaoban db_worker`). `giaoban send-digest --schedule` starts a daily cycle: each run queues the
next morning's before it sends. Running it twice is harmless: a digest clears what it sent.
"""

from __future__ import annotations

from django_tasks import default_task_backend, task


@task()
def send_notification_digest(repeat: bool = False) -> dict[str, int]:
    from .services import digest_send

    if repeat:
        schedule_digest()  # first: a run cut short still leaves tomorrow's queued
    run = digest_send()
    return {"users": run.users, "notifications": run.notifications, "failed": run.failed}


def schedule_digest() -> bool:
    """Queue the next daily digest for tomorrow morning; False when the backend cannot defer work."""
    from giaoban.tasks.jobs import next_morning

    if not default_task_backend.supports_defer:
        return False
    send_notification_digest.using(run_after=next_morning()).enqueue(repeat=True)
    return True
