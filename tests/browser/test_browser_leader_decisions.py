"""Issue 15, item 3 in Chromium, on the demo world: lanhdao reads the coverage and the changes before
deciding, returns the demo report with a comment instead of approving it, and the secretariat (thuky)
sees the comment on the report page and in its approval history, then resubmits it."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from .support import log_in

DEMO_PASSWORD = "giaoban-demo"
COMMENT = "Đề nghị bổ sung kết quả tiếp đoàn vào của các huyện biên giới và nêu rõ hạn chế."


@pytest.fixture
def demo_report(transactional_db):
    """The demo's committee report, reopened by lanhdao so that it awaits a decision again."""
    from django.core.management import call_command

    from giaoban.org.models import User
    from giaoban.reports import services
    from giaoban.reports.models import CommitteeReport, ReportState

    call_command("demo", stdout=io.StringIO())
    # The approved H1 2017 report (the demo's year-end one already awaits approval).
    report = CommitteeReport.objects.get(state=ReportState.APPROVED)
    leader = User.objects.get(username="lanhdao")
    return services.report_reopen(actor=leader, report=report, reason="Xem lại trước khi gửi Tỉnh ủy")


def _log_out(page) -> None:
    page.get_by_role("button", name=page.locator("#user-menu").inner_text().strip()).click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")


def test_lanhdao_returns_the_demo_report_and_the_secretariat_sees_the_comment(page, demo_report):
    log_in(page, "lanhdao", DEMO_PASSWORD)
    page.goto(demo_report.get_absolute_url())
    approve = page.locator("#approve")
    expect(approve.get_by_role("heading", name="Duyệt hoặc trả lại báo cáo")).to_be_visible()
    # The context comes first: coverage of the request, and the changes of the text.
    expect(page.locator("#approval-coverage")).to_contain_text("Đã nhận báo cáo của")
    expect(page.locator("#approval-changes")).to_contain_text("phiên bản")
    # Approving is not the primary button; returning is offered beside it.
    expect(page.locator("#report-approve-submit")).not_to_have_class("btn btn-primary")
    page.locator("#report-return-submit").click()  # without a comment: refused, in Vietnamese
    expect(page.get_by_text("Trường này là bắt buộc.")).to_be_visible()
    page.get_by_label("Ý kiến của lãnh đạo").fill(COMMENT)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_text("Đã trả lại báo cáo cho cơ quan thường trực kèm ý kiến.")).to_be_visible()
    expect(page.locator("#report-state")).to_have_text("Lãnh đạo trả lại")
    expect(page.locator("#report-approve-form")).to_have_count(0)
    _log_out(page)

    log_in(page, "thuky", DEMO_PASSWORD)
    page.goto(demo_report.get_absolute_url())
    expect(page.locator("#report-returned")).to_contain_text(COMMENT)
    expect(page.locator("#report-events")).to_contain_text("Lãnh đạo trả lại")
    expect(page.locator("#report-events")).to_contain_text(COMMENT)
    page.locator("#report-resubmit-link").click()
    expect(page.locator("#report-returned")).to_contain_text(COMMENT)
    page.get_by_label("Ghi chú khi trình lại").fill("Đã bổ sung theo ý kiến của lãnh đạo.")
    page.get_by_role("button", name="Trình lại", exact=True).click()
    expect(page.locator("#report-state")).to_have_text("Dự thảo")
    expect(page.locator("#report-events")).to_contain_text("Trình lại")
