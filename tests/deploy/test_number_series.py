"""Number series never hand out a number twice when separate processes draw at the same moment.

Each process is a `manage.py shell` with its own PostgreSQL connection, as each gunicorn worker (on
this machine or another) would be; each says it is ready, they all start on one signal, then draw as
fast as they can.
"""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from giaoban.core.counters import counter_peek
from giaoban.core.testing import BASE_DIR, PYTHON, database_url, requires_postgresql

pytestmark = [pytest.mark.slow, requires_postgresql, pytest.mark.django_db(transaction=True)]

PROCESSES = 4
DRAWS = 150

DRAW = """
import json, pathlib, time
from django.db import connection, transaction
from giaoban.core.counters import counter_next
connection.ensure_connection()
pathlib.Path({ready!r}).touch()
go = pathlib.Path({go!r})
while not go.exists():
    time.sleep(0.001)
numbers = []
for i in range({draws}):
    if i % 10 == 9:
        # A number drawn inside a transaction that commits is spent like any other.
        with transaction.atomic():
            numbers.append(counter_next("TB/2017"))
    else:
        numbers.append(counter_next("TB/2017"))
print(json.dumps(numbers))
"""


def test_parallel_processes_never_draw_the_same_number(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "PATH": "/usr/bin:/bin",
    }
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{index}" for index in range(PROCESSES)]
    processes = [
        subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", DRAW.format(draws=DRAWS, ready=str(mark), go=str(go))],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mark in ready
    ]
    deadline = time.monotonic() + 120
    while not all(mark.exists() for mark in ready) and time.monotonic() < deadline:
        assert all(process.poll() is None for process in processes), "a drawing process died"
        time.sleep(0.05)
    go.touch()  # every process is connected and waiting: the draws overlap
    drawn: list[list[int]] = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        drawn.append(json.loads(out.strip().splitlines()[-1]))
    every = [number for numbers in drawn for number in numbers]
    assert sorted(every) == list(range(1, PROCESSES * DRAWS + 1))
    # Each process saw its own numbers rise, and the processes really interleaved.
    assert all(numbers == sorted(numbers) for numbers in drawn)
    assert all(max(numbers) - min(numbers) >= DRAWS for numbers in drawn)
    assert counter_peek("TB/2017") == PROCESSES * DRAWS


def test_parallel_requests_to_two_app_processes_never_get_the_same_task_code(world, prod_env, tmp_path):
    """40 tasks created at once through the API of two gunicorn processes get 40 different codes."""
    import datetime as dt
    import re
    from concurrent.futures import ThreadPoolExecutor

    from giaoban.core.testing import Client, running, start_gunicorn
    from giaoban.org import services

    _, token = services.api_token_issue(user=world.secretariat, name="parallel")
    env = prod_env()
    one = start_gunicorn(env, log=tmp_path / "one.log", workers=2)
    two = start_gunicorn(env, log=tmp_path / "two.log", workers=2)
    year = dt.date.today().year

    def create(index: int):
        server = (one, two)[index % 2]
        return Client(server.url, timeout=30).post_json(
            "/api/v1/tasks",
            {
                "committee": world.committee.pk,
                "title": f"Nhiệm vụ song song {index}",
                "lead_unit": world.unit.pk,
                "deadline": f"{year}-12-31",
            },
            headers={"Authorization": f"Bearer {token}"},
        )

    with running(one, two), ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(create, range(40)))
    assert [r.status for r in responses] == [201] * 40, [r.text[:300] for r in responses if r.status != 201]
    codes = [r.json()["code"] for r in responses]
    numbers = sorted(int(re.findall(r"\d+", code)[-1]) for code in codes)
    assert len(set(codes)) == 40
    assert numbers == list(range(numbers[0], numbers[0] + 40))


