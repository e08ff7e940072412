"""What the org API shows of organisations, people, committees and memberships."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .models import CommitteeLayout, MembershipRole, OrganisationKind, ReportingConvention


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
    kind: OrganisationKind
    kind_label: str = Field(..., description="Tên loại đơn vị, ví dụ “Sở, ban, ngành”.")
    parent: OrganisationRef | None
    email: str
    phone: str
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class CommitteeOut(Schema):
    id: int
    name: str
    short_name: str
    title_name: str = Field(..., description="Tên dùng trong chức danh, ghép sau “Trưởng”, “Ủy viên”.")
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    standing_agency: OrganisationRef | None
    document_layout: CommitteeLayout
    document_layout_label: str
    document_code: str
    parent_body_name: str
    place_name: str
    reporting_convention: ReportingConvention

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
