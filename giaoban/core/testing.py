"""Helpers for the tests that run the app as the operator does: subprocesses, gunicorn, PostgreSQL.

Only tests import this module. The processes started here run against the database pytest-django
made for the session (its name is in `connection.settings_dict`), so the test must commit what they
should see: use `transactional_db` / `django_db(transaction=True)`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def is_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


requires_postgresql = pytest.mark.skipif(
    not is_postgresql(), reason="needs PostgreSQL: runs in the PostgreSQL pass of make test"
)


def needs_libreoffice(test):
    """A test that converts with LibreOffice (seconds a document): marked `pdf`, which `make test` runs in
    its PostgreSQL pass only; skipped where LibreOffice is not installed."""
    from giaoban.core.documents import pdf_available

    reason = "LibreOffice (soffice) is not installed: `make libreoffice`"
    return pytest.mark.pdf(pytest.mark.skipif(not pdf_available(), reason=reason)(test))


def render_pngs(docx_data: bytes, directory: Path, stem: str, *, dpi: int = 70) -> list[Path]:
    """The document as one PNG per page (LibreOffice → PDF → pdftoppm), to look at what a test printed:
    `directory/stem-1.png`, `stem-2.png`, …. Needs LibreOffice (`needs_libreoffice`) and poppler-utils."""
    import shutil

    from giaoban.core.documents import render_pdf

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    pdf = directory / f"{stem}.pdf"
    pdf.write_bytes(render_pdf(docx_data))
    for old in directory.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(directory / stem)], check=True, timeout=120
    )
    return sorted(directory.glob(f"{stem}-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def database_url(settings_dict: dict[str, Any] | None = None, *, name: str | None = None) -> str:
    """A DATABASE_URL for the given Django database settings (default: the test database in use)."""
    if settings_dict is None:
        from django.db import connection

        settings_dict = connection.settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{name or settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{name or settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_environment(database: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an app process in production settings, on loopback, behind a TLS proxy.

    The tests speak plain HTTP and send X-Forwarded-Proto: https as nginx would, so secure cookies,
    HSTS and the HTTPS redirect behave as in production.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST", "GIAOBAN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=database,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        GIAOBAN_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def collectstatic(var_dir: Path) -> None:
    """Static files into var_dir/static as `make serve-prod` prepares them (hashed names, a manifest)."""
    env = app_environment("sqlite:///:memory:", var_dir)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )


@dataclass
class AppServer:
    """One gunicorn serving the app on a loopback port."""

    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def serve_prod_command(env: dict[str, str], *, port: int, workers: int = 1) -> list[str]:
    """The gunicorn command line `make serve-prod` runs for BIND=127.0.0.1:<port> in this environment."""
    # Inside `make test` this would be a sub-make, which announces "make[2]: Entering directory" and
    # inherits the parallel make's job server (whose pipes it does not get): a make of its own.
    own_make = {key: value for key, value in env.items() if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    printed = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            "gunicorn-prod-command",
            f"BIND=127.0.0.1:{port}",
            f"WORKERS={workers}",
        ],
        cwd=BASE_DIR,
        env=own_make,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return shlex.split(printed.stdout.strip())


def start_gunicorn(
    env: dict[str, str],
    *,
    log: Path,
    workers: int = 2,
    port: int | None = None,
    timeout: float = 60,
    command: list[str] | None = None,
) -> AppServer:
    """Start gunicorn on 127.0.0.1 and wait until /healthz answers (any status). `command` (binding
    `port`) replaces the default command line, e.g. serve-prod's own."""
    port = port or free_port()
    handle = log.open("ab")
    process = subprocess.Popen(
        command
        or [
            GUNICORN,
            "config.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--graceful-timeout=5",
            "--timeout=30",
            "--access-logfile=-",
            "--no-control-socket",  # never take over the control socket of a gunicorn the operator runs
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    handle.close()
    server = AppServer(port=port, process=process, log=log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{server.output()}")
        with contextlib.suppress(OSError):
            Client(server.url, timeout=2).get("/healthz")
            return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer on port {port}:\n{server.output()}")


# --- A small HTTP client with cookies ------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    set_cookies: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Client:
    """http.client with a cookie jar; every request goes out as if nginx had terminated TLS."""

    base_url: str
    timeout: float = 10
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        host, port = self.base_url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
        all_headers = {
            "Host": f"{host}:{port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{host}:{port}{path}",
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            data = raw.read()
        finally:
            connection.close()
        elapsed = time.monotonic() - started
        set_cookies = raw.headers.get_all("Set-Cookie") or []
        for value in set_cookies:
            key, _, cookie = value.split(";", 1)[0].partition("=")
            if cookie and "max-age=0" not in value.lower():
                self.cookies[key.strip()] = cookie.strip()
            else:
                self.cookies.pop(key.strip(), None)
        headers_out = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers_out, data, elapsed, set_cookies)

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, data: dict[str, str]) -> Response:
        from urllib.parse import urlencode

        token = self.cookies.get("csrftoken", "")
        body = urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        return self.request(
            "POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_json(self, path: str, data: Any, headers: dict | None = None) -> Response:
        return self.request(
            "POST",
            path,
            body=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )

    def log_in(self, username: str, password: str) -> Response:
        """The login page as a browser uses it: GET for the CSRF cookie, then POST the form."""
        self.get("/accounts/login/")
        response = self.post_form("/accounts/login/", {"username": username, "password": password})
        if response.status != 302:
            raise AssertionError(f"login as {username} failed: {response.status}")
        return response


@contextlib.contextmanager
def running(*servers: AppServer) -> Iterator[tuple[AppServer, ...]]:
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()
