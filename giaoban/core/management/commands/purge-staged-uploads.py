"""`giaoban purge-staged-uploads`: delete the uploads kept for a step never confirmed (an import preview)
after a day. Meant for cron; safe to run at any time and again (the worker's daily run does it too)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Xóa các tệp tạm (bản xem trước khi nhập từ Excel chưa được xác nhận) đã quá một ngày."

    def handle(self, *args, **options):
        from giaoban.core.uploads import purge_staged

        self.stdout.write(f"Đã xóa {purge_staged()} tệp tạm quá một ngày.")
