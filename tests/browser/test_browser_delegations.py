"""Registering a delegation through the form, then finding it in the list and the statistics, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_register_a_delegation_and_see_it_in_the_list_and_the_stats(secretariat_page):
    page = secretariat_page
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đoàn ra, đoàn vào"
    ).click()
    expect(page).to_have_url(re.compile(r"/delegations/$"))
    page.get_by_role("link", name="Đăng ký đoàn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký đoàn")

    form = page.locator("main form")
    form.get_by_label("Hướng").select_option(label="Đoàn ra")
    form.get_by_label("Tên đoàn").fill("Đoàn Sở Ngoại vụ làm việc tại Quảng Tây")
    form.get_by_label("Đơn vị chủ trì").select_option(label="Sở Ngoại vụ")
    form.get_by_label("Trưởng đoàn", exact=True).fill("Hà Thị Lan")
    form.get_by_label("Số thành viên").fill("6")
    # The country list: neighbours first, and a filter box that needs no accents.
    countries = form.locator("#id_countries")
    expect(countries.locator("option").first).to_have_text("Trung Quốc")
    form.get_by_role("searchbox", name=re.compile("Tìm quốc gia")).fill("han quoc")
    expect(countries.locator("option:not([hidden])")).to_have_text(["Hàn Quốc"])
    form.get_by_role("searchbox", name=re.compile("Tìm quốc gia")).fill("")
    countries.select_option(label=["Trung Quốc", "Lào"])
    form.get_by_label("Công tác").check()
    form.get_by_label("Hội đàm").check()
    form.get_by_label("Từ ngày").fill("2017-03-13")
    form.get_by_label("Đến ngày").fill("2017-03-16")
    form.get_by_label("Trạng thái").select_option(label="Đã kết thúc")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đoàn Sở Ngoại vụ làm việc tại Quảng Tây")
    expect(page.get_by_role("status")).to_contain_text("Đã đăng ký")
    expect(page.locator("main")).to_contain_text("Trung Quốc, Lào")

    page.goto("/delegations/?q=quang+tay")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Đoàn Sở Ngoại vụ làm việc tại Quảng Tây")
    expect(rows.first).to_contain_text("13/3/2017 – 16/3/2017")

    page.locator("main").get_by_role("link", name="Thống kê").click()
    filters = page.locator("main form.filters")
    filters.get_by_label("Từ ngày").fill("2017-01-01")
    filters.get_by_label("Đến ngày").fill("2017-06-30")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#outbound-delegations")).to_have_text("1")
    expect(page.locator("#outbound-countries")).to_have_text("2")
    expect(page.locator("#summary-sentence")).to_have_text(
        "Cử 1 đoàn với 6 lượt người đi công tác và tham dự hội đàm tại 2 quốc gia, vùng lãnh thổ; "
        "chưa đón tiếp đoàn nước ngoài nào."
    )
    # The three charts are drawn by the page's static script, from the json_script data.
    expect(page.locator("body")).to_have_attribute("data-charts-ready", "3")
    width = page.evaluate("() => document.getElementById('chart-country').width")
    assert width > 100
