"""Reporting endpoints: periods, outlines ("đề cương"), requests with their status, the units' submissions
(read, save the draft, submit; the secretariat returns or accepts), the committee reports with their
aggregate, and the report as DOCX, PDF and the annex as XLSX.

Handlers read through the same selectors as the pages (a record outside the caller's view answers 404:
a unit officer sees only their own unit's submissions and the approved reports) and write through the
services; permissions.py decides who may act (403).
"""

from collections.abc import Callable
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Status
from ninja.pagination import paginate

from giaoban.api.checks import check_allowed, require_fields
from giaoban.api.pagination import Pagination
from giaoban.api.schemas import (
    MAX_ID,
    READ_ERRORS,
    WRITE_ERRORS,
    CommitteeFilter,
    ErrorOut,
    InputDate,
    path_id,
)
from giaoban.core import permissions as core_permissions
from giaoban.core.documents import PdfConversionError
from giaoban.core.xlsx import XLSX_CONTENT_TYPE

from . import aggregate as aggregates
from . import documents, permissions, selectors, services
from .models import CommitteeReport, SubmissionState
from .schemas import (
    ReportAggregateOut,
    ReportApprovalContextOut,
    ReportApproveIn,
    ReportDecisionReturnIn,
    ReportDetailOut,
    ReportingPeriodOut,
    ReportOut,
    ReportRequestDetailOut,
    ReportRequestOut,
    ReportResubmitIn,
    ReportReturnIn,
    ReportSubmissionDetailOut,
    ReportSubmissionOut,
    ReportSubmissionSaveIn,
    ReportSubmitIn,
    ReportTemplateDetailOut,
    ReportTemplateOut,
    ReportWithdrawIn,
)

router = Router(tags=["reports"])


PeriodId = Annotated[int, path_id("Mã kỳ báo cáo.")]
TemplateId = Annotated[int, path_id("Mã đề cương.")]
RequestId = Annotated[int, path_id("Mã đề nghị báo cáo.")]
SubmissionId = Annotated[int, path_id("Mã báo cáo của đơn vị.")]
ReportId = Annotated[int, path_id("Mã báo cáo của ban chỉ đạo.")]


# --- Periods and outlines ----------------------------------------------------------------------------


@router.get(
    "/reporting-periods", response={200: list[ReportingPeriodOut], **READ_ERRORS}, summary="Kỳ báo cáo"
)
@paginate(Pagination)
def list_reporting_periods(
    request: HttpRequest,
    committee: CommitteeFilter = None,
    year: Annotated[int | None, Query(None, ge=1900, le=2999, description="Năm.")] = None,
):
    """The periods of the caller's committees, latest first."""
    return selectors.period_list(user=request.auth, committee=committee, year=year)


@router.get(
    "/reporting-periods/{period_id}",
    response={200: ReportingPeriodOut, **READ_ERRORS},
    summary="Một kỳ báo cáo",
)
def get_reporting_period(request: HttpRequest, period_id: PeriodId):
    return selectors.period_get(user=request.auth, pk=period_id)


@router.get(
    "/report-templates", response={200: list[ReportTemplateOut], **READ_ERRORS}, summary="Đề cương báo cáo"
)
@paginate(Pagination)
def list_report_templates(request: HttpRequest, committee: CommitteeFilter = None):
    return selectors.template_list(user=request.auth, committee=committee)


@router.get(
    "/report-templates/{template_id}",
    response={200: ReportTemplateDetailOut, **READ_ERRORS},
    summary="Một đề cương báo cáo",
    description="Các đề mục (kèm gợi ý nội dung) và các chỉ tiêu (đơn vị nhập hoặc hệ thống tính).",
)
def get_report_template(request: HttpRequest, template_id: TemplateId):
    return selectors.template_get(user=request.auth, pk=template_id)


# --- Requests ----------------------------------------------------------------------------------------


@router.get(
    "/report-requests", response={200: list[ReportRequestOut], **READ_ERRORS}, summary="Đề nghị báo cáo"
)
@paginate(Pagination)
def list_report_requests(
    request: HttpRequest,
    committee: CommitteeFilter = None,
    period: Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="Mã kỳ báo cáo.")] = None,
):
    """Secretariat and leaders: their committees' requests; a unit officer: those sent to their unit."""
    return selectors.request_list(user=request.auth, committee=committee, period=period)


