"""Pages work under the Content Security Policy: Chromium refuses any inline script or style and reports
it as a console error, which fails the test (see conftest.py)."""

from __future__ import annotations

from playwright.sync_api import expect


def test_the_api_docs_page_works_under_the_csp(secretariat_page):
    """ninja's Swagger UI renders the operations and runs a request with the session, CSP in force."""
    page = secretariat_page
    response = page.goto("/api/v1/docs")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    operation = page.locator(".opblock-summary", has_text="/api/v1/committees").first
    expect(operation).to_be_visible()
    operation.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")


def test_the_menus_work_under_the_csp(secretariat_page):
    """Bootstrap's dropdown and htmx load from static files and run (no inline code needed)."""
    page = secretariat_page
    page.locator("#user-menu").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert page.evaluate("typeof htmx === 'object' && htmx.config.includeIndicatorStyles === false")


def test_the_csp_refuses_requests_to_other_hosts(page, problems):
    """connect-src 'self': a script on a page of the app cannot reach another host at all."""
    page.goto("/accounts/login/")
    page.evaluate("() => fetch('https://cdn.jsdelivr.net/npm/htmx.org').catch(() => null)")
    page.wait_for_timeout(200)
    assert problems.external_requests == []  # refused by the browser before any request went out
    assert any("Content Security Policy" in error for error in problems.console_errors), problems.report()
    problems.console_errors.clear()


def test_the_admin_user_page_works_under_the_csp(page, site):
    """Django admin's own scripts (the two-box committee picker, the sidebar) run with the CSP in force."""
    from giaoban.core.permissions import Role
    from giaoban.org.tests.factories import DEMO_PASSWORD, UserFactory

    from .support import log_in

    UserFactory(username="quantri", role=Role.ADMIN, organisation=None, is_staff=True, is_superuser=True)
    log_in(page, "quantri", DEMO_PASSWORD)
    page.goto(f"/admin/org/user/{site.secretariat.pk}/change/")
    expect(page.locator("#id_committees_from")).to_be_visible()  # drawn by SelectFilter2.js
    expect(page.locator("#id_committees_add_all")).to_be_visible()
