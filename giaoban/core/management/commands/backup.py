"""`giaoban backup [FILE]`: the database and every uploaded file in one archive (see giaoban/core/backup.py)."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from giaoban.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            help="Tệp sao lưu; mặc định var/backups/giaoban-<thời điểm>.tar.gz.",
        )
        parser.add_argument(
            "--database", default="default", help="Bí danh cơ sở dữ liệu (mặc định: default)."
        )

    def handle(self, *args, **options):
        target = options["file"]
        if not target:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.VAR_DIR) / "backups" / f"giaoban-{stamp}.tar.gz"
        try:
            manifest = backup_create(Path(target), alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {target} ({manifest['vendor']}, {manifest['media_files']} tệp tải lên)."
            )
        )
        if manifest["media_vanished"]:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(manifest['media_vanished'])} tệp bị xóa trong lúc sao lưu nên không có trong bản "
                    "sao lưu: " + ", ".join(manifest["media_vanished"])
                )
            )