@router.get(
    "/report-requests/{request_id}",
    response={200: ReportRequestDetailOut, **READ_ERRORS},
    summary="Một đề nghị báo cáo",
    description="Kèm tình hình gửi báo cáo: đã gửi, đúng hạn, muộn (số ngày), chưa gửi, bị trả lại, đã tiếp "
    "nhận. Cán bộ đầu mối chỉ thấy báo cáo của đơn vị mình, không kèm số liệu chung.",
)
def get_report_request(request: HttpRequest, request_id: RequestId):
    report_request = selectors.request_get(user=request.auth, pk=request_id)
    status = selectors.request_status(request=report_request)
    whole = core_permissions.sees_whole_committee(request.auth)
    rows = (
        status.rows
        if whole
        else [r for r in status.rows if r.submission.unit_id == request.auth.organisation_id]
    )
    report_request.detail = {
        "status": status if whole else None,
        "submissions": [
            {
                "submission_id": row.submission.pk,
                "unit": row.submission.unit,
                "state": row.submission.state,
                "state_label": row.submission.state_label,
                "first_submitted_at": row.submission.first_submitted_at,
                "days_late": row.days_late,
                "return_count": row.submission.return_count,
            }
            for row in rows
        ],
    }
    return report_request


@router.post(
    "/report-requests/{request_id}/withdraw",
    response={200: ReportRequestDetailOut, **WRITE_ERRORS},
    summary="Rút đề nghị báo cáo",
    description="Cơ quan thường trực rút đề nghị gửi nhầm, kèm lý do: báo cáo của các đơn vị giữ nguyên nhưng "
    "không sửa, không gửi được nữa, và không còn tính là quá hạn. Không rút được khi đã có báo cáo của ban chỉ "
    "đạo tổng hợp từ đề nghị này.",
)
def withdraw_report_request(request: HttpRequest, request_id: RequestId, payload: ReportWithdrawIn):
    report_request = selectors.request_get(user=request.auth, pk=request_id)
    check_allowed(permissions.can_manage_reporting(request.auth, report_request.committee_id))
    data = payload.dict()
    require_fields(data, "version", "reason")
    services.request_withdraw(
        actor=request.auth, request=report_request, reason=data["reason"], expected_version=data["version"]
    )
    return get_report_request(request, request_id)


# --- Submissions -------------------------------------------------------------------------------------


@router.get(
    "/report-submissions",
    response={200: list[ReportSubmissionOut], **READ_ERRORS},
    summary="Báo cáo của đơn vị",
)
@paginate(Pagination)
def list_report_submissions(
    request: HttpRequest,
    report_request: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, alias="request", description="Mã đề nghị báo cáo.")
    ] = None,
    state: Annotated[SubmissionState | None, Query(None, description="Tình trạng.")] = None,
):
    """A unit officer sees only their own unit's; secretariat and leaders all of their committees'."""
    return selectors.submission_list(user=request.auth, request=report_request, state=state)


def _submission_detail(request: HttpRequest, pk: int) -> Any:
    submission = selectors.submission_get(user=request.auth, pk=pk)
    read = selectors.submission_read(user=request.auth, submission=submission)
    submission.detail = {
        "days_late": read.days_late,
        "texts": [
            {"section_id": section.pk, "heading": section.heading, "guidance": section.guidance, "text": text}
            for section, text in read.sections
        ],
        "values": [
            {
                "indicator_id": row.indicator.pk,
                "name": row.indicator.name,
                "unit_of_measure": row.indicator.unit_of_measure,
                "value_type": row.indicator.value_type,
                "is_computed": row.indicator.is_computed,
                "value": row.value,
            }
            for row in read.indicator_rows
        ],
        "events": read.events,
        "files": read.files,
    }
    return submission


