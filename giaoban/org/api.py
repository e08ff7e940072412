"""Read endpoints for committees, memberships, organisations and people.

Every handler reads through the same selectors as the pages, so the API shows a user exactly what
the pages show, and answers 404 for the rest.
"""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from giaoban.api.pagination import Pagination
from giaoban.api.schemas import MAX_ID, READ_ERRORS, InputDate, ObjectId, OnDate, SearchText, path_id

from . import selectors
from .models import OrganisationKind
from .schemas import (
    CommitteeDetailOut,
    CommitteeOut,
    MembershipOut,
    OrganisationOut,
    PersonDetailOut,
    PersonOut,
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
):
    if committee is not None:
        # A committee the caller cannot see answers 404 rather than an empty list.
        selectors.committee_get(user=request.auth, pk=committee)
    return selectors.organisation_list(user=request.auth, query=q, kind=kind, committee_id=committee)


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
