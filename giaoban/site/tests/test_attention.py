"""The home page's "việc cần làm" per role: what waits for the user, each count equal to the filtered list
it links to, the same data at GET /api/v1/me/attention, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from giaoban.api.testing import bearer
from giaoban.reports import services as report_services
from giaoban.reports.tests.factories import fill, make_period, make_report, make_request, submission_of
from giaoban.site.attention import attention_for
from giaoban.tasks import services as task_services
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
D = dt.timedelta


def _sections(user) -> dict:
    return {section.key: section for section in attention_for(user, TODAY).sections}


def _listed(client, url: str) -> int:
    """How many records the list page the count links to shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def _pending_work(world) -> dict:
    """An overdue task of the officer's unit, one due in 3 days, one with a completion waiting, one with an
    extension waiting; a report request still open for the officer's unit; the other unit's report sent."""
    overdue = make_task(world, assigned_on=TODAY - D(days=90), deadline=TODAY - D(days=5), title="Quá hạn")
    due = make_task(world, assigned_on=TODAY - D(days=3), deadline=TODAY + D(days=3), title="Sắp đến hạn")
    done = make_task(world, assigned_on=TODAY - D(days=40), deadline=TODAY + D(days=30), title="Đã làm xong")
    task_services.completion_report(actor=world.officer, task=done, text="Xong.")
    later = make_task(world, assigned_on=TODAY - D(days=40), deadline=TODAY + D(days=20), title="Xin gia hạn")
    task_services.extension_request(
        actor=world.officer, task=later, new_deadline=TODAY + D(days=60), reason="Chờ."
    )
    period = make_period(world)
    request = make_request(world, period=period, sent_on=TODAY - D(days=10), deadline=TODAY + D(days=4))
    other = submission_of(request, world.other_unit)
    report_services.submission_submit(actor=world.other_officer, submission=fill(other, world.other_officer))
    return {"overdue": overdue, "due": due, "done": done, "later": later, "request": request}


def test_unit_officer_sees_their_work_and_counts_match_the_lists(world, client_for):
    work = _pending_work(world)
    sections = _sections(world.officer)
    (overdue,) = sections["overdue"].items
    assert overdue.url == work["overdue"].get_absolute_url() and overdue.days == -5
    assert "quá hạn 5 ngày" in overdue.detail
    assert [i.url for i in sections["due_soon"].items] == [work["due"].get_absolute_url()]
    assert sections["due_soon"].items[0].detail.endswith("còn 3 ngày")
    assert work["due"].get_absolute_url() in [i.url for i in sections["new_tasks"].items]
    (open_request,) = sections["reports_open"].items
    assert open_request.url == submission_of(work["request"], world.unit).get_absolute_url()
    assert open_request.days == 4 and "còn 4 ngày" in open_request.detail
    client = client_for(world.officer)
    for section in sections.values():
        if section.url.startswith("/tasks/") or section.url.startswith("/reports/"):
            assert _listed(client, section.url) == section.count, section.key


def test_officer_hears_of_a_returned_completion_and_a_decided_extension(world):
    task = make_task(world, assigned_on=TODAY - D(days=40), deadline=TODAY + D(days=30))
    report = task_services.completion_report(actor=world.officer, task=task, text="Xong.")
    task_services.completion_return(actor=world.secretariat, report=report, comment="Thiếu minh chứng.")
    other = make_task(world, assigned_on=TODAY - D(days=40), deadline=TODAY + D(days=20))
    extension = task_services.extension_request(
        actor=world.officer, task=other, new_deadline=TODAY + D(days=60), reason="Chờ."
    )
    task_services.extension_approve(actor=world.secretariat, extension=extension)
    sections = _sections(world.officer)
    assert [i.url for i in sections["completions_returned"].items] == [task.get_absolute_url()]
    assert [i.url for i in sections["extensions_decided"].items] == [other.get_absolute_url()]
    # The other unit's officer sees none of it.
    assert not any(s.count for s in _sections(world.other_officer).values() if s.key != "new_tasks")


def test_secretariat_sees_reviews_late_units_and_overdue_by_unit(world, client_for):
    work = _pending_work(world)
    late = make_request(
        world, period=make_period(world, year=2016), sent_on=TODAY - D(days=30), deadline=TODAY - D(days=2)
    )
    sections = _sections(world.secretariat)
    assert {i.url for i in sections["units_late"].items} == {
        submission_of(late, world.unit).get_absolute_url(),
        submission_of(late, world.other_unit).get_absolute_url(),
    }
    assert [i.title for i in sections["submissions_to_review"].items] == [
        f"Thành phố Lạng Sơn: {work['request'].title}"
    ]
    assert [i.url for i in sections["completions_to_confirm"].items] == [work["done"].get_absolute_url()]
    assert [i.url for i in sections["extensions_to_decide"].items] == [work["later"].get_absolute_url()]
    (unit,) = sections["overdue_by_unit"].items
    assert (unit.title, unit.count) == ("Sở Ngoại vụ", 1)
    client = client_for(world.secretariat)
    assert _listed(client, unit.url) == 1
    for section in sections.values():
        if section.url.startswith("/tasks/?"):
            assert _listed(client, section.url) == section.count, section.key
    # The report sections count units; their link lists the requests those units owe.
    listed = client.get(sections["units_late"].url).context["object_list"]
    assert [request.pk for request in listed] == [late.pk]