@router.get(
    "/report-submissions/{submission_id}",
    response={200: ReportSubmissionDetailOut, **READ_ERRORS},
    summary="Một báo cáo của đơn vị",
    description="Nội dung từng đề mục, số liệu từng chỉ tiêu (chỉ tiêu do hệ thống tính: chỉ đọc), diễn biến "
    "(gửi, trả lại kèm ý kiến, tiếp nhận) và tệp kèm theo.",
)
def get_report_submission(request: HttpRequest, submission_id: SubmissionId):
    return _submission_detail(request, submission_id)


@router.put(
    "/report-submissions/{submission_id}",
    response={200: ReportSubmissionDetailOut, **WRITE_ERRORS},
    summary="Lưu nháp báo cáo của đơn vị",
    description="Chỉ cán bộ đầu mối của đơn vị, khi báo cáo đang soạn hoặc bị trả lại. Chỉ các đề mục và chỉ "
    "tiêu gửi lên được ghi; một số liệu sai thì không ghi gì cả.",
)
def save_report_submission(
    request: HttpRequest, submission_id: SubmissionId, payload: ReportSubmissionSaveIn
):
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    check_allowed(permissions.can_edit_submission(request.auth, submission))
    data = payload.dict()
    require_fields(data, "version")
    services.submission_save(
        actor=request.auth,
        submission=submission,
        expected_version=data["version"],
        texts={item["section_id"]: item["text"] for item in data["texts"]},
        values={item["indicator_id"]: item["value"] for item in data["values"]},
    )
    return _submission_detail(request, submission_id)


@router.post(
    "/report-submissions/{submission_id}/submit",
    response={200: ReportSubmissionDetailOut, **WRITE_ERRORS},
    summary="Gửi báo cáo",
    description="Gửi sau hạn thì được tính là muộn theo ngày gửi lần đầu.",
)
def submit_report_submission(request: HttpRequest, submission_id: SubmissionId, payload: ReportSubmitIn):
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    check_allowed(permissions.can_edit_submission(request.auth, submission))
    require_fields(payload.dict(), "version")
    services.submission_submit(
        actor=request.auth,
        submission=submission,
        expected_version=payload.version,
        confirm_empty=payload.confirm_empty,
    )
    return _submission_detail(request, submission_id)


@router.post(
    "/report-submissions/{submission_id}/return",
    response={200: ReportSubmissionDetailOut, **WRITE_ERRORS},
    summary="Trả lại báo cáo",
    description="Cơ quan thường trực trả lại báo cáo đã gửi (hoặc đã tiếp nhận) kèm ý kiến để đơn vị sửa.",
)
def return_report_submission(request: HttpRequest, submission_id: SubmissionId, payload: ReportReturnIn):
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    check_allowed(permissions.can_return_submission(request.auth, submission))
    data = payload.dict()
    require_fields(data, "comment")
    services.submission_return(actor=request.auth, submission=submission, comment=data["comment"])
    return _submission_detail(request, submission_id)


@router.post(
    "/report-submissions/{submission_id}/accept",
    response={200: ReportSubmissionDetailOut, **WRITE_ERRORS},
    summary="Tiếp nhận báo cáo",
    description="Báo cáo đã tiếp nhận được tổng hợp vào báo cáo của ban chỉ đạo và không sửa được nữa, trừ khi "
    "bị trả lại.",
)
def accept_report_submission(request: HttpRequest, submission_id: SubmissionId):
    submission = selectors.submission_get(user=request.auth, pk=submission_id)
    check_allowed(permissions.can_review_submission(request.auth, submission))
    services.submission_accept(actor=request.auth, submission=submission)
    return _submission_detail(request, submission_id)


# --- Committee reports -------------------------------------------------------------------------------


def _report(request: HttpRequest, pk: int) -> CommitteeReport:
    return selectors.report_get(user=request.auth, pk=pk)


