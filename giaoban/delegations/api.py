"""The delegations API: the register, a delegation, period statistics and the Excel import.

Handlers read through the same selectors as the pages and write through the same services, so the API
shows and allows exactly what the pages do; anything else answers 404 (or 403 for a write).
"""

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from giaoban.api.pagination import Pagination
from giaoban.api.schemas import MAX_ID, READ_ERRORS, ErrorOut, InputDate, SearchText, path_id
from giaoban.core.uploads import XLSX, check_upload
from giaoban.core.vietnamese import format_number
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Organisation

from . import selectors, services, stats
from .forms import default_period
from .imports import ImportResult, RowError
from .models import Direction, ImportJob, Purpose
from .schemas import (
    DelegationDetailOut,
    DelegationImportOut,
    DelegationIn,
    DelegationOut,
    DelegationStatsOut,
    ImportJobOut,
    ReportedTotalIn,
    ReportedTotalOut,
)
from .services import IMPORT_MAX_BYTES, IMPORT_MAX_MB
from .views import template_response

router = Router(tags=["delegations"])

DelegationId = Annotated[int, path_id("Mã đoàn.")]
CommitteeFilter = Annotated[
    int | None, Query(None, ge=1, le=MAX_ID, description="Chỉ các đơn vị của ban chỉ đạo này.")
]
IMPORT_FAILED = _("Tệp có %(count)s lỗi, chưa nhập đoàn nào.")
PERIOD_REVERSED = _("date_to phải sau hoặc bằng date_from.")
FILE_TOO_LARGE = _("Tệp lớn quá %(size)s MB.")
UNKNOWN_PARTICIPANT = _("Không tìm thấy đơn vị tham gia.")


def _committee(request: HttpRequest, committee: int | None):
    # A committee the caller cannot see answers 404 rather than empty figures.
    return org_selectors.committee_get(user=request.auth, pk=committee) if committee else None


@router.get(
    "/delegations/stats",
    response={200: DelegationStatsOut, **READ_ERRORS},
    summary="Thống kê đoàn ra, đoàn vào của một kỳ",
    description="Đoàn tính vào kỳ theo ngày bắt đầu; đoàn đã hủy không tính. Mặc định: từ 1/1 năm nay đến "
    "hôm nay. `sentence` là câu tóm tắt như trong báo cáo: “Cử 29 đoàn với 203 lượt người đi công tác, … tại "
    "12 quốc gia, vùng lãnh thổ; tổ chức đón tiếp 32 đoàn, 209 lượt người đến từ 9 quốc gia và vùng lãnh thổ "
    "đến thăm, làm việc.” (số lượt người chỉ nêu khi biết; “ít nhất” khi có đoàn chưa ghi số thành viên).",
)
def get_delegation_stats(
    request: HttpRequest,
    date_from: Annotated[InputDate | None, Query(None, description="Từ ngày (YYYY-MM-DD).")] = None,
    date_to: Annotated[InputDate | None, Query(None, description="Đến ngày (YYYY-MM-DD).")] = None,
    committee: CommitteeFilter = None,
):
    default_from, default_to = default_period()
    start, end = date_from or default_from, date_to or default_to
    if end < start:
        error = {
            "loc": ["query", "date_to"],
            "field": "date_to",
            "message": str(PERIOD_REVERSED),
            "code": "period",
        }
        raise NinjaValidationError([error])
    stats = selectors.delegation_stats(
        user=request.auth, date_from=start, date_to=end, committee=_committee(request, committee)
    )
    return stats.as_dict()


@router.get(
    "/delegations/import-template",
    response={200: None, **READ_ERRORS},
    summary="Tệp mẫu nhập đoàn (.xlsx)",
    description="Dòng tiêu đề: Hướng, Tên đoàn, Đơn vị chủ trì, Trưởng đoàn, Chức vụ, Số thành viên, "
    "Quốc gia, vùng lãnh thổ, Đối tác, Mục đích, Từ ngày, Đến ngày, Nguồn kinh phí, Ghi chú.",
)
def get_import_template(request: HttpRequest):
    if not selectors.can_manage_delegations(request.auth):
        raise PermissionDenied
    return template_response(request.auth)


def _error_out(error: RowError) -> dict[str, Any]:
    """An import error in the API's error shape: `loc` ["file", row, column], `field` the column."""
    location: list[Any] = ["file"]
    if error.row is not None:
        location.append(error.row)
    if error.column is not None:
        location.append(error.column)
    return {"loc": location, "field": error.column, "message": error.message, "code": error.code}


def _import_out(result: ImportResult) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "rows": result.rows,
        "created": result.created,
        "header_row": result.header_row,
        "warnings": [_error_out(w) for w in result.warnings],
    }


