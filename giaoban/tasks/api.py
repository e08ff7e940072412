"""Task endpoints: tasks, progress, completion, extensions and statistics.

Handlers read through the same selectors as the pages (a task outside the caller's view answers 404:
a unit officer sees the tasks their unit leads or coordinates, nothing else) and write through the
services; permissions.py decides who may act (403).
"""

from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from giaoban.api.checks import check_allowed, require_fields
from giaoban.api.pagination import Pagination
from giaoban.api.schemas import (
    MAX_ID,
    NO_CONTROL_CHARACTERS,
    READ_ERRORS,
    WRITE_ERRORS,
    CommitteeFilter,
    InputDate,
    SearchText,
    path_id,
)
from giaoban.core.uploads import serve_stored
from giaoban.org.models import Organisation

from . import permissions, selectors, services, stats
from .models import TaskStatus
from .schemas import (
    CompletionIn,
    CompletionOut,
    DecisionIn,
    ExtensionIn,
    ExtensionOut,
    ProgressIn,
    ProgressOut,
    ProgressUpdateIn,
    StatsOut,
    TaskDetailOut,
    TaskIn,
    TaskOut,
    TaskUpdateIn,
)

router = Router(tags=["tasks"])


TaskId = Annotated[int, path_id("Mã số nhiệm vụ.")]
ProgressId = Annotated[int, path_id("Mã số cập nhật tiến độ.")]
CompletionId = Annotated[int, path_id("Mã số báo cáo hoàn thành.")]
ExtensionId = Annotated[int, path_id("Mã số đề nghị gia hạn.")]
UnitFilter = Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="Mã đơn vị chủ trì.")]
DateParam = Annotated[InputDate | None, Query(None, description="YYYY-MM-DD")]


def _committee_visible(request: HttpRequest, committee: int | None) -> None:
    """A committee outside the caller's own answers 404 rather than empty figures."""
    if committee is not None:
        get_object_or_404(selectors.committees_for(request.auth), pk=committee)


def _task_detail(request: HttpRequest, pk: int):
    return selectors.task_get(user=request.auth, pk=pk)


# --- Tasks ---------------------------------------------------------------------------------------------


@router.get("/tasks", response={200: list[TaskOut], **READ_ERRORS}, summary="Danh sách nhiệm vụ")
@paginate(Pagination)
def list_tasks(
    request: HttpRequest,
    q: SearchText = None,
    committee: CommitteeFilter = None,
    unit: UnitFilter = None,
    involving: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Đơn vị chủ trì hoặc phối hợp.")
    ] = None,
    status: Annotated[TaskStatus | None, Query(None, description="Tình trạng tính đến ngày `on`.")] = None,
    on: DateParam = None,
    source_kind: Annotated[str | None, Query(None, max_length=50, pattern=NO_CONTROL_CHARACTERS)] = None,
    source_id: Annotated[int | None, Query(None, ge=1, le=MAX_ID)] = None,
    order: Annotated[
        str | None, Query(None, pattern="^(deadline|-deadline|newest|code)$", description="Thứ tự.")
    ] = None,
):
    """Tasks the caller sees, filtered; the overdue list is `?status=open_overdue` (most overdue first)."""
    _committee_visible(request, committee)
    request.tasks_on = on  # type: ignore[attr-defined]
    return selectors.task_list(
        user=request.auth,
        query=q,
        committee=committee,
        unit=unit,
        involving=involving,
        status=status,
        on=on,
        source_kind=source_kind,
        source_id=source_id,
        order=order,
    )


@router.get(
    "/tasks/stats",
    response={200: StatsOut, **READ_ERRORS},
    summary="Thống kê nhiệm vụ",
    description="Nhiệm vụ giao đến `date_to` và chưa kết thúc trước `date_from`, phân loại theo tình trạng "
    "tính đến `as_of` (mặc định: `date_to`, hoặc hôm nay nếu `date_to` sau hôm nay).",
)
def get_task_stats(
    request: HttpRequest,
    date_from: DateParam = None,
    date_to: DateParam = None,
    as_of: DateParam = None,
    committee: CommitteeFilter = None,
    unit: UnitFilter = None,
):
    _committee_visible(request, committee)
    try:
        period = stats.stats_range(date_from, date_to, as_of)
    except ValueError as error:
        raise NinjaValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["query", "date_to"],
                    "msg": str(error),
                    "ctx": {"error": str(error)},
                }
            ]
        ) from error
    figures = stats.task_stats(user=request.auth, period=period, committee=committee, unit=unit)
    return {
        "date_from": period.date_from,
        "date_to": period.date_to,
        "as_of": period.as_of,
        **figures.counts(),
        "sentence": stats.stats_sentence(figures),
    }


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **READ_ERRORS}, summary="Thông tin nhiệm vụ")
def get_task(request: HttpRequest, task_id: TaskId, on: DateParam = None):
    request.tasks_on = on  # type: ignore[attr-defined]
    return _task_detail(request, task_id)


