"""Each role's home page on the demo world: "việc cần làm" shows the demo's real pending work; a count
opens the filtered list, a record its own page. Then notifications: the unit officer switches to the
daily digest."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .support import log_in

DEMO_PASSWORD = "giaoban-demo"


def _section(page, key: str):
    return page.locator(f'.attention-section[data-key="{key}"]')


def _log_out(page) -> None:
    page.context.clear_cookies()


def test_each_role_sees_its_pending_work(page, demo_world):
    from giaoban.reports import demo as reports_demo

    # Thành phố Lạng Sơn's officer: its overdue task and the open year-end request.
    log_in(page, "tpls", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Việc cần làm"))).to_be_visible()
    overdue = _section(page, "overdue")
    expect(overdue.locator(".attention-count")).to_have_text("1")
    expect(overdue).to_contain_text(re.compile(r"quá hạn \d+ ngày"))
    request = _section(page, "reports_open")
    expect(request).to_contain_text(reports_demo.YEAR_REQUEST_TITLE)
    overdue.locator(".attention-count").click()
    expect(page).to_have_url(re.compile(r"/tasks/\?status=open_overdue"))
    expect(page.get_by_role("status")).to_have_text("Có 1 nhiệm vụ.")
    page.go_back()
    _section(page, "reports_open").get_by_role("link", name=reports_demo.YEAR_REQUEST_TITLE).click()
    expect(page).to_have_url(re.compile(r"/reports/submissions/\d+/"))
    _log_out(page)

    # The secretariat: Sở Ngoại vụ's report to review, late units, the overdue task by unit.
    log_in(page, "thuky", DEMO_PASSWORD)
    review = _section(page, "submissions_to_review")
    expect(review).to_contain_text(f"Sở Ngoại vụ: {reports_demo.YEAR_REQUEST_TITLE}")
    expect(_section(page, "overdue_by_unit")).to_contain_text("Thành phố Lạng Sơn")
    _section(page, "overdue_by_unit").get_by_role("link", name="Thành phố Lạng Sơn").click()
    expect(page.get_by_role("status")).to_have_text("Có 1 nhiệm vụ.")
    page.go_back()
    _section(page, "units_late").locator(".attention-count").click()
    expect(page).to_have_url(re.compile(r"/reports/\?waiting=missing"))
    expect(page.locator("main")).to_contain_text(reports_demo.YEAR_REQUEST_TITLE)
    _log_out(page)

    # The leader: the year-end report waiting for approval, the period at a glance.
    log_in(page, "lanhdao", DEMO_PASSWORD)
    awaiting = _section(page, "awaiting_approval")
    expect(awaiting.locator(".attention-count")).to_have_text("1")
    expect(_section(page, "task_classes")).to_contain_text("Chưa hoàn thành, quá hạn")
    expect(_section(page, "delegations")).to_contain_text("Đoàn ra")
    awaiting.get_by_role("link", name=reports_demo.YEAR_SUMMARY).click()
    expect(page).to_have_url(re.compile(r"/reports/reports/\d+/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reports_demo.YEAR_SUMMARY)


def test_officer_reads_a_notification_and_chooses_the_daily_digest(page, demo_world):
    log_in(page, "tpls", DEMO_PASSWORD)
    page.locator("#notifications-link").click()
    expect(page.locator("main")).to_contain_text("đề nghị Thành phố Lạng Sơn gửi báo cáo")
    page.get_by_role("link", name="Cách nhận thông báo").click()
    page.get_by_label("Một thư tổng hợp mỗi ngày").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu cách nhận thông báo.")).to_be_visible()
