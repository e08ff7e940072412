"""The secretariat's committee, unit and person lists, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .support import DISTRICTS


def open_from_menu(page, label: str, path: str) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=label, exact=True
    ).click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(label)


def test_committee_list_shows_the_committee(secretariat_page, site):
    page = secretariat_page
    open_from_menu(page, "Ban chỉ đạo", "/org/committees/")
    expect(page.get_by_role("link", name=site.committee.name)).to_be_visible()


def test_unit_list_shows_the_districts_in_vietnamese_order(secretariat_page):
    page = secretariat_page
    open_from_menu(page, "Đơn vị", "/org/organisations/")
    names = page.locator("main table tbody tr th").all_inner_texts()
    districts = [name for name in names if name in DISTRICTS]
    assert districts == [
        "Bắc Sơn",
        "Bình Gia",
        "Cao Lộc",
        "Chi Lăng",
        "Đình Lập",
        "Hữu Lũng",
        "Lộc Bình",
        "Thành phố Lạng Sơn",
        "Tràng Định",
        "Văn Lãng",
        "Văn Quan",
    ]


def test_person_list_shows_the_committee_member(secretariat_page):
    page = secretariat_page
    open_from_menu(page, "Cá nhân", "/org/persons/")
    expect(page.get_by_role("link", name="Nguyễn Văn Chủ Tịch")).to_be_visible()


def test_unit_search_without_diacritics_finds_dinh_lap(secretariat_page):
    page = secretariat_page
    page.goto("/org/organisations/?q=dinh+lap")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name="Đình Lập")).to_be_visible()
    # The same through the search box, in capitals and without accents.
    page.goto("/org/organisations/")
    page.get_by_label("Tìm kiếm").fill("DINH LAP")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]q=DINH\+LAP"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Đình Lập")


def test_a_unit_picker_filters_its_list_as_one_types(secretariat_page):
    """The coordinating units of a new task: "dinh lap" (no accents) leaves Đình Lập; a chosen unit stays."""
    page = secretariat_page
    page.goto("/tasks/new/")
    group = page.get_by_role("group", name="Đơn vị phối hợp")
    group.get_by_label("Cao Lộc").check()
    group.locator(".directory-filter").fill("dinh lap")
    expect(group.locator(".form-check:visible label")).to_have_text(["Cao Lộc", "Đình Lập"])
    group.locator(".directory-filter").fill("")
    expect(group.locator(".form-check:visible")).to_have_count(group.locator(".form-check").count())
