"""Issue 13 item 6: the follow-up of a conclusion notice as of a date ("Tình hình thực hiện kết luận"): each
key task with its addressees, class (tasks.status, as of the date), progress and latest report, as a page,
a DOCX in the official layout and `GET /api/v1/conclusions/{id}/follow-up?on=`."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from giaoban.api.testing import bearer, count_queries
from giaoban.meetings import follow_up, services
from giaoban.meetings.models import ConclusionNotice
from giaoban.meetings.tests.factories import add_key_task, make_meeting, make_notice
from giaoban.org.models import User
from giaoban.tasks import services as task_services
from giaoban.tasks.models import Task, TaskStatus
from giaoban.tasks.status import task_status

pytestmark = pytest.mark.django_db

D = dt.date
API = "/api/v1"
END_2017 = D(2017, 12, 31)


def _issued(world, *, tasks: int = 0):
    meeting = make_meeting(world)
    notice = make_notice(meeting, tasks=tasks)
    return meeting, notice


def _issue(notice):
    return services.conclusion_issue(actor=None, notice=notice)


def test_progress_and_the_latest_report_as_they_stood_on_the_date(world):
    _meeting, notice = _issued(world)
    key_task = add_key_task(
        notice,
        title="Tập huấn người phát ngôn",
        lead_unit=world.unit,
        coordinating_units=[world.other_unit],
        deadline_wording="trong quý III/2017",
        deadline=None,
    )
    add_key_task(notice, title="Định hướng tuyên truyền", lead_unit=world.other_unit, recurring=True)
    notice = _issue(notice)
    task = Task.objects.get(pk=key_task.__class__.objects.get(pk=key_task.pk).task_id)
    task_services.progress_create(
        actor=world.officer, task=task, text="Xây dựng kế hoạch.", percent=30, reported_on=D(2017, 8, 10)
    )
    task_services.progress_create(
        actor=world.other_officer,
        task=task,
        text="Chuẩn bị chuyên đề.",
        percent=50,
        reported_on=D(2017, 9, 5),
    )
    report = task_services.completion_report(
        actor=world.officer, task=task, text="Đã tập huấn 120 học viên.", reported_on=D(2017, 10, 3)
    )
    task_services.completion_confirm(actor=world.secretariat, report=report, decided_on=D(2017, 10, 5))

    in_august = follow_up.follow_up(notice=notice, on=D(2017, 8, 31))
    first = in_august.rows[0]
    assert first.status == TaskStatus.OPEN_ON_TIME and first.percent == 30
    assert (first.latest.reported_on, first.latest.text) == (D(2017, 8, 10), "Xây dựng kế hoạch.")
    assert first.deadline == "trong quý III/2017" and first.due == D(2017, 9, 30)
    assert first.addressees == f"Chủ trì: {world.unit.name}; phối hợp: thành phố Lạng Sơn"
    in_september = follow_up.follow_up(notice=notice, on=D(2017, 9, 30))
    # The coordinating unit's word is the latest report; the percent stays the lead unit's.
    assert in_september.rows[0].latest.unit == world.other_unit and in_september.rows[0].percent == 30
    in_october = follow_up.follow_up(notice=notice, on=D(2017, 10, 31))
    done = in_october.rows[0]
    assert done.status == TaskStatus.COMPLETED_LATE and done.percent == 100
    assert done.latest.completion and done.latest.text == "Đã tập huấn 120 học viên."
    assert in_october.rows[1].status == TaskStatus.RECURRING
    assert in_october.sentence == (
        "Trong 2 nhiệm vụ trọng tâm, đã hoàn thành 1 nhiệm vụ (0 đúng hạn, 1 quá hạn); 0 nhiệm vụ chưa hoàn "
        "thành (0 trong hạn, 0 quá hạn); 1 nhiệm vụ thường xuyên."
    )


def test_an_extension_is_the_deadline_in_force_from_its_decision(world):
    _meeting, notice = _issued(world)
    add_key_task(notice, title="Rà soát trang thông tin", lead_unit=world.unit, deadline=D(2017, 9, 30))
    notice = _issue(notice)
    task = Task.objects.get()
    extension = task_services.extension_request(
        actor=world.officer,
        task=task,
        new_deadline=D(2017, 11, 30),
        reason="Chờ kinh phí.",
        requested_on=D(2017, 9, 20),
    )
    task_services.extension_approve(actor=world.secretariat, extension=extension, decided_on=D(2017, 10, 10))
    before = follow_up.follow_up(notice=notice, on=D(2017, 10, 5)).rows[0]
    after = follow_up.follow_up(notice=notice, on=D(2017, 10, 20))
    assert (before.status, before.due) == (TaskStatus.OPEN_OVERDUE, D(2017, 9, 30))
    assert (after.rows[0].status, after.rows[0].due) == (TaskStatus.OPEN_ON_TIME, D(2017, 11, 30))
    assert after.stats.extended == 1


def test_the_page_the_docx_and_the_api_refuse_a_date_before_the_notice(world, client_for, client):
    _meeting, notice = _issued(world, tasks=2)
    notice = _issue(notice)
    message = str(follow_up.FOLLOW_UP_BEFORE_NOTICE % {"date": "28/7/2017"})
    page = client_for(world.secretariat).get(
        reverse("meetings:follow-up", args=[notice.pk]) + "?on=2017-07-01"
    )
    assert page.status_code == 200 and page.context["form"].errors["on"] == [message]
    assert "report" not in page.context
    docx_page = client_for(world.secretariat).get(
        reverse("meetings:follow-up-docx", args=[notice.pk]) + "?on=2017-07-01"
    )
    assert docx_page.status_code == 200 and docx_page["Content-Type"].startswith("text/html")
    response = client.get(
        f"{API}/conclusions/{notice.pk}/follow-up?on=2017-07-01", headers=bearer(world.secretariat)
    )
    assert response.status_code == 422
    assert [(e["field"], e["message"]) for e in response.json()["errors"]] == [("on", message)]


def test_a_unit_officer_may_not_read_the_follow_up(world, client_for, client):
    _meeting, notice = _issued(world, tasks=1)
    notice = _issue(notice)
    assert client_for(world.officer).get(reverse("meetings:follow-up", args=[notice.pk])).status_code == 403
    response = client.get(f"{API}/conclusions/{notice.pk}/follow-up", headers=bearer(world.officer))
    assert response.status_code == 403
    assert client_for(world.leader).get(reverse("meetings:follow-up", args=[notice.pk])).status_code == 200


def test_the_api_runs_the_same_queries_for_few_or_many_tasks(world, client):
    headers = bearer(world.secretariat)
    small = _issue(_issued(world, tasks=2)[1])
    large = _issue(make_notice(make_meeting(world, title="Hội nghị chuyên đề", date=D(2017, 8, 2)), tasks=8))
    for task in Task.objects.filter(recurring=False):
        task_services.progress_create(
            actor=world.secretariat, task=task, text="Đang thực hiện.", percent=10, unit=task.lead_unit
        )
    client.get(f"{API}/conclusions/{small.pk}/follow-up", headers=headers)  # the token's first use
    few = count_queries(client, f"{API}/conclusions/{small.pk}/follow-up?on=2017-12-31", headers)
    many = count_queries(client, f"{API}/conclusions/{large.pk}/follow-up?on=2017-12-31", headers)
    assert few == many


# --- The demo notice ---------------------------------------------------------------------------------


@pytest.fixture
def demo(db, demo_data) -> ConclusionNotice:
    """The demo, loaded once for the module (conftest.py): notice 125/TB-BCĐ of 26/7/2017."""
    return ConclusionNotice.objects.get(number=125, year=2017)


EXPECTED_2017 = {
    "completed_on_time": 6,
    "completed_late": 1,
    "open_on_time": 4,
    "open_overdue": 1,
    "recurring": 1,
    "cancelled": 0,
    "extended": 1,
}


def test_the_demo_notice_as_of_31_12_2017_lists_its_13_tasks_in_their_classes(demo):
    report = follow_up.follow_up(notice=demo, on=END_2017)
    assert [row.position for row in report.rows] == list(range(1, 14))
    # The SQL form of the rule (tasks_as_of) agrees with the Python one, task by task.
    tasks = Task.objects.prefetch_related("extensions").in_bulk([row.task.pk for row in report.rows])
    assert all(row.status == task_status(tasks[row.task.pk], END_2017) for row in report.rows)
    assert report.stats.counts() == EXPECTED_2017
    assert report.sentence == (
        "Trong 13 nhiệm vụ trọng tâm, đã hoàn thành 7 nhiệm vụ (6 đúng hạn, 1 quá hạn); 5 nhiệm vụ chưa hoàn "
        "thành (4 trong hạn, 1 quá hạn); 1 nhiệm vụ thường xuyên."
    )
    groups = report.groups()
    assert [status for status, _rows in groups] == [
        TaskStatus.OPEN_OVERDUE,
        TaskStatus.OPEN_ON_TIME,
        TaskStatus.COMPLETED_LATE,
        TaskStatus.COMPLETED_ON_TIME,
        TaskStatus.RECURRING,
    ]
    assert [len(rows) for _status, rows in groups] == [1, 4, 1, 6, 1]


def test_the_demo_follow_up_page_docx_and_api(demo, client):
    from django.test import Client

    secretariat = User.objects.get(username="thuky")
    browser = Client()
    browser.force_login(secretariat)
    page = browser.get(reverse("meetings:follow-up", args=[demo.pk]) + "?on=2017-12-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="table table-sm align-middle follow-up-table"') == 5
    assert "Chưa hoàn thành, quá hạn" in html and page.context["report"].stats.completed == 7

    download = browser.get(reverse("meetings:follow-up-docx", args=[demo.pk]) + "?on=2017-12-31")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="bao-cao-')
    paragraphs = [p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs]
    text = "\n".join(paragraphs)
    assert "BÁO CÁO" in paragraphs
    assert "Tình hình thực hiện Thông báo kết luận số 125/TB-BCĐ ngày 26/7/2017 (đến ngày 31/12/2017)" in text
    headings = [p for p in paragraphs if p.endswith("NHIỆM VỤ)")]
    assert headings == [
        "I. CHƯA HOÀN THÀNH, QUÁ HẠN (1 NHIỆM VỤ)",
        "II. CHƯA HOÀN THÀNH, TRONG HẠN (4 NHIỆM VỤ)",
        "III. HOÀN THÀNH QUÁ HẠN (1 NHIỆM VỤ)",
        "IV. HOÀN THÀNH ĐÚNG HẠN (6 NHIỆM VỤ)",
        "V. NHIỆM VỤ THƯỜNG XUYÊN (1 NHIỆM VỤ)",
    ]
    numbered = sorted(
        int(p.split(".", 1)[0]) for p in paragraphs if p[:1].isdigit() and ". " in p[:4] and len(p) > 20
    )
    assert numbered == list(range(1, 14))
    header = "\n".join(
        cell.text for table in docx.Document(io.BytesIO(download.content)).tables for cell in table._cells
    )
    assert "ngày 31 tháng 12 năm 2017" in header

    body = client.get(
        f"{API}/conclusions/{demo.pk}/follow-up?on=2017-12-31", headers=bearer(secretariat)
    ).json()
    assert body["number"] == "125/TB-BCĐ" and body["on"] == "2017-12-31"
    assert len(body["items"]) == 13 and body["counts"] == EXPECTED_2017
    by_status: dict[str, int] = {}
    for item in body["items"]:
        by_status[item["status"]] = by_status.get(item["status"], 0) + 1
    assert by_status == {key: value for key, value in EXPECTED_2017.items() if value and key != "extended"}
    assert body["items"][1]["addressees"].startswith("Chủ trì: Sở Thông tin và Truyền thông; phối hợp: ")
