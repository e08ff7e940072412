"""Logging in and out through the real pages, in Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .support import log_in

LOGIN_URL = re.compile(r"/accounts/login/")


def test_secretariat_logs_in_and_sees_the_home_page(secretariat_page):
    page = secretariat_page
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan")
    expect(page.get_by_text("Xin chào Hoàng Thị Thư.")).to_be_visible()
    expect(page.locator("#user-menu")).to_have_text("Hoàng Thị Thư")


def test_logout_from_the_user_menu_lands_on_the_login_page(secretariat_page):
    """The logout is a POST form inside the Bootstrap dropdown: the menu must open first."""
    page = secretariat_page
    logout = page.get_by_role("button", name="Đăng xuất")
    expect(logout).to_be_hidden()
    page.locator("#user-menu").click()
    expect(logout).to_be_visible()
    logout.click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    expect(page.locator("#user-menu")).to_have_count(0)
    page.goto("/org/organisations/")
    expect(page).to_have_url(LOGIN_URL)


def test_wrong_password_shows_the_vietnamese_error(page, site):
    log_in(page, site.secretariat.username, "sai-mat-khau-roi")
    alert = page.locator("main").get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"Vui lòng điền vào .+ và mật khẩu chính xác"))
    expect(alert).to_contain_text("chữ hoa và chữ thường")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("#user-menu")).to_have_count(0)
