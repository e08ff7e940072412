"""`giaoban import-delegations FILE.xlsx [--user USERNAME] [--dry-run]`: import an agency's spreadsheet.

Every row is checked first; with any error nothing is written and each error is printed with its row
and column, and the command exits with status 1. With --user the import runs with that user's rights
(a unit officer imports only their own unit) and the history records them; without it, any unit.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giaoban.core.vietnamese import format_number
from giaoban.delegations import services
from giaoban.org.models import User


class Command(BaseCommand):
    help = "Nhập đoàn ra, đoàn vào từ tệp Excel (.xlsx); có lỗi thì không nhập dòng nào."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (theo quyền của người đó).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        with path.open("rb") as handle:
            result = services.delegation_import(
                actor=actor, file=handle, dry_run=options["dry_run"], source_name=path.name
            )
        for warning in result.warnings:
            self.stdout.write(f"Lưu ý, dòng {warning.row}: {warning.message}")
        if not result.ok:
            for error in result.errors:
                where = ", ".join(
                    part for part in (f"dòng {error.row}" if error.row else "", error.column or "") if part
                )
                self.stderr.write(f"{where or 'Tệp'}: {error.message}")
            if result.more_errors:
                self.stderr.write(result.more_errors)
            raise CommandError(
                f"Tệp có {format_number(result.error_count)} lỗi; chưa nhập đoàn nào.", returncode=1
            )
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(f"Tệp hợp lệ: {format_number(result.rows)} đoàn (chưa ghi).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã nhập {format_number(result.created)} đoàn."))
