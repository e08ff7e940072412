"""A reporting round in Chromium: the secretariat sets a period, an outline and a request; a unit officer
fills (autosaved) and submits; the secretariat returns it, the officer resubmits, the secretariat accepts,
assembles the committee report and downloads it as DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from playwright.sync_api import expect

from .support import log_in


def test_a_unit_submits_is_returned_resubmits_and_the_report_is_downloaded(page, site):
    from giaoban.core.permissions import Role
    from giaoban.org.models import Organisation
    from giaoban.org.tests.factories import UserFactory
    from giaoban.reports.models import Submission

    unit = Organisation.objects.get(name="Sở Ngoại vụ")
    UserFactory(username="dau-moi", role=Role.UNIT_OFFICER, organisation=unit, committees=[site.committee])

    # The secretariat: a period, an outline, a request to every member unit.
    log_in(page, "thuky", site.password)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Báo cáo", exact=True
    ).click()
    page.get_by_role("link", name="Kỳ báo cáo", exact=True).click()
    page.get_by_role("link", name="Tạo kỳ báo cáo").click()
    page.get_by_label("Loại kỳ báo cáo").select_option(label="6 tháng")
    page.get_by_label("Năm", exact=True).fill("2017")
    page.get_by_role("button", name="Xem khung thời gian").click()
    expect(page.locator("#period-preview")).to_contain_text("từ 1/1/2017 đến 30/6/2017")
    page.get_by_role("button", name="Tạo kỳ báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kỳ báo cáo 6 tháng đầu năm 2017")

    page.goto("/reports/templates/new/")
    page.get_by_label("Tên đề cương").fill("Đề cương 6 tháng")
    page.locator("#id_sections-0-heading").fill("I. Kết quả")
    page.locator("#id_sections-0-guidance").fill("Nêu kết quả nổi bật.")
    page.get_by_role("button", name="Thêm đề mục").click()
    page.locator("#id_sections-2-heading").fill("II. Phương hướng")
    page.locator("#id_indicators-0-name").fill("Họp báo đã tổ chức")
    page.locator("#id_indicators-0-unit_of_measure").fill("cuộc")
    page.locator("#id_indicators-1-source").select_option(value="delegations.outbound")
    page.get_by_role("button", name="Lưu đề cương").click()
    expect(page.locator("#template-sections li")).to_have_count(2)

    page.goto("/reports/requests/new/")
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_label("Sở Ngoại vụ")).to_be_checked()
    page.get_by_role("button", name="Bỏ chọn tất cả").click()
    expect(page.locator("input[name=units]:checked")).to_have_count(0)
    page.get_by_role("button", name="Chọn tất cả", exact=True).click()
    expect(page.get_by_label("Sở Ngoại vụ")).to_be_checked()
    # The date field is dd/mm/yyyy whatever the browser's language, with a calendar on click.
    deadline = page.get_by_label("Hạn gửi")
    deadline.click()
    expect(page.locator(".datepicker.active")).to_be_visible()
    deadline.press("Escape")
    deadline.fill(f"{dt.date.today() + dt.timedelta(days=14):%d/%m/%Y}")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator("#status-table tbody tr")).to_have_count(13)
    request_url = page.url

    # The unit officer fills in the report (the draft saves itself) and sends it, late.
    page.context.clear_cookies()
    log_in(page, "dau-moi", site.password)
    submission = Submission.objects.get(unit=unit)
    page.goto(f"/reports/submissions/{submission.pk}/edit/")
    page.get_by_label("I. Kết quả").fill("Đã tổ chức 2 cuộc họp báo.")
    page.get_by_label(re.compile("Họp báo đã tổ chức")).fill("2")
    expect(page.locator("#computed-figures")).to_contain_text("Số đoàn ra")
    expect(page.locator("#autosave-status")).to_contain_text("Đã lưu nháp lúc", timeout=12000)
    # Sent with a required section empty: named, and sent only once confirmed (here: written instead).
    page.get_by_role("button", name="Lưu và gửi").click()
    expect(page.get_by_role("alert")).to_contain_text("Còn để trống đề mục bắt buộc: “II. Phương hướng”")
    expect(page.locator("#confirm-empty")).to_be_visible()
    page.get_by_label("II. Phương hướng").fill("Tiếp tục cung cấp thông tin cho báo chí.")
    page.get_by_role("button", name="Lưu và gửi").click()
    expect(page.get_by_text("Đã gửi báo cáo của Sở Ngoại vụ.")).to_be_visible()

    # The secretariat returns it with a comment; the request page says so, and that it came in late.
    page.context.clear_cookies()
    log_in(page, "thuky", site.password)
    page.goto(f"/reports/submissions/{submission.pk}/")
    page.get_by_label("Ý kiến trả lại").fill("Bổ sung số liệu họp báo quý II.")
    page.get_by_role("button", name="Trả lại cho đơn vị").click()
    row = page.locator(f'#status-table tr[data-unit="{unit.pk}"]')
    expect(row).to_contain_text("Bị trả lại")

    # The officer reads the comment, corrects and resubmits.
    page.context.clear_cookies()
    log_in(page, "dau-moi", site.password)
    page.goto(f"/reports/submissions/{submission.pk}/")
    expect(page.locator("#return-comment")).to_contain_text("Bổ sung số liệu họp báo quý II.")
    page.goto(f"/reports/submissions/{submission.pk}/edit/")
    page.get_by_label(re.compile("Họp báo đã tổ chức")).fill("3")
    page.get_by_role("button", name="Lưu và gửi").click()
    expect(page.get_by_text("Đã gửi báo cáo của Sở Ngoại vụ.")).to_be_visible()

    # The secretariat accepts, assembles the committee's report and downloads it.
    page.context.clear_cookies()
    log_in(page, "thuky", site.password)
    page.goto(f"/reports/submissions/{submission.pk}/")
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.locator(f'#status-table tr[data-unit="{unit.pk}"]')).to_contain_text("Đã tiếp nhận")
    page.goto(request_url)
    page.locator("#committee-report-create").click()
    page.get_by_label("Trích yếu").fill("Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017")
    page.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sơ kết công tác thông tin đối ngoại")
    with page.expect_download() as download_info:
        page.locator("#download-docx").click()
    document = docx.Document(io.BytesIO(open(download_info.value.path(), "rb").read()))  # noqa: SIM115
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017" in texts
    assert "- Sở Ngoại vụ: Đã tổ chức 2 cuộc họp báo." in texts
    # Biểu 02: the unit's row carries the corrected figure, not the first one.
    for table in document.tables:
        header, *rows = [[cell.text for cell in row.cells] for row in table.rows]
        columns = [i for i, text in enumerate(header) if text.startswith("Họp báo đã tổ chức")]
        if columns:
            assert next(row for row in rows if "Sở Ngoại vụ" in row)[columns[0]] == "3"
            break
    else:
        raise AssertionError("Biểu 02 has no column for the indicator")
