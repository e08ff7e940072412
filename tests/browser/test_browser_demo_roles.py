"""Each demo login, on the demo world of `giaoban demo`: log in, open the main pages, search a unit
without diacritics, log out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import log_in

DEMO_PASSWORD = "giaoban-demo"
MAIN_PAGES = [
    ("Ban chỉ đạo", "/org/committees/"),
    ("Đơn vị", "/org/organisations/"),
    ("Cá nhân", "/org/persons/"),
]


@pytest.mark.parametrize("username", ["thuky", "lanhdao", "sngv", "tpls", "admin"])
def test_demo_role_walks_through_the_main_pages(page, demo_world, username):
    log_in(page, username, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for label, path in MAIN_PAGES:
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page).to_have_url(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(label)
    if username != "admin":  # the system admin belongs to no committee and sees no units
        page.goto("/org/organisations/")
        page.get_by_label("Tìm kiếm").fill("dinh lap")
        page.get_by_role("button", name="Tìm", exact=True).click()
        expect(page.locator("main table tbody tr").first).to_contain_text("Huyện Đình Lập")
    page.get_by_role("button", name=page.locator("#user-menu").inner_text().strip()).click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
