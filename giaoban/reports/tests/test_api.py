"""The reporting API: reads as the pages (a unit officer sees only their own unit's submissions, 404
otherwise), the submission's life through the API, Vietnamese errors naming the field, the aggregate,
the downloads, and lists whose query count does not grow with their length."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from giaoban.api.testing import bearer, count_queries
from giaoban.core.documents import pdf_available
from giaoban.reports.models import IndicatorValue, SectionText, Submission, SubmissionState
from giaoban.reports.tests.factories import (
    fill,
    make_period,
    make_report,
    make_request,
    make_template,
    submission_of,
)
from giaoban.reports.tests.test_documents import SUMMARY, build_report

API = "/api/v1"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get(client, url: str, user, **params):
    return client.get(f"{API}{url}", params, headers=bearer(user))


def send(client, method: str, url: str, user, body: dict | None = None):
    call = getattr(client, method)
    return call(f"{API}{url}", body or {}, content_type="application/json", headers=bearer(user))


def entered(submission: Submission) -> list:
    return list(submission.request.template.indicators.filter(source="").order_by("position"))


def sections(submission: Submission) -> list:
    return list(submission.request.template.sections.order_by("position"))


# --- Reading -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_needs_a_login(client, world):
    response = client.get(f"{API}/reports")
    assert response.status_code == 401 and response.json()["detail"].startswith("Chưa đăng nhập")


@pytest.mark.django_db
def test_periods_templates_and_requests_read_as_the_pages(client, world):
    request = make_request(world)
    periods = get(client, "/reporting-periods", world.officer).json()
    assert [item["name"] for item in periods["items"]] == ["6 tháng đầu năm 2017"]
    period = get(client, f"/reporting-periods/{request.period_id}", world.secretariat).json()
    assert (period["start_date"], period["end_date"], period["kind_label"]) == (
        "2017-01-01",
        "2017-06-30",
        "6 tháng",
    )
    template = get(client, f"/report-templates/{request.template_id}", world.officer).json()
    assert [s["heading"] for s in template["sections"]][0] == "I. Công tác lãnh đạo, chỉ đạo"
    assert [i["is_computed"] for i in template["indicators"]] == [False, False, False, True]
    assert get(client, "/report-templates", world.secretariat).json()["count"] == 1

    detail = get(client, f"/report-requests/{request.pk}", world.secretariat).json()
    assert detail["status"]["total"] == 2 and detail["status"]["submitted"] == 0
    assert [row["unit"]["name"] for row in detail["submissions"]] == ["Sở Ngoại vụ", "Thành phố Lạng Sơn"]
    own = get(client, f"/report-requests/{request.pk}", world.officer).json()
    assert own["status"] is None and [row["unit"]["name"] for row in own["submissions"]] == ["Sở Ngoại vụ"]
    # Someone outside the committee sees nothing of it.
    assert get(client, f"/report-requests/{request.pk}", world.admin).status_code == 404


@pytest.mark.django_db
def test_a_unit_officer_gets_404_for_another_units_submission(client, world):
    request = make_request(world)
    own = submission_of(request, world.unit)
    other = submission_of(request, world.other_unit)
    assert get(client, f"/report-submissions/{own.pk}", world.officer).status_code == 200
    response = get(client, f"/report-submissions/{other.pk}", world.officer)
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
    listed = get(client, "/report-submissions", world.officer).json()
    assert [item["unit"]["name"] for item in listed["items"]] == ["Sở Ngoại vụ"]
    # Nor can they write to it: still 404, before anything about the body.
    assert (
        send(client, "put", f"/report-submissions/{other.pk}", world.officer, {"version": 1}).status_code
        == 404
    )
    assert send(client, "post", f"/report-submissions/{other.pk}/submit", world.officer).status_code == 404
    # The secretariat and the leader see both.
    for user in (world.secretariat, world.leader):
        assert get(client, "/report-submissions", user).json()["count"] == 2
        assert get(client, f"/report-submissions/{other.pk}", user).status_code == 200


@pytest.mark.django_db
def test_lists_run_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    make_report(world, make_request(world))
    headers = bearer(world.secretariat)
    urls = ["/reporting-periods", "/report-templates", "/report-requests", "/report-submissions", "/reports"]
    before = {url: count_queries(client, f"{API}{url}", headers) for url in urls}
    # More of everything: another period, outline, request (two more submissions) and report.
    quarter = make_period(world, kind="quarter", quarter=3)
    make_report(
        world, make_request(world, period=quarter, template=make_template(world, name="Đề cương quý"))
    )
    for url in urls:
        assert count_queries(client, f"{API}{url}", headers) <= before[url], url
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/report-submissions", headers=headers).json()["count"] == 4


# --- Writing a submission --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_saves_a_draft_and_submits_it(client, world):
    submission = submission_of(make_request(world), world.unit)
    first, second, money = entered(submission)
    heading = sections(submission)[0]
    body = {
        "version": submission.version,
        "texts": [{"section_id": heading.pk, "text": "Đã ban hành 3 văn bản chỉ đạo."}],
        "values": [
            {"indicator_id": first.pk, "value": 12},
            {"indicator_id": second.pk, "value": "1.234"},
            {"indicator_id": money.pk, "value": "12,5"},
        ],
    }
    response = send(client, "put", f"/report-submissions/{submission.pk}", world.officer, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["version"] == submission.version + 1 and data["state"] == "draft"
    assert data["texts"][0]["text"] == "Đã ban hành 3 văn bản chỉ đạo."
    values = {row["indicator_id"]: row["value"] for row in data["values"]}
    assert (float(values[first.pk]), float(values[second.pk]), float(values[money.pk])) == (12, 1234, 12.5)
    assert [row["is_computed"] for row in data["values"]] == [False, False, False, True]

    # A stale version is a conflict.
    stale = send(client, "put", f"/report-submissions/{submission.pk}", world.officer, body)
    assert stale.status_code == 409 and stale.json()["detail"]

    response = send(
        client,
        "post",
        f"/report-submissions/{submission.pk}/submit",
        world.officer,
        {"version": data["version"]},
    )
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert [event["kind"] for event in response.json()["events"]] == ["submitted"]
    # Once sent, the unit no longer edits it.
    locked = send(client, "put", f"/report-submissions/{submission.pk}", world.officer, {"version": 99})
    assert (
        locked.status_code == 403 and locked.json()["detail"] == "Bạn không có quyền thực hiện thao tác này."
    )


@pytest.mark.django_db
def test_the_secretariat_returns_with_a_comment_and_accepts(client, world):
    submission = fill(submission_of(make_request(world), world.unit), world.officer)
    url = f"/report-submissions/{submission.pk}"
    submit = {"version": submission.version}
    assert send(client, "post", f"{url}/submit", world.officer, submit).status_code == 200
    assert send(client, "post", f"{url}/accept", world.officer).status_code == 403  # not the unit's to accept
    assert send(client, "post", f"{url}/return", world.officer, {"comment": "x"}).status_code == 403

    missing = send(client, "post", f"{url}/return", world.secretariat, {"comment": ""})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "comment"
    assert missing.json()["errors"][0]["message"] == "Trường này là bắt buộc."

    returned = send(
        client, "post", f"{url}/return", world.secretariat, {"comment": "Bổ sung số liệu họp báo."}
    )
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert returned.json()["return_count"] == 1
    assert returned.json()["events"][-1]["comment"] == "Bổ sung số liệu họp báo."

    submit = {"version": returned.json()["version"]}
    assert send(client, "post", f"{url}/submit", world.officer, submit).status_code == 200
    accepted = send(client, "post", f"{url}/accept", world.secretariat)
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.ACCEPTED and submission.accepted_at is not None


@pytest.mark.django_db
def test_a_bad_value_answers_a_vietnamese_error_naming_the_field_and_saves_nothing(client, world):
    submission = submission_of(make_request(world), world.unit)
    first, second, _money = entered(submission)
    heading = sections(submission)[0]
    url = f"/report-submissions/{submission.pk}"
    body = {
        "version": submission.version,
        "texts": [{"section_id": heading.pk, "text": "Không được lưu."}],
        "values": [{"indicator_id": first.pk, "value": 5}, {"indicator_id": second.pk, "value": "năm"}],
    }
    response = send(client, "put", url, world.officer, body)
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Dữ liệu không hợp lệ."
    (error,) = data["errors"]
    assert error["field"] == "values" and error["loc"] == ["body", "values"]
    assert error["message"] == "Chỉ tiêu “Tin, bài cung cấp cho báo chí”: “năm” không phải là số."
    assert not SectionText.objects.filter(submission=submission).exists()
    assert not IndicatorValue.objects.filter(submission=submission).exists()
    submission.refresh_from_db()
    assert submission.version == body["version"] and submission.last_saved_at is None

    # A computed indicator is read-only for the unit.
    computed = submission.request.template.indicators.get(source="delegations.outbound")
    body["values"] = [{"indicator_id": computed.pk, "value": 3}]
    error = send(client, "put", url, world.officer, body).json()["errors"][0]
    assert error["field"] == "values" and "do hệ thống tính" in error["message"]

    # Shapes the schema refuses, and the version it requires.
    body = {"version": submission.version, "texts": "văn bản"}
    error = send(client, "put", url, world.officer, body).json()["errors"][0]
    assert (error["field"], error["message"]) == ("texts", "Phải là một danh sách.")
    error = send(client, "put", url, world.officer, {"texts": []}).json()["errors"][0]
    assert (error["field"], error["message"]) == ("version", "Trường này là bắt buộc.")
    body = {"version": submission.version, "values": [{"indicator_id": 0, "value": 1}]}
    error = send(client, "put", url, world.officer, body).json()["errors"][0]
    assert error["field"] == "values.0.indicator_id" and error["message"] == "Phải lớn hơn hoặc bằng 1."


# --- Committee reports -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reports_list_with_their_periods_and_detail(client, world):
    report = build_report(world)
    data = get(client, "/reports", world.secretariat).json()
    (item,) = data["items"]
    assert (item["period_start"], item["period_end"]) == ("2017-01-01", "2017-06-30")
    assert item["summary"] == SUMMARY and item["symbol"] == "01/BC-BCĐ" and item["state"] == "approved"
    assert get(client, "/reports", world.secretariat, period_start="2017-07-01").json()["count"] == 0
    assert get(client, "/reports", world.secretariat, period_end="2017-06-30").json()["count"] == 1
    detail = get(client, f"/reports/{report.pk}", world.officer).json()  # approved: units read it
    assert detail["current_version"] == 1
    assert [s["heading"] for s in detail["sections"]][1] == "II. Hoạt động đối ngoại"
    assert detail["signer"]["full_name"] == "Hoàng Văn Nghiệm"
    assert detail["recipients"][-1] == "Lưu: VT"


@pytest.mark.django_db
def test_a_draft_report_is_hidden_from_unit_officers(client, world):
    report = build_report(world, approve=False)
    assert get(client, "/reports", world.officer).json()["count"] == 0
    assert get(client, f"/reports/{report.pk}", world.officer).status_code == 404
    assert get(client, f"/reports/{report.pk}/document.docx", world.officer).status_code == 404
    assert get(client, f"/reports/{report.pk}", world.leader).json()["symbol"] == ""


@pytest.mark.django_db
def test_the_aggregate_gives_figures_totals_and_text(client, world):
    report = build_report(world)
    response = get(client, f"/reports/{report.pk}/aggregate", world.leader)
    assert response.status_code == 200
    data = response.json()
    totals = {row["name"]: row["total"] for row in data["indicators"]}
    assert totals["Họp báo đã tổ chức"] == 1203 and totals["Kinh phí"] == 19.75
    assert data["units"] == 2 and data["figures"]["submissions"]["accepted"] == 2
    assert data["figures"]["period"]["start"] == "2017-01-01"
    assert data["text"].startswith("I. Công tác lãnh đạo, chỉ đạo\n")
    assert data["delegations_sentence"] in data["text"] and data["tasks_sentence"] in data["text"]
    # A unit reads an approved report's figures too: the committee's, not its own share.
    as_officer = get(client, f"/reports/{report.pk}/aggregate", world.officer)
    assert as_officer.status_code == 200 and as_officer.json()["figures"] == data["figures"]


@pytest.mark.django_db
def test_the_report_downloads_as_docx_and_xlsx(client, world):
    report = build_report(world)
    response = get(client, f"/reports/{report.pk}/document.docx", world.officer)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-01-bc-bcd-2017-07-20.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "BÁO CÁO" in texts and SUMMARY in texts

    response = get(client, f"/reports/{report.pk}/annex.xlsx", world.secretariat)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert (
        response["Content-Disposition"] == 'attachment; filename="bieu-mau-bao-cao-01-bc-bcd-2017-07-20.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Biểu 01", "Biểu 02"]


@pytest.mark.django_db
@pytest.mark.pdf
def test_the_pdf_downloads_or_answers_503_in_vietnamese_without_libreoffice(client, world):
    report = build_report(world, approve=False)
    response = get(client, f"/reports/{report.pk}/document.pdf", world.secretariat)
    if pdf_available():
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('attachment; filename="bao-cao-du-thao')
    else:
        assert response.status_code == 503 and "LibreOffice" in response.json()["detail"]
