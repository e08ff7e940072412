"""What the delegations API shows: the register, its statistics and the import's answer."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from giaoban.api.schemas import FieldErrorOut, InputDate
from giaoban.org.schemas import OrganisationRef

from . import countries
from .models import Category, Direction, ImportJobState, Kind, Level, Purpose, Status


class DelegationCountryOut(Schema):
    code: str = Field(..., description="Mã ISO 3166-1 alpha-2, ví dụ “CN”.")
    name: str = Field(..., description="Tên tiếng Việt theo CLDR, ví dụ “Trung Quốc”.")
    is_territory: bool = Field(..., description="Vùng lãnh thổ (Đài Loan, Hồng Kông, Ma Cao, …).")


class DelegationPurposeOut(Schema):
    code: Purpose
    label: str


class DelegationOut(Schema):
    id: int
    direction: Direction
    direction_label: str
    name: str
    lead_unit: OrganisationRef
    head_name: str
    head_title: str
    member_count: int | None
    kind: Kind
    level: Level
    category: Category
    based_in_viet_nam: bool = Field(..., description="Cơ quan đại diện, tổ chức nước ngoài tại Việt Nam.")
    historical: bool = Field(..., description="Đoàn đã qua, nhập bổ sung: không bị tính quá hạn báo cáo.")
    localities: list[str] = Field(..., description="Mã ISO 3166-2 của địa phương đối tác, ví dụ “CN-GX”.")
    countries: list[DelegationCountryOut]
    partners: str
    purposes: list[DelegationPurposeOut]
    purpose_other: str
    start_date: dt.date
    end_date: dt.date
    status: Status
    status_label: str
    report_date: dt.date | None
    report_overdue: bool = Field(..., description="Quá hạn nộp báo cáo kết quả.")
    version: int

    @staticmethod
    def resolve_direction_label(obj) -> str:
        return str(obj.get_direction_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_countries(obj) -> list[dict]:
        return [
            {
                "code": code,
                "name": countries.country_name(code, None),
                "is_territory": countries.is_territory(code),
            }
            for code in obj.country_code_list
        ]

    @staticmethod
    def resolve_localities(obj) -> list[str]:
        return obj.locality_code_list

    @staticmethod
    def resolve_purposes(obj) -> list[dict]:
        return [{"code": p, "label": str(Purpose(p).label)} for p in obj.purpose_list]

    @staticmethod
    def resolve_report_overdue(obj) -> bool:
        return bool(getattr(obj, "report_overdue", False))


class DelegationDetailOut(DelegationOut):
    member_names: str
    funding_source: str
    approval_number: str
    approval_date: dt.date | None
    approval_issuer: str
    notes: str
    cancel_reason: str
    report_text: str
    report_due_date: dt.date
    participating_units: list[OrganisationRef]
    warnings: list[str] = Field(..., description="Mức quy định bị vượt (số người, số ngày, số nước).")

    @staticmethod
    def resolve_participating_units(obj) -> list:
        return list(obj.participating_units.all())


class DelegationIn(Schema):
    direction: Direction
    name: str = Field(..., min_length=1, max_length=300)
    lead_unit: int = Field(..., ge=1, description="Mã đơn vị chủ trì.")
    head_name: str = Field("", max_length=200)
    head_title: str = Field("", max_length=300)
    member_count: int | None = Field(
        None, ge=1, le=100000, description="Số thành viên; bỏ trống khi chưa rõ."
    )
    member_names: str = Field("", max_length=20000)
    countries: list[str] = Field(..., min_length=1, max_length=50, description="Mã ISO 3166-1 alpha-2.")
    partners: str = Field("", max_length=5000)
    purposes: list[Purpose] = Field(..., min_length=1)
    purpose_other: str = Field("", max_length=300)
    start_date: InputDate
    end_date: InputDate
    funding_source: str = Field("", max_length=300)
    approval_number: str = Field("", max_length=100)
    approval_date: InputDate | None = None
    approval_issuer: str = Field("", max_length=300)
    notes: str = Field("", max_length=20000)
    status: Status = Field(
        Status.PLANNED,
        description="Trạng thái ban đầu: planned, approved, under_way, returned; đoàn đã qua (historical) "
        "có thể reported hoặc cancelled.",
    )
    kind: Kind = Field(Kind.VISIT, description="visit; border: hội đàm tại cửa khẩu, mốc biên giới; escort.")
    level: Level = Level.UNSPECIFIED
    category: Category = Category.OFFICIAL
    based_in_viet_nam: bool = False
    localities: list[str] = Field([], max_length=50, description="Mã ISO 3166-2 địa phương đối tác.")
    participating_units: list[int] = Field([], max_length=100, description="Mã các đơn vị cùng tham gia.")
    historical: bool = False
    report_text: str = Field("", max_length=50000)
    report_date: InputDate | None = None
    cancel_reason: str = Field("", max_length=5000)


class DelegationFiguresOut(Schema):
    delegations: int = Field(..., description="Số đoàn (không tính đoàn đã hủy).")
    countries: int = Field(..., description="Số quốc gia, vùng lãnh thổ khác nhau.")
    members: int = Field(
        ..., description="Tổng số thành viên (lượt người) của các đoàn có ghi số thành viên."
    )
    members_unknown: int = Field(
        ..., description="Số đoàn chưa ghi số thành viên: khi lớn hơn 0, `members` chỉ là số tối thiểu."
    )
    country_codes: list[str]
    purposes: list[Purpose]
    locality_codes: list[str] = Field(..., description="Địa phương đối tác (mã ISO 3166-2).")
    reported: int = Field(..., description="Trong `delegations`, số đoàn do đơn vị báo cáo tổng số.")
    resident: int = Field(..., description="Đoàn của cơ quan đại diện, tổ chức nước ngoài tại Việt Nam.")


class KindCountsOut(Schema):
    outbound: int
    inbound: int
    border: int = Field(..., description="Hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới.")
    escort: int = Field(..., description="Đón, tiễn đoàn Trung ương qua cửa khẩu.")


class DelegationCountryCountOut(KindCountsOut):
    code: str
    name: str
    is_territory: bool


class DelegationLocalityCountOut(KindCountsOut):
    code: str = Field(..., description="Mã ISO 3166-2, ví dụ “CN-GX”.")
    name: str
    country_code: str
    country_name: str


class DelegationLevelCountOut(KindCountsOut):
    level: Level
    label: str


class DelegationCategoryCountOut(KindCountsOut):
    category: Category
    label: str


class DelegationKindOut(Schema):
    kind: str = Field(..., description="outbound, inbound, border, escort.")
    label: str
    delegations: int
    people: int
    people_unknown: int = Field(..., description="Số đoàn chưa ghi số người: `people` là số tối thiểu.")
    reported: int = Field(..., description="Trong `delegations`, số đoàn do đơn vị báo cáo tổng số.")


class ReportedTotalOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    date_from: dt.date
    date_to: dt.date
    kind: str
    kind_label: str
    level: Level
    category: Category
    delegations: int
    people: int | None
    country_codes: list[str]
    notes: str


class ReportedTotalsOut(Schema):
    delegations: int
    people: int
    items: list[ReportedTotalOut]


class ReportedTotalIn(Schema):
    unit: int = Field(..., ge=1, description="Mã đơn vị báo cáo.")
    date_from: InputDate
    date_to: InputDate
    direction: Direction
    kind: Kind = Kind.VISIT
    level: Level = Level.UNSPECIFIED
    category: Category = Category.OFFICIAL
    delegations: int = Field(..., ge=1, le=1000000)
    people: int | None = Field(None, ge=0, le=10000000)
    countries: list[str] = Field([], max_length=250)
    notes: str = Field("", max_length=5000)


class DelegationPurposeCountOut(KindCountsOut):
    purpose: Purpose
    label: str


class DelegationUnitCountOut(KindCountsOut):
    unit_id: int
    name: str
    members: int
    reported: int


class DelegationMonthCountOut(KindCountsOut):
    month: str = Field(..., description="YYYY-MM")


class DelegationStatsOut(Schema):
    date_from: dt.date
    date_to: dt.date
    committee_id: int | None
    outbound: DelegationFiguresOut
    inbound: DelegationFiguresOut
    border: DelegationFiguresOut
    escort: DelegationFiguresOut
    countries: int = Field(..., description="Số quốc gia, vùng lãnh thổ của mọi đoàn.")
    people: int = Field(..., description="Tổng lượt người của mọi hình thức (các đoàn có ghi số người).")
    people_known: bool = Field(
        ..., description="Mọi đoàn đều có số người: `people` là tổng, không là tối thiểu."
    )
    by_kind: list[DelegationKindOut]
    by_level: list[DelegationLevelCountOut]
    by_category: list[DelegationCategoryCountOut]
    by_locality: list[DelegationLocalityCountOut]
    reported_totals: ReportedTotalsOut
    by_country: list[DelegationCountryCountOut]
    by_purpose: list[DelegationPurposeCountOut]
    by_unit: list[DelegationUnitCountOut]
    by_month: list[DelegationMonthCountOut]
    sentence: str = Field(..., description="Câu tóm tắt dùng trong báo cáo, bản tin.")


class DelegationImportOut(Schema):
    dry_run: bool
    rows: int = Field(..., description="Số dòng dữ liệu đã đọc.")
    created: int = Field(..., description="Số đoàn đã ghi (0 khi dry_run).")
    header_row: int | None
    warnings: list[FieldErrorOut] = Field(
        ..., description='Vượt mức quy định (loc: ["file", dòng]): chỉ lưu ý, không chặn.'
    )


class ImportJobOut(Schema):
    id: int
    url: str = Field(..., description="Đường dẫn API của lượt nhập: GET để theo dõi.")
    page_url: str = Field(..., description="Trang theo dõi lượt nhập.")
    state: ImportJobState = Field(..., description="queued, checking, writing, done.")
    state_label: str
    finished: bool
    ok: bool = Field(..., description="Đã xong và không có lỗi.")
    dry_run: bool
    source_name: str
    rows_estimated: int = Field(..., description="Số dòng ước tính của trang tính (kể cả dòng tiêu đề).")
    rows_checked: int = Field(..., description="Số dòng dữ liệu đã kiểm tra.")
    percent: int
    header_row: int | None
    created: int = Field(..., description="Số đoàn đã ghi (0 khi dry_run hoặc có lỗi).")
    error_count: int
    errors: list[FieldErrorOut] = Field(..., description='Mọi lỗi: loc ["file", dòng, cột].')
    warnings: list[FieldErrorOut]
