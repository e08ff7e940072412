"""Production hardening: deploy checks, CSP-safe templates, login throttling, passwords, sessions, CSRF, audit.

Headers as served by gunicorn in production settings (HSTS, secure cookies, …) are checked in
tests/deploy/test_scale_out.py; uploads in giaoban/core/tests/test_uploads.py; the CSRF token of every
form of every page in tests/test_url_sweep.py.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from giaoban.core.testing import BASE_DIR, PYTHON, database_url

pytestmark = pytest.mark.django_db

LOCKED_OUT_TEXT = "Tài khoản đã bị tạm khóa do nhập sai mật khẩu nhiều lần"


# --- manage.py check --deploy --------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings():
    """`manage.py check --deploy` finds nothing, warnings included, with settings from the environment."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(),
        "ALLOWED_HOSTS": "giaoban.example.gov.vn",
        "CSRF_TRUSTED_ORIGINS": "https://giaoban.example.gov.vn",
    }
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Only operator hints (INFO) may remain: giaoban.I001 where Times New Roman is not installed.
    assert "WARNINGS:" not in result.stdout and "ERRORS:" not in result.stdout, result.stdout
    assert set(re.findall(r"\(([\w.]+\.[A-Z]\d+)\)", result.stdout)) <= {"giaoban.I001"}, result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.prod"}
    result = subprocess.run(
        [PYTHON, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


# --- Content Security Policy ---------------------------------------------------------------------


def project_templates() -> list[Path]:
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += sorted((BASE_DIR / "giaoban").glob("*/templates"))
    return sorted({path for folder in folders for path in folder.rglob("*.html")})


TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
EVENT_HANDLER = re.compile(r"(?:^|\s)(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"(?:^|\s)style\s*=", re.IGNORECASE)
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}|<!--.*?-->", re.DOTALL)


def csp_violations(html: str) -> list[str]:
    """What a policy of script-src 'self' and style-src 'self' (no 'unsafe-inline') would refuse."""
    found = []
    html = COMMENTS.sub("", html)
    for attributes, body in SCRIPT_ELEMENT.findall(html):
        is_data = re.search(r"""type\s*=\s*["']application/(ld\+)?json["']""", attributes)
        if "src=" not in attributes and not is_data:
            found.append(f"inline <script>: {body.strip()[:60]}")
        elif body.strip() and not is_data:
            found.append("<script src> with a body")
    for name, attributes in TAG.findall(html):
        if name.lower() == "style":
            found.append("<style> element")
        if match := EVENT_HANDLER.search(attributes):
            found.append(f"event handler attribute {match.group(1)} on <{name}>")
        if STYLE_ATTRIBUTE.search(attributes):
            found.append(f"style attribute on <{name}>")
        if "javascript:" in attributes.lower():
            found.append(f"javascript: URL on <{name}>")
    return found


def test_the_csp_check_sees_what_a_browser_would_refuse():
    page = """<script>alert(1)</script><script src="/static/a.js"></script>
    <script type="application/json" id="data">{"a": 1}</script>
    <button onclick="go()">x</button><div style="color:red"></div><a href="javascript:void(0)">y</a>
    <style>p{}</style><div hx-on:click="x()"></div><p>only=text</p>{# <style> in a comment #}"""
    assert csp_violations(page) == [
        "inline <script>: alert(1)",
        "event handler attribute onclick on <button>",
        "style attribute on <div>",
        "javascript: URL on <a>",
        "<style> element",
        "event handler attribute hx-on:click on <div>",
    ]


def test_templates_have_no_inline_script_or_style():
    """Every template of the project works under the CSP: no inline script, handler or style."""
    templates = project_templates()
    assert any(path.name == "base.html" for path in templates)
    problems = {
        str(path.relative_to(BASE_DIR)): found
        for path in templates
        if (found := csp_violations(path.read_text(encoding="utf-8")))
    }
    assert not problems, problems


def test_pages_carry_the_content_security_policy(client, world):
    client.force_login(world.secretariat)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not csp_violations(response.content.decode())


def test_the_api_docs_page_has_no_inline_script(client, world):
    """ninja's Swagger page loads its settings as JSON data and its code from static files."""
    client.force_login(world.secretariat)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert not csp_violations(response.content.decode())


# --- Login throttling, passwords, sessions -------------------------------------------------------


def test_five_wrong_passwords_lock_the_login_with_a_vietnamese_message(world):
    browser = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = browser.post("/accounts/login/", {"username": "off", "password": "sai-mat-khau"})
        assert response.status_code == 200
        assert LOCKED_OUT_TEXT not in response.content.decode()
    locked = browser.post("/accounts/login/", {"username": "off", "password": "sai-mat-khau"})
    assert locked.status_code == 429
    assert LOCKED_OUT_TEXT in locked.content.decode()
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    # The right password does not get through either while the lock lasts.
    still = browser.post("/accounts/login/", {"username": "off", "password": "giaoban-demo"})
    assert still.status_code == 429
    assert "_auth_user_id" not in browser.session


def test_weak_passwords_are_refused(client, world):
    client.force_login(world.officer)
    for weak in ("12345678901", "password123", "off-password"[:4] + "12"):
        response = client.post(
            "/accounts/password/",
            {"old_password": "giaoban-demo", "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak
        assert response.context["form"].errors["new_password2"], weak
    strong = "Lang-Son-26/7/2017-giao-ban"
    response = client.post(
        "/accounts/password/",
        {"old_password": "giaoban-demo", "new_password1": strong, "new_password2": strong},
    )
    assert response.status_code == 302


def test_a_session_expires_after_its_idle_time(world):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY
    browser = Client()
    assert (
        browser.post("/accounts/login/", {"username": "sec", "password": "giaoban-demo"}).status_code == 302
    )
    assert browser.get("/").status_code == 200
    session = Session.objects.get(session_key=browser.session.session_key)
    # Left idle past SESSION_COOKIE_AGE: the stored session is expired and no longer logs anyone in.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = browser.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_posts_without_the_csrf_token_are_refused(world):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "sec", "password": "giaoban-demo"})
    assert response.status_code == 403


# --- Audit of logins and permission changes ------------------------------------------------------


@pytest.fixture
def system_admin(world):
    """The system admin with the permissions `giaoban demo` gives it."""
    from django.contrib.auth.models import Permission

    from giaoban.org.demo import ADMIN_PERMISSIONS

    admin = world.admin
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True)
    admin.refresh_from_db()
    admin.user_permissions.set(Permission.objects.filter(codename__in=ADMIN_PERMISSIONS))
    return admin


def test_logins_and_logouts_are_audited_for_the_system_admin(world, system_admin):
    from axes.models import AccessLog

    browser = Client(HTTP_USER_AGENT="Trình duyệt thử")
    assert (
        browser.post("/accounts/login/", {"username": "sec", "password": "giaoban-demo"}).status_code == 302
    )
    assert browser.post("/accounts/logout/").status_code == 302
    Client().post("/accounts/login/", {"username": "sec", "password": "sai"})
    entry = AccessLog.objects.get(username="sec")
    assert entry.logout_time is not None and entry.user_agent == "Trình duyệt thử"

    admin_browser = Client()
    admin_browser.force_login(system_admin)
    log = admin_browser.get("/admin/axes/accesslog/")
    assert log.status_code == 200 and "sec" in log.content.decode()
    failures = admin_browser.get("/admin/axes/accessattempt/")
    assert failures.status_code == 200 and "sec" in failures.content.decode()


def test_permission_changes_are_kept_in_the_user_history(world, system_admin):
    """A change of role or organisation is recorded with who made it, and the admin can read it."""
    from giaoban.core.permissions import Role

    user = world.officer
    user.role = Role.SECRETARIAT
    user.organisation = world.standing_agency
    user._history_user = system_admin
    user.save()  # as Django admin's change form saves it
    latest, previous = user.history.all()[:2]
    assert (previous.role, latest.role) == (Role.UNIT_OFFICER, Role.SECRETARIAT)
    assert latest.history_user == system_admin
    assert latest.organisation_id == world.standing_agency.pk

    browser = Client()
    browser.force_login(system_admin)
    page = browser.get(f"/admin/org/user/{user.pk}/history/")
    assert page.status_code == 200
    assert system_admin.username in page.content.decode()


def test_the_client_address_comes_from_the_trusted_proxy_only(settings, rf):
    from giaoban.core.security import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    settings.GIAOBAN_TRUSTED_PROXIES = []
    assert client_ip(request) == "10.0.0.2"
    settings.GIAOBAN_TRUSTED_PROXIES = [
        "10.0.0.2"
    ]  # nginx appended the address it saw; "1.2.3.4" is the client's claim
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    # Two proxies of a CIDR in a row: read past both.
    settings.GIAOBAN_TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8::/32"]
    chained = rf.get("/", REMOTE_ADDR="2001:db8::1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7, 10.0.0.5")
    assert client_ip(chained) == "203.0.113.7"
    # A request that reaches gunicorn directly is never read from the header.
    direct = rf.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert client_ip(direct) == "198.51.100.9"


def _fail_login(remote_addr: str, forwarded_for: str):
    return Client(REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for).post(
        "/accounts/login/", {"username": "off", "password": "sai-mat-khau"}
    )


def test_a_forged_forwarded_for_does_not_escape_the_lockout_when_gunicorn_is_reached_directly(
    settings, world
):
    """Six wrong passwords straight to gunicorn, each claiming another X-Forwarded-For: still one client."""
    settings.GIAOBAN_TRUSTED_PROXIES = ["10.0.0.2"]  # nginx; the attacker is not it
    statuses = [_fail_login("198.51.100.9", f"203.0.113.{n}").status_code for n in range(1, 7)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[settings.AXES_FAILURE_LIMIT - 1 :] == [429] * (7 - settings.AXES_FAILURE_LIMIT)


def test_behind_a_trusted_proxy_the_forwarded_client_is_locked_not_the_proxy(settings, world):
    settings.GIAOBAN_TRUSTED_PROXIES = ["10.0.0.0/24"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        last = _fail_login("10.0.0.2", "1.2.3.4, 203.0.113.7")  # the client's own claim "1.2.3.4" is ignored
    assert last.status_code == 429
    # Another client through the same proxy is not locked out with them.
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.8").post(
        "/accounts/login/", {"username": "off", "password": "giaoban-demo"}
    )
    assert other.status_code == 302
