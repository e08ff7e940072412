"""What the meetings API reads and writes.

Required body fields carry defaults here and are checked by the handlers after the object and the
permission, so that a meeting the caller may not see answers 404 (and one they may not act on 403)
before anything about the body is said.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import field_validator

from giaoban.api.schemas import NO_CONTROL_CHARACTERS, InputDate, IssuedDocumentOut, ObjectId
from giaoban.core.models import Letterhead
from giaoban.org.schemas import OrganisationRef, PersonRef
from giaoban.tasks.schemas import StatusCounts

from . import permissions
from .documents import document_symbol
from .models import Attendance, Confirmation, MeetingDocumentKind, MeetingKind, NoticeState
from .selectors import confirmation_counts

TEXT = r"^[^\x00]*$"  # multi-line text: anything but NUL
LINE = NO_CONTROL_CHARACTERS
LOCAL_TIME = "Giờ địa phương, dạng HH:MM, không kèm múi giờ."
TIME_WITH_ZONE = "Giờ họp là giờ địa phương: không ghi múi giờ."


def _local(value: dt.time | None) -> dt.time | None:
    if value is not None and value.tzinfo is not None:
        raise ValueError(TIME_WITH_ZONE)
    return value


class CommitteeRef(Schema):
    id: int
    short_name: str


# --- Meetings ----------------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    title: str
    kind: MeetingKind
    kind_label: str
    committee: CommitteeRef = Field(
        ..., description="Ban chỉ đạo chủ trì: văn bản mang tên và số của ban này."
    )
    committees: list[CommitteeRef] = Field(..., description="Mọi ban chỉ đạo dự họp (hội nghị liên tịch).")
    date: dt.date
    start_time: dt.time
    end_time: dt.time | None
    venue: str
    chair: PersonRef | None
    period_start: dt.date | None
    period_end: dt.date | None
    version: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_committees(obj) -> list:
        return sorted(obj.committees.all(), key=lambda c: c.pk)


class MeetingDocumentOut(Schema):
    kind: MeetingDocumentKind
    number: int
    date: dt.date
    symbol: str = Field(..., description="“Số: 12/GM-BCĐ”.")

    @staticmethod
    def resolve_symbol(obj) -> str:
        return document_symbol(obj)


class MeetingDocumentNumberIn(Schema):
    number: int | None = Field(None, ge=1, le=999999, description="Bỏ trống: số tiếp theo của ban chỉ đạo.")
    date: InputDate | None = Field(None, description="Bỏ trống: ngày ký giấy mời (hoặc hôm nay) / ngày họp.")


class MeetingDetailOut(MeetingOut):
    invitation_date: dt.date | None
    minutes: str = Field(..., description="Diễn biến hội nghị; rỗng với cán bộ đầu mối.")
    minutes_conclusion: str = Field(
        ..., description="Kết luận của hội nghị (biên bản); rỗng với cán bộ đầu mối."
    )
    minutes_taker: PersonRef | None
    documents: list[MeetingDocumentOut] = Field(
        ..., description="Số và ngày của giấy mời, biên bản đã cấp số."
    )
    conclusion_id: int | None = Field(..., description="Thông báo kết luận người gọi được xem, nếu có.")
    confirmations: list[ConfirmationOut] = Field(..., description="Trả lời giấy mời của các đơn vị được mời.")
    confirmation_counts: ConfirmationCountsOut

    @staticmethod
    def resolve_minutes(obj, context) -> str:
        request = (context or {}).get("request")
        return obj.minutes if permissions.sees_everything(getattr(request, "auth", None)) else ""

    @staticmethod
    def resolve_minutes_conclusion(obj, context) -> str:
        request = (context or {}).get("request")
        return obj.minutes_conclusion if permissions.sees_everything(getattr(request, "auth", None)) else ""

    @staticmethod
    def resolve_documents(obj) -> list:
        return sorted(obj.issued_documents.all(), key=lambda d: d.kind)

    @staticmethod
    def resolve_conclusion_id(obj) -> int | None:
        return getattr(obj, "visible_conclusion_id", None)

    @staticmethod
    def resolve_confirmations(obj) -> list:
        return [invitee for invitee in getattr(obj, "invitee_rows", []) if invitee.unit_id]

    @staticmethod
    def resolve_confirmation_counts(obj) -> dict:
        return confirmation_counts(getattr(obj, "invitee_rows", []))


class MeetingIn(Schema):
    committee: ObjectId | None = Field(None, description="Bắt buộc: ban chỉ đạo chủ trì.")
    committees: list[ObjectId] = Field(default_factory=list, max_length=20)
    kind: MeetingKind | None = Field(None, description="Bắt buộc.")
    title: str = Field("", max_length=300, pattern=LINE, description="Bắt buộc.")
    date: InputDate | None = Field(None, description="Bắt buộc.")
    start_time: dt.time | None = Field(None, description="Bắt buộc. " + LOCAL_TIME)
    end_time: dt.time | None = Field(None, description=LOCAL_TIME)
    venue: str = Field("", max_length=300, pattern=LINE)
    chair: ObjectId | None = None
    period_start: InputDate | None = None
    period_end: InputDate | None = None
    invitation_date: InputDate | None = None

    @field_validator("start_time", "end_time")
    @classmethod
    def _no_time_zone(cls, value: dt.time | None) -> dt.time | None:
        return _local(value)


class MeetingUpdateIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    committees: list[ObjectId] | None = Field(None, max_length=20)
    kind: MeetingKind | None = None
    title: str | None = Field(None, min_length=1, max_length=300, pattern=LINE)
    date: InputDate | None = None
    start_time: dt.time | None = Field(None, description=LOCAL_TIME)
    end_time: dt.time | None = Field(None, description=LOCAL_TIME)
    venue: str | None = Field(None, max_length=300, pattern=LINE)
    chair: ObjectId | None = None
    period_start: InputDate | None = None
    period_end: InputDate | None = None
    invitation_date: InputDate | None = None
    minutes: str | None = Field(None, max_length=100000, pattern=TEXT)
    minutes_conclusion: str | None = Field(None, max_length=100000, pattern=TEXT)
    minutes_taker: ObjectId | None = None

    @field_validator("start_time", "end_time")
    @classmethod
    def _no_time_zone(cls, value: dt.time | None) -> dt.time | None:
        return _local(value)


# --- Agenda ------------------------------------------------------------------------------------------


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    position: int
    title: str
    presenter: PersonRef | None
    presenter_unit: OrganisationRef | None
    duration_minutes: int | None
    starts_at: dt.time | None = Field(
        ..., description="Giờ bắt đầu theo chương trình: giờ khai mạc cộng thời lượng các mục trước."
    )
    ends_at: dt.time | None = Field(..., description="Giờ kết thúc theo chương trình.")
    clock: str = Field(..., description="“08:00–08:15”; rỗng khi một mục trước chưa có thời lượng.")
    record: str = Field(..., description="Nội dung ghi nhận của mục (biên bản); rỗng với cán bộ đầu mối.")
    version: int

    @staticmethod
    def resolve_clock(obj) -> str:
        return obj.clock_text

    @staticmethod
    def resolve_record(obj, context) -> str:
        request = (context or {}).get("request")
        return obj.record if permissions.sees_everything(getattr(request, "auth", None)) else ""


class AgendaItemIn(Schema):
    title: str = Field("", max_length=500, pattern=LINE, description="Bắt buộc.")
    presenter: ObjectId | None = None
    presenter_unit: ObjectId | None = None
    duration_minutes: int | None = Field(None, ge=1, le=1440)
    record: str = Field("", max_length=100000, pattern=TEXT, description="Nội dung ghi nhận (biên bản).")
    position: int | None = Field(None, ge=1, le=999, description="Bỏ trống: xếp cuối.")


class AgendaItemUpdateIn(AgendaItemIn):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    title: str | None = Field(None, min_length=1, max_length=500, pattern=LINE)


# --- Invitees and attendance -------------------------------------------------------------------------


class AttendanceOut(Schema):
    id: int
    meeting_id: int
    unit: OrganisationRef | None
    person: PersonRef | None
    name: str
    attendance: Attendance
    attendance_label: str
    absence_reason: str
    represented_by: str
    version: int

    @staticmethod
    def resolve_attendance_label(obj) -> str:
        return str(obj.get_attendance_display())


class ConfirmationOut(Schema):
    """An invited unit's answer to its invitation (issue #15, 4)."""

    id: int = Field(..., description="Mã thành phần mời.")
    unit: OrganisationRef | None
    name: str
    confirmation: Confirmation = Field(..., description="Rỗng: chưa trả lời.")
    confirmation_label: str
    confirmed_name: str = Field(..., description="Người dự họp (hoặc dự thay).")
    confirmed_title: str
    confirmation_reason: str = Field(..., description="Lý do không dự được.")
    confirmed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_confirmation_label(obj) -> str:
        return str(obj.get_confirmation_display())


