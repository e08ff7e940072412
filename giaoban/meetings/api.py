"""Meeting endpoints: meetings (with date filters), agenda, attendance, conclusion notices and their key
tasks, the three official documents as DOCX and PDF, and the news brief.

Handlers read through the same selectors as the pages (a meeting outside the caller's view answers 404:
a unit officer sees the meetings their unit is invited to, nothing else) and write through the
services; permissions.py decides who may act (403).
"""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from giaoban.api import checks
from giaoban.api.checks import check_allowed, require_fields
from giaoban.api.pagination import Pagination
from giaoban.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    CommitteeFilter,
    ErrorOut,
    InputDate,
    SearchText,
    path_id,
)
from giaoban.core.documents import PdfConversionError
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Organisation, Person
from giaoban.tasks.proposals import as_dict

from . import documents, follow_up, news, permissions, proposing, selectors, services
from .follow_up import FollowUpRow
from .models import ConclusionNotice, Meeting, MeetingDocumentKind, MeetingKind
from .schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemUpdateIn,
    AttendanceIn,
    AttendanceOut,
    ConclusionIn,
    ConclusionOut,
    ConclusionSummaryOut,
    ConclusionUpdateIn,
    ConfirmationIn,
    ConfirmationOut,
    FollowUpOut,
    InviteesIn,
    IssueIn,
    KeyTaskIn,
    KeyTaskOut,
    KeyTaskUpdateIn,
    MeetingDetailOut,
    MeetingDocumentNumberIn,
    MeetingDocumentOut,
    MeetingIn,
    MeetingOut,
    MeetingUpdateIn,
    NewsBriefOut,
    ProposalOut,
    ProposeIn,
    SignOffIn,
)

router = Router(tags=["meetings"])

RANGE_REVERSED = _("date_to phải sau hoặc bằng date_from.")

MeetingId = Annotated[int, path_id("Mã hội nghị.")]
AgendaItemId = Annotated[int, path_id("Mã mục chương trình.")]
InviteeId = Annotated[int, path_id("Mã thành phần mời.")]
NoticeId = Annotated[int, path_id("Mã thông báo kết luận.")]
KeyTaskId = Annotated[int, path_id("Mã nhiệm vụ trọng tâm.")]
DateParam = Annotated[InputDate | None, Query(None, description="YYYY-MM-DD")]


def _person(request: HttpRequest, pk: int | None) -> Person | None:
    return get_object_or_404(org_selectors.persons_visible_to(request.auth), pk=pk) if pk else None


def _unit(request: HttpRequest, pk: int | None) -> Organisation | None:
    return get_object_or_404(org_selectors.organisations_visible_to(request.auth), pk=pk) if pk else None


def _units(request: HttpRequest, pks: list[int]) -> list[Organisation]:
    found = org_selectors.organisations_visible_to(request.auth).in_bulk(pks)
    return [found[pk] for pk in dict.fromkeys(pks) if pk in found]


def _persons(request: HttpRequest, pks: list[int]) -> list[Person]:
    found = org_selectors.persons_visible_to(request.auth).in_bulk(pks)
    return [found[pk] for pk in dict.fromkeys(pks) if pk in found]


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = selectors.meeting_get(user=request.auth, pk=pk)
    notice = selectors.conclusion_of(user=request.auth, meeting=meeting)
    meeting.visible_conclusion_id = notice.pk if notice else None
    meeting.invitee_rows = list(selectors.invitee_list(meeting=meeting))
    return meeting


def _manage(request: HttpRequest, meeting: Meeting) -> None:
    check_allowed(permissions.can_manage_meeting(request.auth, meeting))


# --- Meetings ----------------------------------------------------------------------------------------