@router.get("/reports", response={200: list[ReportOut], **READ_ERRORS}, summary="Báo cáo của ban chỉ đạo")
@paginate(Pagination)
def list_reports(
    request: HttpRequest,
    committee: CommitteeFilter = None,
    period_start: Annotated[
        InputDate | None, Query(None, description="Kỳ báo cáo kết thúc từ ngày này trở đi (YYYY-MM-DD).")
    ] = None,
    period_end: Annotated[
        InputDate | None, Query(None, description="Kỳ báo cáo bắt đầu đến ngày này (YYYY-MM-DD).")
    ] = None,
):
    """Latest period first; unit officers see approved reports only. `period_start`/`period_end` keep the
    reports whose period overlaps that range."""
    return selectors.report_list(
        user=request.auth, committee=committee, period_start=period_start, period_end=period_end
    )


@router.get("/reports/{report_id}", response={200: ReportDetailOut, **READ_ERRORS}, summary="Một báo cáo")
def get_report(request: HttpRequest, report_id: ReportId):
    report = _report(request, report_id)
    report.current = selectors.report_current_version(report=report)
    report.events_list = (
        list(selectors.report_events(report=report))
        if permissions.can_see_drafting(request.auth, report)
        else []
    )
    return report


@router.get(
    "/reports/{report_id}/approval-context",
    response={200: ReportApprovalContextOut, **READ_ERRORS},
    summary="Thông tin trước khi duyệt báo cáo",
    description="Những gì lãnh đạo đọc trước khi duyệt hoặc trả lại: số đơn vị đã gửi / được đề nghị báo cáo "
    "(theo đề nghị báo cáo của báo cáo) và thay đổi của nội dung so với phiên bản lãnh đạo đã xem khi quyết "
    "định lần trước (hoặc phiên bản liền trước). Dành cho cơ quan thường trực và lãnh đạo; người khác nhận 404.",
)
def get_report_approval_context(request: HttpRequest, report_id: ReportId):
    report = _report(request, report_id)
    if not permissions.can_see_drafting(request.auth, report):
        raise Http404
    context = selectors.report_approval_context(report=report)
    coverage = None
    if context.coverage is not None:
        coverage = {
            "expected": context.expected,
            "received": context.received,
            "accepted": context.accepted,
            "not_received": context.not_received,
            "missing_units": context.missing_units,
            "status": context.coverage,
        }
    changes = None
    if context.diff is not None and context.baseline is not None and context.current is not None:
        changes = {
            "from_version": context.baseline.number,
            "to_version": context.current.number,
            "since_leader_decision": context.baseline_seen,
            "changed": context.diff.changed,
            "words_added": context.diff.words_added,
            "words_removed": context.diff.words_removed,
            "lines": [
                {"op": line.op, "text": line.text, "skipped": line.skipped} for line in context.diff.lines
            ],
        }
    return {
        "report_id": report.pk,
        "state": report.state,
        "version": report.version,
        "current_version": context.current.number if context.current else None,
        "coverage": coverage,
        "changes": changes,
        "last_return": context.last_return,
    }


def _decide(
    request: HttpRequest,
    report_id: int,
    payload: Any,
    *,
    allowed: Callable[[Any, CommitteeReport], bool],
    write: Callable[[CommitteeReport, dict[str, Any]], Any],
    required: tuple[str, ...] = ("version",),
):
    """A decision on a report: 404 if unseen, 403 if not the caller's to take, 422 naming a missing field,
    then the service; answers the report as GET /reports/{id} does."""
    report = _report(request, report_id)
    check_allowed(allowed(request.auth, report))
    data = payload.dict()
    require_fields(data, *required)
    write(report, data)
    return get_report(request, report_id)


@router.post(
    "/reports/{report_id}/approve",
    response={200: ReportDetailOut, **WRITE_ERRORS},
    summary="Duyệt báo cáo",
    description="Lãnh đạo duyệt báo cáo: báo cáo được lấy số trong sổ văn bản của ban chỉ đạo và khóa. Báo cáo "
    "đang bị trả lại phải được trình lại trước.",
)
def approve_report(request: HttpRequest, report_id: ReportId, payload: ReportApproveIn):
    return _decide(
        request,
        report_id,
        payload,
        allowed=permissions.can_approve_report,
        write=lambda report, data: services.report_approve(
            actor=request.auth, report=report, expected_version=data["version"], date=data.get("date")
        ),
    )


