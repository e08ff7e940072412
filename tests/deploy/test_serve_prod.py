"""Two `make serve-prod` instances on one machine, as one user, on two ports (issue #11, item 7).

gunicorn ≥ 25 opens a control socket (for `gunicornc`) at one path per user by default: the instance
started last took it over, a command meant for one reached the other, and an instance that stopped
removed the socket the other was using. Each instance now has its own, named after its BIND.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from gunicorn.ctl.client import ControlClient

from giaoban.core.testing import (
    AppServer,
    Client,
    free_port,
    requires_postgresql,
    running,
    serve_prod_command,
    start_gunicorn,
)

pytestmark = [pytest.mark.slow, requires_postgresql, pytest.mark.django_db(transaction=True)]

LISTENING = re.compile(r"Control socket listening at (\S+)")


def control_socket(server: AppServer, timeout: float = 20) -> str:
    """The control socket the instance says it listens on (its log, once the socket is up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = LISTENING.findall(server.output())
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no control socket in the log:\n{server.output()}")


def arbiter_pid(socket_path: str) -> int:
    with ControlClient(socket_path, timeout=10) as client:
        return int(client.send_command("show stats")["pid"])


def test_two_serve_prod_instances_keep_their_own_control_socket(prod_env, prod_var_dir, tmp_path):
    # A private HOME (gunicorn's default socket folder) and no XDG_RUNTIME_DIR: the test never touches
    # the sockets of gunicorns other people run on this machine. Short: a socket path has ≤ 107 bytes.
    home = Path(tempfile.mkdtemp(prefix="gb-home-", dir="/tmp"))
    var_dir = Path(tempfile.mkdtemp(prefix="gb-var-", dir="/tmp"))
    try:
        (var_dir / "static").symlink_to(prod_var_dir / "static")  # collected once for the session
        env = prod_env(HOME=str(home), GIAOBAN_VAR_DIR=str(var_dir))
        env.pop("XDG_RUNTIME_DIR", None)
        servers = []
        for name in ("one", "two"):
            port = free_port()
            command = serve_prod_command(env, port=port)
            servers.append(start_gunicorn(env, log=tmp_path / f"{name}.log", port=port, command=command))
        one, two = servers
        with running(one, two):
            sockets = [control_socket(one), control_socket(two)]
            # Each instance's socket answers for that instance, not for the one started last.
            assert [arbiter_pid(path) for path in sockets] == [one.process.pid, two.process.pid], sockets
            assert all(Client(server.url).get("/healthz").status == 200 for server in servers)
            two.stop()
            # The first keeps serving, and stays reachable through its own control socket.
            assert Client(one.url).get("/healthz").status == 200
            assert Path(sockets[0]).exists()
            assert arbiter_pid(sockets[0]) == one.process.pid
            assert not Path(sockets[1]).exists()
        assert sockets[0] == f"{var_dir}/run/gunicorn-127.0.0.1_{one.port}.ctl"
    finally:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(var_dir, ignore_errors=True)
