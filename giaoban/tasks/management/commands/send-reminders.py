"""`giaoban send-reminders`: send the task reminders due today. Meant for cron; safe to run twice."""

import datetime as dt

from django.core.management.base import CommandError

from giaoban.core.management.daily import DailyJobCommand


class Command(DailyJobCommand):
    help = "Gửi lời nhắc hạn nhiệm vụ (trước hạn, đúng hạn, quá hạn hằng tuần). Chạy lại không gửi trùng."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD); mặc định hôm nay.")
        super().add_arguments(parser)

    def schedule(self):
        from giaoban.tasks import jobs

        if not jobs.schedule_reminders():
            return None
        return f"Đã đặt lịch gửi lời nhắc lúc {jobs.next_morning():%H:%M %d/%m/%Y}."

    def enqueue(self):
        from giaoban.tasks import jobs

        result = jobs.send_task_reminders.enqueue()
        return f"Đã giao việc gửi lời nhắc cho tiến trình chạy nền ({result.id})."

    def run(self, options):
        from giaoban.tasks.reminders import reminders_send

        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Ngày không hợp lệ, dùng dạng YYYY-MM-DD.") from error
        run = reminders_send(today=today)
        return (
            f"Lời nhắc mới: {run.claimed}; thư điện tử đã gửi: {run.emailed}; "
            f"gửi lỗi (sẽ thử lại): {run.failed}."
        )