@router.post(
    "/reports/{report_id}/return",
    response={200: ReportDetailOut, **WRITE_ERRORS},
    summary="Trả lại báo cáo cho cơ quan thường trực",
    description="Lãnh đạo không duyệt mà trả lại báo cáo kèm ý kiến (bắt buộc); cơ quan thường trực sửa rồi "
    "trình lại (`POST /reports/{report_id}/resubmit`).",
)
def return_report(request: HttpRequest, report_id: ReportId, payload: ReportDecisionReturnIn):
    return _decide(
        request,
        report_id,
        payload,
        allowed=permissions.can_return_report,
        required=("version", "comment"),
        write=lambda report, data: services.report_return(
            actor=request.auth, report=report, comment=data["comment"], expected_version=data["version"]
        ),
    )


@router.post(
    "/reports/{report_id}/resubmit",
    response={200: ReportDetailOut, **WRITE_ERRORS},
    summary="Trình lại báo cáo để duyệt",
    description="Cơ quan thường trực trình lại báo cáo đã bị lãnh đạo trả lại, sau khi sửa theo ý kiến.",
)
def resubmit_report(request: HttpRequest, report_id: ReportId, payload: ReportResubmitIn):
    return _decide(
        request,
        report_id,
        payload,
        allowed=permissions.can_resubmit_report,
        write=lambda report, data: services.report_resubmit(
            actor=request.auth, report=report, note=data.get("note") or "", expected_version=data["version"]
        ),
    )


@router.get(
    "/reports/{report_id}/aggregate",
    response={200: ReportAggregateOut, **READ_ERRORS},
    summary="Số liệu tổng hợp của báo cáo",
    description="Số liệu của hệ thống (đoàn ra, đoàn vào, nhiệm vụ, hội nghị), tổng số từng chỉ tiêu trên các "
    "báo cáo đã tiếp nhận và nội dung hiện hành của báo cáo (`sections`, `text`).",
)
def get_report_aggregate(request: HttpRequest, report_id: ReportId):
    report = _report(request, report_id)
    found = aggregates.report_aggregate(user=request.auth, report=report)
    figures = found.figures_dict()
    current = selectors.report_current_version(report=report)
    sections = current.sections if current is not None else found.draft_sections()
    return {
        "figures": figures,
        "delegations_sentence": found.delegations_sentence,
        "tasks_sentence": found.tasks_sentence,
        "indicators": figures["indicators"],
        "units": len(found.units),
        "sections": sections,
        "text": aggregates.full_text(sections),
    }


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _document_handler(fmt: str):
    def handler(request: HttpRequest, report_id: ReportId):
        report = _report(request, report_id)
        try:
            rendered = documents.render(report, fmt, user=request.auth)
        except PdfConversionError as error:
            return Status(503, {"detail": str(error)})
        return _attachment(rendered.content, rendered.filename, rendered.content_type)

    handler.__name__ = f"get_report_{fmt}"
    return handler


for _fmt in ("docx", "pdf"):
    router.get(
        f"/reports/{{report_id}}/document.{_fmt}",
        response={200: None, 503: ErrorOut, **READ_ERRORS},
        summary=f"Tải báo cáo ({_fmt.upper()})",
        description="Báo cáo theo thể thức của ban chỉ đạo (Nghị định 30/2020/NĐ-CP hoặc Hướng dẫn 36-HD/VPTW), "
        "kèm Biểu 01 (tổng hợp số liệu) và Biểu 02 (số liệu của các đơn vị)."
        + (" 503 khi máy chủ chưa cài LibreOffice." if _fmt == "pdf" else ""),
    )(_document_handler(_fmt))


@router.get(
    "/reports/{report_id}/annex.xlsx",
    response={200: None, **READ_ERRORS},
    summary="Tải biểu số liệu (XLSX)",
    description="Hai trang tính: Biểu 01 (tổng hợp số liệu) và Biểu 02 (số liệu của các đơn vị).",
)
def get_report_annex(request: HttpRequest, report_id: ReportId):
    report = _report(request, report_id)
    content = documents.annex_xlsx(report, user=request.auth)
    return _attachment(content, documents.annex_filename(report), XLSX_CONTENT_TYPE)
