"""Task statistics as of a date, in SQL aggregates, and the sentence reports quote.

A range's tasks are those assigned on or before its end and not closed (completed or cancelled)
before its start; each is classed as it stood on the as-of date, which defaults to the range's end,
or today when the end is later. Per-unit figures count the tasks a unit leads. The reports app reuses
`task_stats` and `stats_sentence`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.vietnamese import collation_key, format_number
from giaoban.org.models import Organisation

from .models import Task, TaskStatus, TaskUnitTransfer, UnitRole
from .selectors import tasks_visible_to
from .status import deadline_expression, extended_q, status_q

RANGE_END_BEFORE_START = _("Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ.")
COUNT_FIELDS = tuple(status.value for status in TaskStatus) + ("extended",)


@dataclass(frozen=True)
class StatsRange:
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date


def stats_range(
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    as_of: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> StatsRange:
    """Defaults: from 1 January of the end's year to today; as of the end, or today if earlier."""
    today = today or timezone.localdate()
    date_to = date_to or today
    date_from = date_from or dt.date(date_to.year, 1, 1)
    if date_to < date_from:
        raise ValueError(str(RANGE_END_BEFORE_START))
    return StatsRange(date_from=date_from, date_to=date_to, as_of=as_of or min(date_to, today))


@dataclass
class TaskStats:
    completed_on_time: int = 0
    completed_late: int = 0
    open_on_time: int = 0
    open_overdue: int = 0
    recurring: int = 0
    cancelled: int = 0
    extended: int = 0

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    @property
    def open(self) -> int:
        return self.open_on_time + self.open_overdue

    @property
    def tracked(self) -> int:
        """Tasks with a deadline, neither recurring nor cancelled: those the rates are taken over."""
        return self.completed + self.open

    @property
    def total(self) -> int:
        """Every task of the range except the cancelled ones."""
        return self.tracked + self.recurring

    @property
    def completion_rate(self) -> float | None:
        """Completed, of the tasks with a deadline (%)."""
        return round(100 * self.completed / self.tracked, 1) if self.tracked else None

    @property
    def on_time_rate(self) -> float | None:
        """Completed on time, of the tasks with a deadline (%)."""
        return round(100 * self.completed_on_time / self.tracked, 1) if self.tracked else None

    def counts(self) -> dict[str, int]:
        return asdict(self)


def in_range_q(period: StatsRange) -> Q:
    return (
        Q(assigned_on__lte=period.date_to)
        & (Q(completed_on__isnull=True) | Q(completed_on__gte=period.date_from))
        & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gte=period.date_from))
    )


def lead_unit_as_of(on: dt.date) -> Coalesce:
    """The task's lead unit as it stood on a date: a unit handed to a successor by a later
    reorganisation still counts for the periods before it (domain.md §12: past figures keep the
    names of the time)."""
    handed_over = TaskUnitTransfer.objects.filter(task=OuterRef("pk"), role=UnitRole.LEAD, date__gt=on)
    return Coalesce(
        Subquery(handed_over.order_by("date", "pk").values("from_unit")[:1]),
        F("lead_unit"),
        output_field=BigIntegerField(),
    )


def stats_queryset(
    *,
    user: Any,
    period: StatsRange,
    committee: int | None = None,
    unit: int | None = None,
    where: Q | None = None,
) -> QuerySet[Task]:
    """The range's tasks the user sees; `where` narrows further (e.g. one source document's tasks)."""
    qs = tasks_visible_to(user).filter(in_range_q(period))
    if where is not None:
        qs = qs.filter(where)
    if committee:
        qs = qs.filter(committee=committee)
    if unit:
        qs = qs.annotate(unit_filter=lead_unit_as_of(period.as_of)).filter(unit_filter=unit)
    return qs


def _aggregates(on: dt.date) -> dict[str, Count]:
    counts = {status.value: Count("pk", filter=status_q(status, on)) for status in TaskStatus}
    counts["extended"] = Count("pk", filter=extended_q(on))
    return counts