@router.post(
    "/delegations/import",
    response={200: DelegationImportOut, 202: ImportJobOut, 413: ErrorOut, **READ_ERRORS},
    summary="Nhập đoàn từ tệp Excel",
    description="Gửi `multipart/form-data` với `file` (.xlsx) và `dry_run` (true: chỉ kiểm tra). Mọi dòng "
    'được kiểm tra; có lỗi thì không ghi dòng nào và trả 422 với mọi lỗi: `loc` là ["file", dòng, cột], '
    "`field` là tên cột như trên tệp mẫu; tệp không phải XLSX (xét theo nội dung) thì `field` là `file`. "
    "Tệp lớn (nhiều dòng hơn DELEGATION_IMPORT_SYNC_MAX_ROWS) được kiểm tra và nhập trong nền: trả 202 với "
    "lượt nhập; theo dõi bằng GET `url` của nó. "
    "Cán bộ đầu mối chỉ nhập được đoàn của đơn vị mình.",
)
def import_delegations(
    request: HttpRequest,
    file: Annotated[UploadedFile, File(..., description="Tệp .xlsx theo mẫu.")],
    dry_run: Annotated[bool, Form(False, description="true: chỉ kiểm tra, không ghi.")] = False,
):
    if not selectors.can_manage_delegations(request.auth):
        raise PermissionDenied
    if file.size and file.size > IMPORT_MAX_BYTES:
        return Status(413, {"detail": str(FILE_TOO_LARGE) % {"size": IMPORT_MAX_MB}})
    source_name = file.name or ""
    checked = check_upload(file, allowed=(XLSX,), max_bytes=IMPORT_MAX_BYTES, field="file")
    rows = services.delegation_import_large_rows(checked)
    if rows is not None:
        job = services.delegation_import_job_start(
            actor=request.auth, upload=checked, dry_run=dry_run, rows_estimated=rows
        )
        return Status(202, _job_out(job))
    result = services.delegation_import(
        actor=request.auth, file=checked, dry_run=dry_run, source_name=source_name
    )
    if not result.ok:
        errors = [_error_out(error) for error in result.errors]
        detail = str(IMPORT_FAILED) % {"count": format_number(result.error_count)}
        return Status(422, {"detail": detail, "errors": errors})
    return _import_out(result)


def _job_out(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": reverse("api:get_import_job", kwargs={"job_id": job.pk}),
        "page_url": job.get_absolute_url(),
        "state": job.state,
        "state_label": job.get_state_display(),
        "finished": job.finished,
        "ok": job.ok,
        "dry_run": job.dry_run,
        "source_name": job.source_name,
        "rows_estimated": job.rows_estimated,
        "rows_checked": job.rows_checked,
        "percent": job.percent,
        "header_row": job.header_row,
        "created": job.created,
        "error_count": job.error_count,
        "errors": [_error_out(error) for error in ImportResult.from_job(job).errors],
        "warnings": [_error_out(warning) for warning in ImportResult.from_job(job).warnings],
    }


@router.get(
    "/delegations/import-jobs/{job_id}",
    response={200: ImportJobOut, **READ_ERRORS},
    summary="Theo dõi một lượt nhập đoàn chạy trong nền",
    description="Trạng thái, số dòng đã kiểm tra, kết quả; khi xong có lỗi thì `errors` liệt kê mọi lỗi "
    "theo dòng và không đoàn nào được ghi. Chỉ người tải tệp lên xem được.",
)
def get_import_job(request: HttpRequest, job_id: Annotated[int, path_id("Mã lượt nhập.")]):
    return _job_out(selectors.import_job_get(user=request.auth, pk=job_id))


@router.get(
    "/delegations/missing-reports",
    response={200: list[DelegationOut], **READ_ERRORS},
    summary="Đoàn quá hạn nộp báo cáo kết quả",
)
@paginate(Pagination)
def list_missing_reports(request: HttpRequest):
    return selectors.delegations_missing_report(user=request.auth)


@router.get(
    "/delegations",
    response={200: list[DelegationOut], **READ_ERRORS},
    summary="Danh sách đoàn ra, đoàn vào",
    description="Lọc theo kỳ (ngày bắt đầu), hướng, đơn vị, quốc gia, mục đích, trạng thái (thêm `overdue`: "
    "quá hạn báo cáo); mới nhất trước, hoặc `sort=name|unit|start`.",
)
@paginate(Pagination)
def list_delegations(
    request: HttpRequest,
    q: SearchText = None,
    date_from: Annotated[InputDate | None, Query(None, description="Bắt đầu từ ngày.")] = None,
    date_to: Annotated[InputDate | None, Query(None, description="Bắt đầu đến ngày.")] = None,
    direction: Annotated[Direction | None, Query(None)] = None,
    unit: Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="Mã đơn vị chủ trì.")] = None,
    country: Annotated[str | None, Query(None, pattern=r"^[A-Za-z]{2}$", description="Mã ISO.")] = None,
    purpose: Annotated[Purpose | None, Query(None)] = None,
    status: Annotated[
        str | None, Query(None, pattern=r"^[a-z_]{1,20}$", description="Trạng thái hoặc overdue.")
    ] = None,
    committee: CommitteeFilter = None,
    sort: Annotated[str | None, Query(None, pattern=r"^-?[a-z]{1,10}$")] = None,
):
    _committee(request, committee)
    return selectors.delegation_list(
        user=request.auth,
        query=q,
        date_from=date_from,
        date_to=date_to,
        direction=direction,
        unit_id=unit,
        country=country.upper() if country else None,
        purpose=purpose,
        status=status,
        committee_id=committee,
        sort=sort,
    )


