"""`giaoban send-reminders`: send the task reminders due today. Meant for cron; safe to run twice."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Gửi lời nhắc hạn nhiệm vụ (trước hạn, đúng hạn, quá hạn hằng tuần). Chạy lại không gửi trùng."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD); mặc định hôm nay.")
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

    def handle(self, *args, **options):
        from giaoban.tasks import jobs
        from giaoban.tasks.reminders import reminders_send

        if options["schedule"]:
            if not jobs.schedule_reminders():
                raise CommandError(
                    "Backend chạy nền hiện tại không hẹn giờ được; đặt GIAOBAN_TASKS_BACKEND=database."
                )
            self.stdout.write(f"Đã đặt lịch gửi lời nhắc lúc {jobs.next_morning():%H:%M %d/%m/%Y}.")
            return
        if options["enqueue"]:
            result = jobs.send_task_reminders.enqueue()
            self.stdout.write(f"Đã giao việc gửi lời nhắc cho tiến trình chạy nền ({result.id}).")
            return
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.") from error
        run = reminders_send(today=today)
        self.stdout.write(
            f"Lời nhắc mới: {run.claimed}; thư điện tử đã gửi: {run.emailed}; gửi lỗi (sẽ thử lại): {run.failed}."
        )
