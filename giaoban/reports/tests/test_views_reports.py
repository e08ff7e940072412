"""The committee report pages through the test client, by role: the secretariat drafts and edits in
versions, a leader approves (which locks) and reopens, a unit officer reads approved reports only; the
diff between versions, downloads, query counts."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import docx
import openpyxl
import pytest
from django.urls import reverse

from giaoban.core.services import EDIT_CONFLICT
from giaoban.core.testing import needs_libreoffice
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org.tests.factories import CommitteeFactory, OrganisationFactory
from giaoban.reports import selectors, services
from giaoban.reports.models import CommitteeReport, ReportState
from giaoban.reports.tests.factories import (
    fill,
    make_period,
    make_report,
    make_request,
    submission_of,
    submit_and_accept,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(response) -> str:
    return unescape(response.content.decode())


def _url(name: str, report: CommitteeReport, *args) -> str:
    return reverse(f"reports:{name}", args=[report.pk, *args])


def _accepted_request(world):
    """The H1 2017 request with Sở Ngoại vụ's submission accepted, Thành phố Lạng Sơn's still a draft."""
    DelegationFactory(
        lead_unit=world.unit, direction="outbound", country_codes="CN", start_date=D(2017, 3, 1)
    )
    request = make_request(world)
    own = fill(submission_of(request, world.unit), world.officer, values={1: 3, 2: 10, 3: "1,5"})
    submit_and_accept(own, world.officer, world.secretariat, day=D(2017, 7, 1))
    return request


def _edit_data(response, **changes) -> dict[str, str]:
    """The edit form's fields as the page filled them in, with `changes` on top."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    data.update(changes)
    return data


def _document_url(report: CommitteeReport, fmt: str) -> str:
    return reverse("reports:report-document", kwargs={"pk": report.pk, "fmt": fmt})


# --- The secretariat ---------------------------------------------------------------------------------


def test_the_secretariat_creates_a_report_from_the_accepted_submissions(world, client_for):
    request = _accepted_request(world)
    client = client_for(world.secretariat)
    page = client.get(reverse("reports:report-create") + f"?period={request.period.pk}&request={request.pk}")
    assert page.status_code == 200
    assert page.context["form"]["period"].value() == str(request.period.pk)
    response = client.post(
        reverse("reports:report-create"),
        {"period": request.period.pk, "request": request.pk, "summary": "Sơ kết 6 tháng đầu năm 2017"},
    )
    report = CommitteeReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()

    detail = client.get(report.get_absolute_url())
    text = _text(detail)
    assert "Sơ kết 6 tháng đầu năm 2017" in text and "Chưa có số" in text
    # The figures and their sentences, the indicator totals, the annex, the text, version 1.
    assert "Cử 1 đoàn" in text
    assert re.search(r"Họp báo đã tổ chức.*?<td class=\"text-end\">3</td>", text, re.S)
    assert "Kinh phí" in text and "1,5" in text
    annex = text[text.index('id="annex-table"') :]
    assert world.unit.name in annex and world.other_unit.name not in annex[: annex.index("</table>")]
    assert "I. Công tác lãnh đạo, chỉ đạo" in text and f"- {world.unit.name}: Nội dung báo cáo." in text
    assert detail.context["versions"][0].note == "Tổng hợp từ báo cáo của các đơn vị"
    for button in ("report-edit-link", "report-rebuild-form", "download-docx", "download-annex"):
        assert f'id="{button}"' in text, button
    assert 'id="report-approve-form"' not in text  # leaders approve
    # A second report for the same period is refused on the form, nothing saved.
    again = client.post(
        reverse("reports:report-create"), {"period": request.period.pk, "request": request.pk}
    )
    assert again.status_code == 200 and "đã có báo cáo" in _text(again)
    assert CommitteeReport.objects.count() == 1


def test_a_request_of_another_period_is_refused_on_the_create_form(world, client_for):
    request = make_request(world)
    other_period = make_period(world, kind="year")
    response = client_for(world.secretariat).post(
        reverse("reports:report-create"), {"period": other_period.pk, "request": request.pk}
    )
    assert response.status_code == 200 and "thuộc kỳ khác" in _text(response)
    assert not CommitteeReport.objects.exists()