class ConfirmationCountsOut(Schema):
    confirmed: int = Field(..., description="Đơn vị xác nhận dự (tự dự hoặc cử người dự thay).")
    declined: int = Field(..., description="Đơn vị báo không dự được.")
    unanswered: int = Field(..., description="Đơn vị chưa trả lời.")


class ConfirmationIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Phiên bản thành phần mời đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    answer: Confirmation | None = Field(None, description="Bắt buộc: attend, substitute hoặc decline.")
    name: str = Field(
        "", max_length=255, pattern=LINE, description="Họ và tên người dự (attend, substitute)."
    )
    title: str = Field("", max_length=255, pattern=LINE, description="Chức vụ người dự (attend, substitute).")
    reason: str = Field("", max_length=500, pattern=LINE, description="Lý do (decline).")


class InviteesIn(Schema):
    units: list[ObjectId] = Field(default_factory=list, max_length=500, description="Đơn vị được mời.")
    persons: list[ObjectId] = Field(default_factory=list, max_length=500, description="Cá nhân được mời.")


class AttendanceIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Bắt buộc. Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    attendance: Attendance | None = Field(None, description="Bắt buộc.")
    absence_reason: str = Field("", max_length=500, pattern=LINE, description="Bắt buộc khi vắng mặt.")
    represented_by: str = Field(
        "", max_length=255, pattern=LINE, description="Bắt buộc khi cử người dự thay."
    )