def test_leader_sees_reports_awaiting_approval_and_the_period(world, client_for):
    work = _pending_work(world)
    report = make_report(world, work["request"])
    sections = _sections(world.leader)
    assert [i.url for i in sections["awaiting_approval"].items] == [report.get_absolute_url()]
    client = client_for(world.leader)
    assert _listed(client, sections["awaiting_approval"].url) == 1
    classes = {i.title: i.count for i in sections["task_classes"].items}
    assert classes["Chưa hoàn thành, quá hạn"] == 1 and classes["Chưa hoàn thành, trong hạn"] == 3
    for item in sections["task_classes"].items:
        assert _listed(client, item.url) == item.count
    assert sections["delegations"].title.startswith("Đoàn ra, đoàn vào: ")
    report_services.report_approve(actor=world.leader, report=report)
    assert _sections(world.leader)["awaiting_approval"].count == 0


def test_admin_has_nothing_waiting(world, client_for):
    assert attention_for(world.admin).sections == []
    assert client_for(world.admin).get("/").status_code == 200


def test_home_page_and_api_show_the_same(world, client_for, client):
    _pending_work(world)
    page = client_for(world.officer).get("/")
    html = page.content.decode()
    # The page counts days from the real today (the test's TODAY may be yesterday by now).
    assert "Việc cần làm" in html and "Quá hạn" in html and re.search(r"quá hạn [56] ngày", html)
    data = client.get(reverse("api:get_attention"), headers=bearer(world.officer)).json()
    expected = page.context["attention"]
    assert data["role"] == "unit_officer" and data["pending"] == expected.pending
    assert [(s["key"], s["count"], s["url"]) for s in data["sections"]] == [
        (s.key, s.count, s.url) for s in expected.sections
    ]
    assert data["sections"][2]["items"][0]["days"] in (-5, -6)


def _grow(world, first: int, n: int) -> None:
    """n more of every kind of pending work (reporting periods from the year 2000 + first)."""
    for number in range(first, first + n):
        task = make_task(world, assigned_on=TODAY - D(days=90), deadline=TODAY - D(days=1 + number))
        task_services.completion_report(actor=world.officer, task=task, text="Xong.")
        make_task(
            world, lead_unit=world.other_unit, assigned_on=TODAY - D(days=90), deadline=TODAY - D(days=2)
        )
        request = make_request(
            world,
            period=make_period(world, year=2000 + number),
            sent_on=TODAY - D(days=30),
            deadline=TODAY - D(days=3),
        )
        own = submission_of(request, world.unit)
        report_services.submission_submit(actor=world.officer, submission=fill(own, world.officer))
        make_report(world, request)


@pytest.mark.parametrize("role", ["officer", "secretariat", "leader"])
def test_query_count_does_not_grow_with_the_data(world, role):
    from giaoban.org.models import User

    pk = getattr(world, role).pk
    _grow(world, 0, 1)
    with CaptureQueriesContext(connection) as few:
        small = attention_for(User.objects.get(pk=pk), TODAY)
    _grow(world, 1, 8)
    with CaptureQueriesContext(connection) as many:
        large = attention_for(User.objects.get(pk=pk), TODAY)
    assert len(many.captured_queries) == len(few.captured_queries) <= 18
    assert sum(s.count for s in large.sections) > sum(s.count for s in small.sections)


def test_filters_the_links_use(world, client_for):
    """The list filters behind the counts: due by, assigned from, review steps, waiting submissions."""
    work = _pending_work(world)
    client = client_for(world.secretariat)
    tasks = client.get(f"/tasks/?due_by={(TODAY + D(days=7)).isoformat()}&status=open_on_time")
    assert [t.pk for t in tasks.context["object_list"]] == [work["due"].pk]
    waiting = client.get("/reports/?waiting=submitted")
    assert [r.pk for r, _own in waiting.context["rows"]] == [work["request"].pk]
    assert parse_qs(urlsplit(_sections(world.secretariat)["submissions_to_review"].url).query) == {
        "waiting": ["submitted"]
    }


def test_a_withdrawn_request_leaves_the_home_pages(world):
    work = _pending_work(world)
    assert _sections(world.officer)["reports_open"].count == 1
    report_services.request_withdraw(actor=world.secretariat, request=work["request"], reason="Gửi nhầm kỳ.")
    assert _sections(world.officer)["reports_open"].count == 0
    assert _sections(world.secretariat)["submissions_to_review"].count == 0
