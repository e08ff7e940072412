"""`giaoban restore FILE`: load an archive made by `giaoban backup` into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giaoban.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục bản sao lưu vào cơ sở dữ liệu trống và thư mục tệp tải lên trống; "
        "sau đó chạy `giaoban migrate`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .tar.gz do `giaoban backup` tạo.")
        parser.add_argument(
            "--database", default="default", help="Bí danh cơ sở dữ liệu (mặc định: default)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cả khi cơ sở dữ liệu hoặc thư mục tệp tải lên đã có dữ liệu.",
        )

    def handle(self, *args, **options):
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"Không có tệp {source}.")
        try:
            manifest = backup_restore(source, alias=options["database"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} "
                f"({manifest['vendor']}, {manifest['media_files']} tệp tải lên). "
                "Chạy `giaoban migrate` nếu phần mềm mới hơn bản sao lưu."
            )
        )
