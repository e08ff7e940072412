"""Read endpoints for committees, memberships and people; the directory of organisations (read, add,
edit, reorganise).

Every handler reads through the same selectors as the pages, so the API shows a user exactly what
the pages show, and answers 404 for the rest.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from giaoban.api.checks import REQUIRED, check_allowed, require_fields
from giaoban.api.pagination import Pagination
from giaoban.api.schemas import (
    MAX_ID,
    READ_ERRORS,
    WRITE_ERRORS,
    InputDate,
    ObjectId,
    OnDate,
    SearchText,
    path_id,
)
from giaoban.core import permissions

from . import selectors, services
from .models import OrganisationKind
from .schemas import (
    CommitteeDetailOut,
    CommitteeOut,
    MembershipOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationUpdateIn,
    PersonDetailOut,
    PersonOut,
    ReorganisationOut,
    ReorganiseIn,
)

router = Router(tags=["org"])

CommitteeId = Annotated[int, path_id("Mã ban chỉ đạo.")]
OrganisationId = Annotated[int, path_id("Mã đơn vị.")]
PersonId = Annotated[int, path_id("Mã cá nhân.")]
ServingOn = Annotated[
    InputDate | None,
    Query(None, description="Chỉ lấy thành viên còn hiệu lực vào ngày này (YYYY-MM-DD); bỏ trống: tất cả."),
]


# --- Committees ----------------------------------------------------------------------------------


@router.get(
    "/committees",
    response={200: list[CommitteeOut], **READ_ERRORS},
    summary="Danh sách ban chỉ đạo",
)
@paginate(Pagination)
def list_committees(request: HttpRequest, q: SearchText = None):
    """Committees the caller belongs to (all of them for a system admin), in Vietnamese order."""
    return selectors.committee_list(user=request.auth, query=q)


@router.get(
    "/committees/{committee_id}",
    response={200: CommitteeDetailOut, **READ_ERRORS},
    summary="Thông tin ban chỉ đạo",
)
def get_committee(request: HttpRequest, committee_id: CommitteeId):
    committee = selectors.committee_get(user=request.auth, pk=committee_id)
    committee.member_unit_list = list(
        selectors.organisation_list(user=request.auth, committee_id=committee.pk)
    )
    return committee


@router.get(
    "/committees/{committee_id}/memberships",
    response={200: list[MembershipOut], **READ_ERRORS},
    summary="Thành viên ban chỉ đạo",
    description="Theo vai trò (Trưởng ban, Phó Trưởng ban Thường trực, …) rồi theo tên. "
    "Có `on` thì chỉ lấy thành viên còn hiệu lực vào ngày đó.",
)
@paginate(Pagination)
def list_committee_memberships(request: HttpRequest, committee_id: CommitteeId, on: ServingOn = None):
    committee = selectors.committee_get(user=request.auth, pk=committee_id)
    return selectors.membership_list(user=request.auth, committee=committee, on=on)


# --- Organisations -------------------------------------------------------------------------------


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    summary="Danh sách đơn vị",
)
@paginate(Pagination)
def list_organisations(
    request: HttpRequest,
    q: SearchText = None,
    kind: Annotated[OrganisationKind | None, Query(None, description="Loại đơn vị.")] = None,
    committee: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Chỉ đơn vị thành viên của ban chỉ đạo này.")
    ] = None,
    active_on: Annotated[
        InputDate | None, Query(None, description="Chỉ đơn vị còn hoạt động vào ngày này (YYYY-MM-DD).")
    ] = None,
):
    """The directory: every body (members of a committee or not) for the secretariat, leaders and admins.
    `q` ignores accents, case and abbreviations (“hdnd tinh”, “BĐBP”, “TP Lạng Sơn”); names matching
    exactly come first."""
    if committee is not None:
        # A committee the caller cannot see answers 404 rather than an empty list.
        selectors.committee_get(user=request.auth, pk=committee)
    return selectors.organisation_search(
        q, user=request.auth, kind=kind, committee_id=committee, on=active_on
    )


def _organisation_data(request: HttpRequest, data: dict) -> dict:
    if "aliases" in data:
        data["aliases"] = "\n".join(data["aliases"] or [])
    if data.get("parent") is not None:
        data["parent"] = selectors.organisation_get(user=request.auth, pk=data["parent"])
    return data


@router.post(
    "/organisations",
    response={201: OrganisationOut, **WRITE_ERRORS},
    summary="Thêm đơn vị vào danh bạ",
    description="Tên trùng với một đơn vị đã có (không kể dấu, chữ hoa, viết tắt) bị từ chối với lỗi "
    "“Đã có …” ở trường `name`; gửi lại với `confirm_duplicate: true` nếu đúng là đơn vị khác.",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn):
    check_allowed(permissions.can_manage_committee_data(request.auth))
    data = _organisation_data(request, payload.dict())
    org = services.organisation_create(actor=request.auth, **data)
    return Status(201, org)


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **WRITE_ERRORS},
    summary="Sửa đơn vị",
)
def update_organisation(request: HttpRequest, organisation_id: OrganisationId, payload: OrganisationUpdateIn):
    """Only the fields sent change; `version` must be the one read (409 if someone saved meanwhile)."""
    org = selectors.organisation_get(user=request.auth, pk=organisation_id)
    check_allowed(permissions.can_manage_committee_data(request.auth))
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    version = data.pop("version")
    for name in ("name", "kind", "level"):
        if name in data and data[name] is None:
            raise ValidationError({name: REQUIRED})
    data = _organisation_data(request, data)
    return services.organisation_update(
        actor=request.auth, organisation=org, expected_version=version, **data
    )


@router.post(
    "/organisations/{organisation_id}/reorganise",
    response={201: ReorganisationOut, **WRITE_ERRORS},
    summary="Sáp nhập, chia tách, đổi tên đơn vị",
    description="Từ ngày `date` đơn vị (và `merged_with`) thôi hoạt động; nhiệm vụ chưa hoàn thành, vai "
    "trò phối hợp, báo cáo chưa gửi, người dùng và vị trí trong ban chỉ đạo chuyển sang đơn vị kế thừa "
    "đầu tiên (`successors`, hoặc đơn vị mới tên `new_name`). Số liệu các kỳ trước vẫn mang tên cũ.",
)
def reorganise_organisation(request: HttpRequest, organisation_id: OrganisationId, payload: ReorganiseIn):
    org = selectors.organisation_get(user=request.auth, pk=organisation_id)
    check_allowed(permissions.can_manage_committee_data(request.auth))
    visible = selectors.organisations_visible_to(request.auth)
    data = payload.dict()
    require_fields(data, "kind", "date")
    record = services.organisation_reorganise(
        actor=request.auth,
        organisation=org,
        kind=data["kind"],
        on=data["date"],
        successors=[get_object_or_404(visible, pk=pk) for pk in dict.fromkeys(data["successors"])],
        merged_with=[get_object_or_404(visible, pk=pk) for pk in dict.fromkeys(data["merged_with"])],
        new_name=data["new_name"],
        decision=data["decision"],
    )
    return Status(201, record)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    summary="Thông tin đơn vị",
)
def get_organisation(request: HttpRequest, organisation_id: OrganisationId):
    return selectors.organisation_get(user=request.auth, pk=organisation_id)


# --- People --------------------------------------------------------------------------------------


@router.get(
    "/persons",
    response={200: list[PersonOut], **READ_ERRORS},
    summary="Danh sách cá nhân",
)
@paginate(Pagination)
def list_persons(request: HttpRequest, q: SearchText = None, on: OnDate = None):
    """People the caller may see, each with the positions held on `on` (default today)."""
    return selectors.person_list(user=request.auth, query=q, on=on or timezone.localdate())


@router.get(
    "/persons/{person_id}",
    response={200: PersonDetailOut, **READ_ERRORS},
    summary="Thông tin cá nhân và chức danh",
    description="Chức danh vào ngày `on` (mặc định hôm nay); thêm `committee` (có thể lặp lại) "
    "để ghép cả vai trò trong các ban chỉ đạo đó, như khi ghi dưới tên trong văn bản.",
)
def get_person(
    request: HttpRequest,
    person_id: PersonId,
    on: OnDate = None,
    committee: Annotated[
        list[ObjectId] | None, Query(None, description="Mã ban chỉ đạo (lặp lại được).")
    ] = None,
):
    person = selectors.person_get(user=request.auth, pk=person_id)
    day: dt.date = on or timezone.localdate()
    committees = [selectors.committee_get(user=request.auth, pk=pk) for pk in dict.fromkeys(committee or [])]
    titles = selectors.person_titles(person, day, committees=committees)
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "on": day,
        "titles": titles,
        "title_text": ", ".join(titles),
    }
