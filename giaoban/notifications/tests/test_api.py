"""Notification endpoints: a user's own notifications, naming the committee and the unit."""

from __future__ import annotations

import pytest

from giaoban.api.testing import bearer
from giaoban.reports.tests.factories import make_request

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_notifications_name_the_committee_and_the_unit(world, client):
    make_request(world, title="Báo cáo 6 tháng đầu năm 2017")
    (item,) = client.get(f"{API}/notifications", headers=bearer(world.officer)).json()["items"]
    assert item["kind"] == "report_requested" and item["task_id"] is None
    assert item["concerns"] == f"{world.committee.short_name} · Sở Ngoại vụ"
    assert item["unit_id"] == world.unit.pk and item["committee_id"] == world.committee.pk
    assert item["link"].startswith("/reports/submissions/")
    assert (
        client.post(f"{API}/notifications/{item['id']}/read", headers=bearer(world.other_officer)).status_code
        == 404
    )
    assert client.get(f"{API}/notifications/unread-count", headers=bearer(world.officer)).json() == {
        "unread": 1
    }
