"""What the reporting API reads and writes. Class names start with "Report": ninja names the OpenAPI
components after them, and they must not clash with another app's.

Required body fields carry defaults here and are checked by the handlers after the object and the
permission (as in meetings/schemas.py), so that a submission the caller may not see answers 404, and
one they may not act on 403, before anything about the body is said.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from giaoban.api.schemas import InputDate, IssuedDocumentOut, ObjectId
from giaoban.core.models import Letterhead
from giaoban.meetings.schemas import CommitteeRef
from giaoban.org.letterhead import document_letterhead
from giaoban.org.schemas import OrganisationRef, PersonRef

from . import documents
from .models import ReportEventKind, ReportState, SubmissionEventKind, SubmissionState, ValueType
from .periods import PeriodKind

TEXT = r"^[^\x00]*$"  # multi-line text: anything but NUL
VERSION_DESCRIPTION = "Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."


def _label(obj: Any, name: str) -> str:
    return str(getattr(obj, f"get_{name}_display")())


# --- Periods and outlines ----------------------------------------------------------------------------


class ReportPeriodRef(Schema):
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date


class ReportingPeriodOut(Schema):
    id: int
    committee: CommitteeRef
    kind: PeriodKind
    kind_label: str
    year: int
    quarter: int | None
    name: str = Field(..., description="Ví dụ “6 tháng đầu năm 2017”.")
    convention: str = Field(..., description="Cách tính kỳ: calendar (theo tháng) hoặc decree_09.")
    start_date: dt.date
    end_date: dt.date
    submission_deadline: dt.date
    version: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return _label(obj, "kind")


class ReportTemplateOut(Schema):
    id: int
    committee: CommitteeRef
    name: str
    description: str
    copied_from_id: int | None = Field(..., description="Đề cương được sao từ (nếu có).")
    created_at: dt.datetime
    version: int


class ReportTemplateSectionOut(Schema):
    id: int
    position: int
    heading: str
    guidance: str
    figures: str = Field(
        ..., description="Số liệu của hệ thống mở đầu đề mục: delegations, tasks, meetings hoặc rỗng."
    )
    required: bool = Field(
        ..., description="Đề mục bắt buộc: gửi báo cáo còn để trống thì phải xác nhận (confirm_empty)."
    )


class ReportIndicatorOut(Schema):
    id: int
    position: int
    name: str
    unit_of_measure: str
    value_type: ValueType
    source: str = Field(..., description="Nguồn số liệu do hệ thống tính; rỗng: đơn vị nhập.")
    is_computed: bool


class ReportTemplateDetailOut(ReportTemplateOut):
    sections: list[ReportTemplateSectionOut]
    indicators: list[ReportIndicatorOut]

    @staticmethod
    def resolve_sections(obj) -> list:
        return list(obj.sections.all())

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())


# --- Requests ----------------------------------------------------------------------------------------


class ReportRequestOut(Schema):
    id: int
    committee: CommitteeRef
    period: ReportPeriodRef
    template_id: int
    title: str
    deadline: dt.date
    withdrawn_at: dt.datetime | None = Field(
        ..., description="Lúc đề nghị bị rút; báo cáo của đơn vị khi đó không sửa, không gửi được nữa."
    )
    withdrawal_reason: str
    version: int


class ReportRequestStatusOut(Schema):
    total: int
    submitted: int = Field(..., description="Đã gửi ít nhất một lần.")
    on_time: int
    late: int = Field(..., description="Gửi sau hạn.")
    missing: int = Field(..., description="Chưa gửi, đã quá hạn.")
    not_yet_due: int
    returned: int
    accepted: int
    awaiting_review: int


class ReportRequestRowOut(Schema):
    submission_id: int
    unit: OrganisationRef
    state: SubmissionState
    state_label: str
    first_submitted_at: dt.datetime | None
    days_late: int = Field(..., description="Số ngày gửi muộn (hoặc đã quá hạn mà chưa gửi); 0 nếu đúng hạn.")
    return_count: int


class ReportRequestDetailOut(ReportRequestOut):
    message: str
    status: ReportRequestStatusOut | None = Field(
        ..., description="Số liệu tình hình gửi báo cáo; null với cán bộ đầu mối đơn vị."
    )
    submissions: list[ReportRequestRowOut] = Field(
        ..., description="Báo cáo của từng đơn vị; cán bộ đầu mối chỉ thấy của đơn vị mình."
    )

    @staticmethod
    def resolve_status(obj):
        return obj.detail["status"]

    @staticmethod
    def resolve_submissions(obj) -> list:
        return obj.detail["submissions"]


# --- Submissions -------------------------------------------------------------------------------------


class ReportSubmissionOut(Schema):
    id: int
    request_id: int
    request_title: str
    period: ReportPeriodRef
    unit: OrganisationRef
    state: SubmissionState
    state_label: str
    deadline: dt.date
    first_submitted_at: dt.datetime | None
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    last_saved_at: dt.datetime | None
    return_count: int
    version: int

    @staticmethod
    def resolve_request_title(obj) -> str:
        return obj.request.title

    @staticmethod
    def resolve_period(obj):
        return obj.request.period

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.state_label

    @staticmethod
    def resolve_deadline(obj) -> dt.date:
        return obj.request.deadline


class ReportSectionTextOut(Schema):
    section_id: int
    heading: str
    guidance: str
    text: str


class ReportValueOut(Schema):
    indicator_id: int
    name: str
    unit_of_measure: str
    value_type: ValueType
    is_computed: bool = Field(..., description="Do hệ thống tính: chỉ đọc với đơn vị.")
    value: Decimal | None


class _EventOut(Schema):
    """What a submission's and a committee report's events share (models.Event)."""

    kind_label: str
    at: dt.datetime
    actor: str = Field(..., description="Tên người thực hiện; rỗng nếu là hệ thống.")
    comment: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return _label(obj, "kind")

    @staticmethod
    def resolve_actor(obj) -> str:
        actor = obj.actor
        return (actor.get_full_name() or actor.get_username()) if actor else ""


class ReportSubmissionEventOut(_EventOut):
    kind: SubmissionEventKind


class ReportSubmissionFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name


class ReportSubmissionDetailOut(ReportSubmissionOut):
    """Built by the API from the submission and `detail` (a dict the handler fills: the related names
    `values`, `events`, `files` are the model's own managers)."""

    days_late: int
    texts: list[ReportSectionTextOut]
    values: list[ReportValueOut]
    events: list[ReportSubmissionEventOut]
    files: list[ReportSubmissionFileOut]

    @staticmethod
    def resolve_days_late(obj) -> int:
        return obj.detail["days_late"]

    @staticmethod
    def resolve_texts(obj) -> list:
        return obj.detail["texts"]

    @staticmethod
    def resolve_values(obj) -> list:
        return obj.detail["values"]

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.detail["events"]

    @staticmethod
    def resolve_files(obj) -> list:
        return obj.detail["files"]


class ReportSectionTextIn(Schema):
    section_id: ObjectId
    text: str = Field("", max_length=50000, pattern=TEXT)


RawValue = Annotated[str, Field(max_length=40)]


class ReportValueIn(Schema):
    indicator_id: ObjectId
    value: int | Decimal | RawValue | None = Field(
        None, description="Số (hoặc chuỗi viết kiểu Việt Nam, “1.234,5”); null hoặc rỗng để xóa."
    )


class ReportSubmissionSaveIn(Schema):
    version: int | None = Field(None, ge=1, description="Bắt buộc. " + VERSION_DESCRIPTION)
    texts: list[ReportSectionTextIn] = Field(default_factory=list, max_length=200)
    values: list[ReportValueIn] = Field(default_factory=list, max_length=500)


class ReportSubmitIn(Schema):
    version: int | None = Field(None, ge=1, description="Bắt buộc. " + VERSION_DESCRIPTION)
    confirm_empty: bool = Field(
        False,
        description="Vẫn gửi khi còn đề mục bắt buộc để trống (không có thì bị từ chối, nêu tên các đề mục).",
    )


class ReportWithdrawIn(Schema):
    version: int | None = Field(None, ge=1, description="Bắt buộc. " + VERSION_DESCRIPTION)
    reason: str = Field("", max_length=2000, pattern=TEXT, description="Bắt buộc: lý do rút đề nghị.")


class ReportReturnIn(Schema):
    comment: str = Field("", max_length=5000, pattern=TEXT, description="Bắt buộc: ý kiến khi trả lại.")


# --- Committee reports -------------------------------------------------------------------------------


class ReportDecisionReturnIn(Schema):
    version: int | None = Field(None, ge=1, description="Bắt buộc. " + VERSION_DESCRIPTION)
    comment: str = Field(
        "", max_length=5000, pattern=TEXT, description="Bắt buộc: ý kiến của lãnh đạo khi trả lại báo cáo."
    )


class ReportResubmitIn(Schema):
    version: int | None = Field(None, ge=1, description="Bắt buộc. " + VERSION_DESCRIPTION)
    note: str = Field(
        "", max_length=2000, pattern=TEXT, description="Ghi chú khi trình lại (không bắt buộc)."
    )


class ReportApproveIn(Schema):
    version: int | None = Field(None, ge=1, description="Bắt buộc. " + VERSION_DESCRIPTION)
    date: InputDate | None = Field(None, description="Ngày của báo cáo; bỏ trống: ngày duyệt.")


class ReportEventOut(_EventOut):
    kind: ReportEventKind
    version_number: int | None = Field(..., description="Phiên bản nội dung lúc quyết định.")


class ReportSectionOut(Schema):
    heading: str
    text: str


class ReportOut(Schema):
    id: int
    committee: CommitteeRef
    period: ReportPeriodRef
    period_start: dt.date
    period_end: dt.date
    summary: str = Field(
        ..., description="Trích yếu, ví dụ “Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017”."
    )
    state: ReportState
    state_label: str
    number: int | None
    symbol: str = Field(..., description="Số, ký hiệu, ví dụ “12/BC-BCĐ”; rỗng khi chưa duyệt.")
    date: dt.date | None
    approved_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_period_start(obj) -> dt.date:
        return obj.period.start_date

    @staticmethod
    def resolve_period_end(obj) -> dt.date:
        return obj.period.end_date

    @staticmethod
    def resolve_state_label(obj) -> str:
        return _label(obj, "state")

    @staticmethod
    def resolve_symbol(obj) -> str:
        if obj.number is None or not obj.is_approved:
            return ""
        return document_letterhead(obj, obj.committee).symbol(obj.number, documents.TYPE_CODE)


class ReportDetailOut(ReportOut, IssuedDocumentOut):
    request_id: int | None
    signer: PersonRef | None
    signing_prefix: str
    signing_authority: str
    signer_title: str
    recipients: list[str]
    letterhead: Letterhead = Field(
        ..., description="Tiêu đề văn bản: `committee` (ban chỉ đạo) hoặc `parent_body` (cơ quan chủ quản)."
    )
    current_version: int | None = Field(..., description="Số của phiên bản nội dung hiện tại.")
    sections: list[ReportSectionOut] = Field(..., description="Nội dung của phiên bản hiện tại.")
    events: list[ReportEventOut] = Field(
        ...,
        description="Diễn biến duyệt: lãnh đạo trả lại (kèm ý kiến), trình lại, duyệt, mở lại; rỗng với cán bộ "
        "đầu mối đơn vị.",
    )

    @staticmethod
    def resolve_events(obj) -> list:
        return list(getattr(obj, "events_list", []))

    @staticmethod
    def resolve_recipients(obj) -> list[str]:
        return [line.strip() for line in obj.recipients.splitlines() if line.strip()]

    @staticmethod
    def resolve_current_version(obj) -> int | None:
        version = getattr(obj, "current", None)
        return version.number if version else None

    @staticmethod
    def resolve_sections(obj) -> list:
        version = getattr(obj, "current", None)
        return list(version.sections) if version else []


class ReportIndicatorTotalOut(Schema):
    id: int
    name: str
    unit_of_measure: str
    source: str
    total: int | float | None


class ReportAggregateOut(Schema):
    figures: dict[str, Any] = Field(
        ...,
        description="Số liệu của hệ thống: kỳ, đoàn ra, đoàn vào, nhiệm vụ, hội nghị, tình hình gửi báo cáo.",
    )
    delegations_sentence: str
    tasks_sentence: str
    indicators: list[ReportIndicatorTotalOut] = Field(..., description="Tổng số của từng chỉ tiêu.")
    units: int = Field(..., description="Số đơn vị có báo cáo đã được tiếp nhận.")
    sections: list[ReportSectionOut] = Field(
        ..., description="Nội dung hiện hành của báo cáo, từng đề mục (phiên bản mới nhất)."
    )
    text: str = Field(..., description="Toàn văn hiện hành: đề mục và nội dung, cách nhau một dòng trống.")


class ReportCoverageOut(Schema):
    expected: int = Field(..., description="Số đơn vị được đề nghị báo cáo.")
    received: int = Field(..., description="Số đơn vị đã gửi báo cáo (ít nhất một lần).")
    accepted: int = Field(..., description="Số đơn vị có báo cáo đã được tiếp nhận.")
    not_received: int
    missing_units: list[OrganisationRef] = Field(..., description="Các đơn vị chưa gửi báo cáo.")
    status: ReportRequestStatusOut


class ReportDiffLineOut(Schema):
    op: str = Field(..., description="“ ” giữ nguyên, “-” bỏ, “+” thêm, “…” các dòng không đổi được rút gọn.")
    text: str
    skipped: int = Field(..., description="Số dòng không đổi được rút gọn (với op “…”).")


class ReportChangesOut(Schema):
    from_version: int
    to_version: int
    since_leader_decision: bool = Field(
        ...,
        description="true: so với phiên bản lãnh đạo đã xem khi quyết định lần trước (trả lại hoặc duyệt); "
        "false: so với phiên bản liền trước.",
    )
    changed: bool
    words_added: int
    words_removed: int
    lines: list[ReportDiffLineOut]


class ReportApprovalContextOut(Schema):
    report_id: int
    state: ReportState
    version: int
    current_version: int | None
    coverage: ReportCoverageOut | None = Field(
        ...,
        description="Tình hình gửi báo cáo theo đề nghị của báo cáo; null khi báo cáo không theo đề nghị nào.",
    )
    changes: ReportChangesOut | None = Field(..., description="null khi báo cáo mới có một phiên bản.")
    last_return: ReportEventOut | None = Field(..., description="Lần trả lại gần nhất, kèm ý kiến.")
