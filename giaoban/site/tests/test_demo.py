"""Each demo login's home shows the demo's real pending work, as of today (issue 15)."""

from __future__ import annotations

import pytest

from giaoban.org.models import User
from giaoban.reports import demo as reports_demo
from giaoban.site.attention import attention_for

pytestmark = pytest.mark.django_db


def _sections(username: str) -> dict:
    return {s.key: s for s in attention_for(User.objects.get(username=username)).sections}


def test_tpls_has_its_overdue_task_and_its_open_request(demo_data):
    sections = _sections("tpls")
    (task,) = sections["overdue"].items
    assert task.title.startswith("NV-2017-") and task.days < 0 and "quá hạn" in task.detail
    (request,) = sections["reports_open"].items
    assert request.title == reports_demo.YEAR_REQUEST_TITLE and request.days < 0


def test_lanhdao_has_a_report_awaiting_approval(demo_data):
    sections = _sections("lanhdao")
    assert [item.title for item in sections["awaiting_approval"].items] == [reports_demo.YEAR_SUMMARY]
    assert sections["delegations"].count > 0 and sections["task_classes"].count > 0


def test_thuky_has_a_report_to_review_and_late_units(demo_data):
    sections = _sections("thuky")
    assert [item.title for item in sections["submissions_to_review"].items] == [
        f"Sở Ngoại vụ: {reports_demo.YEAR_REQUEST_TITLE}"
    ]
    assert sections["units_late"].count > 0
    assert "Thành phố Lạng Sơn" in [item.title for item in sections["overdue_by_unit"].items]


def test_the_demo_notified_the_people_who_must_act(demo_data):
    """The demo world went through the services, so its events notified their people."""
    from giaoban.notifications.models import Notification, NotificationKind

    lanhdao = User.objects.get(username="lanhdao")
    assert Notification.objects.filter(
        recipient=lanhdao, kind=NotificationKind.REPORT_AWAITING_APPROVAL
    ).exists()
    tpls = User.objects.get(username="tpls")
    assert Notification.objects.filter(recipient=tpls, kind=NotificationKind.REPORT_REQUESTED).count() == 2
