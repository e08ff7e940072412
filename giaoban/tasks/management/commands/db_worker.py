"""`giaoban db_worker`: django-tasks-db's worker, which first queues a reminder run if one was cut short.

A worker killed in the middle of the reminder run leaves it marked running, and django-tasks-db never
runs it again; on the worker's next start `catch_up_reminders` queues a new run, which sends what was
left (giaoban/tasks/jobs.py). This command takes the place of django-tasks-db's own `db_worker`: the
giaoban apps come first in INSTALLED_APPS.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

if apps.is_installed("django_tasks_db"):
    from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
else:  # the immediate backend: no queue to work on
    WorkerCommand = BaseCommand  # type: ignore[misc]


class Command(WorkerCommand):
    def handle(self, *args, **options):
        if WorkerCommand is BaseCommand:
            raise CommandError("Tiến trình chạy nền cần GIAOBAN_TASKS_BACKEND=database.")
        from giaoban.tasks.jobs import catch_up_reminders

        if catch_up_reminders():
            self.stdout.write("Đã giao lại việc gửi lời nhắc bị dừng giữa chừng cho tiến trình chạy nền.")
        return super().handle(*args, **options)