def _units(pks: list[int]) -> list[Organisation]:
    found = Organisation.objects.in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


@router.post("/tasks", response={201: TaskDetailOut, **WRITE_ERRORS}, summary="Giao nhiệm vụ")
def create_task(request: HttpRequest, payload: TaskIn):
    committee = get_object_or_404(selectors.committees_for(request.auth), pk=payload.committee)
    check_allowed(permissions.can_manage_task(request.auth, committee=committee))
    data = payload.dict()
    data.pop("committee")
    lead = get_object_or_404(Organisation, pk=data.pop("lead_unit"))
    parent_id = data.pop("parent")
    parent = selectors.task_get(user=request.auth, pk=parent_id) if parent_id else None
    task = services.task_create(
        actor=request.auth,
        committee=committee,
        lead_unit=lead,
        coordinating_units=_units(data.pop("coordinating_units")),
        parent=parent,
        **data,
    )
    return Status(201, _task_detail(request, task.pk))


@router.patch("/tasks/{task_id}", response={200: TaskDetailOut, **WRITE_ERRORS}, summary="Sửa nhiệm vụ")
def update_task(request: HttpRequest, task_id: TaskId, payload: TaskUpdateIn):
    """Only the fields sent change; `version` must be the one read (409 if someone saved meanwhile)."""
    task = _task_detail(request, task_id)
    check_allowed(permissions.can_manage_task(request.auth, task))
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    version = data.pop("version")
    if "lead_unit" in data:
        data["lead_unit"] = get_object_or_404(Organisation, pk=data["lead_unit"])
    coordinating = data.pop("coordinating_units", None)
    services.task_update(
        actor=request.auth,
        task=task,
        expected_version=version,
        coordinating_units=_units(coordinating) if coordinating is not None else None,
        **data,
    )
    return _task_detail(request, task_id)


# --- Progress --------------------------------------------------------------------------------------------


@router.get(
    "/tasks/{task_id}/progress", response={200: list[ProgressOut], **READ_ERRORS}, summary="Tiến độ nhiệm vụ"
)
@paginate(Pagination)
def list_progress(request: HttpRequest, task_id: TaskId):
    return selectors.progress_list(task=_task_detail(request, task_id))


@router.post(
    "/tasks/{task_id}/progress", response={201: ProgressOut, **WRITE_ERRORS}, summary="Cập nhật tiến độ"
)
def create_progress(request: HttpRequest, task_id: TaskId, payload: ProgressIn):
    """By an officer of the lead unit or of a coordinating unit."""
    task = _task_detail(request, task_id)
    check_allowed(permissions.can_post_progress(request.auth, task))
    data = payload.dict()
    require_fields(data, "text", "percent")
    progress = services.progress_create(actor=request.auth, task=task, **data)
    return Status(201, progress)


@router.get(
    "/progress/{progress_id}", response={200: ProgressOut, **READ_ERRORS}, summary="Một cập nhật tiến độ"
)
def get_progress(request: HttpRequest, progress_id: ProgressId):
    return selectors.progress_get(user=request.auth, pk=progress_id)


@router.get(
    "/progress/{progress_id}/attachment",
    response={200: None, **READ_ERRORS},
    summary="Tải tệp đính kèm của cập nhật tiến độ",
    description="Tệp tải về (attachment), kiểu theo nội dung tệp; 404 nếu cập nhật không có tệp.",
    url_name="progress-attachment",
)
def get_progress_attachment(request: HttpRequest, progress_id: ProgressId):
    return serve_stored(selectors.progress_get(user=request.auth, pk=progress_id).attachment)


