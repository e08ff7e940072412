"""400/403/404/CSRF/500 pages: Vietnamese, inside the layout, and the 500 page reads no database."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from giaoban.core import views

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _in_layout(html: str) -> bool:
    return 'class="navbar-brand"' in html and "giaoban/giaoban.css" in html and 'id="error-page"' in html


def test_a_missing_or_hidden_record_is_a_vietnamese_404_in_the_layout(world, client_for):
    client = client_for(world.officer)
    for url in ("/khong-co-trang-nay/", f"/org/committees/{world.other_committee.pk}/"):
        response = client.get(url)
        assert response.status_code == 404
        html = _html(response)
        assert _in_layout(html)
        assert "Không tìm thấy trang" in html
        assert 'id="main-nav"' in html  # the signed-in user keeps the navigation
        assert "Not Found" not in html


def test_a_forbidden_page_is_a_vietnamese_403_in_the_layout(world, client_for):
    response = client_for(world.secretariat).get("/tasks/bulk/")  # unit officers only
    assert response.status_code == 403
    html = _html(response)
    assert _in_layout(html) and "Không có quyền truy cập" in html


def test_a_stale_form_is_a_vietnamese_csrf_page_not_django_s(world):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _html(response)
    assert _in_layout(html)
    assert "Biểu mẫu đã hết hạn" in html and "CSRF verification failed" not in html


def test_the_500_page_is_in_the_layout_and_reads_no_database(django_assert_num_queries):
    request = RequestFactory().get("/delegations/")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        with django_assert_num_queries(0):
            response = views.server_error(request)
    assert response.status_code == 500
    html = _html(response)
    assert _in_layout(html) and "Hệ thống gặp lỗi" in html


def test_a_lost_database_is_a_503_page_with_retry_after(django_assert_num_queries):
    request = RequestFactory().get("/delegations/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        with django_assert_num_queries(0):
            response = views.server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == str(views.RETRY_AFTER)
    assert "Hệ thống tạm thời gián đoạn" in _html(response)


def test_a_server_error_under_the_api_stays_json():
    request = RequestFactory().get("/api/v1/committees")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = views.server_error(request)
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