@router.get("/meetings", response={200: list[MeetingOut], **READ_ERRORS}, summary="Danh sách hội nghị")
@paginate(Pagination)
def list_meetings(
    request: HttpRequest,
    q: SearchText = None,
    committee: CommitteeFilter = None,
    kind: Annotated[MeetingKind | None, Query(None, description="Loại hội nghị.")] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
):
    """Meetings the caller sees, newest first; `date_from`/`date_to` bound the meeting date (inclusive)."""
    if date_from and date_to and date_to < date_from:
        raise _query_error("date_to", str(RANGE_REVERSED))
    if committee is not None:
        get_object_or_404(selectors.committees_for(request.auth), pk=committee)
    return selectors.meeting_list(
        user=request.auth, query=q, committee=committee, kind=kind, date_from=date_from, date_to=date_to
    ).prefetch_related("committees")


def _query_error(name: str, message: str) -> NinjaValidationError:
    """A 422 naming a query parameter."""
    return NinjaValidationError(
        [{"type": "value_error", "loc": ["query", name], "msg": message, "ctx": {"error": message}}]
    )


def _committees(request: HttpRequest, pks: list[int]):
    found = selectors.committees_for(request.auth).in_bulk(pks)
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise ValidationError({"committees": _("Không tìm thấy ban chỉ đạo %(id)s.") % {"id": missing[0]}})
    return [found[pk] for pk in dict.fromkeys(pks)]


@router.post("/meetings", response={201: MeetingDetailOut, **WRITE_ERRORS}, summary="Tạo hội nghị")
def create_meeting(request: HttpRequest, payload: MeetingIn):
    check_allowed(permissions.can_manage_meetings(request.auth))
    data = payload.dict()
    require_fields(data, "committee", "kind", "title", "date", "start_time")
    committee = get_object_or_404(selectors.committees_for(request.auth), pk=data.pop("committee"))
    check_allowed(permissions.can_manage_meetings(request.auth, committee))
    committees = _committees(request, data.pop("committees"))
    data["chair"] = _person(request, data.pop("chair"))
    meeting = services.meeting_create(actor=request.auth, committee=committee, committees=committees, **data)
    return Status(201, _meeting(request, meeting.pk))


@router.get(
    "/meetings/{meeting_id}", response={200: MeetingDetailOut, **READ_ERRORS}, summary="Thông tin hội nghị"
)
def get_meeting(request: HttpRequest, meeting_id: MeetingId):
    return _meeting(request, meeting_id)


@router.patch(
    "/meetings/{meeting_id}", response={200: MeetingDetailOut, **WRITE_ERRORS}, summary="Sửa hội nghị"
)
def update_meeting(request: HttpRequest, meeting_id: MeetingId, payload: MeetingUpdateIn):
    """Only the fields sent change; `version` must be the one read (409 if someone saved meanwhile)."""
    meeting = _meeting(request, meeting_id)
    _manage(request, meeting)
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    version = data.pop("version")
    for name in ("chair", "minutes_taker"):
        if name in data:
            data[name] = _person(request, data[name])
    committees = data.pop("committees", None)
    services.meeting_update(
        actor=request.auth,
        meeting=meeting,
        expected_version=version,
        committees=_committees(request, committees) if committees is not None else None,
        **data,
    )
    return _meeting(request, meeting_id)


# --- Agenda ------------------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/agenda",
    response={200: list[AgendaItemOut], **READ_ERRORS},
    summary="Chương trình",
)
@paginate(Pagination)
def list_agenda(request: HttpRequest, meeting_id: MeetingId):
    return selectors.agenda_list(meeting=selectors.meeting_get(user=request.auth, pk=meeting_id))


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE_ERRORS},
    summary="Thêm mục chương trình",
)
def create_agenda_item(request: HttpRequest, meeting_id: MeetingId, payload: AgendaItemIn):
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    _manage(request, meeting)
    data = payload.dict()
    require_fields(data, "title")
    item = services.agenda_item_create(
        actor=request.auth,
        meeting=meeting,
        position=data["position"],
        title=data["title"],
        presenter=_person(request, data["presenter"]),
        presenter_unit=_unit(request, data["presenter_unit"]),
        duration_minutes=data["duration_minutes"],
        record=data["record"],
    )
    return Status(201, selectors.agenda_item_get(user=request.auth, pk=item.pk))


