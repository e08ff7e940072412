"""Reads of delegations, each through the one door `delegations_visible_to(user)`; statistics in SQL.

Visibility (domain.md §2):
- secretariat and leaders see the delegations of every unit of their committees (member units and the
  standing agency);
- a unit officer sees only their own unit's delegations; any other answers 404;
- a system admin reads every delegation and edits none (support staff answer questions about the
  data, they do not keep it).

Who may write: the secretariat for any unit of their committees, a unit officer for their own unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core import permissions
from giaoban.core.db import vietnamese_order
from giaoban.core.vietnamese import collation_key, format_number
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Committee, Organisation

from . import countries
from .models import (
    REPORT_OWED_STATUSES,
    Delegation,
    DelegationReportFile,
    Direction,
    ImportJob,
    Purpose,
    Status,
)
from .sentence import People, delegation_sentence

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


def _visible_q(user: Any) -> Q | None:
    """The visibility rule as a filter on delegations; None means every delegation."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if permissions.is_system_admin(user):
        return None
    if permissions.sees_whole_committee(user):
        committee_ids = org_selectors.committees_visible_to(user).values("pk")
        return in_committee_units(committee_ids, "lead_unit")
    if permissions.is_unit_officer(user) and user.organisation_id:
        return Q(lead_unit=user.organisation_id)
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
    """The rule in Python; `with_report_overdue` is the same rule in SQL."""
    return delegation.status in REPORT_OWED_STATUSES and delegation.end_date < report_overdue_cutoff(today)


def with_report_overdue(queryset: QuerySet[Delegation], today: dt.date | None = None) -> QuerySet[Delegation]:
    overdue = Q(status__in=REPORT_OWED_STATUSES, end_date__lt=report_overdue_cutoff(today))
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


# --- Statistics ----------------------------------------------------------------------------------


@dataclass
class DirectionFigures:
    delegations: int = 0
    countries: int = 0
    members: int = 0
    # Delegations without a member count: while any, `members` is a minimum ("ít nhất").
    members_unknown: int = 0
    country_codes: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)


@dataclass
class DelegationStats:
    """A period's figures; every number comes from an SQL aggregate (five queries in all)."""

    date_from: dt.date
    date_to: dt.date
    committee_id: int | None
    outbound: DirectionFigures
    inbound: DirectionFigures
    countries: int
    by_country: list[dict[str, Any]]
    by_purpose: list[dict[str, Any]]
    by_unit: list[dict[str, Any]]
    by_month: list[dict[str, Any]]

    @property
    def sentence(self) -> str:
        return delegation_sentence(
            outbound=self.outbound.delegations,
            outbound_countries=self.outbound.country_codes,
            outbound_purposes=self.outbound.purposes,
            inbound=self.inbound.delegations,
            inbound_countries=self.inbound.country_codes,
            outbound_people=People(self.outbound.members, self.outbound.members_unknown),
            inbound_people=People(self.inbound.members, self.inbound.members_unknown),
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the API and json_script (the breakdown rows are shared, not copied)."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "committee_id": self.committee_id,
            "outbound": vars(self.outbound),
            "inbound": vars(self.inbound),
            "countries": self.countries,
            "by_country": self.by_country,
            "by_purpose": self.by_purpose,
            "by_unit": self.by_unit,
            "by_month": self.by_month,
            "sentence": self.sentence,
        }


