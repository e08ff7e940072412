"""One number series per committee and year for every kind of issued document (issue #11, item 3):
conclusion notices and committee reports share it, the database's registry refuses a second holder,
a number entered by hand that is taken is refused naming the document that has it, the counter skips
numbers taken by hand, and a date out of order with the numbers is warned about (page and API)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.core.counters import counter_peek, document_series_key
from giaoban.core.models import IssuedNumber
from giaoban.meetings import services as meetings
from giaoban.meetings.models import ConclusionNotice, NoticeState
from giaoban.meetings.tests.factories import make_meeting, make_notice
from giaoban.reports import services as reports
from giaoban.reports.models import CommitteeReport
from giaoban.reports.tests.factories import make_period, make_report, make_request

pytestmark = pytest.mark.django_db

D = dt.date


def _notice(world, day: D, title: str = "Hội nghị giao ban"):
    return make_notice(make_meeting(world, title=title, date=day - dt.timedelta(days=2)), tasks=0, date=day)


def _issue(notice, **kwargs):
    return meetings.conclusion_issue(actor=None, notice=notice, **kwargs)


def _report(world, quarter: int | None = None, year: int = 2017):
    """The half-year report of `year`, or the report of its `quarter`."""
    if quarter is None:
        period = make_period(world, year=year)
        summary = f"Sơ kết 6 tháng đầu năm {year}"
    else:
        period = make_period(world, kind="quarter", year=year, quarter=quarter)
        summary = f"Báo cáo quý {quarter} năm {year}"
    return make_report(world, make_request(world, period=period), summary=summary)


def _approve(world, report, day: D):
    return reports.report_approve(actor=world.leader, report=report, date=day)


def _registry(world, year: int = 2017) -> list[tuple[int, str, int]]:
    return list(
        IssuedNumber.objects.filter(committee=world.committee, year=year)
        .order_by("number")
        .values_list("number", "document_type", "document_id")
    )


def test_a_number_entered_by_hand_that_a_report_holds_is_refused_naming_the_report(world):
    report = _approve(world, _report(world), D(2017, 7, 20))
    assert report.number == 1
    notice = _notice(world, D(2017, 7, 28))
    with pytest.raises(ValidationError) as error:
        _issue(notice, number=1)
    (message,) = error.value.message_dict["number"]
    assert message == (
        "Số 1 năm 2017 đã cấp cho báo cáo của ban chỉ đạo “Sơ kết 6 tháng đầu năm 2017” ngày 20/7/2017; "
        "nhập số khác, hoặc để trống để lấy số tiếp theo."
    )
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and notice.number is None
    assert _registry(world) == [(1, "reports.committeereport", report.pk)]


def test_the_counter_skips_numbers_taken_by_hand_whatever_the_kind(world):
    by_hand = _issue(_notice(world, D(2017, 3, 1)), number=1)
    also_by_hand = _issue(_notice(world, D(2017, 3, 2), "Hội nghị chuyên đề"), number=3)
    report = _approve(world, _report(world, quarter=1), D(2017, 4, 5))
    next_notice = _issue(_notice(world, D(2017, 7, 28), "Hội nghị sơ kết"))
    last_report = _approve(world, _report(world), D(2017, 7, 30))
    assert [d.number for d in (by_hand, also_by_hand, report, next_notice, last_report)] == [1, 3, 2, 4, 5]
    assert [number for number, _, _ in _registry(world)] == [1, 2, 3, 4, 5]
    assert counter_peek(document_series_key(world.committee.pk, 2017)) == 5


def test_the_database_refuses_a_second_holder_of_a_number(world):
    notice = _issue(_notice(world, D(2017, 7, 28)))
    report = make_report(world, make_request(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            committee=world.committee,
            year=2017,
            number=notice.number,
            date=D(2017, 7, 28),
            document_type="reports.committeereport",
            document_id=report.pk,
        )


def test_a_reopened_report_keeps_its_number_and_a_new_year_frees_the_old_one(world):
    report = _approve(world, _report(world), D(2017, 7, 20))
    report = reports.report_reopen(actor=world.leader, report=report, reason="Bổ sung số liệu")
    report = _approve(world, report, D(2017, 7, 25))
    assert report.number == 1
    assert IssuedNumber.objects.get(document_id=report.pk).date == D(2017, 7, 25)
    report = reports.report_reopen(actor=world.leader, report=report, reason="Sang năm mới")
    report = _approve(world, report, D(2018, 1, 3))
    assert (report.number, report.year) == (1, 2018)
    assert _registry(world, 2017) == [] and _registry(world, 2018) == [
        (1, "reports.committeereport", report.pk)
    ]
    assert _issue(_notice(world, D(2017, 12, 28)), number=1).number == 1  # 1/2017 is free again


def test_a_document_dated_before_the_last_issued_one_is_warned_about(world, client, client_for):
    notice = _issue(_notice(world, D(2017, 7, 28)))
    report = _approve(world, _report(world), D(2017, 7, 20))  # no. 2, dated before no. 1
    assert (notice.number, report.number) == (1, 2)
    expected = (
        "Ngày ban hành 20/7/2017 (số 2) sớm hơn ngày của thông báo kết luận “"
        f"{notice.summary}” ngày 28/7/2017, mang số nhỏ hơn (1): số văn bản phải tăng theo ngày ban "
        "hành, hãy kiểm tra lại ngày."
    )
    detail = client.get(f"/api/v1/reports/{report.pk}", headers=bearer(world.secretariat)).json()
    assert detail["date_warning"] == expected
    notice_api = client.get(f"/api/v1/conclusions/{notice.pk}", headers=bearer(world.secretariat)).json()
    assert notice_api["date_warning"].startswith("Ngày ban hành 28/7/2017 (số 1) muộn hơn ngày của báo cáo")
    page = client_for(world.secretariat).get(report.get_absolute_url())
    assert expected in page.content.decode()
    # In order: no warning.
    later = _issue(_notice(world, D(2017, 8, 2), "Hội nghị tháng 8"))
    assert (
        client.get(f"/api/v1/conclusions/{later.pk}", headers=bearer(world.secretariat)).json()[
            "date_warning"
        ]
        == ""
    )
    assert (
        'id="date-warning"'
        not in client_for(world.secretariat).get(later.get_absolute_url()).content.decode()
    )


def test_the_migration_registers_issued_documents_and_renumbers_a_later_duplicate(world, capsys):
    """Documents issued before the registry, two of them with the same number (the race of issue #11):
    the earlier keeps it, the later gets the series' next number with the reason in its history."""
    notice = _issue(_notice(world, D(2017, 7, 28)))
    report = _approve(world, _report(world), D(2017, 7, 30))
    first_quarter = _approve(world, _report(world, quarter=1), D(2017, 4, 5))
    IssuedNumber.objects.all().delete()
    CommitteeReport.objects.filter(pk=report.pk).update(number=1)  # as the race left it
    migration = importlib.import_module("giaoban.reports.migrations.0003_register_issued_numbers")
    migration.register_issued_numbers(apps, None)
    notice.refresh_from_db()
    report.refresh_from_db()
    assert (notice.number, first_quarter.number, report.number) == (1, 3, 4)
    assert _registry(world) == [
        (1, "meetings.conclusionnotice", notice.pk),
        (3, "reports.committeereport", first_quarter.pk),
        (4, "reports.committeereport", report.pk),
    ]
    assert report.history.first().history_change_reason == (
        f"Số 1 trùng với thông báo kết luận #{notice.pk} nên được cấp lại số 4 khi lập sổ số văn bản chung"
    )
    assert f"reports.CommitteeReport #{report.pk} (2017)" in capsys.readouterr().out
    assert _issue(_notice(world, D(2017, 9, 1), "Hội nghị tháng 9")).number == 5
    assert ConclusionNotice.objects.filter(number=5).exists()


def test_the_issue_page_and_the_api_refuse_a_taken_number_on_the_number_field(world, client, client_for):
    report = _approve(world, _report(world), D(2017, 7, 20))
    notice = _notice(world, D(2017, 7, 28))
    page = client_for(world.secretariat).post(
        reverse("meetings:conclusion-issue", args=[notice.pk]),
        {"number": "1", "date": "2017-07-28", "version": notice.version},
    )
    assert page.status_code == 200
    errors = page.context["form"].errors["number"]
    assert errors == [
        "Số 1 năm 2017 đã cấp cho báo cáo của ban chỉ đạo “Sơ kết 6 tháng đầu năm 2017” ngày 20/7/2017; "
        "nhập số khác, hoặc để trống để lấy số tiếp theo."
    ]
    answer = client.post(
        f"/api/v1/conclusions/{notice.pk}/issue",
        {"number": 1, "date": "2017-07-28", "version": notice.version},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["field"] == "number" and error["message"] == errors[0]
    notice.refresh_from_db()
    assert notice.state == NoticeState.DRAFT and _registry(world) == [
        (1, "reports.committeereport", report.pk)
    ]
    # Left blank, the next free number; the answer carries the date warning (28/7 after 20/7: none).
    notice.refresh_from_db()
    issued = client.post(
        f"/api/v1/conclusions/{notice.pk}/issue",
        {"date": "2017-07-28", "version": notice.version},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert issued.status_code == 200
    assert (issued.json()["number"], issued.json()["date_warning"]) == (2, "")


def test_the_api_answer_of_an_issue_out_of_date_order_carries_the_warning(world, client):
    _approve(world, _report(world), D(2017, 7, 30))
    notice = _notice(world, D(2017, 7, 28))
    notice.refresh_from_db()
    issued = client.post(
        f"/api/v1/conclusions/{notice.pk}/issue",
        {"date": "2017-07-28", "version": notice.version},
        content_type="application/json",
        headers=bearer(world.secretariat),
    )
    assert issued.status_code == 200 and issued.json()["number"] == 2
    assert issued.json()["date_warning"].startswith(
        "Ngày ban hành 28/7/2017 (số 2) sớm hơn ngày của báo cáo của ban chỉ đạo “Sơ kết 6 tháng đầu năm "
        "2017” ngày 30/7/2017, mang số nhỏ hơn (1)"
    )


def test_every_kind_of_issued_document_is_in_the_registry_migration():
    """A new IssuedDocument model must number through document_number_register and be registered by a
    data migration like reports.0003: this list is the reminder."""
    from giaoban.core.models import IssuedDocument

    kinds = {model._meta.label for model in apps.get_models() if issubclass(model, IssuedDocument)}
    migration = importlib.import_module("giaoban.reports.migrations.0003_register_issued_numbers")
    # Models created after it number through document_number_register from their first row: their
    # migration creates an empty table, with nothing to register.
    numbered_from_the_start = {"meetings.MeetingDocument"}
    assert kinds == {f"{app}.{name}" for app, name in migration.DOCUMENTS} | numbered_from_the_start