@router.post(
    "/delegations/reported-totals",
    response={201: ReportedTotalOut, **READ_ERRORS},
    summary="Ghi số đoàn đơn vị báo cáo tổng số",
    description="Số đoàn của một kỳ và một hình thức mà đơn vị báo cáo tổng số, không kê từng đoàn (ví dụ "
    "293 đoàn khách du lịch). Được cộng vào số liệu thống kê, ghi rõ là số đơn vị báo cáo.",
)
def create_reported_total(request: HttpRequest, payload: ReportedTotalIn):
    if not selectors.can_manage_delegations(request.auth):
        raise PermissionDenied
    data = payload.model_dump()
    data["unit"] = _unit(data["unit"], field="unit")
    total = services.reported_total_create(actor=request.auth, countries=data.pop("countries"), **data)
    return Status(
        201, stats.reported_total_item(selectors.reported_total_get(user=request.auth, pk=total.pk))
    )


@router.get(
    "/delegations/reported-totals",
    response={200: list[ReportedTotalOut], **READ_ERRORS},
    summary="Số đoàn đơn vị báo cáo tổng số",
    description="Theo cùng quy tắc xem như đoàn (theo đơn vị báo cáo); lọc theo kỳ: những số có cả kỳ "
    "nằm trong [date_from, date_to].",
)
@paginate(Pagination)
def list_reported_totals(
    request: HttpRequest,
    date_from: Annotated[InputDate | None, Query(None)] = None,
    date_to: Annotated[InputDate | None, Query(None)] = None,
):
    totals = selectors.reported_totals_visible_to(request.auth).order_by("-date_from", "-pk")
    if date_from:
        totals = totals.filter(date_from__gte=date_from)
    if date_to:
        totals = totals.filter(date_to__lte=date_to)
    return [stats.reported_total_item(total) for total in totals]


@router.delete(
    "/delegations/reported-totals/{total_id}",
    response={204: None, **READ_ERRORS},
    summary="Xóa số đoàn đơn vị báo cáo tổng số",
)
def delete_reported_total(request: HttpRequest, total_id: Annotated[int, path_id("Mã số liệu.")]):
    total = selectors.reported_total_get(user=request.auth, pk=total_id)
    if not selectors.can_edit_reported_total(request.auth, total):
        raise PermissionDenied
    services.reported_total_delete(actor=request.auth, total=total)
    return Status(204, None)


def _unit(pk: int, *, field: str) -> Organisation:
    """The unit of that id; an unknown one reads like one the caller may not use (ids are not probed
    this way). Whether the caller may use it is the service's check."""
    unit = Organisation.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({field: [ValidationError(services.UNIT_NOT_ALLOWED, code="unit_not_allowed")]})
    return unit


def _detail(delegation) -> dict[str, Any]:
    delegation.report_overdue = selectors.is_report_overdue(delegation)
    delegation.report_due_date = selectors.report_due_date(delegation)
    delegation.warnings = selectors.warnings_for(delegation)
    return delegation


@router.get(
    "/delegations/{delegation_id}",
    response={200: DelegationDetailOut, **READ_ERRORS},
    summary="Thông tin một đoàn",
)
def get_delegation(request: HttpRequest, delegation_id: DelegationId):
    return _detail(selectors.delegation_get(user=request.auth, pk=delegation_id))


@router.post(
    "/delegations",
    response={201: DelegationDetailOut, **READ_ERRORS},
    summary="Đăng ký đoàn",
    description="Cơ quan thường trực đăng ký cho mọi đơn vị của ban chỉ đạo; cán bộ đầu mối cho đơn vị mình.",
)
def create_delegation(request: HttpRequest, payload: DelegationIn):
    if not selectors.can_manage_delegations(request.auth):
        raise PermissionDenied
    data = payload.model_dump()
    data["lead_unit"] = _unit(data["lead_unit"], field="lead_unit")
    participants = data.pop("participating_units")
    units = list(Organisation.objects.filter(pk__in=participants))
    if len(units) != len(set(participants)):
        raise ValidationError(
            {"participating_units": [ValidationError(UNKNOWN_PARTICIPANT, code="unknown_unit")]}
        )
    delegation = services.delegation_create(
        actor=request.auth,
        countries=data.pop("countries"),
        purposes=data.pop("purposes"),
        localities=data.pop("localities"),
        participants=units,
        **data,
    )
    return Status(201, _detail(selectors.delegation_get(user=request.auth, pk=delegation.pk)))
