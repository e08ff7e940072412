"""A period's delegation figures, as provincial reports count them, in a bounded number of SQL queries.

Counted by kind: trips abroad ("outbound") and visits received ("inbound"), and apart from them the
border meetings and talks at a border gate or marker ("border") and the escorts of central delegations
through the border gate ("escort"). Each kind has its delegations, person-trips ("lượt người", a
minimum while some member counts are unknown), places, partner localities, levels and categories.
Reported totals (delegations a unit reports as a number) enter the figures beside the register's rows
and are listed apart. Pages, the API, the report annex (giaoban.reports) and the news brief
(giaoban.meetings) all take their figures from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from giaoban.core.vietnamese import collation_key
from giaoban.org.models import Committee, Organisation

from . import countries, localities
from .models import KIND_KEYS, Category, Delegation, Direction, Kind, Level, Purpose, ReportedTotal, Status
from .models import kind_key as key_of
from .selectors import _visible_q, in_committee_units, reported_totals_visible_to
from .sentence import Group, People, Resident, delegation_sentence

KIND_LABELS = {
    "outbound": Direction.OUTBOUND.label,
    "inbound": Direction.INBOUND.label,
    Kind.BORDER.value: Kind.BORDER.label,
    Kind.ESCORT.value: Kind.ESCORT.label,
}


@dataclass
class DirectionFigures:
    """One kind's figures (the name kept from when there were two directions only)."""

    delegations: int = 0
    countries: int = 0
    members: int = 0
    # Delegations without a member count: while any, `members` is a minimum ("ít nhất").
    members_unknown: int = 0
    # Where they went or came from; an inbound delegation based in Viet Nam is left out (its countries
    # are its nationality).
    country_codes: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    # Partner localities, named in the sentence when every delegation of the kind names its own.
    locality_codes: list[str] = field(default_factory=list)
    localities_complete: bool = False
    # Of `delegations`, those a unit reported as a number (ReportedTotal).
    reported: int = 0
    # Inbound delegations of embassies or organisations based in Viet Nam, and their nationalities.
    resident: int = 0
    resident_country_codes: list[str] = field(default_factory=list)
    levels: dict[str, list[int]] = field(default_factory=dict)  # level → [delegations, members, unknown]
    categories: dict[str, list[int]] = field(default_factory=dict)

    def groups(self) -> list[Group]:
        """Levels, then categories, in their vocabularies' order (unspecified ones left out)."""
        found = []
        for key, (count, members, unknown) in [
            *((level.value, self.levels[level.value]) for level in Level if level.value in self.levels),
            *((c.value, self.categories[c.value]) for c in Category if c.value in self.categories),
        ]:
            if key:
                found.append(Group(key, count, People(members, unknown)))
        return found


