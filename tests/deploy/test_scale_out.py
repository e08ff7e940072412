"""Two app processes (gunicorn, production settings) on one PostgreSQL database behave as one app.

Nothing lives in process memory: a session made through one process is valid on the other, a change
saved through one is seen through the other, a logout through one ends the session everywhere.
"""

from __future__ import annotations

import re

import pytest

from giaoban.core.testing import Client, requires_postgresql, running, start_gunicorn

from .conftest import PASSWORD, give_password

pytestmark = [pytest.mark.slow, requires_postgresql, pytest.mark.django_db(transaction=True)]


def form_version(html: str) -> str:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "the edit form carries the record's version"
    return match.group(1)


def test_two_app_processes_share_sessions_and_data(world, prod_env, tmp_path):
    give_password(world.secretariat)
    person = world.unit_person
    env = prod_env()
    one = start_gunicorn(env, log=tmp_path / "one.log", workers=2)
    two = start_gunicorn(env, log=tmp_path / "two.log", workers=2)
    with running(one, two):
        browser = Client(one.url)
        browser.log_in(world.secretariat.username, PASSWORD)
        session = dict(browser.cookies)
        assert "sessionid" in session

        # The session made by process one opens pages on process two.
        on_two = Client(two.url, cookies=dict(session))
        home = on_two.get("/")
        assert home.status == 200, home.status
        assert "Đăng xuất" in home.text

        # An edit saved through process one is read back through process two.
        edit = browser.get(f"/org/persons/{person.pk}/edit/")
        assert edit.status == 200
        saved = browser.post_form(
            f"/org/persons/{person.pk}/edit/",
            {"full_name": "Lê Thị Ngoại Vụ", "email": "", "phone": "", "version": form_version(edit.text)},
        )
        assert saved.status == 302, saved.text[:2000]
        detail = on_two.get(f"/org/persons/{person.pk}/")
        assert detail.status == 200
        assert "Lê Thị Ngoại Vụ" in detail.text

        # A stale edit through process two is refused: the version lives in the database too.
        stale = Client(two.url, cookies=dict(browser.cookies))
        refused = stale.post_form(
            f"/org/persons/{person.pk}/edit/",
            {"full_name": "Bản cũ", "email": "", "phone": "", "version": form_version(edit.text)},
        )
        assert refused.status == 200 and "Bản cũ" not in on_two.get(f"/org/persons/{person.pk}/").text

        # Logging out through process two ends the session on process one as well.
        on_two.cookies["csrftoken"] = browser.cookies["csrftoken"]
        assert on_two.post_form("/accounts/logout/", {}).status == 302
        after = Client(one.url, cookies=dict(session)).get("/")
        assert after.status == 302 and after.headers["location"].startswith("/accounts/login/")


def test_production_responses_carry_the_security_headers(world, prod_env, tmp_path):
    """HSTS, CSP, framing, referrer, nosniff; secure HttpOnly cookies; static files from WhiteNoise."""
    give_password(world.secretariat)
    server = start_gunicorn(prod_env(), log=tmp_path / "app.log", workers=1)
    with running(server):
        client = Client(server.url)
        login = client.get("/accounts/login/")
        assert login.status == 200
        headers = login.headers
        assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-content-type-options"] == "nosniff"

        csrf = next(c for c in login.set_cookies if c.startswith("csrftoken="))
        assert "Secure" in csrf and "SameSite=Lax" in csrf
        response = client.post_form("/accounts/login/", {"username": "sec", "password": PASSWORD})
        assert response.status == 302
        session = next(c for c in response.set_cookies if c.startswith("sessionid="))
        assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session

        # Plain HTTP (no proxy saying https) is sent to HTTPS.
        plain = Client(server.url).get("/accounts/login/", headers={"X-Forwarded-Proto": "http"})
        assert plain.status == 301 and plain.headers["location"].startswith("https://")

        # Static files: hashed names, served by WhiteNoise with a far-future cache lifetime.
        stylesheet = re.search(
            r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]+\.css)"', login.text
        )
        assert stylesheet, "the page links the hashed stylesheet"
        static = client.get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
        assert static.status == 200
        assert "immutable" in static.headers["cache-control"]
        assert static.headers.get("content-encoding") == "gzip"
