"""The figures the system computes for a period itself, from the other apps' records: delegations
(Delegations), tasks in the four classes of Decision 42/2014/QĐ-TTg (Tasks), meetings held (Meetings).

An indicator whose `source` is one of COMPUTED is filled in by the system, per unit and for the whole
committee, and is read-only for the units. Committee totals come from the same selectors the
delegation and task pages use, so the report and the dashboards never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giaoban.core.permissions import Role
from giaoban.delegations.stats import DelegationStats, delegation_figures_by_unit, delegation_stats
from giaoban.meetings.models import Meeting
from giaoban.org.models import Committee
from giaoban.tasks.stats import TaskStats, stats_range, task_stats, task_stats_by_unit


@dataclass(frozen=True)
class ComputedSource:
    label: Any
    unit_of_measure: str
    per_unit: bool = True
    # Counted once however many units share it (a country two units went to): the committee's figure
    # is not the sum of the units' figures.
    distinct: bool = False


COMPUTED: dict[str, ComputedSource] = {
    "delegations.outbound": ComputedSource(_("Số đoàn ra"), "đoàn"),
    "delegations.outbound_countries": ComputedSource(
        _("Số quốc gia, vùng lãnh thổ đoàn ra đến"), "quốc gia", distinct=True
    ),
    "delegations.inbound": ComputedSource(_("Số đoàn vào"), "đoàn"),
    "delegations.inbound_countries": ComputedSource(
        _("Số quốc gia, vùng lãnh thổ có đoàn vào"), "quốc gia", distinct=True
    ),
    "tasks.completed_on_time": ComputedSource(_("Nhiệm vụ hoàn thành đúng hạn"), "nhiệm vụ"),
    "tasks.completed_late": ComputedSource(_("Nhiệm vụ hoàn thành quá hạn"), "nhiệm vụ"),
    "tasks.open_on_time": ComputedSource(_("Nhiệm vụ chưa hoàn thành, trong hạn"), "nhiệm vụ"),
    "tasks.open_overdue": ComputedSource(_("Nhiệm vụ chưa hoàn thành, quá hạn"), "nhiệm vụ"),
    "meetings.held": ComputedSource(_("Hội nghị, cuộc họp Ban Chỉ đạo đã tổ chức"), "cuộc", per_unit=False),
}
SOURCE_CHOICES = [("", _("Đơn vị nhập"))] + [(key, source.label) for key, source in COMPUTED.items()]

_TASK_FIELDS = ("completed_on_time", "completed_late", "open_on_time", "open_overdue")


@dataclass
class ComputedFigures:
    """A period's system figures: committee totals, and per unit where a unit's share means something."""

    delegations: DelegationStats
    tasks: TaskStats
    meetings_held: int
    totals: dict[str, Decimal]
    by_unit: dict[int, dict[str, Decimal]] = field(default_factory=dict)


def _delegations_by_unit(
    committee: Committee, start: dt.date, end: dt.date, unit_ids: Any
) -> dict[int, dict]:
    """Per lead unit, by the delegations' own rule (delegations.stats): trips abroad and visits received,
    reported totals included, and the distinct places of each."""
    figures = delegation_figures_by_unit(committee=committee, date_from=start, date_to=end, unit_ids=unit_ids)
    return {
        unit_id: {f"delegations.{key}": value for key, value in values.items()}
        for unit_id, values in figures.items()
    }


def meetings_held(committee: Committee, start: dt.date, end: dt.date) -> int:
    return (
        Meeting.objects.filter(Q(committee=committee) | Q(committees=committee), date__range=(start, end))
        .distinct()
        .count()
    )


class CommitteeReader:
    """Reads one committee's records as its leaders do: the report's figures are the committee's,
    whoever reads the report (a unit officer reading an approved report sees the same totals). It
    passes the visibility rules of the delegations and tasks selectors and can do nothing else."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    role = Role.LEADER
    organisation_id = None
    person_id = None
    pk = None

    def __init__(self, committee: Committee) -> None:
        self.committees = Committee.objects.filter(pk=committee.pk)


def computed_figures(
    *, committee: Committee, start: dt.date, end: dt.date, unit_ids: Any = None
) -> ComputedFigures:
    """The period's figures, as of its last day (or today, if earlier), for the committee's units. A
    fixed number of queries, whatever the number of units."""
    user = CommitteeReader(committee)
    delegations = delegation_stats(user=user, date_from=start, date_to=end, committee=committee)
    period = stats_range(start, end)
    tasks = task_stats(user=user, period=period, committee=committee.pk)
    held = meetings_held(committee, start, end)
    totals: dict[str, Decimal] = {
        "delegations.outbound": Decimal(delegations.outbound.delegations),
        "delegations.outbound_countries": Decimal(delegations.outbound.countries),
        "delegations.inbound": Decimal(delegations.inbound.delegations),
        "delegations.inbound_countries": Decimal(delegations.inbound.countries),
        **{f"tasks.{name}": Decimal(getattr(tasks, name)) for name in _TASK_FIELDS},
        "meetings.held": Decimal(held),
    }
    by_unit: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for unit_id, values in _delegations_by_unit(committee, start, end, unit_ids).items():
        by_unit[unit_id].update({key: Decimal(value) for key, value in values.items()})
    for row in task_stats_by_unit(user=user, period=period, committee=committee.pk):
        if unit_ids is None or row.unit.pk in unit_ids:
            by_unit[row.unit.pk].update(
                {f"tasks.{name}": Decimal(getattr(row.stats, name)) for name in _TASK_FIELDS}
            )
    return ComputedFigures(
        delegations=delegations, tasks=tasks, meetings_held=held, totals=totals, by_unit=dict(by_unit)
    )


def unit_figures(
    *, committee: Committee, unit_id: int, start: dt.date, end: dt.date, user: Any
) -> dict[str, Decimal]:
    """One unit's computed values, for its officer's submission page (read-only there). Tasks counted
    are those the unit leads; `user` is the reader (the unit's own officer sees its tasks)."""
    values = {key: Decimal(0) for key, source in COMPUTED.items() if source.per_unit}
    for key, value in _delegations_by_unit(committee, start, end, [unit_id]).get(unit_id, {}).items():
        values[key] = Decimal(value)
    stats = task_stats(user=user, period=stats_range(start, end), committee=committee.pk, unit=unit_id)
    for name in _TASK_FIELDS:
        values[f"tasks.{name}"] = Decimal(getattr(stats, name))
    return values
