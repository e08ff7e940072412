"""Benchmark: task statistics and overdue lists over HTTP, at the scale of issue #4.

Generates (once; reused while the counts match) N tasks with M progress updates over U units in one
committee on PostgreSQL, starts gunicorn on 127.0.0.1 with the production settings, and prints the
median (and 90th percentile) time, through the API with a bearer token, of:

1. the committee dashboard statistics      GET /api/v1/tasks/stats?committee=…&date_from=…  (aim < 200 ms)
2. one unit's open overdue tasks, 25/page  GET /api/v1/tasks?unit=…&status=open_overdue      (aim < 30 ms)
3. all open overdue tasks, 25/page         GET /api/v1/tasks?status=open_overdue             (aim < 90 ms)

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_tasks \\
        .venv/bin/python bench/tasks_dashboard.py [--tasks 300000 --progress 3000000 --units 4000]

The database is created if missing and its content replaced when the scale differs. Every request
loop is bounded (--requests per measure) and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=300_000)
    parser.add_argument("--progress", type=int, default=3_000_000)
    parser.add_argument("--units", type=int, default=4_000)
    parser.add_argument("--requests", type=int, default=60, help="timed requests per measure")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--regenerate", action="store_true", help="replace the data even if the scale matches"
    )
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in {"test", ""}:
        raise SystemExit("Use a database of its own for the benchmark (not `test`, which CI uses).")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# --- Data --------------------------------------------------------------------------------------------

SCALE_KEY = "bench:tasks_dashboard:scale"


def generate(tasks: int, progress: int, units: int) -> None:
    """Set-based SQL: a province-sized history of tasks 2015 → today, most closed, some overdue."""
    from django.db import connection, transaction

    from giaoban.core.permissions import Role
    from giaoban.org import services as org_services
    from giaoban.org.models import Committee, Organisation, User
    from giaoban.tasks.models import Task

    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE tasks_reminder, tasks_notification, tasks_progressupdate, tasks_extensionrequest, "
            "tasks_completionreport, tasks_task_coordinating_units, tasks_task, tasks_historicaltask "
            "RESTART IDENTITY CASCADE"
        )
        User.objects.filter(username__startswith="bench-").delete()
        Committee.objects.filter(short_name="BCĐ bench").delete()
        Organisation.objects.filter(name__startswith="Đơn vị thử tải ").delete()
        cursor.execute(
            """
            INSERT INTO org_organisation (created_at, updated_at, name, short_name, kind, email, phone,
                                          search_key, version)
            SELECT now(), now(), 'Đơn vị thử tải ' || n, 'ĐV' || n, 'department', '', '',
                   'don vi thu tai ' || n, 1
            FROM generate_series(1, %s) AS n
            """,
            [units],
        )
        committee = org_services.committee_create(
            actor=None, name="Ban Chỉ đạo thử tải", short_name="BCĐ bench", title_name="Ban Chỉ đạo thử tải"
        )
        cursor.execute(
            """
            INSERT INTO org_committee_member_units (committee_id, organisation_id)
            SELECT %s, id FROM org_organisation WHERE name LIKE 'Đơn vị thử tải %%'
            """,
            [committee.pk],
        )
        cursor.execute("SELECT min(id), max(id) FROM org_organisation WHERE name LIKE 'Đơn vị thử tải %%'")
        first_unit, last_unit = cursor.fetchone()
        # Tasks: assigned uniformly 2015-01-01 → today; deadline 30–365 days later; 5 % recurring.
        # Of those due before today ~88 % completed (most on time), 3 % cancelled, 8 % extended.
        cursor.execute(
            """
            INSERT INTO tasks_task (created_at, updated_at, committee_id, code, year, number, title, description,
                source_title, source_number, source_issuer, source_kind, lead_unit_id, assigned_on, recurring,
                deadline, deadline_in_force, first_extended_on, last_extended_on, extension_count,
                completed_on, cancelled_on, cancel_reason, percent, progress_on, search_key, version)
            SELECT now(), now(), %(committee)s, 'NV-' || extract(year FROM a)::int || '-' || n,
                   extract(year FROM a)::int, n, 'Nhiệm vụ thử tải ' || n, '', 'Thông báo kết luận',
                   n || '-TB/BCĐ', 'Ban Chỉ đạo thử tải', '', %(first)s + (n * 7919) %% %(units)s, a,
                   recurring, dl, CASE WHEN ext THEN dl + 30 ELSE dl END,
                   CASE WHEN ext THEN least(dl - 5, current_date) END, CASE WHEN ext THEN least(dl - 5, current_date) END, CASE WHEN ext THEN 1 ELSE 0 END,
                   CASE WHEN NOT recurring AND NOT cancel AND done AND dl + (CASE WHEN ext THEN 30 ELSE 0 END)
                             + late - 20 <= current_date
                        THEN dl + (CASE WHEN ext THEN 30 ELSE 0 END) + late - 20 END,
                   CASE WHEN cancel THEN least(a + 20, current_date) END,
                   CASE WHEN cancel THEN 'Không còn phù hợp' ELSE '' END,
                   CASE WHEN done THEN 100 ELSE (n * 37) %% 90 END, a + 10,
                   'nv thu tai ' || n, 1
            FROM (
                SELECT n, a,
                       (n %% 20 = 0) AS recurring,
                       CASE WHEN n %% 20 = 0 THEN NULL ELSE a + 30 + ((n * 13) %% 336)::int END AS dl,
                       (n %% 33 = 1) AS cancel,
                       (n %% 20 <> 0 AND n %% 12 = 3) AS ext,
                       (n %% 8 <> 5) AS done,
                       ((n * 17) %% 30)::int AS late
                FROM (
                    SELECT n::bigint AS n, DATE '2015-01-01' + ((n::bigint * (current_date - DATE '2015-01-01')) / %(tasks)s)::int AS a
                    FROM generate_series(1, %(tasks)s) AS n
                ) AS base
            ) AS t
            """,
            {
                "committee": committee.pk,
                "first": first_unit,
                "units": last_unit - first_unit + 1,
                "tasks": tasks,
            },
        )
        # Half the tasks have a coordinating unit.
        cursor.execute(
            """
            INSERT INTO tasks_task_coordinating_units (task_id, organisation_id)
            SELECT id, %(first)s + (lead_unit_id - %(first)s + 1 + id %% 50) %% %(units)s
            FROM tasks_task WHERE id %% 2 = 0
            """,
            {"first": first_unit, "units": last_unit - first_unit + 1},
        )
        cursor.execute(
            """
            INSERT INTO tasks_progressupdate (created_at, updated_at, task_id, unit_id, author_id, reported_on,
                                              text, percent, attachment, version)
            SELECT now(), now(), t.id, t.lead_unit_id, NULL, t.assigned_on + (k * 7), 'Báo cáo tiến độ lần ' || k,
                   least(100, k * 10), '', 1
            FROM tasks_task t CROSS JOIN generate_series(1, %(per)s) AS k
            """,
            {"per": max(1, progress // max(tasks, 1))},
        )
        secretariat = org_services.user_create(
            actor=None, username="bench-thuky", password=None, role=Role.SECRETARIAT, committees=[committee]
        )
        cursor.execute(
            "INSERT INTO core_counter (key, value) VALUES (%s, 1) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [SCALE_KEY],
        )
        cursor.execute("UPDATE core_counter SET value = %s WHERE key = %s", [tasks, SCALE_KEY])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Generated {Task.objects.count():,} tasks, "
        f"{Task.coordinating_units.through.objects.count():,} coordinations and "
        f"progress for {units:,} units in {time.monotonic() - started:.0f} s (secretariat {secretariat.username})."
    )


def scale_matches(tasks: int, progress: int) -> bool:
    from giaoban.core.models import Counter
    from giaoban.tasks.models import ProgressUpdate, Task

    counter = Counter.objects.filter(key=SCALE_KEY).first()
    return (
        counter is not None
        and counter.value == tasks
        and Task.objects.count() == tasks
        and ProgressUpdate.objects.count() >= progress * 0.99
    )


# --- Server and measures --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def measure(port: int, token: str, path: str, count: int) -> tuple[float, float, dict]:
    """Median and 90th percentile in milliseconds over `count` requests on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Host": "127.0.0.1"}
    body: dict = {}
    times = []
    for index in range(count + 5):  # five warm-up requests
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status} {payload[:300]!r}")
        if index >= 5:
            times.append(elapsed)
        body = json.loads(payload)
    connection.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], body


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/giaoban_bench_tasks"
        )
    ensure_database(url)
    setup_django()
    if args.regenerate or not scale_matches(args.tasks, args.progress):
        generate(args.tasks, args.progress, args.units)

    from django.db.models import Count
    from django.utils import timezone

    from giaoban.org import services as org_services
    from giaoban.org.models import Committee, User
    from giaoban.tasks.models import ProgressUpdate, Task
    from giaoban.tasks.status import status_q

    today = timezone.localdate()
    committee = Committee.objects.get(short_name="BCĐ bench")
    user = User.objects.get(username="bench-thuky")
    _token, raw = org_services.api_token_issue(user=user, name="benchmark")
    busiest = (
        Task.objects.filter(status_q("open_overdue", today))
        .values("lead_unit")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    unit = busiest["lead_unit"]
    print(
        f"Scale: {Task.objects.count():,} tasks, {ProgressUpdate.objects.count():,} progress updates, "
        f"{committee.member_units.count():,} units; open overdue today: "
        f"{Task.objects.filter(status_q('open_overdue', today)).count():,} "
        f"(unit {unit}: {busiest['n']})."
    )
    measures = [
        (
            "committee dashboard statistics",
            f"/api/v1/tasks/stats?committee={committee.pk}&date_from=2017-01-01",
            200,
        ),
        ("one unit's open overdue tasks (25)", f"/api/v1/tasks?unit={unit}&status=open_overdue&limit=25", 30),
        ("all open overdue tasks (25)", "/api/v1/tasks?status=open_overdue&limit=25", 90),
    ]
    port = free_port()
    server = start_server(port, args.workers)
    try:
        print(
            f"gunicorn, {args.workers} workers, {args.requests} timed requests each, PostgreSQL {url.rsplit('/', 1)[-1]}"
        )
        for label, path, aim in measures:
            median, p90, body = measure(port, raw, path, args.requests)
            flag = "ok" if median < aim else "ABOVE AIM"
            extra = f"count {body['count']:,}" if "count" in body else body.get("sentence", "")[:90]
            print(
                f"  {label:<38} median {median:7.1f} ms  p90 {p90:7.1f} ms  (aim < {aim} ms: {flag})  {extra}"
            )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
