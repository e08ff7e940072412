"""Benchmark: one period's committee-report aggregate and its DOCX, at the scale of issue #6.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_reports \\
        .venv/bin/python bench/report_aggregate.py [--units 4000 --periods 40 --indicators 20 --sections 8]

Generates (once; kept while the scale matches) one committee of 4,000 member units, one outline of 20
indicators and 8 sections, 40 quarterly periods (2016-2025) with one request each, and every unit's
submission to every request, all accepted: 160,000 submissions, 3.2 million indicator values and 1.28
million section texts (short ones). Then prints the median (and fastest) time over --runs runs of:

1. aggregate.build_aggregate for one period (the newest), with its query count and the slowest queries;
2. the committee report's DOCX (documents.render, which builds the aggregate again and the annex tables
   of every unit): the report's current version is the secretariat's edit (version 2, as long as a real
   report), made once through services.report_update from the aggregate's draft (version 1). The raw
   draft, every unit's text under every heading (32,000 paragraphs), is rendered once with --draft-docx.

Aims (issue #6): aggregate < 500 ms, DOCX < 2 s. `--explain` prints the PostgreSQL plans of the
aggregate's queries.

The data is written with set-based INSERT … SELECT statements in PostgreSQL, not through the services:
hundreds of thousands of audited service calls would take hours and measure nothing this benchmark is
about. It is shaped like the services' output (one row per submission × indicator and × section, the
accepted submissions with their times); no history rows are written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

UNIT_PREFIX = "Đơn vị thử tải báo cáo "
COMMITTEE = "BCĐ thử tải báo cáo"
USERNAME = "bench-report-secretariat"
SCALE_KEY = "bench:report_aggregate:scale"
FIRST_YEAR = 2016
SECTION_HEADINGS = [
    ("I. Công tác lãnh đạo, chỉ đạo", ""),
    ("II.1. Hoạt động đối ngoại", "delegations"),
    ("II.2. Thông tin đối ngoại trên báo chí", ""),
    ("II.3. Thông tin đối ngoại trên Internet, mạng xã hội", ""),
    ("II.4. Thực hiện nhiệm vụ được giao", "tasks"),
    ("III. Hạn chế, khó khăn", ""),
    ("IV. Phương hướng, nhiệm vụ kỳ tới", ""),
    ("V. Kiến nghị, đề xuất", ""),
]


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


def setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/giaoban_bench_reports"
        )
    ensure_database(url)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- Data --------------------------------------------------------------------------------------------


def scale_key(args: argparse.Namespace) -> int:
    return args.units * 1000 + args.periods


def scale_matches(args: argparse.Namespace) -> bool:
    from giaoban.core.models import Counter
    from giaoban.reports.models import IndicatorValue, SectionText, Submission

    counter = Counter.objects.filter(key=SCALE_KEY).first()
    submissions = args.units * args.periods
    return (
        counter is not None
        and counter.value == scale_key(args)
        and Submission.objects.count() == submissions
        and IndicatorValue.objects.count() == submissions * args.indicators
        and SectionText.objects.count() == submissions * args.sections
    )


def generate(args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from giaoban.core.permissions import Role
    from giaoban.org import services as org_services
    from giaoban.org.models import Committee, Organisation, User
    from giaoban.reports.models import (
        Indicator,
        ReportingPeriod,
        ReportRequest,
        ReportTemplate,
        TemplateSection,
    )
    from giaoban.reports.periods import PeriodKind, period_name, period_window

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Everything of the reports app, history included: this database is the benchmark's own.
        tables = [t for t in connection.introspection.table_names(cursor) if t.startswith("reports_")]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

        have = Organisation.objects.filter(name__startswith=UNIT_PREFIX).count()
        if have < args.units:
            Organisation.objects.bulk_create(
                (
                    Organisation(
                        name=f"{UNIT_PREFIX}{n:04d}",
                        short_name=f"ĐVBC{n:04d}",
                        kind="department",
                        search_key=f"don vi thu tai bao cao {n:04d}",
                    )
                    for n in range(have, args.units)
                ),
                batch_size=2000,
            )
        units = list(Organisation.objects.filter(name__startswith=UNIT_PREFIX).order_by("pk")[: args.units])
        committee = Committee.objects.filter(short_name=COMMITTEE).first()
        if committee is None:
            committee = org_services.committee_create(
                actor=None, name="Ban Chỉ đạo thử tải báo cáo", short_name=COMMITTEE, title_name="Ban Chỉ đạo"
            )
        committee.member_units.set(units)
        if not User.objects.filter(username=USERNAME).exists():
            org_services.user_create(
                actor=None, username=USERNAME, password=None, role=Role.SECRETARIAT, committees=[committee]
            )

        template = ReportTemplate.objects.create(committee=committee, name="Đề cương báo cáo quý (thử tải)")
        headings = SECTION_HEADINGS + [(f"Đề mục bổ sung {n}", "") for n in range(len(SECTION_HEADINGS), 99)]
        TemplateSection.objects.bulk_create(
            TemplateSection(template=template, position=n, heading=heading, figures=figures)
            for n, (heading, figures) in enumerate(headings[: args.sections], start=1)
        )
        Indicator.objects.bulk_create(
            Indicator(
                template=template,
                position=n,
                name=f"Chỉ tiêu thử tải {n}",
                unit_of_measure="cuộc" if n % 2 else "tin, bài",
                value_type="decimal" if n % 10 == 0 else "integer",
            )
            for n in range(1, args.indicators + 1)
        )
        periods = []
        for index in range(args.periods):
            year, quarter = FIRST_YEAR + index // 4, index % 4 + 1
            start, end = period_window(PeriodKind.QUARTER, year, "calendar", quarter)
            periods.append(
                ReportingPeriod(
                    committee=committee,
                    kind=PeriodKind.QUARTER,
                    year=year,
                    quarter=quarter,
                    name=period_name(PeriodKind.QUARTER, year, quarter),
                    start_date=start,
                    end_date=end,
                    submission_deadline=end + dt.timedelta(days=10),
                )
            )
        periods = ReportingPeriod.objects.bulk_create(periods)
        ReportRequest.objects.bulk_create(
            ReportRequest(
                committee=committee,
                period=period,
                template=template,
                title=f"Báo cáo công tác {period.name}",
                deadline=period.submission_deadline,
            )
            for period in periods
        )
        # Every unit's submission to every request, accepted; one in nine a few days late.
        cursor.execute(
            """
            INSERT INTO reports_submission (created_at, updated_at, request_id, unit_id, state,
                first_submitted_at, submitted_at, accepted_at, return_count, last_saved_at, version)
            SELECT now(), now(), r.id, u.organisation_id, 'accepted', sent, sent,
                   sent + interval '2 days', 0, sent, 1
            FROM reports_reportrequest r
            JOIN org_committee_member_units u ON u.committee_id = r.committee_id
            CROSS JOIN LATERAL (
                SELECT (r.deadline - 5 + ((u.organisation_id * 7 + r.id) %% 9)::int)::timestamp
                       + interval '9 hours' AS sent
            ) AS t
            WHERE r.committee_id = %s
            ORDER BY r.id, u.organisation_id
            """,
            [committee.pk],
        )
        cursor.execute(
            """
            INSERT INTO reports_indicatorvalue (submission_id, indicator_id, value)
            SELECT s.id, i.id, ((s.id * 31 + i.position * 17) %% 50)::numeric
            FROM reports_submission s
            JOIN reports_reportrequest r ON r.id = s.request_id
            JOIN reports_indicator i ON i.template_id = r.template_id
            WHERE r.committee_id = %s
            ORDER BY s.id, i.position
            """,
            [committee.pk],
        )
        cursor.execute(
            """
            INSERT INTO reports_sectiontext (submission_id, section_id, text)
            SELECT s.id, ts.id,
                   'Đơn vị đã triển khai các nội dung của đề mục ' || ts.position
                   || ' theo kế hoạch; kết quả cơ bản đạt yêu cầu (báo cáo số ' || s.id || ').'
            FROM reports_submission s
            JOIN reports_reportrequest r ON r.id = s.request_id
            JOIN reports_templatesection ts ON ts.template_id = r.template_id
            WHERE r.committee_id = %s
            ORDER BY s.id, ts.position
            """,
            [committee.pk],
        )
        cursor.execute(
            "INSERT INTO core_counter (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [SCALE_KEY, scale_key(args)],
        )
    # What autovacuum would do after a bulk load: planner statistics and the visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"generated in {time.perf_counter() - started:.0f} s")


# --- Measures ----------------------------------------------------------------------------------------


def median_ms(action, runs: int) -> tuple[float, float]:
    """(median, fastest) in milliseconds, after one warm-up run."""
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def committee_report(user, period, request):
    """The period's committee report, through the services: version 1 is the aggregate's draft (every
    unit's text under each heading), version 2 the secretariat's edit of it, as long as a real report
    (each section's figures sentence and the first three units' contributions)."""
    from giaoban.reports import services
    from giaoban.reports.models import CommitteeReport, ReportVersion

    report = CommitteeReport.objects.filter(period=period, request=request).first()
    if report is None:
        report = services.report_create(
            actor=user, period=period, request=request, summary=f"Báo cáo công tác {period.name}"
        )
    draft = ReportVersion.objects.get(report=report, number=1)
    if not ReportVersion.objects.filter(report=report, number__gt=1).exists():
        edited = [
            {"heading": section["heading"], "text": "\n".join(section["text"].splitlines()[:4])}
            for section in draft.sections
        ]
        report = services.report_update(actor=user, report=report, sections=edited, note="Biên tập")
    return report, draft


def docx_renderer():
    """documents.render(report, "docx", user=…), or None with the reason it cannot be measured."""
    try:
        from giaoban.reports import documents
    except ImportError as error:
        return None, f"giaoban/reports/documents.py not importable ({error})"
    render = getattr(documents, "render", None)
    if not callable(render):
        return None, "giaoban/reports/documents.py has no render()"
    return render, ""


def explain(queries) -> None:
    from django.db import connection

    for query in queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(
            f"\n--- EXPLAIN ({float(query['time']) * 1000:.0f} ms when captured) ---\n{query['sql'][:300]}…\n{plan}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=4_000)
    parser.add_argument("--periods", type=int, default=40)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--sections", type=int, default=8)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--regenerate", action="store_true", help="replace the data even if the scale matches"
    )
    parser.add_argument("--explain", action="store_true", help="print the plans of the aggregate's queries")
    parser.add_argument(
        "--draft-docx",
        action="store_true",
        help="also render the raw draft (version 1) once: minutes at 4,000 units",
    )
    args = parser.parse_args()
    if not 1 <= args.periods <= 400:
        raise SystemExit("--periods: 1 to 400 (quarters from 2016)")
    setup()
    if args.regenerate or not scale_matches(args):
        generate(args)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from giaoban.org.models import User
    from giaoban.reports.aggregate import build_aggregate, full_text
    from giaoban.reports.models import IndicatorValue, ReportRequest, SectionText, Submission

    user = User.objects.get(username=USERNAME)
    request = (
        ReportRequest.objects.select_related("period", "period__committee")
        .order_by("-period__end_date")
        .first()
    )
    period = request.period
    print(
        f"scale: {Submission.objects.count():,} submissions, {IndicatorValue.objects.count():,} indicator values, "
        f"{SectionText.objects.count():,} section texts; {args.units:,} units, {args.periods} periods; "
        f"PostgreSQL {connection.pg_version // 10000}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    def aggregate_once():
        return build_aggregate(user=user, period=period, request=request)

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        aggregate = aggregate_once()
        elapsed = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    median, fastest = median_ms(aggregate_once, args.runs)
    flag = "ok" if median < 500 else "ABOVE AIM"
    print(
        f"build_aggregate, {period.name}: median {median:.0f} ms (fastest {fastest:.0f} ms; aim < 500 ms: {flag}), "
        f"{len(captured)} queries; one captured run {elapsed:.0f} ms of which SQL {sql_ms:.0f} ms"
    )
    units = len(aggregate.units)
    text = full_text(aggregate.draft_sections())
    print(
        f"  {units:,} accepted units, {len(aggregate.indicators)} indicator totals "
        f"(first: {aggregate.indicators[0].total if aggregate.indicators else '-'}), "
        f"{sum(len(s.contributions) for s in aggregate.sections):,} contributions, draft text {len(text):,} characters"
    )
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"  slowest query {float(query['time']) * 1000:6.0f} ms  {query['sql'][:150]}…")
    for label, action in (
        ("draft_sections()", aggregate.draft_sections),
        ("figures_dict()", aggregate.figures_dict),
        ("annex_rows()", aggregate.annex_rows),
    ):
        median, fastest = median_ms(action, args.runs)
        print(f"  {label:<18} median {median:.0f} ms (fastest {fastest:.0f} ms)")

    report, draft = committee_report(user, period, request)
    current = report.versions.order_by("-number").first()
    print(
        f"committee report #{report.pk}: version {current.number} {len(full_text(current.sections)):,} characters "
        f"(the draft, version 1: {len(full_text(draft.sections)):,})"
    )
    render, reason = docx_renderer()
    if render is None:
        print(f"DOCX: not measured: {reason}")
    else:

        def docx_once():
            return render(report, "docx", user=user).content

        with CaptureQueriesContext(connection) as captured:
            content = docx_once()
        median, fastest = median_ms(docx_once, args.runs)
        flag = "ok" if median < 2000 else "ABOVE AIM"
        print(
            f"DOCX of the edited report (documents.render, aggregate and annexes included): median {median:.0f} ms "
            f"(fastest {fastest:.0f} ms; aim < 2000 ms: {flag}), {len(captured)} queries, {len(content):,} bytes"
        )
        if args.draft_docx:
            from giaoban.core.documents import render_docx
            from giaoban.reports import documents

            started = time.perf_counter()
            content = render_docx(documents.report_document(report, draft, aggregate))
            print(
                f"DOCX of the raw draft (version 1, {sum(len(s.contributions) for s in aggregate.sections):,} "
                f"contributions), one run: {(time.perf_counter() - started) * 1000:,.0f} ms, {len(content):,} bytes"
            )

    if args.explain:
        with CaptureQueriesContext(connection) as captured:
            aggregate_once()
        explain(captured.captured_queries)


if __name__ == "__main__":
    main()
