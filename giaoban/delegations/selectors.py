"""Reads of delegations, each through the one door `delegations_visible_to(user)`; statistics in SQL.

Visibility (domain.md §2):
- secretariat and leaders see the delegations of every unit of their committees (member units and the
  standing agency);
- a unit officer sees their own unit's delegations and those their unit takes part in (a province's
  delegation, a joint delegation of several provinces); any other answers 404;
- a system admin reads every delegation and edits none (support staff answer questions about the
  data, they do not keep it).

Who may write: the secretariat for any unit of their committees, a unit officer for their own unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core import permissions
from giaoban.core.db import vietnamese_order
from giaoban.core.vietnamese import format_number
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Committee, Organisation

from .models import (
    REPORT_OWED_STATUSES,
    Delegation,
    DelegationReportFile,
    ImportJob,
    ReportedTotal,
)

# --- Who sees and who writes ---------------------------------------------------------------------


def in_committee_units(committee_ids: Any, field: str = "pk") -> Q:
    """`field` is a unit of the given committees (ids, or a subquery of them): a member or standing agency.

    Two plain IN subqueries, which PostgreSQL hashes; a join through the committees would multiply rows.
    """
    members = Committee.member_units.through.objects.filter(committee__in=committee_ids).values(
        "organisation"
    )
    agencies = Committee.objects.filter(pk__in=committee_ids, standing_agency__isnull=False).values(
        "standing_agency"
    )
    return Q(**{f"{field}__in": members}) | Q(**{f"{field}__in": agencies})


def committee_units(committee_ids: Any) -> QuerySet[Organisation]:
    """The units of the given committees: members and standing agencies."""
    return Organisation.objects.filter(in_committee_units(committee_ids))


def _participating(units: Any) -> Q:
    """Delegations one of `units` (ids or a subquery) takes part in: a subquery, so no row repeats."""
    through = Delegation.participating_units.through
    return Q(pk__in=through.objects.filter(organisation__in=units).values("delegation"))


def _visible_q(user: Any, field: str = "lead_unit", participants: bool = True) -> Q | None:
    """The visibility rule as a filter on delegations (or, `field="unit"`, reported totals); None
    means every one. A unit that takes part in a delegation sees it as its lead unit does."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if permissions.is_system_admin(user):
        return None
    if permissions.sees_whole_committee(user):
        committee_ids = org_selectors.committees_visible_to(user).values("pk")
        return in_committee_units(committee_ids, field)
    if permissions.is_unit_officer(user) and user.organisation_id:
        own = Q(**{field: user.organisation_id})
        return own | _participating([user.organisation_id]) if participants else own
    return Q(pk__in=[])


def delegations_visible_to(user: Any) -> QuerySet[Delegation]:
    condition = _visible_q(user)
    return Delegation.objects.all() if condition is None else Delegation.objects.filter(condition)


def can_manage_delegations(user: Any) -> bool:
    """Registers delegations at all: the secretariat, and unit officers for their own unit."""
    return permissions.is_secretariat(user) or (
        permissions.is_unit_officer(user) and bool(user.organisation_id)
    )


def can_edit_delegation(user: Any, delegation: Delegation) -> bool:
    if permissions.is_secretariat(user):
        return True
    return permissions.is_unit_officer(user) and delegation.lead_unit_id == user.organisation_id


def units_for_registration(user: Any) -> QuerySet[Organisation]:
    """The units a user may register delegations for, in Vietnamese order."""
    if permissions.is_secretariat(user):
        committee_ids = org_selectors.committees_visible_to(user).values("pk")
        units = committee_units(committee_ids)
    elif permissions.is_unit_officer(user) and user.organisation_id:
        units = Organisation.objects.filter(pk=user.organisation_id)
    else:
        units = Organisation.objects.none()
    return units.order_by(vietnamese_order("name"), "pk")


