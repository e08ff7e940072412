"""Helpers shared by the browser tests: the demo districts and the login form."""

from __future__ import annotations

import re

DISTRICTS = [
    "Thành phố Lạng Sơn",
    "Tràng Định",
    "Văn Lãng",
    "Văn Quan",
    "Bình Gia",
    "Bắc Sơn",
    "Hữu Lũng",
    "Chi Lăng",
    "Cao Lộc",
    "Lộc Bình",
    "Đình Lập",
]


def log_in(page, username: str, password: str) -> None:
    """Through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("tên đăng nhập|username", re.I)).fill(username)
    page.get_by_label(re.compile("mật khẩu|password", re.I)).fill(password)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()