# --- Conclusion notices ------------------------------------------------------------------------------


class KeyTaskOut(Schema):
    id: int
    notice_id: int
    position: int
    title: str
    description: str
    lead_unit: OrganisationRef
    coordinating_units: list[OrganisationRef]
    recurring: bool
    deadline: dt.date | None
    deadline_wording: str
    task_id: int | None = Field(..., description="Nhiệm vụ theo dõi (sau khi ban hành).")
    task_code: str | None

    version: int

    @staticmethod
    def resolve_coordinating_units(obj) -> list:
        return list(obj.coordinating_units.all())

    @staticmethod
    def resolve_task_code(obj) -> str | None:
        return obj.task.code if obj.task_id else None


class KeyTaskIn(Schema):
    title: str = Field("", max_length=500, pattern=LINE, description="Bắt buộc.")
    description: str = Field("", max_length=20000, pattern=TEXT)
    lead_unit: ObjectId | None = Field(None, description="Bắt buộc.")
    coordinating_units: list[ObjectId] = Field(default_factory=list, max_length=200)
    recurring: bool = False
    deadline: InputDate | None = Field(
        None, description="Bắt buộc nếu không phải nhiệm vụ thường xuyên và không ghi `deadline_wording`."
    )
    deadline_wording: str = Field(
        "",
        max_length=300,
        pattern=LINE,
        description="Thời hạn như thông báo ghi (“trong quý III/2017”, “khẩn trương”), in đúng như vậy.",
    )
    position: int | None = Field(None, ge=1, le=999, description="Bỏ trống: xếp cuối.")


class KeyTaskUpdateIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    title: str | None = Field(None, min_length=1, max_length=500, pattern=LINE)
    description: str | None = Field(None, max_length=20000, pattern=TEXT)
    lead_unit: ObjectId | None = None
    coordinating_units: list[ObjectId] | None = Field(None, max_length=200)
    recurring: bool | None = None
    deadline: InputDate | None = None
    deadline_wording: str | None = Field(None, max_length=300, pattern=LINE)
    position: int | None = Field(None, ge=1, le=999)


class ConclusionSummaryOut(Schema):
    id: int
    meeting_id: int
    committee: CommitteeRef
    state: NoticeState
    state_label: str
    number: int | None
    symbol: str = Field(..., description="Số, ký hiệu, ví dụ “125/TB-BCĐ”; rỗng khi chưa ban hành.")
    date: dt.date | None
    summary: str
    version: int

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_symbol(obj) -> str:
        from .conclusions import notice_symbol

        return notice_symbol(obj)


class ConclusionOut(ConclusionSummaryOut, IssuedDocumentOut):
    opening: str
    assessment: str
    limitations: str
    closing: str
    signer: PersonRef | None
    signing_prefix: str
    signing_authority: str
    signer_title: str
    recipients: list[str]
    letterhead: Letterhead = Field(..., description="`committee` hoặc `parent_body` (cơ quan chủ quản).")
    requires_sign_off: bool = Field(
        ..., description="Ban chỉ đạo yêu cầu lãnh đạo đồng ý trước khi ban hành thông báo kết luận."
    )
    signed_off_at: dt.datetime | None = Field(..., description="Lúc lãnh đạo “Đồng ý ban hành”.")
    signed_off_by: str = Field(..., description="Tên lãnh đạo đã đồng ý ban hành; rỗng nếu chưa.")
    key_tasks: list[KeyTaskOut]

    @staticmethod
    def resolve_requires_sign_off(obj) -> bool:
        return obj.committee.notice_requires_sign_off

    @staticmethod
    def resolve_signed_off_by(obj) -> str:
        user = obj.signed_off_by
        return (user.get_full_name() or user.username) if user else ""

    @staticmethod
    def resolve_recipients(obj) -> list[str]:
        return [line.strip() for line in obj.recipients.splitlines() if line.strip()]

    @staticmethod
    def resolve_key_tasks(obj) -> list:
        from .selectors import key_task_list

        return list(key_task_list(notice=obj))


class ConclusionIn(Schema):
    date: InputDate | None = Field(None, description="Ngày ban hành; bỏ trống: ngày ban hành thực tế.")
    summary: str | None = Field(None, min_length=1, max_length=500, pattern=LINE)
    opening: str | None = Field(None, max_length=20000, pattern=TEXT)
    assessment: str | None = Field(None, max_length=50000, pattern=TEXT)
    limitations: str | None = Field(None, max_length=20000, pattern=TEXT)
    closing: str | None = Field(None, max_length=5000, pattern=TEXT)
    signer: ObjectId | None = None
    signing_prefix: str | None = Field(None, pattern=r"^(|TM\.|KT\.|Q\.|TL\.|TUQ\.)$")
    signing_authority: str | None = Field(None, max_length=200, pattern=LINE)
    signer_title: str | None = Field(None, max_length=200, pattern=LINE)
    recipients: list[str] | None = Field(None, max_length=50, description="Mỗi phần tử một nơi nhận.")
    letterhead: Letterhead | None = Field(
        None,
        description="Tiêu đề văn bản: `committee` (của ban chỉ đạo, mặc định) hoặc `parent_body` (soạn cho cơ "
        "quan chủ quản: tiêu đề và thể thức của Tỉnh ủy hoặc UBND tỉnh, số do cơ quan đó cấp).",
    )

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            for line in value:
                if len(line) > 300 or any(ord(ch) < 32 for ch in line):
                    raise ValueError("Mỗi nơi nhận tối đa 300 ký tự, không có ký tự điều khiển.")
        return value


