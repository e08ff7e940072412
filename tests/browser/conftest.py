"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

Every test in this folder is marked `browser`, gets a screenshot in screenshots/ at the repository root,
and fails when a page throws a JavaScript error, logs a console error, or tries to load anything from a
host other than the live server's (pages must work offline, on the province's internal network).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .support import DISTRICTS, log_in

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
HERE = Path(__file__).resolve().parent
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = []
        lines += [f"JavaScript error: {e}" for e in self.page_errors]
        lines += [f"console error: {e}" for e in self.console_errors]
        lines += [f"request to a non-local host (blocked): {u}" for u in self.external_requests]
        return "\n".join(lines)


@pytest.fixture(scope="package")
def playwright_browser() -> Iterator:
    """One Chromium for the folder; closed when its last test has run."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` (or apt-get install chromium) installs it")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop set on this thread, which Django's async-safety
    # check takes for an async context: allow ORM calls (factories, flushes) while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _load_demo() -> None:
    import io

    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def _committed_demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """`giaoban demo`, committed once for the module; the database is emptied after the module, as after
    any live-server test (the tests after it expect an empty database)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        _load_demo()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_world(_committed_demo) -> None:
    """The demo world of `giaoban demo` for browser tests that only read it (log in, open pages): loaded
    once per module and not emptied between its tests (`transactional_db` below). These tests run last
    in their module (conftest.py at the root), after the module's tests that need an empty database."""


@pytest.fixture
def transactional_db(request, django_db_blocker) -> Iterator[None]:
    """pytest-django's `transactional_db` (the database emptied after the test), except for the tests on
    `demo_world`: those share one committed demo per module, which the module's end empties."""
    if "demo_world" not in request.fixturenames:
        request.getfixturevalue("_django_db_helper")
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(request, playwright_browser, live_server, transactional_db, problems):
    """A fresh browser context and page on the live server, watched for errors and outside requests."""
    from playwright.sync_api import expect

    context = playwright_browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)

    def guard(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in LOCAL_HOSTS:
            problems.external_requests.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.console_errors.append(f"{message.text} ({message.location.get('url', '')})")
            if message.type == "error"
            else None
        ),
    )
    yield page
    try:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / screenshot_name(request.node)), full_page=True)
    finally:
        context.close()


def screenshot_name(item) -> str:
    from django.db import connection

    name = re.sub(r"[^\w.-]+", "_", f"{Path(str(item.path)).stem}--{item.name}").strip("_")
    return f"{name}--{connection.vendor}.png"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body: fail it if the browser saw errors or outside requests."""
    found = getattr(item, "funcargs", {}).get("problems")
    try:
        result = yield
    except BaseException:
        if isinstance(found, PageProblems) and found.report():
            item.add_report_section("call", "browser", found.report())
        raise
    if isinstance(found, PageProblems) and found.report():
        pytest.fail("the browser reported problems:\n" + found.report(), pytrace=False)
    return result


# --- Data and login ------------------------------------------------------------------------------


@dataclass
class Site:
    committee: object
    secretariat: object
    password: str


@pytest.fixture
def site(transactional_db) -> Site:
    """A committee of the eleven 2017 districts and the provincial departments, and its secretariat."""
    from giaoban.core.permissions import Role
    from giaoban.org.models import OrganisationKind
    from giaoban.org.tests.factories import (
        DEMO_PASSWORD,
        CommitteeFactory,
        MembershipFactory,
        OrganisationFactory,
        PersonFactory,
        PositionFactory,
        UserFactory,
    )

    agency = OrganisationFactory(name="Văn phòng Tỉnh ủy", kind=OrganisationKind.PARTY)
    units = [OrganisationFactory(name=name, kind=OrganisationKind.LOCALITY) for name in DISTRICTS]
    units.append(OrganisationFactory(name="Sở Ngoại vụ"))
    committee = CommitteeFactory(
        name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Lạng Sơn",
        standing_agency=agency,
        member_units=[agency, *units],
    )
    chair = PersonFactory(full_name="Nguyễn Văn Chủ Tịch")
    PositionFactory(person=chair, organisation=agency, title="Phó Bí thư Tỉnh ủy")
    MembershipFactory(committee=committee, person=chair)
    secretariat = UserFactory(
        username="thuky",
        first_name="Hoàng Thị",
        last_name="Thư",
        role=Role.SECRETARIAT,
        organisation=agency,
        committees=[committee],
    )
    return Site(committee=committee, secretariat=secretariat, password=DEMO_PASSWORD)


@pytest.fixture
def secretariat_page(page, site):
    """The page, logged in as the committee's secretariat and showing the home page."""
    from playwright.sync_api import expect

    log_in(page, site.secretariat.username, site.password)
    expect(page).to_have_url(re.compile(r"/$"))
    return page