def task_stats(
    *,
    user: Any,
    period: StatsRange,
    committee: int | None = None,
    unit: int | None = None,
    where: Q | None = None,
) -> TaskStats:
    """The counts in each class as of the range's as-of date: one SQL query."""
    qs = stats_queryset(user=user, period=period, committee=committee, unit=unit, where=where)
    return TaskStats(**qs.aggregate(**_aggregates(period.as_of)))


@dataclass
class UnitStats:
    unit: Organisation
    stats: TaskStats = field(default_factory=TaskStats)


UNIT_SORTS = ("name", "total", *COUNT_FIELDS, "completion_rate", "on_time_rate")


def task_stats_by_unit(
    *,
    user: Any,
    period: StatsRange,
    committee: int | None = None,
    unit: int | None = None,
    sort: str = "name",
    descending: bool = False,
) -> list[UnitStats]:
    """One row per lead unit: two queries (the grouped counts, the units)."""
    qs = stats_queryset(user=user, period=period, committee=committee, unit=unit)
    grouped = list(
        qs.annotate(unit_as_of=lead_unit_as_of(period.as_of))
        .order_by()
        .values("unit_as_of")
        .annotate(**_aggregates(period.as_of))
    )
    units = Organisation.objects.in_bulk([row["unit_as_of"] for row in grouped])
    rows = [
        UnitStats(unit=units[row.pop("unit_as_of")], stats=TaskStats(**row))
        for row in grouped
        if row["unit_as_of"] in units
    ]
    sort = sort if sort in UNIT_SORTS else "name"

    def key(row: UnitStats) -> Any:
        name_key = collation_key(row.unit.name)
        if sort == "name":
            return (name_key,)
        value = getattr(row.stats, sort)
        return (value if value is not None else -1, name_key)

    rows.sort(key=key, reverse=descending)
    return rows


def overdue_list(
    *, user: Any, period: StatsRange, committee: int | None = None, unit: int | None = None
) -> QuerySet[Task]:
    """Tasks open and overdue on the as-of date, most overdue first; `deadline_as_of` annotated."""
    return (
        stats_queryset(user=user, period=period, committee=committee, unit=unit)
        .filter(status_q(TaskStatus.OPEN_OVERDUE, period.as_of))
        .annotate(deadline_as_of=deadline_expression(period.as_of))
        .select_related("lead_unit", "committee")
        .order_by("deadline_as_of", "id")
    )


def stats_sentence(stats: TaskStats, noun: str = "nhiệm vụ") -> str:
    """The sentence for reports (document text, always Vietnamese):

    "Trong 13 nhiệm vụ trọng tâm, đã hoàn thành 9 nhiệm vụ (8 đúng hạn, 1 quá hạn); 4 nhiệm vụ chưa
    hoàn thành (3 trong hạn, 1 quá hạn)." Recurring tasks are counted in the total and named after;
    cancelled tasks are left out of it and mentioned last.
    """
    n = format_number
    if stats.total == 0 and stats.cancelled == 0:
        return f"Không có {noun} nào trong kỳ."
    sentence = (
        f"Trong {n(stats.total)} {noun}, đã hoàn thành {n(stats.completed)} nhiệm vụ "
        f"({n(stats.completed_on_time)} đúng hạn, {n(stats.completed_late)} quá hạn); "
        f"{n(stats.open)} nhiệm vụ chưa hoàn thành "
        f"({n(stats.open_on_time)} trong hạn, {n(stats.open_overdue)} quá hạn)"
    )
    if stats.recurring:
        sentence += f"; {n(stats.recurring)} nhiệm vụ thường xuyên"
    sentence += "."
    if stats.cancelled:
        sentence += f" Ngoài ra, {n(stats.cancelled)} nhiệm vụ dừng thực hiện không tính vào kết quả."
    return sentence
