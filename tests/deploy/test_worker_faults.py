"""The reminder worker under faults, end to end on PostgreSQL: `manage.py db_worker` (django-tasks-db) runs
the daily reminder job that `send-reminders --schedule` queues, as `make serve-prod` runs it.

(b) The worker is killed (SIGKILL) in the middle of a slow batch: after a restart every reminder has
    been e-mailed exactly once and the daily cycle goes on.
(c) The mail server is down, then refuses: the reminders stay unsent and are tried again by the next
    runs; once the server accepts, each is delivered exactly once.

The worker works on a database of its own (`giaoban_worker_faults`, a copy of the test database with the
task queue's tables migrated in), so the queue never touches the database the rest of the suite uses.
"Tomorrow morning" comes by moving the queued job's run_after to now.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from giaoban.core.testing import (
    BASE_DIR,
    PYTHON,
    app_environment,
    database_url,
    free_port,
    requires_postgresql,
)
from giaoban.tasks.tests.factories import make_task

from .mail_sinks import DELAY_ENV, SINK_ENV, SmtpServer, delivered

pytestmark = [pytest.mark.slow, requires_postgresql, pytest.mark.django_db(transaction=True)]

DATABASE = "giaoban_worker_faults"
JOB = "giaoban.tasks.jobs.send_task_reminders"
TASKS = 15  # each reminds the lead unit's officer and the secretariat: 30 reminders
WAIT_SECONDS = 40


@dataclass
class WorkerDatabase:
    url: str
    var_dir: Path

    def sql(self, query: str, *params) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True) as conn, conn.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def env(self, **extra: str) -> dict[str, str]:
        """A worker's environment: production settings, the database task queue, this database."""
        return app_environment(self.url, self.var_dir, GIAOBAN_TASKS_BACKEND="database", **extra)

    def manage(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    # --- the task queue --------------------------------------------------------------------------

    def jobs(self) -> list[tuple[str, dict, str]]:
        """(status, kwargs, run_after relative to now: 'past'/'future') of every reminder job, oldest first."""
        rows = self.sql(
            "SELECT status, args_kwargs, run_after <= now() FROM django_tasks_database_dbtaskresult"
            " WHERE task_path = %s ORDER BY enqueued_at",
            JOB,
        )
        return [(status, args["kwargs"], "past" if due else "future") for status, args, due in rows]

    def morning_comes(self) -> None:
        """The job queued for tomorrow morning becomes due now."""
        moved = self.sql(
            "UPDATE django_tasks_database_dbtaskresult SET run_after = now() - interval '1 second'"
            " WHERE task_path = %s AND status = 'READY' AND run_after > now() RETURNING id",
            JOB,
        )
        assert len(moved) == 1, f"one next-morning run queued: {self.jobs()}"

    def wait_jobs_done(self, count: int) -> list[dict]:
        """Wait until `count` reminder jobs have finished; their return values."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            rows = self.sql(
                "SELECT status, return_value FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = %s AND status IN ('SUCCESSFUL', 'FAILED') ORDER BY finished_at",
                JOB,
            )
            if len(rows) >= count:
                assert {status for status, _ in rows} == {"SUCCESSFUL"}, rows
                return [value for _, value in rows]
            time.sleep(0.1)
        raise AssertionError(f"{count} reminder runs did not finish: {self.jobs()}")

    # --- the reminders ------------------------------------------------------------------------------

    def expected(self) -> set[tuple[str, str]]:
        """(recipient address, task code) of every reminder claimed."""
        rows = self.sql(
            "SELECT u.email, t.code FROM tasks_reminder r JOIN org_user u ON u.id = r.recipient_id"
            " JOIN tasks_task t ON t.id = r.task_id"
        )
        return set(rows)

    def reminders(self) -> list[tuple[bool, int, str]]:
        """(e-mail marked sent, attempts, last error) of every reminder."""
        return self.sql(
            "SELECT email_sent_at IS NOT NULL, email_attempts, email_error FROM tasks_reminder ORDER BY id"
        )


@pytest.fixture
def worker_database(world, tmp_path) -> Iterator[WorkerDatabase]:
    """TASKS tasks due today, their people with addresses, in a database of the worker's own."""
    for user, address in ((world.officer, "off@example.vn"), (world.secretariat, "sec@example.vn")):
        user.email = address
        user.save()
    today = timezone.localdate()
    for _ in range(TASKS):
        make_task(world, deadline=today)
    # The test database (committed: transaction=True) is the template of the worker's database. A
    # template may have no other session open, so this process lets go of its connection first.
    source = connection.settings_dict["NAME"]
    admin_url = database_url(name="postgres")
    connection.close()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{source}"')
    database = WorkerDatabase(url=database_url(name=DATABASE), var_dir=tmp_path / "var")
    database.var_dir.mkdir()
    try:
        database.manage("migrate", "--noinput")  # the task queue's tables
        yield database
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


@dataclass
class Worker:
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # a graceful stop: the task in hand finishes
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextlib.contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[Worker]:
    """`manage.py db_worker` as `make serve-prod` starts it, polling the queue every 0.2 s."""
    handle = log.open("ab")
    process = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval=0.2", "--no-startup-delay"],
        cwd=BASE_DIR,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    running = Worker(process, log)
    try:
        yield running
    finally:
        running.stop()


def delivered_codes(sink: Path) -> dict[tuple[str, str], int]:
    """(recipient, task code) → times delivered; the subject ends with the task's code."""
    return {(to, subject.rsplit(": ", 1)[1]): n for (to, subject), n in delivered(sink).items()}


def test_a_worker_killed_mid_batch_sends_every_reminder_exactly_once_after_a_restart(
    worker_database, tmp_path
):
    db = worker_database
    sink = tmp_path / "sent.jsonl"
    env = db.env(
        EMAIL_BACKEND="tests.deploy.mail_sinks.SlowRecordingBackend",
        **{SINK_ENV: str(sink), DELAY_ENV: "0.25"},  # a slow mail server: 30 reminders take 7.5 s
    )
    out = db.manage("send-reminders", "--schedule", env=env)  # the operator's daily cycle
    assert "Đã đặt lịch gửi lời nhắc" in out
    db.morning_comes()

    with worker(env, tmp_path / "worker-1.log") as first:
        deadline = time.monotonic() + WAIT_SECONDS
        while sum(delivered(sink).values()) < 10:
            assert time.monotonic() < deadline, first.output()
            assert first.process.poll() is None, first.output()
            time.sleep(0.02)
        time.sleep(0.12)  # halfway through the next message's 0.25 s: the mail server has it in hand
        first.process.kill()
        first.process.wait(timeout=10)
    killed_after = sum(delivered(sink).values())
    expected = db.expected()
    assert len(expected) == 2 * TASKS, "every reminder was claimed (with its in-app notification)"
    assert 10 <= killed_after < len(expected), "killed in the middle of the batch"
    marked = [sent for sent, _, _ in db.reminders()]
    assert sum(marked) == killed_after, "what was delivered is marked sent; what was not is not"
    assert [status for status, _, _ in db.jobs()][0] == "RUNNING", "the killed run is left as it was"

    started = time.monotonic()
    with worker(env, tmp_path / "worker-2.log") as second:
        deadline = time.monotonic() + WAIT_SECONDS
        while not all(sent for sent, _, _ in db.reminders()):
            assert time.monotonic() < deadline, f"unsent after the restart: {db.jobs()}\n{second.output()}"
            assert second.process.poll() is None, second.output()
            time.sleep(0.1)
        caught_up = time.monotonic() - started
        time.sleep(1)  # anything more the restarted worker would send, it would send now
    counts = delivered_codes(sink)
    assert set(counts) == expected, "nothing lost"
    assert set(counts.values()) == {1}, f"nothing sent twice: {counts}"
    assert len(counts) == 2 * TASKS
    # The daily cycle survived the kill: tomorrow morning's run is queued, exactly once.
    future = [job for job in db.jobs() if job[0] == "READY" and job[2] == "future"]
    assert future == [("READY", {"repeat": True}, "future")], db.jobs()
    print(  # noqa: T201 - the figures in the test's output
        f"\nkilled after {killed_after} of {len(expected)} e-mails; "
        f"the restarted worker sent the other {len(expected) - killed_after} in {caught_up:.1f} s"
    )


def test_a_failing_mail_server_leaves_reminders_queued_and_they_are_retried(worker_database, tmp_path):
    db = worker_database
    sink = tmp_path / "smtp.jsonl"
    port = free_port()
    env = db.env(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
    )
    db.manage("send-reminders", "--schedule", env=env)
    reminders = 2 * TASKS

    with worker(env, tmp_path / "worker.log") as running:
        # Day 1: nothing listens on the mail server's port.
        db.morning_comes()
        [day_1] = db.wait_jobs_done(1)
        assert day_1 == {"claimed": reminders, "emailed": 0, "failed": reminders, "purged": 0}
        state = db.reminders()
        assert len(state) == reminders
        assert {(sent, attempts) for sent, attempts, _ in state} == {(False, 1)}, "queued, not marked sent"
        assert all("refused" in error.lower() for _, _, error in state), state[0]

        # Day 2: the mail server answers, but refuses (554).
        with SmtpServer(port, sink, refusing=True):
            db.morning_comes()
            day_2 = db.wait_jobs_done(2)[-1]
        assert day_2 == {"claimed": 0, "emailed": 0, "failed": reminders, "purged": 0}, "tried again"
        state = db.reminders()
        assert {(sent, attempts) for sent, attempts, _ in state} == {(False, 2)}
        assert all("554" in error for _, _, error in state), state[0]
        assert not sink.exists()

        # Day 3: the mail server works. Every reminder goes, once.
        with SmtpServer(port, sink):
            db.morning_comes()
            day_3 = db.wait_jobs_done(3)[-1]
            assert day_3 == {"claimed": 0, "emailed": reminders, "failed": 0, "purged": 0}
            # Day 4: nothing left to send, nothing sent again.
            db.morning_comes()
            day_4 = db.wait_jobs_done(4)[-1]
            assert day_4 == {"claimed": 0, "emailed": 0, "failed": 0, "purged": 0}
        assert running.process.poll() is None, running.output()

    counts = delivered_codes(sink)
    assert set(counts) == db.expected(), "nothing lost"
    assert set(counts.values()) == {1}, f"nothing sent twice: {counts}"
    assert {(sent, attempts, error) for sent, attempts, error in db.reminders()} == {(True, 2, "")}
    assert [job for job in db.jobs() if job[0] == "READY"] == [("READY", {"repeat": True}, "future")]
    assert json.dumps(db.jobs()).count("RUNNING") == 0
