"""The fixtures themselves: outside requests and JavaScript errors are caught, not ignored."""

from __future__ import annotations


def test_requests_to_other_hosts_are_blocked_and_recorded(page, problems):
    # The app's own pages already refuse other hosts by their CSP (test_browser_csp.py); a blank page
    # has no CSP, so the request reaches the guard.
    page.goto("about:blank")
    page.evaluate(
        "() => fetch('https://cdn.jsdelivr.net/npm/bootstrap/dist/css/bootstrap.min.css').catch(() => null)"
    )
    page.wait_for_timeout(200)
    assert problems.external_requests == ["https://cdn.jsdelivr.net/npm/bootstrap/dist/css/bootstrap.min.css"]
    assert problems.report()
    problems.external_requests.clear()
    problems.console_errors.clear()  # the blocked fetch also logs a console error


def test_javascript_errors_are_recorded(page, problems):
    page.goto("/accounts/login/")
    page.evaluate("() => { setTimeout(() => { throw new Error('hỏng rồi'); }, 0); }")
    page.evaluate("() => console.error('lỗi ghi ra console')")
    page.wait_for_timeout(200)
    assert any("hỏng rồi" in error for error in problems.page_errors)
    assert any("lỗi ghi ra console" in error for error in problems.console_errors)
    problems.page_errors.clear()
    problems.console_errors.clear()


def test_local_pages_load_their_assets_without_errors(page, problems):
    """The login page's CSS, JavaScript and icon come from the live server."""
    loaded = []
    page.on("response", lambda response: loaded.append((response.status, response.url)))
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert not [url for status, url in loaded if status >= 400]
    assert any("bootstrap.bundle.min.js" in url for _, url in loaded)
    assert page.evaluate("() => typeof window.bootstrap") == "object"
