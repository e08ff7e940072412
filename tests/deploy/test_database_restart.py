"""PostgreSQL restarted under load: requests fail cleanly while it is down and the app recovers by itself.

The test runs its own PostgreSQL cluster (initdb into a temporary folder, a free loopback port): the
machine's shared server is never stopped, other suites run against it. The cluster gets the test
database's schema and data by pg_dump/pg_restore, gunicorn serves the app against it, and a load
thread keeps requesting pages while the cluster is stopped and started again.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from giaoban.core.backup import pg_environment
from giaoban.core.testing import Client, free_port, requires_postgresql, running, start_gunicorn

from .conftest import PASSWORD, give_password

pytestmark = [pytest.mark.slow, requires_postgresql, pytest.mark.django_db(transaction=True)]

PG_BIN = Path(os.environ.get("GIAOBAN_PG_BIN", "/usr/lib/postgresql/15/bin"))
# A request to an app whose database is down must end within this many seconds (no hang).
FAIL_FAST_SECONDS = 3.0
RECOVERY_SECONDS = 15.0


@dataclass
class Cluster:
    data: Path
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/giaoban"

    def ctl(self, *args: str) -> None:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args]
        as_owner(command, timeout=60)

    def start(self) -> None:
        self.ctl("-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}", "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "stop")


def as_owner(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL's server programs refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


@pytest.fixture
def private_cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL server programs in {PG_BIN} (set GIAOBAN_PG_BIN)")
    folder = Path(tempfile.mkdtemp(prefix="giaoban-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(data=folder / "data", port=free_port(), log=folder / "server.log")
    as_owner(
        [str(PG_BIN / "initdb"), "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        timeout=120,
    )
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


def copy_test_database(cluster: Cluster) -> None:
    """The test database (schema and committed rows) into the private cluster's `giaoban` database."""
    source = pg_environment(connection.settings_dict)
    dump = subprocess.run(
        [str(PG_BIN / "pg_dump"), "--format=custom", "--no-owner"],
        env=source,
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    target = {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(cluster.port), "PGUSER": "postgres"}
    subprocess.run([str(PG_BIN / "createdb"), "giaoban"], env=target, check=True, timeout=60)
    subprocess.run(
        [str(PG_BIN / "pg_restore"), "--no-owner", "--exit-on-error", "--dbname=giaoban"],
        input=dump,
        env=target,
        check=True,
        capture_output=True,
        timeout=120,
    )


@dataclass
class Sample:
    at: float
    path: str
    status: int  # 0: no HTTP answer at all
    seconds: float


class Load(threading.Thread):
    """A few users' worth of requests, one after another, until stopped."""

    PATHS = ("/healthz", "/", "/org/persons/", "/api/v1/committees")

    def __init__(self, base_url: str, cookies: dict[str, str], token: str) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.cookies = cookies
        self.token = token
        self.samples: list[Sample] = []
        self.halt = threading.Event()

    def run(self) -> None:
        index = 0
        while not self.halt.is_set():
            path = self.PATHS[index % len(self.PATHS)]
            index += 1
            client = Client(self.base_url, timeout=FAIL_FAST_SECONDS * 3, cookies=dict(self.cookies))
            headers = {"Authorization": f"Bearer {self.token}"} if path.startswith("/api/") else None
            started = time.monotonic()
            try:
                status = client.get(path, headers=headers).status
            except OSError:
                status = 0
            self.samples.append(Sample(started, path, status, time.monotonic() - started))
            time.sleep(0.05)

    def between(self, start: float, end: float) -> list[Sample]:
        return [s for s in self.samples if start <= s.at and s.at + s.seconds <= end]


def test_postgresql_restart_under_load(world, private_cluster, prod_env, tmp_path):
    from giaoban.org import services

    give_password(world.secretariat)
    _, token = services.api_token_issue(user=world.secretariat, name="load")
    copy_test_database(private_cluster)
    server = start_gunicorn(
        prod_env(private_cluster.url, DATABASE_CONNECT_TIMEOUT="2"), log=tmp_path / "app.log", workers=2
    )
    with running(server):
        browser = Client(server.url)
        browser.log_in(world.secretariat.username, PASSWORD)
        load = Load(server.url, browser.cookies, token)
        load.start()
        try:
            time.sleep(2)
            up_until = time.monotonic()
            private_cluster.stop("fast")
            down_from = time.monotonic()

            # While the database is down: /healthz says 503, pages and API say 503 with Retry-After,
            # every answer comes quickly, and the workers stay up (an HTTP answer every time).
            time.sleep(3)
            probe = Client(server.url, timeout=FAIL_FAST_SECONDS * 3, cookies=dict(browser.cookies))
            health = Client(server.url, timeout=FAIL_FAST_SECONDS * 3).get("/healthz")  # a load balancer
            assert health.status == 503, health.text
            assert health.json() == {"status": "error", "database": "unavailable"}
            assert probe.get("/healthz").status == 503  # with a session cookie the session load fails too
            page = probe.get("/org/persons/")
            assert page.status == 503 and page.headers["retry-after"] == "30"
            assert "không truy cập được cơ sở dữ liệu" in page.text
            api = probe.get("/api/v1/committees", headers={"Authorization": f"Bearer {token}"})
            assert api.status == 503 and "cơ sở dữ liệu" in api.json()["detail"]
            up_again_from = time.monotonic()
            private_cluster.start()
            restarted = time.monotonic()

            # After the restart the app serves again by itself: no restart of gunicorn, same session.
            deadline = restarted + RECOVERY_SECONDS
            while time.monotonic() < deadline and probe.get("/healthz").status != 200:
                time.sleep(0.2)
            recovered = time.monotonic()
            assert probe.get("/healthz").status == 200
            assert probe.get("/org/persons/").status == 200, "the session outlived the restart"
            assert probe.get("/api/v1/committees", headers={"Authorization": f"Bearer {token}"}).status == 200
            time.sleep(2)
        finally:
            load.halt.set()
            load.join(timeout=30)

        before = load.between(0, up_until)
        during = load.between(down_from + 1, up_again_from)
        after = load.between(recovered + 0.5, time.monotonic())
        report = {
            phase: sorted({(s.path, s.status) for s in samples})
            for phase, samples in (("before", before), ("during", during), ("after", after))
        }
        assert before and during and after, report
        assert {s.status for s in before} == {200}, report
        assert {s.status for s in during} == {503}, report
        assert max(s.seconds for s in during) < FAIL_FAST_SECONDS, report
        assert {s.status for s in after} == {200}, report
        assert server.process.poll() is None, "gunicorn kept running"
        print(  # noqa: T201 - the figures in the test's output
            f"\ndatabase down {up_again_from - down_from:.1f} s; "
            f"{len(during)} requests answered 503 in at most {max(s.seconds for s in during) * 1000:.0f} ms; "
            f"serving again {recovered - restarted:.2f} s after the restart"
        )