@dataclass
class DelegationStats:
    """A period's figures; every number comes from an SQL aggregate (at most eight queries)."""

    date_from: dt.date
    date_to: dt.date
    committee_id: int | None
    outbound: DirectionFigures
    inbound: DirectionFigures
    border: DirectionFigures
    escort: DirectionFigures
    countries: int
    by_country: list[dict[str, Any]]
    by_purpose: list[dict[str, Any]]
    by_unit: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    by_locality: list[dict[str, Any]]
    by_level: list[dict[str, Any]]
    by_category: list[dict[str, Any]]
    reported_totals: list[dict[str, Any]]
    locality_names: dict[str, str] = field(default_factory=dict)

    def kind(self, key: str) -> DirectionFigures:
        return getattr(self, key)

    @property
    def people(self) -> int:
        """Person-trips of every kind, as far as member counts are known."""
        return sum(self.kind(key).members for key in KIND_KEYS)

    @property
    def people_known(self) -> bool:
        """Every delegation counted has its member count: `people` is a total, not a minimum."""
        return not any(self.kind(key).members_unknown for key in KIND_KEYS)

    @property
    def by_kind(self) -> list[dict[str, Any]]:
        """Each kind's delegations, person-trips (a minimum while `people_unknown`) and reported part."""
        return [
            {
                "kind": key,
                "label": str(KIND_LABELS[key]),
                "delegations": self.kind(key).delegations,
                "people": self.kind(key).members,
                "people_unknown": self.kind(key).members_unknown,
                "reported": self.kind(key).reported,
            }
            for key in KIND_KEYS
        ]

    @property
    def reported_total(self) -> dict[str, Any]:
        return {
            "delegations": sum(item["delegations"] for item in self.reported_totals),
            "people": sum(item["people"] or 0 for item in self.reported_totals),
            "items": self.reported_totals,
        }

    def _locality_names(self, figures: DirectionFigures) -> list[str]:
        if not figures.localities_complete:
            return []
        return [self.locality_names[code] for code in figures.locality_codes if code in self.locality_names]

    @property
    def sentence(self) -> str:
        out, inb = self.outbound, self.inbound
        return delegation_sentence(
            outbound=out.delegations,
            outbound_countries=out.country_codes,
            outbound_purposes=out.purposes,
            inbound=inb.delegations,
            inbound_countries=inb.country_codes,
            outbound_people=People(out.members, out.members_unknown),
            inbound_people=People(inb.members, inb.members_unknown),
            outbound_localities=self._locality_names(out),
            inbound_localities=self._locality_names(inb),
            outbound_groups=out.groups(),
            inbound_groups=inb.groups(),
            inbound_resident=Resident(inb.resident, inb.resident_country_codes),
            border=self.border.delegations,
            border_countries=self.border.country_codes,
            border_localities=self._locality_names(self.border),
            escort=self.escort.delegations,
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the API and json_script (the breakdown rows are shared, not copied)."""
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "committee_id": self.committee_id,
            "outbound": vars(self.outbound),
            "inbound": vars(self.inbound),
            "border": vars(self.border),
            "escort": vars(self.escort),
            "countries": self.countries,
            "people": self.people,
            "people_known": self.people_known,
            "by_kind": self.by_kind,
            "by_level": self.by_level,
            "by_category": self.by_category,
            "by_locality": self.by_locality,
            "by_country": self.by_country,
            "by_purpose": self.by_purpose,
            "by_unit": self.by_unit,
            "by_month": self.by_month,
            "reported_totals": self.reported_total,
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


def reported_totals_in(
    *, user: Any, date_from: dt.date, date_to: dt.date, committee: Committee | None = None
) -> Any:
    """Reported totals whose whole period lies within the given one, visible to the user."""
    totals = reported_totals_visible_to(user).filter(date_from__gte=date_from, date_to__lte=date_to)
    if committee is not None:
        totals = totals.filter(in_committee_units([committee.pk], "unit"))
    return totals.order_by("date_from", "pk")


def reported_total_item(total: ReportedTotal) -> dict[str, Any]:
    """A reported total as the API and the statistics list it (its unit selected with it)."""
    kind = total.kind_key
    return {
        "id": total.pk,
        "unit_id": total.unit_id,
        "unit_name": total.unit.name,
        "date_from": total.date_from,
        "date_to": total.date_to,
        "kind": kind,
        "kind_label": str(KIND_LABELS[kind]),
        "level": total.level,
        "category": total.category,
        "delegations": total.delegations,
        "people": total.people,
        "country_codes": total.country_code_list,
        "notes": total.notes,
    }


def _codes(text: str) -> list[str]:
    return [code for code in text.split(",") if code]


def _empty() -> dict[str, int]:
    return dict.fromkeys(KIND_KEYS, 0)


def _count(entries: dict[Any, dict[str, Any]], key: Any, make: Any, kind: str, n: int) -> None:
    entries.setdefault(key, {**make(), **_empty()})[kind] += n


def _add_group(groups: dict[str, list[int]], key: str, n: int, members: int, unknown: int) -> None:
    totals = groups.setdefault(key, [0, 0, 0])
    totals[0] += n
    totals[1] += members
    totals[2] += unknown


def _total(entry: dict[str, Any]) -> int:
    return sum(entry[key] for key in KIND_KEYS)


def _by_total_then_name(entry: dict[str, Any]) -> tuple:
    return (-_total(entry), collation_key(entry["name"]))


def delegation_stats(
    *, user: Any, date_from: dt.date, date_to: dt.date, committee: Committee | None = None
) -> DelegationStats:
    """Figures for a period (by start date, cancelled ones left out) and a committee's units.

    Places, localities, levels and categories are counted by grouping on the stored values and code
    lists ("CN,LA"): the database returns one row per distinct combination, a few dozen, which are then
    added up per code. The caller checks that `committee` is one the user may see (org's committee_get).
    """
    base = Delegation.objects.filter(_stats_q(user, date_from, date_to, committee))
    # COUNT(*), not COUNT(id): the columns these queries read are in the covering index, so PostgreSQL
    # answers them with index-only scans.
    rows = Count("*")
    place_rows = list(
        base.values(
            "direction", "kind", "country_codes", "locality_codes", "based_in_viet_nam", "level", "category"
        )
        .annotate(n=rows, members=Sum("member_count"), counted=Count("member_count"))
        .order_by()
    )
    purpose_rows = list(base.values("direction", "kind", "purpose_codes").annotate(n=rows).order_by())
    # Grouped without joining the units (an index-only scan); their names come in one more query.
    unit_rows = list(
        base.values("lead_unit", "direction", "kind").annotate(n=rows, members=Sum("member_count")).order_by()
    )
    unit_names = (
        dict(Organisation.objects.filter(pk__in=base.values("lead_unit")).values_list("pk", "name"))
        if unit_rows
        else {}
    )
    month_rows = list(
        base.annotate(month=TruncMonth("start_date"))
        .values("month", "direction", "kind")
        .annotate(n=rows)
        .order_by()
    )
    totals = list(reported_totals_in(user=user, date_from=date_from, date_to=date_to, committee=committee))

    figures = {key: DirectionFigures() for key in KIND_KEYS}
    places: dict[str, set[str]] = {key: set() for key in KIND_KEYS}
    resident_places: set[str] = set()
    located: dict[str, set[str]] = {key: set() for key in KIND_KEYS}
    located_rows = dict.fromkeys(KIND_KEYS, 0)
    by_country: dict[str, dict[str, Any]] = {}
    by_locality: dict[str, dict[str, Any]] = {}
    by_level: dict[str, dict[str, Any]] = {}
    by_category: dict[str, dict[str, Any]] = {}

    def country(code: str) -> dict[str, Any]:
        return {
            "code": code,
            "name": countries.country_name(code, None),
            "is_territory": countries.is_territory(code),
        }

    def count_group(kind: str, level: str, category: str, n: int, members: int, unknown: int) -> None:
        _add_group(figures[kind].levels, level, n, members, unknown)
        _add_group(figures[kind].categories, category, n, members, unknown)
        _count(by_level, level, lambda: {"level": level, "label": str(Level(level).label)}, kind, n)
        _count(
            by_category,
            category,
            lambda: {"category": category, "label": str(Category(category).label)},
            kind,
            n,
        )

    for row in place_rows:
        kind = key_of(row["direction"], row["kind"])
        n, members, unknown = row["n"], row["members"] or 0, row["n"] - row["counted"]
        entry = figures[kind]
        entry.delegations += n
        entry.members += members
        entry.members_unknown += unknown
        codes = _codes(row["country_codes"])
        if row["based_in_viet_nam"]:
            entry.resident += n
            resident_places.update(codes)
        else:
            places[kind].update(codes)
        for code in codes:
            _count(by_country, code, lambda code=code: country(code), kind, n)
        locality_codes = _codes(row["locality_codes"])
        if locality_codes:
            located[kind].update(locality_codes)
            located_rows[kind] += n
        for code in locality_codes:
            _count(by_locality, code, lambda code=code: {"code": code}, kind, n)
        count_group(kind, row["level"], row["category"], n, members, unknown)

    by_unit: dict[int, dict[str, Any]] = {}

    def unit_entry(unit_id: int, name: str) -> dict[str, Any]:
        return by_unit.setdefault(
            unit_id, {"unit_id": unit_id, "name": name, **_empty(), "members": 0, "reported": 0}
        )

    for row in unit_rows:
        entry = unit_entry(row["lead_unit"], unit_names.get(row["lead_unit"], ""))
        entry[key_of(row["direction"], row["kind"])] += row["n"]
        entry["members"] += row["members"] or 0

    reported_items = []
    for total in totals:
        kind = total.kind_key
        people = total.people
        entry = figures[kind]
        entry.delegations += total.delegations
        entry.reported += total.delegations
        entry.members += people or 0
        entry.members_unknown += 0 if people is not None else total.delegations
        places[kind].update(total.country_code_list)
        for code in total.country_code_list:
            _count(by_country, code, lambda code=code: country(code), kind, 0)
        count_group(
            kind,
            total.level,
            total.category,
            total.delegations,
            people or 0,
            0 if people is not None else total.delegations,
        )
        unit = unit_entry(total.unit_id, total.unit.name)
        unit[kind] += total.delegations
        unit["members"] += people or 0
        unit["reported"] += total.delegations
        reported_items.append(reported_total_item(total))

    by_purpose: dict[str, dict[str, Any]] = {}
    for row in purpose_rows:
        for code in _codes(row["purpose_codes"]):
            label = str(Purpose(code).label) if code in Purpose.values else code
            _count(
                by_purpose,
                code,
                lambda code=code, label=label: {"purpose": code, "label": label},
                key_of(row["direction"], row["kind"]),
                row["n"],
            )
    months: dict[dt.date, dict[str, int]] = defaultdict(_empty)
    for row in month_rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        months[month][key_of(row["direction"], row["kind"])] += row["n"]

    names = localities.names(sorted(by_locality)) if by_locality else {}
    for code, entry in by_locality.items():
        name, country_code = names.get(code, (code, code.split("-")[0]))
        entry.update(
            {
                "name": name,
                "country_code": country_code,
                "country_name": countries.country_name(country_code, None),
            }
        )
    order = {code: index for index, code in enumerate(names)}

    for key, entry in figures.items():
        entry.country_codes = sorted(places[key])
        entry.countries = len(entry.country_codes)
        entry.purposes = [p.value for p in Purpose if p.value in by_purpose and by_purpose[p.value][key]]
        entry.locality_codes = sorted(located[key], key=lambda code: (order.get(code, len(order)), code))
        entry.localities_complete = (
            bool(located[key]) and located_rows[key] == entry.delegations - entry.reported - entry.resident
        )
        if key == "inbound":
            entry.resident_country_codes = sorted(resident_places)

    return DelegationStats(
        date_from=date_from,
        date_to=date_to,
        committee_id=committee.pk if committee else None,
        outbound=figures["outbound"],
        inbound=figures["inbound"],
        border=figures[Kind.BORDER],
        escort=figures[Kind.ESCORT],
        countries=len(by_country),
        by_country=sorted(by_country.values(), key=_by_total_then_name),
        by_purpose=[by_purpose[p.value] for p in Purpose if p.value in by_purpose],
        by_unit=sorted(by_unit.values(), key=_by_total_then_name),
        by_month=[
            {"month": month.strftime("%Y-%m"), **months.get(month, _empty())}
            for month in _months(date_from, date_to)
        ],
        by_locality=sorted(by_locality.values(), key=_by_total_then_name),
        by_level=[by_level[level.value] for level in Level if level.value in by_level],
        by_category=[by_category[c.value] for c in Category if c.value in by_category],
        reported_totals=reported_items,
        locality_names={code: name for code, (name, _country) in names.items()},
    )


def delegation_figures_by_unit(
    *, committee: Committee, date_from: dt.date, date_to: dt.date, unit_ids: Any = None
) -> dict[int, dict[str, int]]:
    """Per unit, by the same rule as delegation_stats: trips abroad and visits received (border meetings
    and escorts apart), reported totals included, and the distinct places of each. Two queries."""
    rows = (
        Delegation.objects.filter(start_date__gte=date_from, start_date__lte=date_to, kind=Kind.VISIT)
        .exclude(status=Status.CANCELLED)
        .filter(in_committee_units([committee.pk], "lead_unit"))
        .values("lead_unit", "direction", "country_codes", "based_in_viet_nam")
        .annotate(n=Count("*"))
        .order_by()
    )
    totals = ReportedTotal.objects.filter(
        in_committee_units([committee.pk], "unit"),
        date_from__gte=date_from,
        date_to__lte=date_to,
        kind=Kind.VISIT,
    ).values_list("unit", "direction", "country_codes", "delegations")
    if unit_ids is not None:
        rows = rows.filter(lead_unit__in=unit_ids)
        totals = totals.filter(unit__in=unit_ids)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    places: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        counts[row["lead_unit"]][row["direction"]] += row["n"]
        if not row["based_in_viet_nam"]:
            places[row["lead_unit"]][row["direction"]].update(_codes(row["country_codes"]))
    for unit_id, direction, codes, n in totals:
        counts[unit_id][direction] += n
        places[unit_id][direction].update(_codes(codes))
    return {
        unit_id: {
            "outbound": by_direction[Direction.OUTBOUND],
            "outbound_countries": len(places[unit_id][Direction.OUTBOUND]),
            "inbound": by_direction[Direction.INBOUND],
            "inbound_countries": len(places[unit_id][Direction.INBOUND]),
        }
        for unit_id, by_direction in counts.items()
    }