@router.get(
    "/agenda-items/{item_id}", response={200: AgendaItemOut, **READ_ERRORS}, summary="Một mục chương trình"
)
def get_agenda_item(request: HttpRequest, item_id: AgendaItemId):
    return selectors.agenda_item_get(user=request.auth, pk=item_id)


@router.patch(
    "/agenda-items/{item_id}", response={200: AgendaItemOut, **WRITE_ERRORS}, summary="Sửa mục chương trình"
)
def update_agenda_item(request: HttpRequest, item_id: AgendaItemId, payload: AgendaItemUpdateIn):
    item = selectors.agenda_item_get(user=request.auth, pk=item_id)
    _manage(request, item.meeting)
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    if "presenter" in data:
        data["presenter"] = _person(request, data["presenter"])
    if "presenter_unit" in data:
        data["presenter_unit"] = _unit(request, data["presenter_unit"])
    services.agenda_item_update(actor=request.auth, item=item, expected_version=data.pop("version"), **data)
    return selectors.agenda_item_get(user=request.auth, pk=item_id)


@router.delete(
    "/agenda-items/{item_id}", response={204: None, **WRITE_ERRORS}, summary="Xóa mục chương trình"
)
def delete_agenda_item(request: HttpRequest, item_id: AgendaItemId):
    item = selectors.agenda_item_get(user=request.auth, pk=item_id)
    _manage(request, item.meeting)
    services.agenda_item_delete(actor=request.auth, item=item)
    return Status(204, None)


# --- Attendance --------------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **READ_ERRORS},
    summary="Thành phần mời và tham dự",
)
@paginate(Pagination)
def list_attendance(request: HttpRequest, meeting_id: MeetingId):
    return selectors.invitee_list(meeting=selectors.meeting_get(user=request.auth, pk=meeting_id))


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={201: list[AttendanceOut], **WRITE_ERRORS},
    summary="Mời thêm đơn vị, cá nhân",
    description="Trả về các thành phần mới được mời; thành phần đã mời được giữ nguyên.",
)
def create_invitees(request: HttpRequest, meeting_id: MeetingId, payload: InviteesIn):
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    _manage(request, meeting)
    added = services.invitees_add(
        actor=request.auth,
        meeting=meeting,
        units=_units(request, payload.units),
        persons=_persons(request, payload.persons),
    )
    return Status(201, added)


@router.get(
    "/attendance/{invitee_id}", response={200: AttendanceOut, **READ_ERRORS}, summary="Một thành phần mời"
)
def get_invitee(request: HttpRequest, invitee_id: InviteeId):
    return selectors.invitee_get(user=request.auth, pk=invitee_id)


@router.patch(
    "/attendance/{invitee_id}",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Ghi nhận tham dự",
    description="Có mặt, vắng mặt (kèm lý do) hoặc cử người dự thay (kèm người dự). Chỉ cơ quan thường trực.",
)
def record_attendance(request: HttpRequest, invitee_id: InviteeId, payload: AttendanceIn):
    invitee = selectors.invitee_get(user=request.auth, pk=invitee_id)
    _manage(request, invitee.meeting)
    data = payload.dict()
    require_fields(data, "attendance", "version")
    return services.attendance_record(
        actor=request.auth,
        invitee=invitee,
        attendance=data["attendance"],
        absence_reason=data["absence_reason"],
        represented_by=data["represented_by"],
        expected_version=data["version"],
    )