RACE = """
import json, pathlib, time
from django.core.exceptions import ValidationError
from django.db import connection
from giaoban.meetings.models import ConclusionNotice
from giaoban.meetings import services as meetings
from giaoban.org.models import User
from giaoban.reports.models import CommitteeReport
from giaoban.reports import services as reports
connection.ensure_connection()
folder = pathlib.Path({folder!r})
leader = User.objects.get(pk={leader})
results = []
for trial, (notice_id, report_id, day) in enumerate({trials!r}):
    (folder / f"ready-{{trial}}-{{{role!r}}}").touch()
    deadline = time.monotonic() + 60
    while len(list(folder.glob(f"ready-{{trial}}-*"))) < 2:
        assert time.monotonic() < deadline, "the other process never came"
        time.sleep(0.001)
    try:
        if {role!r} == "notice":
            notice = ConclusionNotice.objects.get(pk=notice_id)
            done = meetings.conclusion_issue(actor=None, notice=notice, number=1, date=__import__("datetime").date.fromisoformat(day))
        else:
            report = CommitteeReport.objects.get(pk=report_id)
            done = reports.report_approve(actor=leader, report=report, date=__import__("datetime").date.fromisoformat(day))
        results.append({{"number": done.number}})
    except ValidationError as error:
        results.append({{"refused": error.message_dict}})
print(json.dumps(results))
"""

TRIALS = 5


def test_a_number_entered_by_hand_racing_an_approval_is_never_given_twice(world, tmp_path):
    """The attack of issue #11: a conclusion notice issued with a hand-entered number (1) while a report
    of the same committee and year is approved (automatic number, the counter's next: 1). Each trial
    starts both processes on one signal; whatever the order, the two documents never share a number:
    either the report skips the number the notice took, or the notice is refused, naming the report."""
    import datetime as dt

    from giaoban.meetings.models import ConclusionNotice
    from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
    from giaoban.reports.models import CommitteeReport
    from giaoban.reports.tests.factories import make_period, make_report, make_request

    trials = []
    for trial in range(TRIALS):
        year = 2017 + trial
        meeting = make_meeting(world, title=f"Hội nghị giao ban năm {year}", date=dt.date(year, 7, 26))
        notice = make_notice(meeting, tasks=0, date=dt.date(year, 7, 28))
        for unit in (world.unit, world.other_unit):
            add_key_task(
                notice, title=f"Nhiệm vụ của {unit.name}", lead_unit=unit, deadline=dt.date(year, 12, 31)
            )
        request = make_request(world, period=make_period(world, year=year), deadline=dt.date(year, 7, 10))
        report = make_report(world, request, summary=f"Sơ kết 6 tháng đầu năm {year}")
        trials.append((notice.pk, report.pk, dt.date(year, 7, 28).isoformat()))
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "PATH": "/usr/bin:/bin",
    }
    processes = {
        role: subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                RACE.format(folder=str(tmp_path), leader=world.leader.pk, trials=trials, role=role),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in ("notice", "report")
    }
    outcome = {}
    try:
        for role, process in processes.items():
            out, err = process.communicate(timeout=300)
            assert process.returncode == 0, err  # e.g. a deadlock between the two
            outcome[role] = json.loads(out.strip().splitlines()[-1])
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    pairs = [
        (ConclusionNotice.objects.get(pk=notice_id), CommitteeReport.objects.get(pk=report_id))
        for notice_id, report_id, _ in trials
    ]
    shared = [trial for trial, (notice, report) in enumerate(pairs) if notice.number == report.number]
    assert not shared, f"both documents got the same number in trials {shared} of {TRIALS}"
    for trial, (notice, report) in enumerate(pairs):
        assert report.number is not None, outcome
        if notice.number is None:  # the report took 1 first: the notice is refused, naming the report
            (message,) = outcome["notice"][trial]["refused"]["number"]
            assert "Số 1 năm" in message and report.summary in message, message
            assert report.number == 1
        else:
            assert (notice.number, report.number) == (1, 2)
