"""Benchmark: importing a large agency spreadsheet, in rows per second and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_deleg .venv/bin/python bench/delegations_import.py

Writes .xlsx files of 10,000 and 100,000 rows shaped like the template (Vietnamese, English and ISO
country names, Excel and text dates), then imports each in a fresh process through
services.delegation_import, once as a dry run (read and check every row) and once for real (rows
written with their history; the transaction is then rolled back so the database stays as it was).
Peak memory is the process's maximum resident set size, measured from just before the import: it
should not grow with the number of rows, since the sheet is streamed (openpyxl read-only) and rows
are checked and written in chunks. `--rows 5000,20000` changes the sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

PLACES = [
    "Trung Quốc",
    "Lào",
    "KR",
    "Japan",
    "Thái Lan; Singapore",
    "Đài Loan",
    "Hoa Kỳ",
    "FR",
    "Liên bang Nga",
]
PURPOSES = [
    "Công tác",
    "Hội đàm; khảo sát",
    "Trao đổi kinh nghiệm",
    "Đào tạo, bồi dưỡng",
    "Giao lưu hữu nghị",
]
FIRST_DAY = dt.date(2031, 1, 1)  # after the stats benchmark's register: no row repeats one of them


def write_sheet(path: Path, rows: int, unit_names: list[str]) -> None:
    from openpyxl import Workbook

    from giaoban.delegations.xlsx import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đoàn ra, đoàn vào")
    sheet.append(["DANH SÁCH ĐOÀN RA, ĐOÀN VÀO"])
    sheet.append([column.label for column in COLUMNS])
    for n in range(rows):
        # One unit and start date per row: no two rows are duplicates of each other.
        unit = unit_names[n % len(unit_names)]
        start = FIRST_DAY + dt.timedelta(days=n // len(unit_names))
        end = start + dt.timedelta(days=n % 5)
        start_value = start.strftime("%d/%m/%Y") if n % 2 else dt.datetime.combine(start, dt.time())
        sheet.append(
            ["Đoàn ra" if n % 3 else "Đoàn vào", f"Đoàn thử tải số {n}", unit, "Nguyễn Văn A", "Phó Giám đốc",
             2 + n % 9, PLACES[n % len(PLACES)], "Đối tác thử tải", PURPOSES[n % len(PURPOSES)],
             start_value, dt.datetime.combine(end, dt.time()), "Ngân sách tỉnh", ""]
        )  # fmt: skip
    workbook.save(path)


def rss_mb() -> float:
    """The current resident set size (Linux /proc)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(path: str, dry_run: bool) -> None:
    """Runs in its own process so that its peak memory is its own."""
    import django

    django.setup()
    from django.db import transaction

    from giaoban.delegations import services

    before = rss_mb()
    started = time.perf_counter()
    with transaction.atomic():
        with open(path, "rb") as handle:
            result = services.delegation_import(
                actor=None, file=handle, dry_run=dry_run, source_name="bench.xlsx"
            )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": result.rows,
                "created": result.created,
                "errors": result.error_count,
                "first_error": result.errors[0].as_dict() if result.errors else None,
                "seconds": elapsed,
                "rss_before_mb": before,
                "peak_rss_mb": peak,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.dry_run)
        return

    from delegations_stats import UNIT_PREFIX, ensure_world, setup

    setup()
    ensure_world(units=4000, delegations=0)
    from giaoban.org.models import Organisation

    unit_names = list(
        Organisation.objects.filter(name__startswith=UNIT_PREFIX)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        for rows in (int(n) for n in args.rows.split(",")):
            path = Path(folder) / f"doan-{rows}.xlsx"
            started = time.perf_counter()
            write_sheet(path, rows, unit_names)
            size = path.stat().st_size / 2**20
            print(f"{rows:,} rows: sheet of {size:.1f} MB written in {time.perf_counter() - started:.1f} s")
            for dry_run in (True, False):
                command = [sys.executable, __file__, "--child", str(path)] + (
                    ["--dry-run"] if dry_run else []
                )
                output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
                figures = json.loads(output.strip().splitlines()[-1])
                if figures["errors"]:
                    sys.exit(f"the import reported errors: {figures['first_error']}")
                label = "check only (dry run)" if dry_run else "check and write"
                print(
                    f"  {label}: {figures['rows']:,} rows ({figures['created']:,} written) in {figures['seconds']:.1f} s = "
                    f"{figures['rows'] / figures['seconds']:,.0f} rows/s; peak RSS {figures['peak_rss_mb']:.0f} MB "
                    f"(before the import {figures['rss_before_mb']:.0f} MB)"
                )


if __name__ == "__main__":
    main()