class ConclusionUpdateIn(ConclusionIn):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )


class SignOffIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Bắt buộc. Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )


class IssueIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Bắt buộc. Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    number: int | None = Field(None, ge=1, le=99999, description="Số đã đăng ký; bỏ trống: số tiếp theo.")
    date: InputDate | None = Field(None, description="Ngày ban hành; mặc định hôm nay.")


class NewsBriefOut(Schema):
    title: str
    text: str = Field(..., description="Bản nháp tin bài, các đoạn cách nhau một dòng trống.")


# --- Follow-up -----------------------------------------------------------------------------------------


class LatestReportOut(Schema):
    reported_on: dt.date
    unit: OrganisationRef
    text: str
    completion: bool = Field(
        ..., description="Báo cáo hoàn thành đã được xác nhận (không phải cập nhật tiến độ)."
    )


class FollowUpItemOut(Schema):
    key_task_id: int
    position: int
    title: str
    task_id: int | None
    task_code: str | None
    lead_unit: OrganisationRef
    coordinating_units: list[OrganisationRef]
    addressees: str = Field(..., description="Cơ quan chủ trì, phối hợp như thông báo ghi.")
    deadline_wording: str = Field(..., description="Thời hạn như thông báo ghi.")
    deadline: dt.date | None = Field(..., description="Thời hạn hiện hành tại ngày theo dõi (kể cả gia hạn).")
    status: str | None = Field(..., description="Phân loại tại ngày theo dõi; null: chưa giao.")
    status_label: str
    percent: int
    latest_report: LatestReportOut | None


class FollowUpOut(Schema):
    notice_id: int
    number: str = Field(..., description="Số, ký hiệu của thông báo (rỗng nếu chưa ban hành).")
    on: dt.date
    sentence: str
    counts: StatusCounts
    items: list[FollowUpItemOut]


# --- Proposed key tasks ----------------------------------------------------------------------------------


class ProposeIn(Schema):
    text: str = Field(
        "",
        max_length=100_000,
        pattern=TEXT,
        description="Phần kết luận của thông báo, dán nguyên văn: mỗi nhiệm vụ một dòng (“1.”, “a)”, “-”, “+”).",
    )


class ProposedBodyOut(Schema):
    text: str = Field(..., description="Tên cơ quan như văn bản ghi.")
    status: str = Field(
        ...,
        description="matched: đã tìm thấy trong danh mục; unmatched: chưa tìm thấy, cần chọn đơn vị; "
        "group: nhóm hoặc “các cơ quan liên quan”, giữ nguyên văn.",
    )
    organisation: OrganisationRef | None


class ProposalOut(Schema):
    position: int
    title: str
    description: str = Field(..., description="Nguyên văn mục (kèm các ý con).")
    verb: str = Field(..., description="giao, đề nghị, yêu cầu, hoặc rỗng.")
    lead: ProposedBodyOut | None
    coordinating: list[ProposedBodyOut]
    addressed: list[str] = Field(..., description="Nhóm, cơ quan không nêu tên: giữ nguyên văn.")
    deadline_wording: str
    deadline_kind: str
    deadline: dt.date | None = Field(..., description="Ngày đến hạn đọc được từ thời hạn.")
    recurring: bool
    flags: list[str] = Field(..., description="Những điểm cần cơ quan thường trực chọn hoặc nhập.")
