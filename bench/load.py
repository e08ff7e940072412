"""Load test: N simulated officers against the app under gunicorn on PostgreSQL, on loopback.

An equivalent of a headless locust run, written with the standard library (threads and http.client):

1. creates (or empties) the database, migrates it and loads the demo world (`giaoban demo`);
2. collects the static files and starts gunicorn with the production settings on 127.0.0.1, as behind
   nginx (X-Forwarded-Proto: https);
3. logs each simulated user in through the login page (its own session) before the clock starts;
4. for --duration seconds, every user loops: think (--think seconds, uniform), then one action —
   browse a list, open a record, read the API, or post task progress through the API;
5. prints requests/s, p50/p95/p99 latency per action and overall, and the errors (5xx, refused or
   timed-out connections, and any answer an action did not expect).

    .venv/bin/python bench/load.py [--users 100 --duration 60 --workers 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giaoban_bench_load .venv/bin/python bench/load.py

Every loop is bounded by --duration; the server is stopped at the end. Aim (issue #7): 100 users,
p95 below 300 ms, no errors, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/giaoban_bench_load"
DEMO_PASSWORD = "giaoban-demo"
# Demo accounts the simulated users log in as, with how many users take each: mostly unit officers.
ACCOUNTS = (("sngv", 4), ("tpls", 4), ("thuky", 1), ("lanhdao", 1))
LIST_PAGES = (
    "/",
    "/org/committees/",
    "/org/organisations/",
    "/org/persons/",
    "/org/persons/?q=nguyen",
    "/tasks/",
    "/tasks/dashboard/",
    "/delegations/",
    "/notifications/",
)
API_READS = ("/api/v1/committees", "/api/v1/organisations?limit=25", "/api/v1/persons?q=van", "/api/v1/tasks")
# How often each action is picked.
ACTIONS = (("list", 35), ("detail", 35), ("api_read", 20), ("api_write", 10))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100, help="simulated users (default 100)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (default 5)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread if > 1)")
    parser.add_argument("--timeout", type=float, default=10, help="seconds before a request counts as failed")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--keep-data", action="store_true", help="reuse the database if it has the demo")
    return parser.parse_args()


# --- Database and server -------------------------------------------------------------------------


def prepare_database(url: str, keep: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in {"", "test", "postgres", "template0", "template1"}:
        raise SystemExit(f"Use a database of its own for the benchmark, not `{name}`.")
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not keep:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], workers: int, threads: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [GUNICORN, "config.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}", "--timeout=30"]
    if threads > 1:
        command += ["--worker-class=gthread", f"--threads={threads}"]
    with log.open("wb") as handle:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {log.read_text()[-2000:]}")
        try:
            if Session(port).request("GET", "/healthz").status == 200:
                return process, port
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


# --- HTTP ----------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]


@dataclass
class Session:
    """One browser: a cookie jar; each request on a new connection (gunicorn's sync workers close it)."""

    port: int
    timeout: float = 10
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        host = f"127.0.0.1:{self.port}"
        all_headers = {"Host": host, "X-Forwarded-Proto": "https", "Referer": f"https://{host}{path}"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            key, _, cookie = value.split(";", 1)[0].partition("=")
            if cookie:
                self.cookies[key.strip()] = cookie.strip()
        return Answer(response.status, data, {k.lower(): v for k, v in response.getheaders()})

    def log_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
                "username": username,
                "password": DEMO_PASSWORD,
            }
        ).encode()
        answer = self.request(
            "POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if answer.status != 302:
            raise SystemExit(f"login as {username} failed: {answer.status}")


# --- The simulated users -------------------------------------------------------------------------


@dataclass
class Sample:
    action: str
    seconds: float
    ok: bool
    status: int
    path: str
    ended: float


@dataclass
class Plan:
    """What the users can open, found once before the clock starts."""

    lists: list[str]
    details: list[str]
    api_reads: list[str]
    # account → (bearer token, tasks its unit leads that take progress)
    writable: dict[str, tuple[str, list[int]]]


def discover(port: int, sessions: dict[str, Session]) -> Plan:
    probe = sessions["thuky"]
    lists = [path for path in LIST_PAGES if probe.request("GET", path).status == 200]
    details: list[str] = []
    for page, pattern in (
        ("/org/persons/", r'href="(/org/persons/\d+/)"'),
        ("/org/organisations/", r'href="(/org/organisations/\d+/)"'),
        ("/org/committees/", r'href="(/org/committees/\d+/)"'),
        ("/tasks/", r'href="(/tasks/\d+/)"'),
        ("/delegations/", r'href="(/delegations/\d+/)"'),
    ):
        answer = probe.request("GET", page)
        if answer.status == 200:
            details += sorted(set(re.findall(pattern, answer.body.decode())))[:15]
    writable: dict[str, tuple[str, list[int]]] = {}
    for account, _share in ACCOUNTS:
        token_answer = Session(port).request(
            "POST",
            "/api/v1/auth/token",
            json.dumps({"username": account, "password": DEMO_PASSWORD, "name": "bench"}).encode(),
            {"Content-Type": "application/json"},
        )
        if token_answer.status != 200:
            continue
        token = json.loads(token_answer.body)["token"]
        tasks: list[int] = []
        listing = Session(port).request("GET", "/api/v1/tasks?limit=200", headers=bearer(token))
        if listing.status == 200:
            for task in json.loads(listing.body).get("items", []):
                trial = post_progress(Session(port), token, task["id"], 1)
                if trial.status == 201:
                    tasks.append(task["id"])
                if len(tasks) >= 10:
                    break
        writable[account] = (token, tasks)
    api_reads = [
        path
        for path in API_READS
        if Session(port).request("GET", path, headers=bearer(writable["thuky"][0])).status == 200
    ]
    return Plan(lists=lists, details=details, api_reads=api_reads, writable=writable)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def post_progress(session: Session, token: str, task_id: int, percent: int) -> Answer:
    body = json.dumps({"text": "Đang triển khai theo kế hoạch (thử tải).", "percent": percent}).encode()
    return session.request(
        "POST",
        f"/api/v1/tasks/{task_id}/progress",
        body,
        {"Content-Type": "application/json", **bearer(token)},
    )


class User(threading.Thread):
    def __init__(
        self, index: int, account: str, session: Session, plan: Plan, args, stop_at: float, out: list
    ):
        super().__init__(daemon=True, name=f"user-{index}")
        self.account = account
        self.session = session
        self.plan = plan
        self.args = args
        self.stop_at = stop_at
        self.out = out
        self.random = random.Random(args.seed + index)

    def pick(self) -> str:
        names = [name for name, _ in ACTIONS]
        weights = [weight for _, weight in ACTIONS]
        return self.random.choices(names, weights)[0]

    def run(self) -> None:
        low, high = self.args.think
        while True:
            time.sleep(self.random.uniform(low, high))
            if time.monotonic() >= self.stop_at:
                return
            action = self.pick()
            token, tasks = self.plan.writable.get(self.account, ("", []))
            if action == "api_write" and not tasks:
                action = "api_read"
            if action == "list":
                path = self.random.choice(self.plan.lists)
            elif action == "detail":
                path = self.random.choice(self.plan.details)
            elif action == "api_read":
                path = self.random.choice(self.plan.api_reads)
            else:
                task = self.random.choice(tasks)
                path = f"/api/v1/tasks/{task}/progress"
            started = time.monotonic()
            try:
                if action in {"list", "detail"}:
                    answer = self.session.request("GET", path)
                    # An officer may not see every record the secretariat listed: 404 is the rule then.
                    ok = answer.status == 200 or (action == "detail" and answer.status == 404)
                elif action == "api_read":
                    answer = self.session.request("GET", path, headers=bearer(token))
                    ok = answer.status == 200
                else:
                    answer = post_progress(self.session, token, task, self.random.randint(1, 99))
                    ok = answer.status == 201
                status = answer.status
            except OSError:
                status, ok = 0, False
            ended = time.monotonic()
            self.out.append(Sample(action, ended - started, ok, status, path, ended))


# --- Report --------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(share * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def report(samples: list[Sample], seconds: float, args, logins: float) -> dict:
    def row(name: str, items: list[Sample]) -> str:
        times = sorted(s.seconds * 1000 for s in items)
        errors = sum(1 for s in items if not s.ok)
        return (
            f"{name:<10} {len(items):>7} {len(items) / seconds:>8.1f} {percentile(times, 0.50):>8.0f} "
            f"{percentile(times, 0.95):>8.0f} {percentile(times, 0.99):>8.0f} {errors:>7}"
        )

    by_action: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_action[sample.action].append(sample)
    print()
    print(
        f"{args.users} users, {seconds:.0f} s, think {args.think[0]:g}-{args.think[1]:g} s, "
        f"gunicorn {args.workers} workers x {args.threads} threads, {os.cpu_count()} cores "
        f"(logins before the clock: {logins:.1f} s)"
    )
    print(
        f"{'action':<10} {'requests':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for name, _weight in ACTIONS:
        if by_action.get(name):
            print(row(name, by_action[name]))
    print(row("all", samples))
    failures: dict[int, int] = defaultdict(int)
    for sample in samples:
        if not sample.ok:
            failures[sample.status] += 1
    if failures:
        print("errors by status (0: no answer):", dict(sorted(failures.items())))
        paths = sorted({(s.status, s.path) for s in samples if not s.ok})
        print("failed requests:", ", ".join(f"{status} {path}" for status, path in paths[:20]))
    times = sorted(s.seconds * 1000 for s in samples)
    return {
        "requests": len(samples),
        "rps": len(samples) / seconds,
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": sum(failures.values()),
    }


def main() -> int:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The load test runs on PostgreSQL: set DATABASE_URL=postgres://…")
    var_dir = Path(tempfile.mkdtemp(prefix="giaoban-load-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GIAOBAN_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "GIAOBAN_VAR_DIR": str(var_dir),
        "GIAOBAN_DEMO": "1",
        # Thousands of officers share one unit's IP behind NAT; the bench's logins are all correct anyway.
        "AXES_FAILURE_LIMIT": "1000",
    }
    print(f"database {urlsplit(url).path.lstrip('/')}: migrate and load the demo …", flush=True)
    prepare_database(url, args.keep_data)
    manage(env, "migrate", "--noinput")
    manage(env, "demo", "--if-empty")
    manage(env, "collectstatic", "--noinput")
    server, port = start_server(env, args.workers, args.threads, var_dir / "gunicorn.log")
    try:
        accounts = [account for account, share in ACCOUNTS for _ in range(share)]
        assignment = [accounts[i % len(accounts)] for i in range(args.users)]
        print(f"gunicorn on 127.0.0.1:{port}; logging {args.users} users in …", flush=True)
        started = time.monotonic()
        sessions = [Session(port, timeout=args.timeout) for _ in range(args.users)]
        login_lock = threading.Semaphore(max(1, os.cpu_count() or 1))

        def log_in(index: int) -> None:
            with login_lock:
                sessions[index].log_in(assignment[index])

        threads = [threading.Thread(target=log_in, args=(i,)) for i in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        logins = time.monotonic() - started
        by_account = {name: sessions[assignment.index(name)] for name in set(assignment)}
        if "thuky" not in by_account:
            by_account["thuky"] = Session(port, timeout=args.timeout)
            by_account["thuky"].log_in("thuky")
        plan = discover(port, by_account)
        print(
            f"{len(plan.lists)} list pages, {len(plan.details)} records, {len(plan.api_reads)} API reads, "
            f"{sum(len(t) for _, t in plan.writable.values())} tasks taking progress; "
            f"running for {args.duration:g} s …",
            flush=True,
        )
        samples: list[Sample] = []
        clock = time.monotonic()
        stop_at = clock + args.duration
        users = [User(i, assignment[i], sessions[i], plan, args, stop_at, samples) for i in range(args.users)]
        for user in users:
            user.start()
        for user in users:
            user.join(timeout=args.duration + args.think[1] + args.timeout + 30)
        # The load lasts until the last answer that started before the end.
        figures = report(samples, max(s.ended for s in samples) - clock, args, logins)
        print(f"gunicorn log: {var_dir / 'gunicorn.log'}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    aim = figures["p95"] < 300 and figures["errors"] == 0
    print(f"aim (p95 < 300 ms, no errors): {'met' if aim else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