def test_editing_saves_a_new_version_and_the_diff_shows_the_changed_words(world, client_for):
    report = make_report(world, _accepted_request(world))
    client = client_for(world.secretariat)
    page = client.get(_url("report-update", report))
    assert page.status_code == 200
    text = _text(page)
    # Each section's text in a textarea, the units' contributions beside it as a reference.
    assert 'name="text_0"' in text and 'name="heading_2"' in text
    assert "Tham khảo “I. Công tác lãnh đạo, chỉ đạo”: 1 đơn vị" in text
    assert "Nội dung báo cáo. (I. Công tác lãnh đạo, chỉ đạo)" in text

    old_text = page.context["form"]["text_0"].value()
    data = _edit_data(
        page,
        text_0=old_text.replace("Nội dung báo cáo.", "Nội dung đã biên tập kỹ."),
        heading_1="II. Công tác thông tin đối ngoại",
        heading_3="IV. Phương hướng 6 tháng cuối năm",
        text_3="Tiếp tục triển khai.",
        note="Biên tập lần 1",
        recipients="Như trên\nLưu: VT",
    )
    response = client.post(_url("report-update", report), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    current = selectors.report_current_version(report=report)
    assert (
        current.number == 2 and current.note == "Biên tập lần 1" and current.created_by == world.secretariat
    )
    assert [section["heading"] for section in current.sections] == [
        "I. Công tác lãnh đạo, chỉ đạo",
        "II. Công tác thông tin đối ngoại",
        "III. Thực hiện nhiệm vụ",
        "IV. Phương hướng 6 tháng cuối năm",
    ]
    report.refresh_from_db()
    assert report.recipients == "Như trên\nLưu: VT"

    detail = _text(client.get(report.get_absolute_url()))
    assert "Biên tập lần 1" in detail and "Nội dung đã biên tập kỹ." in detail
    assert f"{_url('report-diff', report)}?from=1&to=2" in detail

    diff = client.get(_url("report-diff", report), {"from": 1, "to": 2})
    assert diff.status_code == 200
    html = diff.content.decode()
    assert re.search(r"<del[^>]*>\s*báo cáo\s*</del>", html)
    assert re.search(r"<ins[^>]*>\s*đã biên tập kỹ\s*</ins>", html)
    assert re.search(r"<del[^>]*>\s*Hoạt động\s*</del>", html)
    assert re.search(r"<ins[^>]*>\s*Công tác thông tin\s*</ins>", html)
    assert "Tiếp tục triển khai." in html
    # By default the page compares the current version with the one before.
    assert client.get(_url("report-diff", report)).context["old"].number == 1
    # A version reads as it was saved.
    first = _text(client.get(_url("report-version", report, 1)))
    assert "Nội dung báo cáo. (I. Công tác lãnh đạo, chỉ đạo)" in first and "Cử 1 đoàn" in first
    assert client.get(_url("report-version", report, 9)).status_code == 404
    assert client.get(_url("report-diff", report), {"from": 1, "to": 9}).status_code == 404
    assert client.get(_url("report-diff", report), {"from": "x"}).status_code == 404


def test_a_stale_edit_shows_the_conflict_and_keeps_the_users_text(world, client_for):
    report = make_report(world, _accepted_request(world))
    client = client_for(world.secretariat)
    page = client.get(_url("report-update", report))
    # Someone else saves first.
    services.report_update(
        actor=world.secretariat, report=report, expected_version=report.version, summary="Khác"
    )
    mine = "Đoạn văn tôi vừa viết, không được mất."
    response = client.post(_url("report-update", report), _edit_data(page, text_0=mine))
    assert response.status_code == 200
    text = _text(response)
    assert str(EDIT_CONFLICT) in text and mine in text
    assert selectors.report_versions(report=report).count() == 1


def test_removing_every_section_is_refused(world, client_for):
    report = make_report(world, _accepted_request(world))
    client = client_for(world.secretariat)
    page = client.get(_url("report-update", report))
    blanks = dict.fromkeys(page.context["form"].section_field_names(), "")
    response = client.post(_url("report-update", report), _edit_data(page, **blanks))
    assert response.status_code == 200 and "ít nhất một đề mục" in _text(response)


def test_rebuild_makes_a_new_version_after_more_submissions_came_in(world, client_for):
    request = _accepted_request(world)
    report = make_report(world, request)
    late = fill(submission_of(request, world.other_unit), world.other_officer)
    submit_and_accept(late, world.other_officer, world.secretariat, day=D(2017, 7, 15))
    client = client_for(world.secretariat)
    detail = _text(client.get(report.get_absolute_url()))
    assert 'id="figures-changed"' in detail
    assert client.get(_url("report-rebuild", report)).status_code == 200  # the confirmation page
    response = client.post(_url("report-rebuild", report))
    assert response.status_code == 302
    current = selectors.report_current_version(report=report)
    assert current.number == 2 and world.other_unit.name in current.sections[0]["text"]
    assert 'id="figures-changed"' not in _text(client.get(report.get_absolute_url()))


def test_the_annex_is_paged(world, client_for, monkeypatch):
    from giaoban.reports import views_reports

    request = _accepted_request(world)
    late = fill(submission_of(request, world.other_unit), world.other_officer)
    submit_and_accept(late, world.other_officer, world.secretariat, day=D(2017, 7, 2))
    report = make_report(world, request)
    monkeypatch.setattr(views_reports, "ANNEX_PAGE_SIZE", 1)
    client = client_for(world.secretariat)

    def annex(page: str | None = None) -> str:
        text = _text(client.get(report.get_absolute_url(), {"annex_page": page} if page else {}))
        return text[text.index('id="annex-table"') : text.index("</table>", text.index('id="annex-table"'))]

    # Units in Vietnamese order, one a page here.
    assert world.unit.name in annex() and world.other_unit.name not in annex()
    assert world.other_unit.name in annex("2") and world.unit.name not in annex("2")
    assert "?annex_page=2#annex" in _text(client.get(report.get_absolute_url()))


# --- Leaders -----------------------------------------------------------------------------------------


def test_a_leader_approves_and_the_report_is_locked(world, client_for):
    report = make_report(world, _accepted_request(world))
    leader = client_for(world.leader)
    detail = _text(leader.get(report.get_absolute_url()))
    assert 'id="report-approve-form"' in detail and 'id="report-edit-link"' not in detail
    assert leader.get(_url("report-update", report)).status_code == 403
    response = leader.post(_url("report-approve", report), {"version": report.version, "date": "2017-07-20"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and (report.number, report.year) == (1, 2017)
    assert report.approved_by == world.leader
    page = leader.get(report.get_absolute_url())
    text = _text(page)
    assert "Đã duyệt báo cáo; số 01/BC-" in text  # the message shows the number it got
    assert "Số 01/BC-" in text and 'id="report-locked"' in text
    assert 'id="report-reopen-link"' in text and 'id="report-approve-form"' not in text
    # Locked: nobody edits or rebuilds, and the page offers neither.
    secretariat = client_for(world.secretariat)
    text = _text(secretariat.get(report.get_absolute_url()))
    assert 'id="report-edit-link"' not in text and 'id="report-rebuild-form"' not in text
    for name in ("report-update", "report-rebuild"):
        assert secretariat.get(_url(name, report)).status_code == 403, name
        assert secretariat.post(_url(name, report), {}).status_code == 403, name
    assert leader.post(_url("report-approve", report), {"version": report.version}).status_code == 403


def test_a_stale_approval_is_refused(world, client_for):
    report = make_report(world, _accepted_request(world))
    stale = report.version
    services.report_update(actor=world.secretariat, report=report, expected_version=stale, summary="Đã sửa")
    response = client_for(world.leader).post(_url("report-approve", report), {"version": stale})
    assert response.status_code == 200 and str(EDIT_CONFLICT) in _text(response)
    report.refresh_from_db()
    assert not report.is_approved


def test_a_leader_reopens_an_approved_report_with_a_reason(world, client_for):
    report = make_report(world, _accepted_request(world))
    services.report_approve(actor=world.leader, report=report, date=D(2017, 7, 20))
    assert client_for(world.secretariat).get(_url("report-reopen", report)).status_code == 403
    leader = client_for(world.leader)
    missing = leader.post(_url("report-reopen", report), {"reason": ""})
    assert missing.status_code == 200
    response = leader.post(_url("report-reopen", report), {"reason": "Bổ sung số liệu quý II"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.number == 1
    assert leader.get(_url("report-reopen", report)).status_code == 403  # not approved any more


# --- Unit officers and outsiders ---------------------------------------------------------------------


def test_a_unit_officer_reads_approved_reports_only(world, client_for):
    request = _accepted_request(world)
    report = make_report(world, request)
    officer = client_for(world.officer)
    draft_urls = [
        _url("report-detail", report),
        _url("report-version", report, 1),
        _url("report-diff", report),
        _document_url(report, "docx"),
        _url("report-annex", report),
        _url("report-update", report),
        _url("report-approve", report),
    ]
    for url in draft_urls:
        assert officer.get(url).status_code == 404, url
    assert report.summary not in _text(officer.get(reverse("reports:report-list")))
    assert officer.get(reverse("reports:report-create")).status_code == 403

    services.report_approve(actor=world.leader, report=report, date=D(2017, 7, 20))
    assert report.summary in _text(officer.get(reverse("reports:report-list")))
    page = officer.get(report.get_absolute_url())
    assert page.status_code == 200
    text = _text(page)
    assert (
        "Cử 1 đoàn" in text and 'id="report-edit-link"' not in text and 'id="report-reopen-link"' not in text
    )
    # The annex is the committee's, whoever reads it; the drafting history is not the unit's.
    assert 'id="annex-table"' in text and 'id="download-annex"' in text
    assert officer.get(_url("report-version", report, 1)).status_code == 404
    assert officer.get(_url("report-diff", report)).status_code == 404
    for name in ("report-update", "report-rebuild", "report-reopen"):
        assert officer.get(_url(name, report)).status_code == 403, name
    assert officer.get(_document_url(report, "docx")).status_code == 200


def test_reports_of_other_committees_and_anonymous_users(world, client, client_for):
    report = make_report(world, make_request(world))
    assert client.get(report.get_absolute_url()).status_code == 302  # to the login page
    stranger = OrganisationFactory(name="Sở Tư pháp")
    other = CommitteeFactory(standing_agency=stranger, member_units=[stranger])
    from giaoban.core.permissions import Role
    from giaoban.org.tests.factories import UserFactory

    outsider = UserFactory(username="sec2", role=Role.SECRETARIAT, organisation=stranger, committees=[other])
    outsider_client = client_for(outsider)
    for name in ("report-detail", "report-update", "report-rebuild", "report-approve"):
        assert outsider_client.get(_url(name, report)).status_code == 404, name
    assert client_for(world.admin).get(report.get_absolute_url()).status_code == 404


# --- List, downloads, query counts -------------------------------------------------------------------


def test_the_list_filters_by_committee_and_year(world, client_for):
    first = make_report(world, make_request(world), summary="Báo cáo 6 tháng 2017")
    services.report_create(
        actor=world.secretariat, period=make_period(world, kind="year", year=2018), summary="Báo cáo năm 2018"
    )
    client = client_for(world.secretariat)
    everything = _text(client.get(reverse("reports:report-list")))
    assert "Báo cáo 6 tháng 2017" in everything and "Báo cáo năm 2018" in everything
    assert 'id="report-create-link"' in everything
    of_2018 = _text(client.get(reverse("reports:report-list"), {"year": 2018}))
    assert "Báo cáo năm 2018" in of_2018 and "Báo cáo 6 tháng 2017" not in of_2018
    mine = _text(client.get(reverse("reports:report-list"), {"committee": world.committee.pk, "year": 2017}))
    assert first.summary in mine and "Báo cáo năm 2018" not in mine
    assert 'id="report-create-link"' not in _text(
        client_for(world.leader).get(reverse("reports:report-list"))
    )


def test_downloads_are_attachments(world, client_for):
    report = make_report(world, _accepted_request(world))
    client = client_for(world.secretariat)
    word = client.get(_document_url(report, "docx"))
    assert word.status_code == 200
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert word["Content-Disposition"].startswith("attachment;") and ".docx" in word["Content-Disposition"]
    assert word["X-Content-Type-Options"] == "nosniff"
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "Cử 1 đoàn" in paragraphs

    sheet = client.get(_url("report-annex", report))
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sheet["Content-Disposition"].startswith("attachment;") and ".xlsx" in sheet["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.content))
    units = [row[1] for row in workbook.worksheets[1].iter_rows(min_row=4, values_only=True)]
    assert world.unit.name in units and world.other_unit.name not in units

    odt = _document_url(report, "docx").replace(".docx", ".odt")
    assert client.get(odt).status_code == 404


@needs_libreoffice
def test_the_pdf_download(world, client_for):
    report = make_report(world, _accepted_request(world))
    response = client_for(world.secretariat).get(_document_url(report, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_pdf_button_shows_only_where_pdfs_can_be_made(world, client_for, monkeypatch):
    from giaoban.reports import views_reports

    report = make_report(world, make_request(world))
    client = client_for(world.secretariat)
    monkeypatch.setattr(views_reports, "pdf_available", lambda: False)
    assert 'id="download-pdf"' not in _text(client.get(report.get_absolute_url()))
    monkeypatch.setattr(views_reports, "pdf_available", lambda: True)
    assert 'id="download-pdf"' in _text(client.get(report.get_absolute_url()))


def test_the_page_says_which_font_stands_in_for_times_new_roman(world, client_for, monkeypatch):
    from giaoban.core.documents import pdf as pdf_module
    from giaoban.reports import views_reports

    report = make_report(world, make_request(world))
    client = client_for(world.secretariat)
    monkeypatch.setattr(views_reports, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf_module, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf_module, "pdf_serif_font", lambda: "Liberation Serif")
    html = _text(client.get(report.get_absolute_url()))
    assert 'id="pdf-font-note"' in html and "phông Liberation Serif thay thế" in html
    monkeypatch.setattr(pdf_module, "pdf_serif_font", lambda: "Times New Roman")
    assert 'id="pdf-font-note"' not in _text(client.get(report.get_absolute_url()))


def _report_with_units(world, count: int, year: int) -> CommitteeReport:
    """A report on a year whose request went to `count` new member units, every submission accepted."""
    units = [OrganisationFactory(name=f"Đơn vị {year} số {n:02d}") for n in range(count)]
    world.committee.member_units.add(*units)
    request = make_request(world, period=make_period(world, kind="year", year=year), units=units)
    for unit in units:
        submission = fill(submission_of(request, unit), world.secretariat)
        services.submission_submit(actor=world.secretariat, submission=submission)
        services.submission_accept(actor=world.secretariat, submission=submission)
    return make_report(world, request, summary=f"Báo cáo năm {year}")


def _count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_detail_query_counts_are_bounded(world, client_for, django_assert_max_num_queries):
    small = _report_with_units(world, 1, 2018)
    large = _report_with_units(world, 8, 2019)
    for n in range(3):
        sections = [dict(s) for s in selectors.report_current_version(report=large).sections]
        sections[0]["text"] += f"\nĐoạn {n}."
        large = services.report_update(
            actor=world.secretariat, report=large, sections=sections, note=f"Sửa {n}"
        )
    for year in (2020, 2021, 2022):
        services.report_create(actor=world.secretariat, period=make_period(world, kind="year", year=year))
    client = client_for(world.secretariat)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:report-list")).status_code == 200
    # More units and more versions add no queries.
    assert _count(client, small.get_absolute_url()) == _count(client, large.get_absolute_url())
    with django_assert_max_num_queries(31):  # 30, and one for the approval history (issue 15)
        assert client.get(large.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("report-diff", large)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(_url("report-version", large, 2)).status_code == 200
