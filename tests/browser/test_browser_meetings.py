"""A briefing in Chromium: the secretariat creates a meeting, invites units and records attendance, drafts
the conclusion notice with two key tasks, issues it (two tracked tasks) and downloads the DOCX."""

from __future__ import annotations

import io
import re

import docx
from playwright.sync_api import expect

from .support import log_in


def test_create_a_meeting_record_attendance_issue_a_conclusion_and_download_it(page, site):
    from giaoban.meetings.models import ConclusionNotice
    from giaoban.tasks.models import Task

    log_in(page, "thuky", site.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Hội nghị", exact=True
    ).click()
    page.get_by_role("link", name="Tạo hội nghị").click()
    page.get_by_label("Loại hội nghị").select_option(label="Giao ban 6 tháng")
    page.get_by_label("Ngày họp").fill("2017-07-26")
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Địa điểm").fill("Hội trường Tỉnh ủy")
    page.get_by_label("Người chủ trì").select_option(label="Nguyễn Văn Chủ Tịch")
    page.get_by_label("Kỳ đánh giá từ ngày").fill("2017-01-01")
    page.get_by_label("Kỳ đánh giá đến ngày").fill("2017-06-30")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hội nghị giao ban 6 tháng đầu năm 2017")

    page.get_by_role("link", name="Mời thêm").click()
    page.get_by_label("Sở Ngoại vụ").check()
    page.get_by_label("Tràng Định").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã mời thêm 2 thành phần.")).to_be_visible()

    page.get_by_role("link", name="Điểm danh").click()
    page.get_by_label("Tham dự: Sở Ngoại vụ").select_option(label="Có mặt")
    page.get_by_label("Người dự họp: Sở Ngoại vụ").fill("Giám đốc Sở Ngoại vụ")
    page.get_by_label("Tham dự: Tràng Định").select_option(label="Vắng mặt")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Hãy ghi lý do vắng mặt.")).to_be_visible()  # nothing saved yet
    page.get_by_label("Lý do vắng: Tràng Định").fill("Trùng lịch tiếp đoàn công tác")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#attendance-summary")).to_contain_text("Có mặt: 1; cử người dự thay: 0; vắng: 1")
    expect(page.locator("#invitee-table")).to_contain_text("Trùng lịch tiếp đoàn công tác")

    page.get_by_role("link", name="Soạn thông báo kết luận").click()
    expect(page.get_by_label("Trích yếu")).to_have_value(
        re.compile("tại hội nghị giao ban 6 tháng đầu năm 2017$")
    )
    page.get_by_label("Ngày ban hành").fill("2017-07-28")
    page.get_by_label("Đánh giá kết quả").fill("Công tác thông tin đối ngoại đạt nhiều kết quả quan trọng.")
    page.get_by_role("button", name="Lưu").click()
    for title, unit in (
        ("Tập huấn cho người phát ngôn của các sở, ngành", "Sở Ngoại vụ"),
        ("Kiện toàn tổ thông tin đối ngoại cấp huyện", "Tràng Định"),
    ):
        page.get_by_role("link", name="Thêm nhiệm vụ").click()
        page.get_by_label(re.compile(r"^Nhiệm vụ\W*$")).fill(title)
        page.get_by_label("Đơn vị chủ trì").select_option(label=unit)
        page.get_by_label("Thời hạn", exact=True).fill("2017-12-31")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("#key-task-table")).to_contain_text(title)

    page.get_by_role("link", name="Ban hành", exact=True).click()
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Đã ban hành thông báo số 01/TB-BCĐ")).to_be_visible()
    expect(page.locator("#notice-state")).to_have_text("Đã ban hành")
    expect(page.locator("#key-task-table")).to_contain_text("NV-2017-001")
    expect(page.locator("#key-task-table")).to_contain_text("NV-2017-002")
    notice = ConclusionNotice.objects.get()
    assert Task.objects.filter(source_id=notice.pk).count() == 2

    with page.expect_download() as download_info:
        page.locator("#download-conclusion-docx").click()
    download = download_info.value
    assert download.suggested_filename == "thong-bao-01-tb-bcd-2017-07-28.docx"
    document = docx.Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    texts = [p.text for p in document.paragraphs]
    assert "THÔNG BÁO" in texts
    assert any(text.startswith("1. Tập huấn cho người phát ngôn") for text in texts)
    assert any(text.startswith("2. Kiện toàn tổ thông tin đối ngoại cấp huyện") for text in texts)
    header_cells = document.tables[0].rows[1].cells
    assert header_cells[0].paragraphs[0].text == "Số: 01/TB-BCĐ"
