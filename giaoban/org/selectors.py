"""Reads of organisations, people, committees and memberships, each filtered to what a user may see.

Visibility (domain.md §2): a system admin sees every record; everyone else sees the committees they
belong to, those committees' units and members. Secretariat and leaders see the whole directory of
people; a unit officer sees the people of their own unit and the committees' members.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giaoban.core import permissions
from giaoban.core.db import vietnamese_order
from giaoban.core.vietnamese import join_sharing_ending, search_key

from .models import (
    ApiToken,
    Committee,
    CommitteeMembership,
    MembershipRole,
    Organisation,
    Person,
    Position,
)

# Titles in precedence order, then the oldest first; an open start counts as oldest on both databases.
POSITION_ORDER = ("precedence", F("start_date").asc(nulls_first=True), "pk")


def _committee_ids(user: Any) -> list[int]:
    cache = getattr(user, "_giaoban_committee_ids", None)
    if cache is None:
        cache = list(user.committees.values_list("pk", flat=True)) if user.is_authenticated else []
        user._giaoban_committee_ids = cache
    return cache


# --- Committees ----------------------------------------------------------------------------------


def committees_visible_to(user: Any) -> QuerySet[Committee]:
    if not user.is_authenticated:
        return Committee.objects.none()
    if permissions.is_system_admin(user):
        return Committee.objects.all()
    return Committee.objects.filter(pk__in=_committee_ids(user))


def committee_list(*, user: Any, query: str | None = None) -> QuerySet[Committee]:
    return (
        committees_visible_to(user)
        .search(query)
        .select_related("standing_agency", "parent_body")
        .order_by(vietnamese_order("name"), "pk")
    )


def committee_get(*, user: Any, pk: int) -> Committee:
    return get_object_or_404(
        committees_visible_to(user).select_related("standing_agency", "parent_body"), pk=pk
    )


# --- Organisations -------------------------------------------------------------------------------


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if permissions.is_system_admin(user):
        return Organisation.objects.all()
    committee_ids = _committee_ids(user)
    return Organisation.objects.filter(
        Q(member_of__in=committee_ids) | Q(standing_for__in=committee_ids) | Q(pk=user.organisation_id or 0)
    ).distinct()


def organisation_list(
    *, user: Any, query: str | None = None, kind: str | None = None, committee_id: int | None = None
) -> QuerySet[Organisation]:
    qs = organisations_visible_to(user).search(query).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if committee_id:
        qs = qs.filter(member_of=committee_id)
    return qs.order_by(vietnamese_order("name"), "pk")


def organisation_get(*, user: Any, pk: int) -> Organisation:
    return get_object_or_404(organisations_visible_to(user).select_related("parent"), pk=pk)


# --- People --------------------------------------------------------------------------------------


def persons_visible_to(user: Any) -> QuerySet[Person]:
    if not user.is_authenticated:
        return Person.objects.none()
    if permissions.is_system_admin(user) or permissions.sees_whole_committee(user):
        return Person.objects.all()
    return Person.objects.filter(
        Q(positions__organisation=user.organisation_id or 0)
        | Q(memberships__committee__in=_committee_ids(user))
    ).distinct()


def person_list(*, user: Any, query: str | None = None, on: dt.date | None = None) -> QuerySet[Person]:
    today = on or timezone.localdate()
    return (
        persons_visible_to(user)
        .search(query)
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=Position.objects.active_on(today)
                .select_related("organisation")
                .order_by(*POSITION_ORDER),
                to_attr="current_positions",
            )
        )
        .order_by(vietnamese_order("full_name"), "pk")
    )


def person_get(*, user: Any, pk: int) -> Person:
    return get_object_or_404(persons_visible_to(user), pk=pk)


def position_get(*, user: Any, pk: int) -> Position:
    position = get_object_or_404(Position.objects.select_related("person", "organisation"), pk=pk)
    if not persons_visible_to(user).filter(pk=position.person_id).exists():
        raise Http404
    return position


# --- Memberships ---------------------------------------------------------------------------------


def memberships_visible_to(user: Any) -> QuerySet[CommitteeMembership]:
    return CommitteeMembership.objects.filter(committee__in=committees_visible_to(user))


def membership_list(
    *, user: Any, committee: Committee | None = None, on: dt.date | None = None
) -> QuerySet[CommitteeMembership]:
    qs = memberships_visible_to(user).select_related("committee", "person", "representing")
    if committee is not None:
        qs = qs.filter(committee=committee)
    if on is not None:
        qs = qs.active_on(on)
    role_order = {role.value: index for index, role in enumerate(MembershipRole)}
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        *[When(role=role, then=Value(index)) for role, index in role_order.items()],
        output_field=IntegerField(),
    )
    return qs.order_by(rank, vietnamese_order("person__full_name"), "pk")


def membership_get(*, user: Any, pk: int) -> CommitteeMembership:
    return get_object_or_404(
        memberships_visible_to(user).select_related("committee", "person", "representing"), pk=pk
    )


# --- Titles as of a date -------------------------------------------------------------------------

# How each committee role reads in front of the committee's title name.
ROLE_TITLE_PREFIX = {
    MembershipRole.HEAD: "Trưởng",
    MembershipRole.STANDING_DEPUTY: "Phó Trưởng ban Thường trực",
    MembershipRole.DEPUTY: "Phó Trưởng",
    MembershipRole.MEMBER: "Ủy viên",
    MembershipRole.SECRETARY: "Thư ký",
}


def person_titles(
    person: Person, on: dt.date, *, committees: list[Committee] | QuerySet[Committee] | None = None
) -> list[str]:
    """Titles held on a date, in precedence order; committee roles appended for the given committees.

    Heading two committees in the same role gives one title: "Trưởng Ban Chỉ đạo A và Ban Chỉ đạo B tỉnh".
    """
    titles = [p.title for p in Position.objects.filter(person=person).active_on(on).order_by(*POSITION_ORDER)]
    if committees:
        memberships = (
            CommitteeMembership.objects.filter(person=person, committee__in=list(committees))
            .active_on(on)
            .select_related("committee")
            .order_by("committee__pk")
        )
        by_role: dict[str, list[str]] = {}
        for membership in memberships:
            by_role.setdefault(membership.role, []).append(membership.committee.title_name)
        for role in MembershipRole:
            if role.value in by_role:
                titles.append(f"{ROLE_TITLE_PREFIX[role]} {join_sharing_ending(by_role[role.value])}")
    return titles


def person_title_text(
    person: Person, on: dt.date, *, committees: list[Committee] | QuerySet[Committee] | None = None
) -> str:
    """ "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh": the titles as written after a name."""
    return ", ".join(person_titles(person, on, committees=committees))


# --- API tokens ----------------------------------------------------------------------------------


def api_token_list(*, user: Any, current_key: str | None = None) -> list[ApiToken]:
    """The user's own tokens still in force, newest first; `current` marks the one making the request."""
    current_digest = ApiToken.digest(current_key) if current_key else None
    tokens = list(
        ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .order_by("-created_at", "-pk")
    )
    for token in tokens:
        token.current = token.key_digest == current_digest  # type: ignore[attr-defined]
    return tokens


# --- Names written in documents ------------------------------------------------------------------


def organisation_lookup(name: str, *, on: dt.date | None = None) -> Organisation | None:
    """The organisation a name written in a document means ("Sở Ngoại vụ", "so ngoai vu", "SNGV"): its
    name or short name, exactly or without accents and case; active on `on` when given. None when no
    organisation, or more than one, answers to it. (The simple version: the directory adds aliases and
    abbreviations under the same signature.)"""
    key = search_key(name)
    if not key:
        return None
    organisations = Organisation.objects.all()
    if on is not None:
        organisations = organisations.active_on(on)
    candidates = list(organisations.filter(search_key__contains=key)[:50])
    for matches in (
        [org for org in candidates if name.strip() in (org.name, org.short_name)],
        [org for org in candidates if key in (search_key(org.name), search_key(org.short_name))],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None
    return None
