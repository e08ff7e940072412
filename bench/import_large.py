"""Benchmark: a 100,000-row delegation sheet through the import job (the path a large upload takes).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_deleg .venv/bin/python bench/import_large.py

Writes the sheet (bench/delegations_import.py's rows), then in a fresh process, as the benchmark
committee's secretariat: the web request's part (the archive checks and the row count that route the
upload to a job, the file kept) and the job's part (check every row saving progress, then import all
of them in one transaction), with the immediate task backend so both run here. Prints rows/s, the
seconds of each part and the peak RSS; the delegations written are deleted afterwards. A zip bomb of
200 MB unpacked is refused too, and its cost printed. `--rows 20000` changes the size.
"""

from __future__ import annotations

import argparse
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


def child(path: str, username: str) -> None:
    import django

    django.setup()
    from delegations_import import rss_mb
    from django.core.files.uploadedfile import SimpleUploadedFile

    from giaoban.core import xlsx as sheets
    from giaoban.delegations import services
    from giaoban.delegations.models import Delegation, ImportJob
    from giaoban.org.models import User

    user = User.objects.get(username=username)
    data = Path(path).read_bytes()
    before = rss_mb()
    started = time.perf_counter()
    upload = SimpleUploadedFile("bench.xlsx", data)
    large = services.delegation_import_large_rows(upload)
    routed = time.perf_counter() - started
    job = services.delegation_import_job_start(
        actor=user, upload=upload, dry_run=False, rows_estimated=large or 0
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    created = Delegation.objects.filter(name__startswith="Đoàn thử tải số").delete()[0] if job.created else 0
    ImportJob.objects.filter(pk=job.pk).delete()

    bomb = SimpleUploadedFile("bom.xlsx", _bomb())
    bomb_started = time.perf_counter()
    try:
        sheets.open_workbook(bomb)
        refused = ""
    except sheets.WorkbookError as error:
        refused = error.code or ""
    print(
        json.dumps(
            {
                "large": bool(large),
                "rows": job.rows_checked,
                "created": job.created,
                "deleted": created,
                "errors": job.error_count,
                "first_error": job.errors[0] if job.errors else None,
                "route_seconds": routed,
                "seconds": elapsed,
                "rss_before_mb": before,
                "peak_rss_mb": peak,
                "bomb_refused": refused,
                "bomb_ms": (time.perf_counter() - bomb_started) * 1000,
            }
        )
    )


def _bomb() -> bytes:
    """A workbook of about 200 KB whose sheet unpacks to 200 MB (the shape of the issue's)."""
    import io
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            chunk = b" " * 2**20
            for _ in range(200):
                stream.write(chunk)
    return output.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.user)
        return

    from delegations_import import write_sheet
    from delegations_stats import UNIT_PREFIX, ensure_world, setup

    setup()
    user, _committee = ensure_world(units=4000, delegations=0)
    from giaoban.org.models import Organisation

    unit_names = list(
        Organisation.objects.filter(name__startswith=UNIT_PREFIX)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doan-{args.rows}.xlsx"
        write_sheet(path, args.rows, unit_names)
        print(f"{args.rows:,} rows: sheet of {path.stat().st_size / 2**20:.1f} MB")
        command = [sys.executable, __file__, "--child", str(path), "--user", user.username]
        env = {**os.environ, "GIAOBAN_TASKS_BACKEND": "immediate", "MEDIA_ROOT": folder}
        output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    if figures["errors"] or not figures["large"]:
        sys.exit(f"the job did not import the sheet: {figures}")
    print(
        f"  routed to a job in {figures['route_seconds']:.1f} s; checked and imported {figures['rows']:,} rows "
        f"({figures['created']:,} written) in {figures['seconds']:.1f} s = "
        f"{figures['rows'] / figures['seconds']:,.0f} rows/s; peak RSS {figures['peak_rss_mb']:.0f} MB "
        f"(before {figures['rss_before_mb']:.0f} MB)"
    )
    print(
        f"  a zip bomb of the same size: refused ({figures['bomb_refused']}) in {figures['bomb_ms']:.0f} ms"
    )


if __name__ == "__main__":
    main()
