"""Benchmark: period statistics and the first filtered list page over a large delegation register.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_deleg .venv/bin/python bench/delegations_stats.py

Generates (once; kept for later runs) 4,000 units in one committee and 500,000 delegations over ten years
(2016-2025), then prints the median time of:
- the period statistics with every breakdown (selectors.delegation_stats), for a half-year and a year;
- the first page of the list with filters (selectors.delegation_list → count + 25 rows), by selector and
  through the page itself (test client, template included).
`--explain` prints the PostgreSQL plans that justify the indexes. `--delegations`/`--units` scale it down.

The data is written with COPY, not through the services: half a million audited service calls would
take hours and measure nothing this benchmark is about. It is shaped like the services' output
(country and purpose rows match the denormalised columns).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

PLACES = (
    ["CN"] * 30 + ["LA"] * 10 + ["KR"] * 6 + ["JP"] * 5 + ["TH"] * 3 + ["TW"] * 2 + ["HK", "MO", "SG", "MY"]
    + ["US", "FR", "DE", "RU", "AU", "GB", "IN", "KH", "MM", "ID", "PH", "CU", "IT", "NL", "BE", "CZ", "PL"]
)  # fmt: skip
PURPOSES = ["work", "talks", "survey", "experience", "training", "friendship", "conference", "promotion"]
UNIT_PREFIX = "Đơn vị thử tải "
FIRST_DAY = dt.date(2016, 1, 1)
DAYS = 3653


def setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/giaoban_bench_deleg"
        )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_world(units: int, delegations: int):
    """The committee, its units and a secretariat user; the delegations, generated once."""
    from django.db import connection

    from giaoban.core.permissions import Role
    from giaoban.delegations.models import Delegation
    from giaoban.org import services as org_services
    from giaoban.org.models import Committee, Organisation, User

    committee = Committee.objects.filter(short_name="BCĐ thử tải").first()
    if committee is None:
        committee = org_services.committee_create(
            actor=None, name="Ban Chỉ đạo thử tải", short_name="BCĐ thử tải", title_name="Ban Chỉ đạo thử tải"
        )
    have = Organisation.objects.filter(name__startswith=UNIT_PREFIX).count()
    if have < units:
        started = time.perf_counter()
        Organisation.objects.bulk_create(
            Organisation(
                name=f"{UNIT_PREFIX}{n:04d}", kind="department", search_key=f"don vi thu tai {n:04d}"
            )
            for n in range(have, units)
        )
        committee.member_units.set(Organisation.objects.filter(name__startswith=UNIT_PREFIX))
        print(f"units: {units} created in {time.perf_counter() - started:.1f} s")
    user = User.objects.filter(username="bench-secretariat").first()
    if user is None:
        user = org_services.user_create(
            actor=None,
            username="bench-secretariat",
            password=None,
            role=Role.SECRETARIAT,
            committees=[committee],
        )
    unit_ids = list(
        Organisation.objects.filter(name__startswith=UNIT_PREFIX).order_by("pk").values_list("pk", flat=True)
    )[:units]
    existing = Delegation.objects.filter(lead_unit__in=unit_ids).count()
    if existing < delegations:
        started = time.perf_counter()
        generate(unit_ids, delegations - existing, connection)
        # What autovacuum would do after a bulk load: statistics for the planner, and the visibility map
        # that lets the covering index answer without visiting the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"delegations: {delegations - existing:,} generated in {time.perf_counter() - started:.1f} s")
    return user, committee


def generate(unit_ids: list[int], count: int, connection) -> None:
    from giaoban.delegations.models import Delegation

    rng = random.Random(20170726)
    start_id = (Delegation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = dt.datetime.now(dt.UTC).isoformat()
    main = io.StringIO()
    for offset in range(count):
        pk = start_id + offset
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        end = start + dt.timedelta(days=rng.choice([0, 1, 2, 3, 4, 5, 7, 10]))
        codes = sorted({rng.choice(PLACES) for _ in range(1 + (rng.random() < 0.2) + (rng.random() < 0.05))})
        chosen = sorted({rng.choice(PURPOSES) for _ in range(1 + (rng.random() < 0.4))}, key=PURPOSES.index)
        direction = "outbound" if rng.random() < 0.48 else "inbound"
        roll = rng.random()
        status = "cancelled" if roll < 0.03 else "reported" if roll < 0.85 else "returned"
        unit = rng.choice(unit_ids)
        name = f"Đoàn {'công tác' if direction == 'outbound' else 'khách'} số {pk}"
        report_date = (end + dt.timedelta(days=7)).isoformat() if status == "reported" else "\\N"
        search = f"doan {'cong tac' if direction == 'outbound' else 'khach'} so {pk} don vi thu tai {unit}"
        main.write(
            "\t".join(
                [
                    str(pk),
                    now,
                    now,
                    direction,
                    name,
                    str(unit),
                    "",
                    "",
                    str(rng.randint(2, 20)),
                    "",
                    ",".join(codes),
                    "",
                    ",".join(chosen),
                    "",
                    start.isoformat(),
                    end.isoformat(),
                    "",
                    "",
                    "\\N",
                    "",
                    "",
                    status,
                    "Phía bạn hoãn." if status == "cancelled" else "",
                    "",
                    report_date,
                    search,
                    "1",
                ]
            )  # fmt: skip
            + "\n"
        )
    columns = (
        "id, created_at, updated_at, direction, name, lead_unit_id, head_name, head_title, member_count, "
        "member_names, country_codes, partners, purpose_codes, purpose_other, start_date, end_date, "
        "funding_source, approval_number, approval_date, approval_issuer, notes, status, cancel_reason, "
        "report_text, report_date, search_key, version"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY delegations_delegation ({columns}) FROM STDIN") as copy:
            copy.write(main.getvalue())
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('delegations_delegation', 'id'), "
            "(SELECT MAX(id) FROM delegations_delegation))"
        )


def median_ms(action, runs: int) -> tuple[float, float]:
    """(median, fastest) in milliseconds; the fastest run shows the cost when the machine is not busy."""
    action()  # warm the caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--delegations", type=int, default=500_000)
    parser.add_argument("--units", type=int, default=4_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    setup()

    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from giaoban.delegations import selectors
    from giaoban.delegations.models import Delegation

    user, committee = ensure_world(args.units, args.delegations)
    # As autovacuum would have done by now: dead rows left by other runs (the import benchmark rolls its
    # rows back) cleared from the indexes, and the visibility map the index-only scans rely on set.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE delegations_delegation")
    total = Delegation.objects.count()
    print(
        f"register: {total:,} delegations, {args.units:,} units, 10 years; PostgreSQL "
        f"{connection.pg_version // 10000}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    periods = {
        "half-year 1/1-30/6/2021": (dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
        "year 2021": (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        "ten years 2016-2025": (dt.date(2016, 1, 1), dt.date(2025, 12, 31)),
    }
    for label, (start, end) in periods.items():

        def stats(start=start, end=end):
            return selectors.delegation_stats(user=user, date_from=start, date_to=end).as_dict()

        with CaptureQueriesContext(connection) as captured:
            figures = stats()
        median, fastest = median_ms(stats, args.runs)
        print(
            f"stats, {label}: median {median:.0f} ms (fastest {fastest:.0f} ms), {len(captured)} queries; "
            f"outbound {figures['outbound']['delegations']:,} to {figures['outbound']['countries']}, "
            f"inbound {figures['inbound']['delegations']:,} from {figures['inbound']['countries']}"
        )
    half_year = periods["half-year 1/1-30/6/2021"]
    median, fastest = median_ms(
        lambda: selectors.delegation_stats(
            user=user, date_from=half_year[0], date_to=half_year[1], committee=committee
        ).as_dict(),
        args.runs,
    )
    print(f"stats, half-year, committee scope: median {median:.0f} ms (fastest {fastest:.0f} ms)")

    filters = {
        "no filter (newest first)": {},
        "year 2021, outbound, China": {
            "date_from": dt.date(2021, 1, 1), "date_to": dt.date(2021, 12, 31), "direction": "outbound", "country": "CN",
        },
        "search 'doan khach so 4242'": {"query": "doan khach so 4242"},
        "overdue reports": {"status": selectors.OVERDUE},
        "one unit, sorted by name": {"unit_id": user.committees.first().member_units.order_by("pk").first().pk, "sort": "name"},
    }  # fmt: skip
    for label, params in filters.items():

        def first_page(params=params):
            page = Paginator(selectors.delegation_list(user=user, **params), 25).page(1)
            return page.paginator.count, list(page.object_list)

        median, fastest = median_ms(first_page, args.runs)
        print(
            f"list page 1, {label}: median {median:.1f} ms (fastest {fastest:.1f} ms), {first_page()[0]:,} rows match"
        )

    client = Client()
    client.force_login(user)
    url = "/delegations/?date_from=2021-01-01&date_to=2021-12-31&direction=outbound&country=CN"
    median, fastest = median_ms(lambda: client.get(url), args.runs)
    print(
        f"list page through the view (template included), year+outbound+China: median {median:.1f} ms "
        f"(fastest {fastest:.1f} ms)"
    )
    median, fastest = median_ms(
        lambda: client.get("/delegations/stats/?date_from=2021-01-01&date_to=2021-06-30"), args.runs
    )
    print(
        f"stats page through the view (template included), half-year: median {median:.1f} ms (fastest {fastest:.1f} ms)"
    )

    if args.explain:
        # The plans of the very statements the pages run, captured and explained as they are.
        half_year = periods["half-year 1/1-30/6/2021"]
        actions = {
            "stats, half-year": lambda: selectors.delegation_stats(
                user=user, date_from=half_year[0], date_to=half_year[1]
            ),
            "list page 1, year 2021, outbound, China": lambda: list(
                Paginator(selectors.delegation_list(user=user, **filters["year 2021, outbound, China"]), 25)
                .page(1)
                .object_list
            ),
        }
        for label, action in actions.items():
            with CaptureQueriesContext(connection) as captured:
                action()
            for query in captured.captured_queries:
                if "org_user_committees" in query["sql"]:
                    continue  # the user's committees, looked up once per request
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                print(f"\n--- EXPLAIN, {label} ---\n{query['sql'][:160]}…\n{plan}")


if __name__ == "__main__":
    main()