def delegation_units(user: Any) -> QuerySet[Organisation]:
    """The units whose delegations the user sees (the list's unit filter), in Vietnamese order."""
    if permissions.is_system_admin(user):
        units = Organisation.objects.all()
    elif permissions.sees_whole_committee(user):
        committee_ids = org_selectors.committees_visible_to(user).values("pk")
        units = committee_units(committee_ids)
    elif permissions.is_unit_officer(user) and user.organisation_id:
        units = Organisation.objects.filter(pk=user.organisation_id)
    else:
        units = Organisation.objects.none()
    return units.order_by(vietnamese_order("name"), "pk")


def reported_totals_visible_to(user: Any) -> QuerySet[ReportedTotal]:
    """Reported totals by the same rule as delegations, on the reporting unit."""
    condition = _visible_q(user, "unit", participants=False)
    totals = ReportedTotal.objects.all() if condition is None else ReportedTotal.objects.filter(condition)
    return totals.select_related("unit")


def can_edit_reported_total(user: Any, total: ReportedTotal) -> bool:
    """As for a delegation: the secretariat, or the officer of the reporting unit."""
    if permissions.is_secretariat(user):
        return True
    return permissions.is_unit_officer(user) and total.unit_id == user.organisation_id


def reported_total_get(*, user: Any, pk: int) -> ReportedTotal:
    return get_object_or_404(reported_totals_visible_to(user), pk=pk)


def import_jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    """A user's own import jobs: nobody else sees what a user uploaded."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user)


def import_job_get(*, user: Any, pk: int) -> ImportJob:
    return get_object_or_404(import_jobs_visible_to(user), pk=pk)


def delegation_get(*, user: Any, pk: int) -> Delegation:
    return get_object_or_404(delegations_visible_to(user).select_related("lead_unit"), pk=pk)


def delegation_get_for_edit(*, user: Any, pk: int) -> Delegation:
    """404 for a delegation the user may not see, 403 for one they see but may not edit."""
    delegation = delegation_get(user=user, pk=pk)
    if not can_edit_delegation(user, delegation):
        raise PermissionDenied
    return delegation


def report_file_get(*, user: Any, pk: int) -> DelegationReportFile:
    return get_object_or_404(
        DelegationReportFile.objects.filter(delegation__in=delegations_visible_to(user).values("pk")), pk=pk
    )


# --- Post-trip reports ---------------------------------------------------------------------------


def report_due_date(delegation: Delegation) -> dt.date:
    """Due DELEGATION_REPORT_DUE_DAYS after the delegation's end date (Circular 03/2023/TT-BNV: 15)."""
    return delegation.end_date + dt.timedelta(days=settings.DELEGATION_REPORT_DUE_DAYS)


def report_overdue_cutoff(today: dt.date | None = None) -> dt.date:
    """A delegation that ended before this day and still owes its report is overdue."""
    return (today or timezone.localdate()) - dt.timedelta(days=settings.DELEGATION_REPORT_DUE_DAYS)


def is_report_overdue(delegation: Delegation, today: dt.date | None = None) -> bool:
    """The rule in Python; `with_report_overdue` is the same rule in SQL. A past delegation entered
    afterwards is never overdue."""
    return (
        delegation.status in REPORT_OWED_STATUSES
        and not delegation.historical
        and delegation.end_date < report_overdue_cutoff(today)
    )