@router.put(
    "/progress/{progress_id}", response={200: ProgressOut, **WRITE_ERRORS}, summary="Sửa cập nhật tiến độ"
)
def update_progress(request: HttpRequest, progress_id: ProgressId, payload: ProgressUpdateIn):
    progress = selectors.progress_get(user=request.auth, pk=progress_id)
    check_allowed(permissions.can_edit_progress(request.auth, progress))
    data = payload.dict()
    require_fields(data, "text", "percent", "reported_on", "version")
    return services.progress_update(
        actor=request.auth, progress=progress, expected_version=data.pop("version"), **data
    )


# --- Completion ------------------------------------------------------------------------------------------


@router.post(
    "/tasks/{task_id}/completion", response={201: CompletionOut, **WRITE_ERRORS}, summary="Báo cáo hoàn thành"
)
def create_completion(request: HttpRequest, task_id: TaskId, payload: CompletionIn):
    task = _task_detail(request, task_id)
    check_allowed(permissions.can_report_completion(request.auth, task))
    data = payload.dict()
    require_fields(data, "text")
    return Status(201, services.completion_report(actor=request.auth, task=task, **data))


@router.get(
    "/completions/{completion_id}/evidence",
    response={200: None, **READ_ERRORS},
    summary="Tải tài liệu minh chứng của báo cáo hoàn thành",
    description="Tệp tải về (attachment), kiểu theo nội dung tệp; 404 nếu báo cáo không có tài liệu.",
    url_name="completion-evidence",
)
def get_completion_evidence(request: HttpRequest, completion_id: CompletionId):
    return serve_stored(selectors.completion_get(user=request.auth, pk=completion_id).evidence)


@router.post(
    "/completions/{completion_id}/confirm",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    summary="Xác nhận hoàn thành",
    description="Nhiệm vụ hoàn thành vào ngày của báo cáo.",
)
def confirm_completion(request: HttpRequest, completion_id: CompletionId, payload: DecisionIn):
    report = selectors.completion_get(user=request.auth, pk=completion_id)
    check_allowed(permissions.can_manage_task(request.auth, report.task))
    task = services.completion_confirm(actor=request.auth, report=report, comment=payload.note)
    return _task_detail(request, task.pk)


@router.post(
    "/completions/{completion_id}/return",
    response={200: CompletionOut, **WRITE_ERRORS},
    summary="Trả lại báo cáo",
)
def return_completion(request: HttpRequest, completion_id: CompletionId, payload: DecisionIn):
    report = selectors.completion_get(user=request.auth, pk=completion_id)
    check_allowed(permissions.can_manage_task(request.auth, report.task))
    return services.completion_return(actor=request.auth, report=report, comment=payload.note)


# --- Extensions ------------------------------------------------------------------------------------------


@router.get(
    "/tasks/{task_id}/extensions",
    response={200: list[ExtensionOut], **READ_ERRORS},
    summary="Lịch sử gia hạn",
)
@paginate(Pagination)
def list_extensions(request: HttpRequest, task_id: TaskId):
    return selectors.extension_list(task=_task_detail(request, task_id))


@router.post(
    "/tasks/{task_id}/extensions", response={201: ExtensionOut, **WRITE_ERRORS}, summary="Đề nghị gia hạn"
)
def create_extension(request: HttpRequest, task_id: TaskId, payload: ExtensionIn):
    task = _task_detail(request, task_id)
    check_allowed(permissions.can_request_extension(request.auth, task))
    data = payload.dict()
    require_fields(data, "new_deadline", "reason")
    return Status(201, services.extension_request(actor=request.auth, task=task, **data))


@router.post(
    "/extensions/{extension_id}/approve",
    response={200: TaskDetailOut, **WRITE_ERRORS},
    summary="Chấp thuận gia hạn",
)
def approve_extension(request: HttpRequest, extension_id: ExtensionId, payload: DecisionIn):
    extension = selectors.extension_get(user=request.auth, pk=extension_id)
    check_allowed(permissions.can_manage_task(request.auth, extension.task))
    task = services.extension_approve(actor=request.auth, extension=extension, note=payload.note)
    return _task_detail(request, task.pk)


@router.post(
    "/extensions/{extension_id}/reject",
    response={200: ExtensionOut, **WRITE_ERRORS},
    summary="Không chấp thuận",
)
def reject_extension(request: HttpRequest, extension_id: ExtensionId, payload: DecisionIn):
    extension = selectors.extension_get(user=request.auth, pk=extension_id)
    check_allowed(permissions.can_manage_task(request.auth, extension.task))
    return services.extension_reject(actor=request.auth, extension=extension, note=payload.note)