@router.post(
    "/meetings/{meeting_id}/confirmation",
    response={200: ConfirmationOut, **WRITE_ERRORS},
    summary="Trả lời giấy mời",
    description=(
        "Cán bộ đầu mối của đơn vị được mời trả lời, đến hết ngày họp: attend (người dự, chức vụ), "
        "substitute (người dự thay, chức vụ) hoặc decline (lý do). Gửi lại để sửa trả lời."
    ),
)
def confirm_invitation(request: HttpRequest, meeting_id: MeetingId, payload: ConfirmationIn):
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    invitee = selectors.invitation_of(user=request.auth, meeting=meeting)
    check_allowed(permissions.can_confirm(request.auth, invitee))
    data = payload.dict()
    require_fields(data, "answer")
    return services.invitation_confirm(
        actor=request.auth,
        invitee=invitee,
        answer=data["answer"],
        name=data["name"],
        title=data["title"],
        reason=data["reason"],
        expected_version=data["version"],
    )


@router.delete(
    "/attendance/{invitee_id}", response={204: None, **WRITE_ERRORS}, summary="Bỏ khỏi thành phần mời"
)
def remove_invitee(request: HttpRequest, invitee_id: InviteeId):
    invitee = selectors.invitee_get(user=request.auth, pk=invitee_id)
    _manage(request, invitee.meeting)
    services.invitee_remove(actor=request.auth, invitee=invitee)
    return Status(204, None)


# --- Conclusion notices ------------------------------------------------------------------------------


