"""Notification pages: the header count, the list, opening one, the e-mail setting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from giaoban.notifications.models import EmailMode, NotificationSettings
from giaoban.tasks import services as task_services
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _text(response) -> str:
    return response.content.decode()


def test_unread_count_in_the_header_and_the_notification_page(world, client_for):
    task = make_task(world, assigned_on=TODAY - dt.timedelta(days=60), deadline=TODAY + dt.timedelta(days=30))
    task_services.extension_request(
        actor=world.officer, task=task, new_deadline=TODAY + dt.timedelta(days=60), reason="Chờ số liệu"
    )
    client = client_for(world.secretariat)
    home = _text(client.get("/"))
    assert 'id="unread-count">1<' in home
    page = client.get(reverse("notifications:notification-list"))
    assert "Đơn vị chủ trì đề nghị gia hạn nhiệm vụ" in _text(page)
    # Every notification names the committee and the unit it concerns.
    assert f"{world.committee.short_name} · Sở Ngoại vụ" in _text(page)
    note = page.context["object_list"][0]
    response = client.post(reverse("notifications:notification-read", args=[note.pk]))
    assert response["Location"] == task.get_absolute_url()
    assert 'id="unread-count"' not in _text(client.get("/"))


def test_a_report_notification_opens_its_record(world, client_for):
    from giaoban.reports.tests.factories import make_request, submission_of

    request = make_request(world)
    client = client_for(world.officer)
    page = client.get(reverse("notifications:notification-list"))
    note = page.context["object_list"][0]
    response = client.post(reverse("notifications:notification-read", args=[note.pk]))
    assert response["Location"] == submission_of(request, world.unit).get_absolute_url()
    # Another user's notification: 404.
    assert (
        client_for(world.other_officer)
        .post(reverse("notifications:notification-read", args=[note.pk]))
        .status_code
        == 404
    )


def test_email_setting_page(world, client_for):
    client = client_for(world.officer)
    page = client.get(reverse("notifications:settings"))
    assert "Một thư tổng hợp mỗi ngày" in _text(page)
    response = client.post(reverse("notifications:settings"), {"email_mode": EmailMode.DAILY, "version": 1})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=world.officer).email_mode == EmailMode.DAILY
    # A second tab still holding version 1: refused, nothing changed.
    stale = client.post(reverse("notifications:settings"), {"email_mode": EmailMode.NONE, "version": 1})
    assert stale.status_code == 200 and "thay đổi" in _text(stale)
    assert NotificationSettings.objects.get(user=world.officer).email_mode == EmailMode.DAILY
    bad = client.post(reverse("notifications:settings"), {"email_mode": "weekly", "version": 2})
    assert bad.status_code == 200
