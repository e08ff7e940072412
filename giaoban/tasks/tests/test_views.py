"""Task pages through the test client, by role: visibility, flows, concurrency, bulk update, query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from giaoban.core.services import EDIT_CONFLICT
from giaoban.tasks import services
from giaoban.tasks.models import ProgressUpdate, ReviewState, Task
from giaoban.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = timezone.localdate()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured)


def _text(response) -> str:
    return response.content.decode()


def _open_task(world, **kwargs) -> Task:
    kwargs.setdefault("assigned_on", TODAY - dt.timedelta(days=60))
    kwargs.setdefault("deadline", TODAY + dt.timedelta(days=30))
    return make_task(world, **kwargs)


# --- Visibility ------------------------------------------------------------------------------------------


def test_a_unit_officer_whose_unit_neither_leads_nor_coordinates_gets_404(world, client_for):
    task = _open_task(world, lead_unit=world.other_unit)
    client = client_for(world.officer)
    for name in ("task-detail", "task-update", "progress-create", "extension-create", "completion-create"):
        assert client.get(reverse(f"tasks:{name}", args=[task.pk])).status_code == 404, name
    assert task.title not in _text(client.get(reverse("tasks:task-list")))


def test_a_coordinating_unit_sees_and_updates_the_task_it_shares(world, client_for):
    task = _open_task(world, lead_unit=world.other_unit, coordinating_units=[world.unit])
    client = client_for(world.officer)
    assert client.get(task.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("tasks:progress-create", args=[task.pk]),
        {"reported_on": TODAY.isoformat(), "percent": 30, "text": "Sở Ngoại vụ đã gửi số liệu."},
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(task=task).unit == world.unit
    # Only the lead unit reports completion or asks for more time.
    assert client.get(reverse("tasks:completion-create", args=[task.pk])).status_code == 403
    assert client.get(reverse("tasks:extension-create", args=[task.pk])).status_code == 403


def test_tasks_of_another_committee_answer_404_to_its_secretariat(world, client_for):
    task = _open_task(world)
    from giaoban.core.permissions import Role
    from giaoban.org.tests.factories import UserFactory

    stranger = UserFactory(role=Role.SECRETARIAT, committees=[world.other_committee])
    assert client_for(stranger).get(task.get_absolute_url()).status_code == 404


def test_the_system_admin_sees_no_tasks_and_leaders_only_read(world, client_for):
    task = _open_task(world)
    assert client_for(world.admin).get(task.get_absolute_url()).status_code == 404
    leader = client_for(world.leader)
    assert leader.get(task.get_absolute_url()).status_code == 200
    assert leader.get(reverse("tasks:task-update", args=[task.pk])).status_code == 403
    assert leader.get(reverse("tasks:task-create")).status_code == 403


# --- Pages ---------------------------------------------------------------------------------------------------


def test_secretariat_assigns_a_task_on_the_page(world, client_for):
    client = client_for(world.secretariat)
    response = client.post(
        reverse("tasks:task-create"),
        {
            "committee": world.committee.pk,
            "title": "Tập huấn người phát ngôn",
            "lead_unit": world.unit.pk,
            "coordinating_units": [world.other_unit.pk],
            "assigned_on": "2017-07-31",
            "deadline": "2017-11-30",
            "source_title": "Thông báo kết luận",
            "source_number": "125/TB-BCĐ",
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    assert task.code == "NV-2017-001"
    page = _text(client.get(task.get_absolute_url()))
    assert "Tập huấn người phát ngôn" in page and "Thành phố Lạng Sơn" in page


def test_a_task_is_entered_with_its_deadline_as_the_directive_writes_it(world, client_for):
    client = client_for(world.secretariat)
    data = {
        "committee": world.committee.pk,
        "title": "Báo cáo kết quả",
        "lead_unit": world.unit.pk,
        "assigned_on": "2021-10-15",
        "deadline_wording": "hoàn thành trước ngày 02/11/2021",
    }
    response = client.post(reverse("tasks:task-create"), data)
    task = Task.objects.get()
    assert response.status_code == 302 and task.deadline == dt.date(2021, 11, 1)
    page = _text(client.get(task.get_absolute_url()))
    assert "hoàn thành trước ngày 02/11/2021" in page and "Hạn theo dõi" in page
    response = client.post(reverse("tasks:task-create"), {**data, "deadline_wording": "sớm nhất có thể"})
    assert response.status_code == 200
    assert "Chưa hiểu thời hạn “sớm nhất có thể”" in str(response.context["form"].errors["deadline_wording"])


def test_a_task_without_deadline_or_recurring_is_refused_on_the_deadline_field(world, client_for):
    client = client_for(world.secretariat)
    response = client.post(
        reverse("tasks:task-create"),
        {"committee": world.committee.pk, "title": "Không hạn", "lead_unit": world.unit.pk},
    )
    assert response.status_code == 200
    assert str(services.DEADLINE_OR_RECURRING) in response.context["form"].errors["deadline"]
    assert not Task.objects.exists()


def test_two_people_editing_one_task_the_second_is_refused_and_keeps_their_text(world):
    """Optimistic locking with two clients: both open the form at version 1; the later save is refused."""
    task = _open_task(world)
    first, second = Client(), Client()
    first.force_login(world.secretariat)
    second.force_login(world.secretariat)
    url = reverse("tasks:task-update", args=[task.pk])
    form_a = first.get(url).context["form"]
    form_b = second.get(url).context["form"]
    assert form_a["version"].value() == form_b["version"].value() == 1

    def data(title):
        return {
            "title": title,
            "description": "",
            "lead_unit": world.unit.pk,
            "assigned_on": task.assigned_on.isoformat(),
            "deadline": task.deadline.isoformat(),
            "version": 1,
        }

    assert first.post(url, data("Tên của người thứ nhất")).status_code == 302
    refused = second.post(url, data("Tên của người thứ hai"))
    assert refused.status_code == 200
    page = _text(refused)
    assert str(EDIT_CONFLICT) in page
    assert "Tên của người thứ hai" in page  # the form keeps their text
    assert Task.objects.get(pk=task.pk).title == "Tên của người thứ nhất"


def test_two_people_editing_one_progress_update(world):
    task = _open_task(world)
    progress = services.progress_create(actor=world.officer, task=task, text="Bản đầu", percent=10)
    colleague = world.officer.__class__.objects.create_user(
        username="off-b", role=world.officer.role, organisation=world.unit
    )
    first, second = Client(), Client()
    first.force_login(world.officer)
    second.force_login(colleague)
    url = reverse("tasks:progress-update", args=[progress.pk])
    assert first.get(url).status_code == second.get(url).status_code == 200
    base = {"reported_on": TODAY.isoformat(), "version": 1}
    assert first.post(url, {**base, "percent": 20, "text": "Sửa của người thứ nhất"}).status_code == 302
    refused = second.post(url, {**base, "percent": 30, "text": "Sửa của người thứ hai"})
    assert str(EDIT_CONFLICT) in _text(refused) and "Sửa của người thứ hai" in _text(refused)
    assert ProgressUpdate.objects.get(pk=progress.pk).text == "Sửa của người thứ nhất"


def test_officer_requests_an_extension_and_the_secretariat_approves_it(world, client_for):
    task = _open_task(world, deadline=TODAY - dt.timedelta(days=2))
    officer = client_for(world.officer)
    assert "Chưa hoàn thành, quá hạn" in _text(officer.get(task.get_absolute_url()))
    new_deadline = TODAY + dt.timedelta(days=20)
    response = officer.post(
        reverse("tasks:extension-create", args=[task.pk]),
        {"new_deadline": new_deadline.isoformat(), "reason": "Chờ ý kiến các sở."},
    )
    assert response.status_code == 302
    extension = task.extensions.get()
    secretariat = Client()
    secretariat.force_login(world.secretariat)
    assert "Đề nghị gia hạn" in _text(secretariat.get(reverse("tasks:task-list")))
    decide = reverse("tasks:extension-decide", args=[extension.pk])
    refused = secretariat.post(decide, {"decision": "reject", "note": ""})
    assert str(services.RETURN_NEEDS_COMMENT) in _text(refused)
    assert secretariat.post(decide, {"decision": "approve", "note": ""}).status_code == 302
    task.refresh_from_db()
    assert task.deadline_in_force == new_deadline
    page = _text(officer.get(task.get_absolute_url()))
    assert "Chưa hoàn thành, trong hạn" in page
    assert officer.get(reverse("tasks:extension-create", args=[task.pk])).status_code == 403  # limit 1


def test_completion_report_and_confirmation_on_the_pages(world, client_for):
    task = _open_task(world)
    officer = client_for(world.officer)
    officer.post(
        reverse("tasks:completion-create", args=[task.pk]),
        {"reported_on": TODAY.isoformat(), "text": "Xong."},
    )
    report = task.completion_reports.get()
    secretariat = Client()
    secretariat.force_login(world.secretariat)
    secretariat.post(reverse("tasks:completion-decide", args=[report.pk]), {"decision": "approve"})
    task.refresh_from_db()
    assert task.completed_on == TODAY
    assert report.__class__.objects.get(pk=report.pk).state == ReviewState.APPROVED


def test_cancel_page(world, client_for):
    task = _open_task(world)
    client = client_for(world.secretariat)
    client.post(
        reverse("tasks:task-cancel", args=[task.pk]),
        {"reason": "Không còn phù hợp", "on": TODAY.isoformat(), "version": task.version},
    )
    assert Task.objects.get(pk=task.pk).cancelled_on == TODAY


# --- Query counts ------------------------------------------------------------------------------------------


def test_task_list_runs_the_same_queries_for_3_or_20_tasks(world, client_for):
    for _ in range(3):
        _open_task(world, coordinating_units=[world.other_unit])
    client = client_for(world.secretariat)
    url = reverse("tasks:task-list")
    few = _queries(client, url)
    for _ in range(17):
        _open_task(world)
    assert _queries(client, url) == few
    assert few <= 16


def test_dashboard_and_detail_query_counts_are_bounded(world, client_for):
    for index in range(4):
        task = _open_task(world, coordinating_units=[world.other_unit])
        services.progress_create(actor=world.officer, task=task, text=f"Lần {index}", percent=10)
    client = client_for(world.secretariat)
    dashboard = reverse("tasks:dashboard")
    few = _queries(client, dashboard)
    for _ in range(10):
        _open_task(world, lead_unit=world.other_unit, deadline=TODAY - dt.timedelta(days=3))
    assert _queries(client, dashboard) == few
    assert few <= 16
    assert _queries(client, task.get_absolute_url()) <= 20


# --- Dashboard -----------------------------------------------------------------------------------------------


def test_dashboard_as_of_a_date_with_sentence_table_and_export(world, client_for):
    on_time = make_task(world, deadline=D(2017, 9, 30))
    services.completion_confirm(
        actor=world.secretariat,
        report=services.completion_report(
            actor=world.officer, task=on_time, text="x", reported_on=D(2017, 9, 30)
        ),
    )
    make_task(world, lead_unit=world.other_unit, deadline=D(2017, 10, 31))
    client = client_for(world.secretariat)
    url = reverse("tasks:dashboard") + "?date_from=2017-01-01&date_to=2017-12-31"
    response = client.get(url)
    assert response.context["sentence"] == (
        "Trong 2 nhiệm vụ, đã hoàn thành 1 nhiệm vụ (1 đúng hạn, 0 quá hạn); 1 nhiệm vụ chưa hoàn thành "
        "(0 trong hạn, 1 quá hạn)."
    )
    page = _text(response)
    assert 'id="dashboard-data"' in page and "<script>" not in page.replace("<script src=", "")
    assert [row.unit for row in response.context["by_unit"]] == [world.unit, world.other_unit]
    by_overdue = client.get(url + "&sort=open_overdue&desc=on").context["by_unit"]
    assert [row.unit for row in by_overdue] == [world.other_unit, world.unit]
    assert [days for _task, days in response.context["overdue"]] == [61]
    export = client.get(reverse("tasks:dashboard-export") + "?date_from=2017-01-01&date_to=2017-12-31")
    book = load_workbook(io.BytesIO(export.content))
    assert book["Tổng hợp"]["A3"].value == response.context["sentence"]
    assert book["Quá hạn"]["E2"].value == 61


def test_a_unit_officers_dashboard_defaults_to_their_unit(world, client_for):
    _open_task(world)
    _open_task(world, lead_unit=world.other_unit, coordinating_units=[world.unit])
    response = client_for(world.officer).get(reverse("tasks:dashboard"))
    assert response.context["unit"] == world.unit
    assert response.context["stats"].open_on_time == 1


# --- Bulk update ------------------------------------------------------------------------------------------------


def test_bulk_page_reports_every_error_at_once_and_writes_nothing(world, client_for):
    first, second, third = (_open_task(world) for _ in range(3))
    client = client_for(world.officer)
    url = reverse("tasks:bulk-update")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "reported_on": TODAY.isoformat(),
            f"percent_{first.pk}": "50",
            f"text_{first.pk}": "Đúng",
            f"percent_{second.pk}": "150",
            f"text_{second.pk}": "Sai phần trăm",
            f"percent_{third.pk}": "30",
            f"text_{third.pk}": "",
        },
    )
    form = response.context["form"]
    assert set(form.errors) == {f"percent_{second.pk}", f"text_{third.pk}"}
    assert not ProgressUpdate.objects.exists()
    ok = client.post(
        url,
        {
            "reported_on": TODAY.isoformat(),
            f"percent_{first.pk}": "50",
            f"text_{first.pk}": "Đúng",
            f"percent_{second.pk}": "60",
            f"text_{second.pk}": "Cũng đúng",
        },
    )
    assert ok.status_code == 302
    assert ProgressUpdate.objects.count() == 2


def test_bulk_xlsx_round_trip_with_all_errors_at_once(world, client_for):
    first, second = (
        _open_task(world),
        _open_task(world, lead_unit=world.other_unit, coordinating_units=[world.unit]),
    )
    _open_task(world, lead_unit=world.other_unit)  # not the officer's: not in the sheet
    client = client_for(world.officer)
    export = client.get(reverse("tasks:bulk-export"))
    book = load_workbook(io.BytesIO(export.content))
    sheet = book.active
    assert [sheet.cell(row=r, column=2).value for r in (4, 5)] == [first.code, second.code]
    assert sheet.cell(row=6, column=1).value is None
    sheet["H4"], sheet["I4"] = 120, "Quá trăm"
    sheet["H5"], sheet["I5"], sheet["J5"] = 40, "", "31/02/2017"
    sheet["A6"], sheet["H6"], sheet["I6"] = 999999, 10, "Không có"

    def upload(workbook):
        stream = io.BytesIO()
        workbook.save(stream)
        stream.seek(0)
        stream.name = "tien-do.xlsx"
        return client.post(reverse("tasks:bulk-upload"), {"file": stream})

    response = upload(book)
    errors = response.context["upload_errors"]
    assert errors == [
        "Dòng 4, cột H (Tiến độ mới (%)): phải là số nguyên từ 0 đến 100.",
        "Dòng 5, cột I (Nội dung cập nhật): hãy nhập nội dung cập nhật.",
        "Dòng 5, cột J (Ngày báo cáo (dd/mm/yyyy)): ngày không hợp lệ, dùng dạng dd/mm/yyyy.",
        "Dòng 6, cột A (Mã số (không sửa)): không phải nhiệm vụ đang thực hiện của đơn vị; đừng sửa cột này.",
    ]
    assert not ProgressUpdate.objects.exists()
    sheet["H4"], sheet["I4"] = 60, "Đã xong phần lớn"
    sheet["H5"], sheet["I5"], sheet["J5"] = 40, "Phối hợp gửi số liệu", TODAY.strftime("%d/%m/%Y")
    sheet["A6"] = sheet["H6"] = sheet["I6"] = None
    assert upload(book).status_code == 302
    assert sorted(ProgressUpdate.objects.values_list("percent", flat=True)) == [40, 60]
    assert Task.objects.get(pk=first.pk).percent == 60


def test_bulk_pages_are_for_unit_officers(world, client_for):
    assert client_for(world.secretariat).get(reverse("tasks:bulk-update")).status_code == 403