def _notice_data(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    values = {name: value for name, value in data.items() if value is not None or name == "date"}
    if "signer" in values:
        values["signer"] = _person(request, values["signer"])
    if "recipients" in values:
        values["recipients"] = "\n".join(values["recipients"])
    return values


@router.get(
    "/conclusions", response={200: list[ConclusionSummaryOut], **READ_ERRORS}, summary="Thông báo kết luận"
)
@paginate(Pagination)
def list_conclusions(request: HttpRequest, committee: CommitteeFilter = None):
    if committee is not None:
        get_object_or_404(selectors.committees_for(request.auth), pk=committee)
    return selectors.conclusion_list(user=request.auth, committee=committee)


@router.get(
    "/meetings/{meeting_id}/conclusion",
    response={200: ConclusionOut, **READ_ERRORS},
    summary="Thông báo kết luận của hội nghị",
)
def get_meeting_conclusion(request: HttpRequest, meeting_id: MeetingId):
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    notice = selectors.conclusion_of(user=request.auth, meeting=meeting)
    if notice is None:
        get_object_or_404(ConclusionNotice.objects.none())
    return notice


@router.post(
    "/meetings/{meeting_id}/conclusion",
    response={201: ConclusionOut, **WRITE_ERRORS},
    summary="Soạn thông báo kết luận",
    description="Những gì không gửi được soạn sẵn từ hội nghị: trích yếu, mở đầu, người ký, nơi nhận.",
)
def create_conclusion(request: HttpRequest, meeting_id: MeetingId, payload: ConclusionIn):
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    _manage(request, meeting)
    values = _notice_data(request, payload.dict(exclude_unset=True))
    notice = services.conclusion_create(actor=request.auth, meeting=meeting, **values)
    return Status(201, selectors.conclusion_get(user=request.auth, pk=notice.pk))


@router.get(
    "/conclusions/{notice_id}", response={200: ConclusionOut, **READ_ERRORS}, summary="Một thông báo kết luận"
)
def get_conclusion(request: HttpRequest, notice_id: NoticeId):
    return selectors.conclusion_get(user=request.auth, pk=notice_id)


@router.patch(
    "/conclusions/{notice_id}",
    response={200: ConclusionOut, **WRITE_ERRORS},
    summary="Sửa thông báo kết luận",
)
def update_conclusion(request: HttpRequest, notice_id: NoticeId, payload: ConclusionUpdateIn):
    notice = selectors.conclusion_get(user=request.auth, pk=notice_id)
    _manage(request, notice.meeting)
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    version = data.pop("version")
    services.conclusion_update(
        actor=request.auth, notice=notice, expected_version=version, **_notice_data(request, data)
    )
    return selectors.conclusion_get(user=request.auth, pk=notice_id)


@router.post(
    "/conclusions/{notice_id}/issue",
    response={200: ConclusionOut, **WRITE_ERRORS},
    summary="Ban hành thông báo kết luận",
    description="Lần đầu: cấp số trong sổ văn bản của ban chỉ đạo và giao mỗi nhiệm vụ trọng tâm thành một "
    "nhiệm vụ theo dõi, trong một giao dịch. Ban hành lại: cập nhật các nhiệm vụ đó theo thông báo, không "
    "tạo nhiệm vụ trùng, giữ nguyên tiến độ.",
)
def issue_conclusion(request: HttpRequest, notice_id: NoticeId, payload: IssueIn):
    notice = selectors.conclusion_get(user=request.auth, pk=notice_id)
    _manage(request, notice.meeting)
    data = payload.dict()
    require_fields(data, "version")
    services.conclusion_issue(
        actor=request.auth,
        notice=notice,
        expected_version=data["version"],
        number=data["number"],
        date=data["date"],
    )
    return selectors.conclusion_get(user=request.auth, pk=notice_id)


@router.post(
    "/conclusions/{notice_id}/sign-off",
    response={200: ConclusionOut, **WRITE_ERRORS},
    summary="Lãnh đạo đồng ý ban hành thông báo kết luận",
    description="Khi ban chỉ đạo yêu cầu (`notice_requires_sign_off` của ban chỉ đạo), thông báo chỉ ban hành "
    "được sau khi một lãnh đạo của ban chỉ đạo đồng ý; người và thời điểm đồng ý được lưu. Sửa nội dung sau đó "
    "thì cần đồng ý lại.",
)
def sign_off_conclusion(request: HttpRequest, notice_id: NoticeId, payload: SignOffIn):
    notice = selectors.conclusion_get(user=request.auth, pk=notice_id)
    check_allowed(permissions.can_sign_off_notice(request.auth, notice))
    data = payload.dict()
    require_fields(data, "version")
    services.conclusion_sign_off(actor=request.auth, notice=notice, expected_version=data["version"])
    return selectors.conclusion_get(user=request.auth, pk=notice_id)


@router.get(
    "/conclusions/{notice_id}/key-tasks",
    response={200: list[KeyTaskOut], **READ_ERRORS},
    summary="Nhiệm vụ trọng tâm",
)
@paginate(Pagination)
def list_key_tasks(request: HttpRequest, notice_id: NoticeId):
    return selectors.key_task_list(notice=selectors.conclusion_get(user=request.auth, pk=notice_id))


def _key_task_units(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("lead_unit") is not None:
        data["lead_unit"] = _unit(request, data["lead_unit"])
    if data.get("coordinating_units") is not None:
        data["coordinating_units"] = _units(request, data["coordinating_units"])
    return data


@router.post(
    "/conclusions/{notice_id}/key-tasks",
    response={201: KeyTaskOut, **WRITE_ERRORS},
    summary="Thêm nhiệm vụ trọng tâm",
    description="Trên thông báo đã ban hành, nhiệm vụ theo dõi được giao ngay.",
)
def create_key_task(request: HttpRequest, notice_id: NoticeId, payload: KeyTaskIn):
    notice = selectors.conclusion_get(user=request.auth, pk=notice_id)
    _manage(request, notice.meeting)
    data = payload.dict()
    require_fields(data, "title", "lead_unit")
    key_task = services.key_task_create(actor=request.auth, notice=notice, **_key_task_units(request, data))
    return Status(201, selectors.key_task_get(user=request.auth, pk=key_task.pk))


@router.post(
    "/conclusions/{notice_id}/key-tasks/propose",
    response={200: list[ProposalOut], **WRITE_ERRORS},
    summary="Đề xuất nhiệm vụ trọng tâm từ văn bản",
    description="Tách phần kết luận đã dán thành các nhiệm vụ đề xuất (đánh số “1.”, “a)”, “-”, “+”, “I.”), "
    "tìm cơ quan chủ trì, phối hợp theo danh mục đơn vị và đọc thời hạn như văn bản ghi. Không ghi gì vào cơ sở "
    "dữ liệu: cơ quan thường trực sửa, xác nhận rồi thêm bằng `POST /conclusions/{id}/key-tasks`.",
)
def propose_key_tasks(request: HttpRequest, notice_id: NoticeId, payload: ProposeIn):
    notice = selectors.conclusion_get(user=request.auth, pk=notice_id)
    _manage(request, notice.meeting)
    return [as_dict(proposal) for proposal in proposing.key_task_proposals(notice=notice, text=payload.text)]


@router.get(
    "/key-tasks/{key_task_id}", response={200: KeyTaskOut, **READ_ERRORS}, summary="Một nhiệm vụ trọng tâm"
)
def get_key_task(request: HttpRequest, key_task_id: KeyTaskId):
    return selectors.key_task_get(user=request.auth, pk=key_task_id)


@router.patch(
    "/key-tasks/{key_task_id}",
    response={200: KeyTaskOut, **WRITE_ERRORS},
    summary="Sửa nhiệm vụ trọng tâm",
    description="Trên thông báo đã ban hành, nhiệm vụ theo dõi được cập nhật cùng lúc (không tạo nhiệm vụ mới, "
    "tiến độ giữ nguyên).",
)
def update_key_task(request: HttpRequest, key_task_id: KeyTaskId, payload: KeyTaskUpdateIn):
    key_task = selectors.key_task_get(user=request.auth, pk=key_task_id)
    _manage(request, key_task.notice.meeting)
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    if "lead_unit" in data and data["lead_unit"] is None:
        raise ValidationError({"lead_unit": checks.REQUIRED})
    version = data.pop("version")
    services.key_task_update(
        actor=request.auth, key_task=key_task, expected_version=version, **_key_task_units(request, data)
    )
    return selectors.key_task_get(user=request.auth, pk=key_task_id)


@router.delete(
    "/key-tasks/{key_task_id}", response={204: None, **WRITE_ERRORS}, summary="Xóa nhiệm vụ trọng tâm"
)
def delete_key_task(request: HttpRequest, key_task_id: KeyTaskId):
    key_task = selectors.key_task_get(user=request.auth, pk=key_task_id)
    _manage(request, key_task.notice.meeting)
    services.key_task_delete(actor=request.auth, key_task=key_task)
    return Status(204, None)


# --- Documents and the news brief ----------------------------------------------------------------------

DOCUMENT_NAMES = {
    permissions.INVITATION: "giấy mời",
    permissions.CONCLUSION: "thông báo kết luận",
    permissions.MINUTES: "biên bản",
}


def _document_handler(kind: str, fmt: str):
    def handler(request: HttpRequest, meeting_id: MeetingId):
        meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
        notice = selectors.conclusion_of(user=request.auth, meeting=meeting)
        if kind == permissions.CONCLUSION and notice is None:
            get_object_or_404(ConclusionNotice.objects.none())
        check_allowed(permissions.can_download(request.auth, meeting, kind, notice))
        try:
            rendered = documents.render(kind, meeting, notice, fmt)
        except PdfConversionError as error:
            return Status(503, {"detail": str(error)})
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    handler.__name__ = f"get_{kind}_{fmt}"
    return handler


for _kind in permissions.DOCUMENT_KINDS:
    for _fmt in ("docx", "pdf"):
        router.get(
            f"/meetings/{{meeting_id}}/documents/{_kind}.{_fmt}",
            response={200: None, 503: ErrorOut, **READ_ERRORS},
            summary=f"Tải {DOCUMENT_NAMES[_kind]} ({_fmt.upper()})",
            description="Văn bản theo thể thức của ban chỉ đạo chủ trì (Nghị định 30/2020/NĐ-CP hoặc Hướng dẫn "
            "36-HD/VPTW)." + (" 503 khi máy chủ chưa cài LibreOffice." if _fmt == "pdf" else ""),
        )(_document_handler(_kind, _fmt))


@router.get(
    "/meetings/{meeting_id}/news-brief",
    response={200: NewsBriefOut, **READ_ERRORS},
    summary="Bản nháp tin bài",
    description="Soạn từ hồ sơ hội nghị theo lối tin báo chí: thời gian, người chủ trì với chức danh tại ngày "
    "họp, số liệu đoàn ra, đoàn vào của kỳ, số nhiệm vụ trọng tâm.",
)
def get_news_brief(request: HttpRequest, meeting_id: MeetingId):
    meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
    check_allowed(permissions.can_draft_news_brief(request.auth))
    brief = news.news_brief(meeting, user=request.auth)
    return {"title": brief.title, "text": brief.text}


# --- Follow-up -------------------------------------------------------------------------------------------


def _follow_up_item(row: FollowUpRow) -> dict[str, Any]:
    latest = row.latest
    return {
        "key_task_id": row.key_task.pk,
        "position": row.position,
        "title": row.key_task.title,
        "task_id": row.task.pk if row.task else None,
        "task_code": row.task.code if row.task else None,
        "lead_unit": row.lead_unit,
        "coordinating_units": row.coordinating_units,
        "addressees": row.addressees,
        "deadline_wording": row.deadline,
        "deadline": row.due,
        "status": row.status.value if row.status else None,
        "status_label": row.status_label,
        "percent": row.percent,
        "latest_report": (
            {
                "reported_on": latest.reported_on,
                "unit": latest.unit,
                "text": latest.text,
                "completion": latest.completion,
            }
            if latest
            else None
        ),
    }


@router.get(
    "/conclusions/{notice_id}/follow-up",
    response={200: FollowUpOut, **READ_ERRORS},
    summary="Tình hình thực hiện kết luận",
    description="Mỗi nhiệm vụ trọng tâm với cơ quan chủ trì, phối hợp, phân loại (bốn loại của Quyết định "
    "42/2014/QĐ-TTg, cùng nhiệm vụ thường xuyên, dừng thực hiện), tiến độ và báo cáo gần nhất, tính đến ngày "
    "`on` (mặc định hôm nay; không trước ngày ban hành thông báo). Cơ quan thường trực và lãnh đạo.",
)
def get_follow_up(request: HttpRequest, notice_id: NoticeId, on: DateParam = None):
    notice = selectors.conclusion_get(user=request.auth, pk=notice_id)
    check_allowed(permissions.can_follow_up(request.auth))
    day = on or timezone.localdate()
    try:
        follow_up.follow_up_check_date(notice, day)
    except ValidationError as error:
        raise _query_error("on", error.message_dict["on"][0]) from error
    report = follow_up.follow_up(notice=notice, on=day)
    return {
        "notice_id": notice.pk,
        "number": report.symbol,
        "on": day,
        "sentence": report.sentence,
        "counts": report.stats.counts(),
        "items": [_follow_up_item(row) for row in report.rows],
    }


def _number_handler(kind: str):
    def handler(request: HttpRequest, meeting_id: MeetingId, payload: MeetingDocumentNumberIn):
        meeting = selectors.meeting_get(user=request.auth, pk=meeting_id)
        _manage(request, meeting)
        return services.meeting_document_number(
            actor=request.auth, meeting=meeting, kind=kind, number=payload.number, date=payload.date
        )

    handler.__name__ = f"number_{kind}"
    return handler


for _kind in MeetingDocumentKind.values:
    router.post(
        f"/meetings/{{meeting_id}}/documents/{_kind}/number",
        response={200: MeetingDocumentOut, **WRITE_ERRORS},
        summary=f"Cấp số {DOCUMENT_NAMES[_kind]}",
        description="Số tiếp theo trong sổ văn bản của ban chỉ đạo chủ trì (hoặc số nhập tay còn trống) và ngày "
        "văn bản; gọi lại để đổi số hoặc ngày. Số đã cấp cho văn bản khác trả 422.",
    )(_number_handler(_kind))
