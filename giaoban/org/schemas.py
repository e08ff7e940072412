"""What the org API shows of organisations, people, committees and memberships."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from giaoban.api.schemas import NO_CONTROL_CHARACTERS, InputDate, ObjectId

from .models import (
    CommitteeLayout,
    MembershipRole,
    OrganisationKind,
    OrganisationLevel,
    ReorganisationKind,
    ReportingConvention,
)

Alias = Annotated[str, Field(min_length=1, max_length=255, pattern=NO_CONTROL_CHARACTERS)]


class OrganisationRef(Schema):
    id: int
    name: str
    short_name: str


class PersonRef(Schema):
    id: int
    full_name: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    aliases: list[str] = Field(..., description="Tên gọi khác, viết tắt thường dùng (“UBND tỉnh”).")
    kind: OrganisationKind
    kind_label: str = Field(..., description="Tên loại đơn vị, ví dụ “Sở, ban, ngành”.")
    level: OrganisationLevel
    level_label: str = Field(..., description="Cấp: Trung ương, Tỉnh, Xã, phường, …")
    parent: OrganisationRef | None
    email: str
    phone: str
    start_date: dt.date | None
    end_date: dt.date | None
    version: int

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return obj.alias_list

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())


class OrganisationIn(Schema):
    name: str = Field(..., min_length=1, max_length=255, pattern=NO_CONTROL_CHARACTERS)
    short_name: str = Field("", max_length=100, pattern=NO_CONTROL_CHARACTERS)
    aliases: list[Alias] = Field(default_factory=list, max_length=50)
    kind: OrganisationKind
    level: OrganisationLevel = OrganisationLevel.PROVINCE
    parent: ObjectId | None = None
    email: str = Field("", max_length=254, pattern=NO_CONTROL_CHARACTERS)
    phone: str = Field("", max_length=50, pattern=NO_CONTROL_CHARACTERS)
    start_date: InputDate | None = None
    end_date: InputDate | None = None
    confirm_duplicate: bool = Field(
        False, description="Vẫn thêm khi tên trùng với đơn vị đã có (lỗi “Đã có …” nếu không gửi)."
    )


class OrganisationUpdateIn(Schema):
    version: int | None = Field(
        None, ge=1, description="Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
    name: str | None = Field(None, min_length=1, max_length=255, pattern=NO_CONTROL_CHARACTERS)
    short_name: str | None = Field(None, max_length=100, pattern=NO_CONTROL_CHARACTERS)
    aliases: list[Alias] | None = Field(None, max_length=50)
    kind: OrganisationKind | None = None
    level: OrganisationLevel | None = None
    parent: ObjectId | None = None
    email: str | None = Field(None, max_length=254, pattern=NO_CONTROL_CHARACTERS)
    phone: str | None = Field(None, max_length=50, pattern=NO_CONTROL_CHARACTERS)
    start_date: InputDate | None = None
    end_date: InputDate | None = None
    confirm_duplicate: bool = False


class ReorganiseIn(Schema):
    kind: ReorganisationKind | None = Field(
        None, description="Bắt buộc. merge: sáp nhập; split: chia tách; rename: đổi tên."
    )
    date: InputDate | None = Field(
        None, description="Bắt buộc. Ngày có hiệu lực; đơn vị cũ thôi hoạt động từ ngày này."
    )
    successors: list[ObjectId] = Field(
        default_factory=list, max_length=50, description="Đơn vị kế thừa; đơn vị đầu tiên nhận công việc."
    )
    new_name: str = Field(
        "",
        max_length=255,
        pattern=NO_CONTROL_CHARACTERS,
        description="Tên đơn vị mới (đổi tên, sáp nhập vào đơn vị mới).",
    )
    merged_with: list[ObjectId] = Field(
        default_factory=list, max_length=50, description="Các đơn vị khác cùng sáp nhập."
    )
    decision: str = Field("", max_length=300, pattern=NO_CONTROL_CHARACTERS, description="Căn cứ.")


class ReorganisationOut(Schema):
    id: int
    kind: ReorganisationKind
    kind_label: str
    date: dt.date
    decision: str
    predecessors: list[OrganisationRef]
    successors: list[OrganisationRef]
    moved: dict[str, int] = Field(
        ..., description="Số việc đã chuyển: tasks, coordinating, requests, users, committees."
    )

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_predecessors(obj) -> list:
        return list(obj.predecessors.order_by("pk"))

    @staticmethod
    def resolve_successors(obj) -> list:
        return list(obj.successors.order_by("pk"))


class CommitteeOut(Schema):
    id: int
    name: str
    short_name: str
    title_name: str = Field(..., description="Tên dùng trong chức danh, ghép sau “Trưởng”, “Ủy viên”.")
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    standing_agency: OrganisationRef | None
    parent_body: OrganisationRef | None = Field(..., description="Cơ quan chủ quản: Tỉnh ủy, UBND tỉnh.")
    document_layout: CommitteeLayout
    document_layout_label: str
    document_code: str
    parent_body_name: str = Field(..., description="Tên cơ quan chủ quản in trên tiêu đề văn bản.")
    parent_body_code: str = Field(
        ..., description="Chữ viết tắt của cơ quan chủ quản trong số ký hiệu (văn bản soạn cho cơ quan đó)."
    )
    place_name: str
    reporting_convention: ReportingConvention
    notice_requires_sign_off: bool = Field(
        ..., description="Thông báo kết luận chỉ ban hành được sau khi lãnh đạo “Đồng ý ban hành”."
    )
    version: int

    @staticmethod
    def resolve_document_layout_label(obj) -> str:
        return str(obj.get_document_layout_display())


class CommitteeDetailOut(CommitteeOut):
    member_units: list[OrganisationRef] = Field(..., description="Đơn vị thành viên, theo thứ tự tên.")

    @staticmethod
    def resolve_member_units(obj) -> list:
        return obj.member_unit_list


class MembershipOut(Schema):
    id: int
    version: int
    committee_id: int
    role: MembershipRole
    role_label: str = Field(..., description="Vai trò, ví dụ “Phó Trưởng ban Thường trực”.")
    person: PersonRef
    representing: OrganisationRef | None = Field(..., description="Đơn vị mà thành viên đại diện.")
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_role_label(obj) -> str:
        return str(obj.get_role_display())


class PositionOut(Schema):
    id: int
    title: str
    organisation: OrganisationRef
    start_date: dt.date | None
    end_date: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    positions: list[PositionOut] = Field(..., description="Chức vụ đang giữ vào ngày xét.")

    @staticmethod
    def resolve_positions(obj) -> list:
        return obj.current_positions


class PersonDetailOut(Schema):
    id: int
    full_name: str
    email: str
    phone: str
    on: dt.date = Field(..., description="Ngày xét chức danh.")
    titles: list[str] = Field(..., description="Chức danh giữ vào ngày xét, theo thứ tự ưu tiên.")
    title_text: str = Field(
        ..., description="Chức danh viết liền sau họ tên, ví dụ “Phó Bí thư Thường trực Tỉnh ủy, …”."
    )


# --- Writes --------------------------------------------------------------------------------------

LINE = NO_CONTROL_CHARACTERS


class CommitteeFieldsIn(Schema):
    """The fields of a committee a client may write; absent ones stay as they are (PATCH)."""

    name: str | None = Field(None, min_length=1, max_length=400, pattern=LINE)
    short_name: str | None = Field(None, min_length=1, max_length=100, pattern=LINE)
    title_name: str | None = Field(
        None, min_length=1, max_length=300, pattern=LINE, description="Ghép sau “Trưởng”, “Ủy viên”."
    )
    decision_number: str | None = Field(None, max_length=100, pattern=LINE)
    decision_date: InputDate | None = None
    decision_issuer: str | None = Field(None, max_length=255, pattern=LINE)
    standing_agency: ObjectId | None = Field(None, description="Mã đơn vị làm cơ quan thường trực.")
    parent_body: ObjectId | None = Field(None, description="Mã cơ quan chủ quản (Tỉnh ủy, HĐND, UBND).")
    parent_body_name: str | None = Field(None, max_length=255, pattern=LINE)
    parent_body_code: str | None = Field(None, max_length=30, pattern=LINE)
    document_layout: CommitteeLayout | None = None
    document_code: str | None = Field(None, min_length=1, max_length=30, pattern=LINE)
    place_name: str | None = Field(None, max_length=100, pattern=LINE)
    reporting_convention: ReportingConvention | None = None
    notice_requires_sign_off: bool = Field(
        False,
        description="true: thông báo kết luận chỉ ban hành được sau khi lãnh đạo “Đồng ý ban hành” "
        "(POST /conclusions/{notice_id}/sign-off).",
    )
    member_units: list[ObjectId] | None = Field(
        None, max_length=500, description="Mã các đơn vị thành viên (thay cả danh sách)."
    )


class CommitteeIn(CommitteeFieldsIn):
    name: str = Field(..., min_length=1, max_length=400, pattern=LINE)
    short_name: str = Field(..., min_length=1, max_length=100, pattern=LINE)
    title_name: str = Field(..., min_length=1, max_length=300, pattern=LINE)
    document_code: str = Field(..., min_length=1, max_length=30, pattern=LINE, description="Ví dụ “BCĐ”.")
    document_layout: CommitteeLayout | None = Field(
        None,
        description="Bỏ trống: đề xuất theo Trưởng ban (chức Bí thư, Phó Bí thư cấp ủy) và cơ quan thường "
        "trực (cơ quan Đảng): thể thức của Đảng, nếu không thì thể thức nhà nước.",
    )
    parent_body: ObjectId | None = Field(None, description="Bỏ trống: đề xuất theo cùng quy tắc.")
    head: ObjectId | None = Field(None, description="Mã cá nhân làm Trưởng ban, từ ngày quyết định.")


class CommitteeUpdateIn(CommitteeFieldsIn):
    version: int | None = Field(
        None, ge=1, description="Bắt buộc. Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )


class MembershipFieldsIn(Schema):
    person: ObjectId | None = None
    role: MembershipRole | None = None
    representing: ObjectId | None = Field(None, description="Mã đơn vị mà thành viên đại diện.")
    start_date: InputDate | None = None
    end_date: InputDate | None = None


class MembershipIn(MembershipFieldsIn):
    person: ObjectId
    role: MembershipRole


class MembershipUpdateIn(MembershipFieldsIn):
    version: int | None = Field(
        None, ge=1, description="Bắt buộc. Phiên bản đã đọc; khác phiên bản hiện tại thì trả 409."
    )
