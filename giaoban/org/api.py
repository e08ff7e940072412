"""Endpoints for committees and memberships (read and set up), people, and the directory of organisations
(read, add, edit, reorganise).

Every handler reads through the same selectors as the pages, so the API shows a user exactly what
the pages show, and answers 404 for the rest. Committees and their memberships are set up here by
the secretariat and the system admin (core.permissions.can_set_up_committees).
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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

from . import forms, selectors, services
from .models import Committee, OrganisationKind
from .schemas import (
    CommitteeDetailOut,
    CommitteeIn,
    CommitteeOut,
    CommitteeUpdateIn,
    MembershipIn,
    MembershipOut,
    MembershipUpdateIn,
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
MembershipId = Annotated[int, path_id("Mã thành viên ban chỉ đạo.")]
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
    return _committee_detail(request, committee_id)


def _committee_detail(request: HttpRequest, committee_id: int) -> Committee:
    committee = selectors.committee_get(user=request.auth, pk=committee_id)
    committee.member_unit_list = list(  # type: ignore[attr-defined]
        selectors.organisation_list(user=request.auth, committee_id=committee.pk)
    )
    return committee


NOT_AMONG_CHOICES = _("Không có mã %(id)s trong danh sách được chọn cho trường này.")


def _pick_one(choices: QuerySet, pk: int | None, field: str):
    """The record `pk` among `choices` (what the caller may pick), or a 422 naming the field."""
    if pk is None:
        return None
    found = choices.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: ValidationError(NOT_AMONG_CHOICES, code="invalid", params={"id": pk})})
    return found


def _pick_many(choices: QuerySet, pks: list[int], field: str) -> list:
    found = {record.pk: record for record in choices.filter(pk__in=pks)}
    for pk in pks:
        if pk not in found:
            raise ValidationError(
                {field: ValidationError(NOT_AMONG_CHOICES, code="invalid", params={"id": pk})}
            )
    return [found[pk] for pk in dict.fromkeys(pks)]


OPTIONAL_TEXT_FIELDS = (
    "decision_number",
    "decision_issuer",
    "parent_body_name",
    "parent_body_code",
    "place_name",
)


def _committee_data(request: HttpRequest, data: dict, committee: Committee | None = None) -> dict:
    """The body's ids as records the caller may pick (the same lists as the pages' forms)."""
    user = request.auth
    keep_agency = [committee.standing_agency_id] if committee else []
    keep_parent = [committee.parent_body_id] if committee else []
    if "standing_agency" in data:
        units = forms.organisation_choices(user, keep=keep_agency)
        data["standing_agency"] = _pick_one(units, data["standing_agency"], "standing_agency")
    if "parent_body" in data:
        bodies = forms.parent_body_choices(keep=keep_parent)
        data["parent_body"] = _pick_one(bodies, data["parent_body"], "parent_body")
    if data.get("member_units") is not None:
        current = list(committee.member_units.values_list("pk", flat=True)) if committee else []
        units = forms.organisation_choices(user, keep=current)
        data["member_units"] = _pick_many(units, data["member_units"], "member_units")
    else:
        data.pop("member_units", None)
    if "head" in data:
        data["head"] = _pick_one(forms.person_choices(user), data["head"], "head")
    # The optional text fields: null means empty, as on the form (full_clean lets None through a blank
    # field, and the database refuses it).
    for name in OPTIONAL_TEXT_FIELDS:
        if name in data and data[name] is None:
            data[name] = ""
    return data


@router.post(
    "/committees",
    response={201: CommitteeDetailOut, **READ_ERRORS},
    summary="Thêm ban chỉ đạo",
    description="Cơ quan thường trực và quản trị hệ thống. Bỏ trống `document_layout`, `parent_body`: đề "
    "xuất theo Trưởng ban (`head`) và cơ quan thường trực. Người thêm thuộc cơ quan thường trực thì trở "
    "thành người dùng của ban chỉ đạo mới.",
)
def create_committee(request: HttpRequest, payload: CommitteeIn):
    check_allowed(permissions.can_set_up_committees(request.auth))
    data = _committee_data(request, payload.dict(exclude_unset=True))
    committee = services.committee_create(actor=request.auth, **data)
    return Status(201, _committee_detail(request, committee.pk))


@router.patch(
    "/committees/{committee_id}",
    response={200: CommitteeDetailOut, **WRITE_ERRORS},
    summary="Sửa ban chỉ đạo",
    description="Chỉ các trường gửi lên thay đổi; `member_units` thay cả danh sách đơn vị thành viên. "
    "`version` là phiên bản đã đọc (409 nếu đã có người lưu trước).",
)
def update_committee(request: HttpRequest, committee_id: CommitteeId, payload: CommitteeUpdateIn):
    committee = selectors.committee_get(user=request.auth, pk=committee_id)
    check_allowed(permissions.can_set_up_committees(request.auth))
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    version = data.pop("version")
    for name in ("name", "short_name", "title_name", "document_layout", "document_code"):
        if name in data:
            require_fields(data, name)
    data = _committee_data(request, data, committee)
    services.committee_update(actor=request.auth, committee=committee, expected_version=version, **data)
    return _committee_detail(request, committee_id)


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


def _membership_data(request: HttpRequest, data: dict, keep_person=None, keep_unit=None) -> dict:
    if "person" in data:
        people = forms.person_choices(request.auth, keep=[keep_person])
        data["person"] = _pick_one(people, data["person"], "person")
    if "representing" in data:
        units = forms.organisation_choices(request.auth, keep=[keep_unit])
        data["representing"] = _pick_one(units, data["representing"], "representing")
    return data


@router.post(
    "/committees/{committee_id}/memberships",
    response={201: MembershipOut, **READ_ERRORS},
    summary="Thêm thành viên ban chỉ đạo",
    description="Một ban chỉ đạo chỉ có một Trưởng ban trong cùng thời gian.",
)
def create_membership(request: HttpRequest, committee_id: CommitteeId, payload: MembershipIn):
    committee = selectors.committee_get(user=request.auth, pk=committee_id)
    check_allowed(permissions.can_set_up_committees(request.auth))
    data = _membership_data(request, payload.dict(exclude_unset=True))
    membership = services.membership_create(actor=request.auth, committee=committee, **data)
    return Status(201, selectors.membership_get(user=request.auth, pk=membership.pk))


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **READ_ERRORS},
    summary="Một thành viên ban chỉ đạo",
)
def get_membership(request: HttpRequest, membership_id: MembershipId):
    return selectors.membership_get(user=request.auth, pk=membership_id)


@router.patch(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    summary="Sửa thành viên ban chỉ đạo",
    description="Ghi `end_date` khi thành viên thôi giữ vai trò; `version` là phiên bản đã đọc.",
)
def update_membership(request: HttpRequest, membership_id: MembershipId, payload: MembershipUpdateIn):
    membership = selectors.membership_get(user=request.auth, pk=membership_id)
    check_allowed(permissions.can_set_up_committees(request.auth))
    data = payload.dict(exclude_unset=True)
    require_fields(data, "version")
    version = data.pop("version")
    for name in ("person", "role"):
        if name in data:
            require_fields(data, name)
    data = _membership_data(request, data, membership.person_id, membership.representing_id)
    services.membership_update(actor=request.auth, membership=membership, expected_version=version, **data)
    return selectors.membership_get(user=request.auth, pk=membership_id)


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