def _months(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    months, day = [], date_from.replace(day=1)
    while day <= date_to and len(months) < 1200:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _stats_q(user: Any, date_from: dt.date, date_to: dt.date, committee: Committee | None) -> Q:
    """Counted delegations started in the period, visible to the user, of the committee's units."""
    condition = Q(start_date__gte=date_from, start_date__lte=date_to) & ~Q(status=Status.CANCELLED)
    visible = _visible_q(user)
    if visible is not None:
        condition &= visible
    if committee is not None:
        condition &= in_committee_units([committee.pk], "lead_unit")
    return condition


def _codes(text: str) -> list[str]:
    return [code for code in text.split(",") if code]


def delegation_stats(
    *, user: Any, date_from: dt.date, date_to: dt.date, committee: Committee | None = None
) -> DelegationStats:
    """Figures for a period (by start date, cancelled ones left out) and a committee's units.

    Four aggregate queries and one for the units' names. Places and purposes are counted by grouping on the stored code lists
    ("CN,LA"): the database returns one row per distinct list, a few dozen, which are then added up
    per code. The caller checks that `committee` is one the user may see (org's committee_get).
    """
    base = Delegation.objects.filter(_stats_q(user, date_from, date_to, committee))
    # COUNT(*), not COUNT(id): every column these queries read is in the covering index, so PostgreSQL
    # answers them with index-only scans.
    rows = Count("*")
    country_rows = list(
        base.values("direction", "country_codes")
        .annotate(n=rows, members=Sum("member_count"), counted=Count("member_count"))
        .order_by()
    )
    purpose_rows = list(base.values("direction", "purpose_codes").annotate(n=rows).order_by())
    # Grouped without joining the units (an index-only scan); their names come in one more query.
    unit_rows = list(
        base.values("lead_unit", "direction").annotate(n=rows, members=Sum("member_count")).order_by()
    )
    unit_names = (
        dict(Organisation.objects.filter(pk__in=base.values("lead_unit")).values_list("pk", "name"))
        if unit_rows
        else {}
    )
    month_rows = list(
        base.annotate(month=TruncMonth("start_date")).values("month", "direction").annotate(n=rows).order_by()
    )

    empty = {"outbound": 0, "inbound": 0}
    totals: dict[str, dict[str, int]] = {d.value: {"n": 0, "members": 0, "unknown": 0} for d in Direction}
    by_country: dict[str, dict[str, Any]] = {}
    for row in country_rows:
        direction = row["direction"]
        totals[direction]["n"] += row["n"]
        totals[direction]["members"] += row["members"] or 0
        totals[direction]["unknown"] += row["n"] - row["counted"]
        for code in _codes(row["country_codes"]):
            entry = by_country.setdefault(
                code,
                {
                    "code": code,
                    "name": countries.country_name(code, None),
                    "is_territory": countries.is_territory(code),
                    **empty,
                },
            )
            entry[direction] += row["n"]
    by_purpose: dict[str, dict[str, Any]] = {}
    for row in purpose_rows:
        for code in _codes(row["purpose_codes"]):
            label = str(Purpose(code).label) if code in Purpose.values else code
            entry = by_purpose.setdefault(code, {"purpose": code, "label": label, **empty})
            entry[row["direction"]] += row["n"]
    by_unit: dict[int, dict[str, Any]] = {}
    for row in unit_rows:
        entry = by_unit.setdefault(
            row["lead_unit"],
            {
                "unit_id": row["lead_unit"],
                "name": unit_names.get(row["lead_unit"], ""),
                **empty,
                "members": 0,
            },
        )
        entry[row["direction"]] += row["n"]
        entry["members"] += row["members"] or 0
    months: dict[dt.date, dict[str, int]] = defaultdict(lambda: dict(empty))
    for row in month_rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        months[month][row["direction"]] += row["n"]

    figures = {}
    for direction in Direction:
        codes = sorted(code for code, entry in by_country.items() if entry[direction.value])
        purposes = [code for code, entry in by_purpose.items() if entry[direction.value]]
        figures[direction.value] = DirectionFigures(
            delegations=totals[direction.value]["n"],
            countries=len(codes),
            members=totals[direction.value]["members"],
            members_unknown=totals[direction.value]["unknown"],
            country_codes=codes,
            purposes=[p.value for p in Purpose if p.value in purposes],
        )

    def by_total_then_name(entry: dict[str, Any]) -> tuple:
        return (-(entry["outbound"] + entry["inbound"]), collation_key(entry["name"]))

    return DelegationStats(
        date_from=date_from,
        date_to=date_to,
        committee_id=committee.pk if committee else None,
        outbound=figures[Direction.OUTBOUND],
        inbound=figures[Direction.INBOUND],
        countries=len(by_country),
        by_country=sorted(by_country.values(), key=by_total_then_name),
        by_purpose=[by_purpose[p.value] for p in Purpose if p.value in by_purpose],
        by_unit=sorted(by_unit.values(), key=by_total_then_name),
        by_month=[
            {"month": month.strftime("%Y-%m"), **months.get(month, empty)}
            for month in _months(date_from, date_to)
        ],
    )


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
