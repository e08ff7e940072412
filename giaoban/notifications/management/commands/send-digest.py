"""`giaoban send-digest`: e-mail each user on the daily digest their waiting notifications."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Gửi thư tổng hợp thông báo trong ngày cho người dùng chọn nhận thư tổng hợp. Chạy lại không gửi trùng."

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

    def handle(self, *args, **options):
        from giaoban.notifications import jobs
        from giaoban.notifications.services import digest_send

        if options["schedule"]:
            if not jobs.schedule_digest():
                raise CommandError(
                    "Backend chạy nền hiện tại không hẹn giờ được; đặt GIAOBAN_TASKS_BACKEND=database."
                )
            self.stdout.write("Đã đặt lịch gửi thư tổng hợp mỗi sáng.")
            return
        if options["enqueue"]:
            result = jobs.send_notification_digest.enqueue()
            self.stdout.write(f"Đã giao việc gửi thư tổng hợp cho tiến trình chạy nền ({result.id}).")
            return
        run = digest_send()
        self.stdout.write(
            f"Thư tổng hợp đã gửi: {run.users} ({run.notifications} thông báo); gửi lỗi (sẽ thử lại): {run.failed}."
        )
