"""`giaoban send-digest`: e-mail each user on the daily digest their waiting notifications."""

from giaoban.core.management.daily import DailyJobCommand


class Command(DailyJobCommand):
    help = "Gửi thư tổng hợp thông báo cho người dùng chọn nhận thư tổng hợp. Chạy lại không gửi trùng."

    def schedule(self):
        from giaoban.notifications import jobs

        return "Đã đặt lịch gửi thư tổng hợp mỗi sáng." if jobs.schedule_digest() else None

    def enqueue(self):
        from giaoban.notifications import jobs

        result = jobs.send_notification_digest.enqueue()
        return f"Đã giao việc gửi thư tổng hợp cho tiến trình chạy nền ({result.id})."

    def run(self, options):
        from giaoban.notifications.services import digest_send

        run = digest_send()
        return (
            f"Thư tổng hợp đã gửi: {run.users} ({run.notifications} thông báo); "
            f"gửi lỗi (sẽ thử lại): {run.failed}."
        )
