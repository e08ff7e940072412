"""The shape of a command that runs a daily job of the task worker (reminders, the notification digest):
at once, handed to the worker (`--enqueue`), or as a daily cycle the worker keeps going (`--schedule`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

NO_DEFER = "Backend chạy nền hiện tại không hẹn giờ được; đặt GIAOBAN_TASKS_BACKEND=database."


class DailyJobCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Giao cho tiến trình chạy nền (django-tasks) thay vì gửi ngay.",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Đặt lịch cho tiến trình chạy nền gửi mỗi sáng (cần backend cơ sở dữ liệu).",
        )

    def schedule(self) -> str | None:
        """Queue tomorrow morning's run; what to say, or None when the backend cannot defer work."""
        raise NotImplementedError

    def enqueue(self) -> str:
        """Hand one run to the worker; what to say."""
        raise NotImplementedError

    def run(self, options: dict[str, Any]) -> str:
        """Run now; what to say."""
        raise NotImplementedError

    def handle(self, *args, **options):
        if options["schedule"]:
            said = self.schedule()
            if said is None:
                raise CommandError(NO_DEFER)
        elif options["enqueue"]:
            said = self.enqueue()
        else:
            said = self.run(options)
        self.stdout.write(said)