def with_report_overdue(queryset: QuerySet[Delegation], today: dt.date | None = None) -> QuerySet[Delegation]:
    overdue = Q(status__in=REPORT_OWED_STATUSES, end_date__lt=report_overdue_cutoff(today), historical=False)
    return queryset.annotate(
        report_overdue=Case(
            When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def delegations_missing_report(*, user: Any, today: dt.date | None = None) -> QuerySet[Delegation]:
    """Delegations past their report's due date without a report, the longest overdue first."""
    return with_report_overdue(
        delegations_visible_to(user)
        .report_missing(returned_before=report_overdue_cutoff(today))
        .select_related("lead_unit")
        .order_by("end_date", "pk"),
        today,
    )


# --- Lists ---------------------------------------------------------------------------------------


def listed(column: str, code: str) -> Q:
    """The comma-separated list in `column` ("CN,LA") holds `code`; plain lookups, on both databases."""
    return (
        Q(**{column: code})
        | Q(**{f"{column}__startswith": f"{code},"})
        | Q(**{f"{column}__endswith": f",{code}"})
        | Q(**{f"{column}__contains": f",{code},"})
    )


OVERDUE = "overdue"  # the status filter's extra value: report overdue
SORTS = {
    "-start": ("-start_date", "-pk"),
    "start": ("start_date", "pk"),
    "name": (vietnamese_order("name"), "pk"),
    "unit": (vietnamese_order("lead_unit__name"), "-start_date", "pk"),
}
DEFAULT_SORT = "-start"


def delegation_list(
    *,
    user: Any,
    query: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    direction: str | None = None,
    unit_id: int | None = None,
    country: str | None = None,
    purpose: str | None = None,
    status: str | None = None,
    committee_id: int | None = None,
    sort: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Delegation]:
    """The register filtered as asked; a delegation falls in a period by its start date."""
    qs = delegations_visible_to(user).search(query)
    if date_from:
        qs = qs.filter(start_date__gte=date_from)
    if date_to:
        qs = qs.filter(start_date__lte=date_to)
    if direction:
        qs = qs.filter(direction=direction)
    if unit_id:
        qs = qs.filter(lead_unit=unit_id)
    if committee_id:
        qs = qs.filter(in_committee_units([committee_id], "lead_unit"))
    if country:
        qs = qs.filter(listed("country_codes", country))
    if purpose:
        qs = qs.filter(listed("purpose_codes", purpose))
    if status == OVERDUE:
        qs = qs.report_missing(returned_before=report_overdue_cutoff(today))
    elif status:
        qs = qs.filter(status=status)
    ordering = SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    return with_report_overdue(qs.select_related("lead_unit").order_by(*ordering), today)


# --- Size caps -----------------------------------------------------------------------------------

OVER_MEMBERS = _("Đoàn có %(count)s thành viên, quá mức %(cap)s người.")
OVER_DAYS = _("Đoàn đi %(count)s ngày, quá mức %(cap)s ngày.")
OVER_COUNTRIES = _("Đoàn đến %(count)s quốc gia, vùng lãnh thổ, quá mức %(cap)s.")


def delegation_warnings(
    *, member_count: int | None, start_date: dt.date, end_date: dt.date, country_count: int
) -> list[str]:
    """The size caps a delegation exceeds (DELEGATION_MAX_*; 0 turns one off). They warn, never block."""
    checks = [
        (member_count or 0, settings.DELEGATION_MAX_MEMBERS, OVER_MEMBERS),
        ((end_date - start_date).days + 1, settings.DELEGATION_MAX_DAYS, OVER_DAYS),
        (country_count, settings.DELEGATION_MAX_COUNTRIES, OVER_COUNTRIES),
    ]
    return [
        str(message) % {"count": format_number(count), "cap": format_number(cap)}
        for count, cap, message in checks
        if cap and count > cap
    ]


def warnings_for(delegation: Delegation) -> list[str]:
    return delegation_warnings(
        member_count=delegation.member_count,
        start_date=delegation.start_date,
        end_date=delegation.end_date,
        country_count=len(delegation.country_code_list),
    )


# --- Statistics ----------------------------------------------------------------------------------


def delegation_stats(*, user: Any, date_from: dt.date, date_to: dt.date, committee: Committee | None = None):
    """A period's figures (stats.delegation_stats, which reads the visibility rule above)."""
    from .stats import delegation_stats as compute

    return compute(user=user, date_from=date_from, date_to=date_to, committee=committee)
