"""Following a task up in Chromium: a unit officer posts progress and asks for more time; the
secretariat approves; the dashboard moves the task from overdue to on time."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from .support import log_in


def _card(page, status: str):
    return page.locator(f'#stats-cards [data-status="{status}"]')


def test_progress_extension_approval_and_the_dashboard(page, site):
    from giaoban.core.permissions import Role
    from giaoban.org.models import Organisation
    from giaoban.org.tests.factories import UserFactory
    from giaoban.tasks.tests.factories import TaskFactory

    today = dt.date.today()
    unit = Organisation.objects.get(name="Sở Ngoại vụ")
    UserFactory(
        username="sngv",
        first_name="Mã Thị",
        last_name="Hoa",
        role=Role.UNIT_OFFICER,
        organisation=unit,
        committees=[site.committee],
    )
    task = TaskFactory(
        committee=site.committee,
        lead_unit=unit,
        title="Xây dựng kế hoạch thông tin đối ngoại năm sau",
        assigned_on=today - dt.timedelta(days=60),
        deadline=today - dt.timedelta(days=3),
    )
    dashboard = f"/tasks/dashboard/?committee={site.committee.pk}"

    # The secretariat sees the task overdue.
    log_in(page, "thuky", site.password)
    page.goto(dashboard)
    expect(_card(page, "open_overdue")).to_have_text("1")
    expect(page.locator("#stats-sentence")).to_contain_text(
        "1 nhiệm vụ chưa hoàn thành (0 trong hạn, 1 quá hạn)"
    )
    expect(page.locator("#chart-classes")).to_be_visible()
    page.context.clear_cookies()

    # The unit officer posts progress, then asks for a new deadline.
    log_in(page, "sngv", site.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Nhiệm vụ", exact=True
    ).click()
    page.get_by_role("link", name=task.title).click()
    expect(page.get_by_text("Chưa hoàn thành, quá hạn").first).to_be_visible()
    page.get_by_role("link", name="Cập nhật tiến độ").click()
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Nội dung").fill("Đã có dự thảo, chờ ý kiến các sở.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã cập nhật tiến độ nhiệm vụ")).to_be_visible()
    expect(page.locator("#progress-table")).to_contain_text("Đã có dự thảo, chờ ý kiến các sở.")
    expect(page.locator("#task-percent")).to_have_text("60%")
    new_deadline = today + dt.timedelta(days=30)
    page.get_by_role("link", name="Đề nghị gia hạn").click()
    page.get_by_label("Thời hạn đề nghị").fill(new_deadline.isoformat())
    page.get_by_label("Lý do").fill("Cần thêm thời gian lấy ý kiến các sở, ngành.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã gửi đề nghị gia hạn")).to_be_visible()
    expect(page.locator("#extension-table")).to_contain_text("Chờ xem xét")
    page.context.clear_cookies()

    # The secretariat is notified and approves.
    log_in(page, "thuky", site.password)
    expect(page.locator("#unread-count")).to_contain_text("1")
    page.locator("#notifications-link").click()
    page.get_by_role("button", name="Mở", exact=True).first.click()
    expect(page).to_have_url(re.compile(rf"/tasks/{task.pk}/$"))
    page.locator("#extension-table").get_by_role("link", name="Quyết định").click()
    page.get_by_label("Chấp thuận gia hạn").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_text("Đã chấp thuận gia hạn")).to_be_visible()
    expect(page.locator("#task-deadline")).to_contain_text("gia hạn")

    # The dashboard changes: no longer overdue, on time, extended.
    page.goto(dashboard)
    expect(_card(page, "open_overdue")).to_have_text("0")
    expect(_card(page, "open_on_time")).to_have_text("1")
    expect(page.locator("#stats-extended")).to_have_text("1")
    expect(page.locator("#stats-sentence")).to_contain_text(
        "1 nhiệm vụ chưa hoàn thành (1 trong hạn, 0 quá hạn)"
    )
