"""What the tasks API reads and writes."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from giaoban.api.schemas import NO_CONTROL_CHARACTERS, InputDate, ObjectId
from giaoban.org.schemas import OrganisationRef

from .deadlines import DeadlineKind
from .models import ReviewState, TaskStatus
from .status import days_overdue, task_status

TEXT = r"^[^\x00]*$"  # multi-line text: anything but NUL


def _on(context) -> dt.date | None:
    """The date statuses are taken on: the request's `on` parameter, else today."""
    request = (context or {}).get("request")
    return getattr(request, "tasks_on", None)


class CommitteeRef(Schema):
    id: int
    short_name: str


class TaskOut(Schema):
    id: int
    code: str = Field(..., description="Mã nhiệm vụ, duy nhất trong một ban chỉ đạo, ví dụ “NV-2017-003”.")
    title: str
    committee: CommitteeRef
    lead_unit: OrganisationRef
    assigned_on: dt.date
    recurring: bool
    deadline: dt.date | None = Field(..., description="Thời hạn ban đầu; null nếu là nhiệm vụ thường xuyên.")
    deadline_wording: str = Field(..., description="Thời hạn như văn bản ghi; rỗng nếu chỉ có ngày.")
    deadline_kind: DeadlineKind
    deadline_in_force: dt.date | None = Field(
        ..., description="Thời hạn hiện hành (sau gia hạn được chấp thuận)."
    )
    extension_count: int
    completed_on: dt.date | None
    cancelled_on: dt.date | None
    percent: int = Field(..., description="Tiến độ gần nhất do đơn vị chủ trì báo cáo (%).")
    status: TaskStatus = Field(
        ..., description="Tình trạng tính đến ngày `on` của yêu cầu (mặc định hôm nay)."
    )
    status_label: str
    days_overdue: int
    version: int

    @staticmethod
    def resolve_status(obj, context) -> str:
        return task_status(obj, _on(context)).value

    @staticmethod
    def resolve_status_label(obj, context) -> str:
        return str(task_status(obj, _on(context)).label)

    @staticmethod
    def resolve_days_overdue(obj, context) -> int:
        return days_overdue(obj, _on(context))


class SourceOut(Schema):
    title: str
    number: str
    date: dt.date | None
    issuer: str
    item: int | None
    kind: str
    id: int | None


class TaskDetailOut(TaskOut):
    description: str
    parent_id: int | None
    coordinating_units: list[OrganisationRef]
    source: SourceOut
    cancel_reason: str

    @staticmethod
    def resolve_coordinating_units(obj) -> list:
        return list(obj.coordinating_units.all())

    @staticmethod
    def resolve_source(obj) -> dict:
        return {
            "title": obj.source_title,
            "number": obj.source_number,
            "date": obj.source_date,
            "issuer": obj.source_issuer,
            "item": obj.source_item,
            "kind": obj.source_kind,
            "id": obj.source_id,
        }


class TaskIn(Schema):
    committee: ObjectId
    title: str = Field(..., min_length=1, max_length=500, pattern=NO_CONTROL_CHARACTERS)
    description: str = Field("", max_length=20000, pattern=TEXT)
    lead_unit: ObjectId
    coordinating_units: list[ObjectId] = Field(default_factory=list, max_length=200)
    deadline: InputDate | None = None
    recurring: bool = False
    deadline_wording: str = Field(
        "",
        max_length=300,
        pattern=NO_CONTROL_CHARACTERS,
        description="Thời hạn như văn bản ghi (“trước ngày 02/11/2021”, “trong quý III/2017”, “khẩn trương”); "
        "ngày đến hạn được tính từ đó, `deadline` (nếu có) là ngày đến hạn, ví dụ của một sự kiện.",
    )
    assigned_on: InputDate | None = None
    parent: ObjectId | None = None
    source_title: str = Field("", max_length=300, pattern=NO_CONTROL_CHARACTERS)
    source_number: str = Field("", max_length=100, pattern=NO_CONTROL_CHARACTERS)
    source_date: InputDate | None = None
    source_issuer: str = Field("", max_length=255, pattern=NO_CONTROL_CHARACTERS)
    source_item: int | None = Field(None, ge=1, le=32767)


class TaskUpdateIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    title: str | None = Field(None, min_length=1, max_length=500, pattern=NO_CONTROL_CHARACTERS)
    description: str | None = Field(None, max_length=20000, pattern=TEXT)
    lead_unit: ObjectId | None = None
    coordinating_units: list[ObjectId] | None = Field(None, max_length=200)
    deadline: InputDate | None = None
    recurring: bool | None = None
    deadline_wording: str | None = Field(None, max_length=300, pattern=NO_CONTROL_CHARACTERS)


class ProgressOut(Schema):
    id: int
    task_id: int
    unit: OrganisationRef
    author: str | None
    reported_on: dt.date
    text: str
    percent: int
    attachment: str | None = Field(None, description="Đường dẫn tải tệp đính kèm (cùng mã truy cập).")
    version: int

    @staticmethod
    def resolve_author(obj) -> str | None:
        return (obj.author.get_full_name() or obj.author.username) if obj.author else None

    @staticmethod
    def resolve_attachment(obj) -> str | None:
        # The checked download of the API (never a /media/ URL: stored files have none).
        return reverse("api:progress-attachment", args=[obj.pk]) if obj.attachment else None


# Required body fields carry defaults here and are checked by the services, so that a task the caller
# may not see answers 404 (and one they may not act on 403) before anything about the body is said.


class ProgressIn(Schema):
    text: str = Field("", max_length=10000, pattern=TEXT, description="Bắt buộc.")
    percent: int | None = Field(None, ge=0, le=100, description="Bắt buộc, từ 0 đến 100.")
    reported_on: InputDate | None = Field(None, description="Ngày báo cáo; mặc định hôm nay.")


class ProgressUpdateIn(ProgressIn):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )


class CompletionIn(Schema):
    text: str = Field("", max_length=10000, pattern=TEXT, description="Bắt buộc.")
    reported_on: InputDate | None = Field(None, description="Ngày hoàn thành; mặc định hôm nay.")


class CompletionOut(Schema):
    id: int
    task_id: int
    reported_on: dt.date
    text: str
    state: ReviewState
    state_label: str
    decided_on: dt.date | None
    comment: str
    evidence: str | None = Field(None, description="Đường dẫn tải tài liệu minh chứng (cùng mã truy cập).")

    @staticmethod
    def resolve_evidence(obj) -> str | None:
        return reverse("api:completion-evidence", args=[obj.pk]) if obj.evidence else None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class DecisionIn(Schema):
    note: str = Field(
        "", max_length=5000, pattern=TEXT, description="Ý kiến; bắt buộc khi trả lại/không chấp thuận."
    )


class ExtensionIn(Schema):
    new_deadline: InputDate | None = Field(None, description="Bắt buộc.")
    reason: str = Field("", max_length=5000, pattern=TEXT, description="Bắt buộc.")


class ExtensionOut(Schema):
    id: int
    task_id: int
    requested_on: dt.date
    previous_deadline: dt.date
    new_deadline: dt.date
    reason: str
    state: ReviewState
    state_label: str
    decided_on: dt.date | None
    decision_note: str

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class StatusCounts(Schema):
    """Tasks in each class (tasks.status), and how many were extended."""

    completed_on_time: int
    completed_late: int
    open_on_time: int
    open_overdue: int
    recurring: int
    cancelled: int
    extended: int


class StatsOut(StatusCounts):
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    sentence: str = Field(..., description="Câu tổng hợp dùng trong báo cáo.")
