"""A task's status as of a date: one rule, written once in Python and once as SQL, tested to agree.

The rule (domain.md §5; the four classes of Decision 42/2014/QĐ-TTg as amended by 23/2018/QĐ-TTg),
for a date D:

1. cancelled on or before D                         → Dừng thực hiện (drops out of the rates);
2. recurring ("thường xuyên")                         → Nhiệm vụ thường xuyên (never overdue);
3. completed on or before D, on or before the deadline in force on D → Hoàn thành đúng hạn;
4. completed on or before D, after it                → Hoàn thành quá hạn;
5. not completed on D, D after the deadline in force → Chưa hoàn thành, quá hạn;
6. otherwise                                          → Chưa hoàn thành, trong hạn.

The deadline in force on D is the new deadline of the latest extension approved on or before D, or
the original deadline. The completion date is the date of the completion report the secretariat
confirmed.

Services refuse completion, cancellation and extension dates after today, so for D on or after today
every date on the task is already on or before D: the SQL then reads the stored summary columns
(`deadline_in_force`, `completed_on IS NULL`), which the partial index of open tasks serves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone

from .models import ExtensionRequest, ReviewState, TaskStatus

COMPLETED = (TaskStatus.COMPLETED_ON_TIME, TaskStatus.COMPLETED_LATE)
OPEN = (TaskStatus.OPEN_ON_TIME, TaskStatus.OPEN_OVERDUE)


# --- Python ----------------------------------------------------------------------------------------


def classify(
    *,
    on: dt.date,
    recurring: bool,
    deadline: dt.date | None,
    completed_on: dt.date | None,
    cancelled_on: dt.date | None,
) -> TaskStatus:
    """The rule itself, on plain values; `deadline` is the deadline in force on `on`."""
    if cancelled_on is not None and cancelled_on <= on:
        return TaskStatus.CANCELLED
    if recurring or deadline is None:
        return TaskStatus.RECURRING
    if completed_on is not None and completed_on <= on:
        return TaskStatus.COMPLETED_ON_TIME if completed_on <= deadline else TaskStatus.COMPLETED_LATE
    return TaskStatus.OPEN_OVERDUE if on > deadline else TaskStatus.OPEN_ON_TIME


def deadline_on(task: Any, on: dt.date) -> dt.date | None:
    """The deadline in force on a date: the latest extension approved by then, else the original.

    Reads `task.extensions` (prefetch it for lists) only when an extension was approved after `on`.
    """
    if task.recurring:
        return None
    if task.last_extended_on is None or task.last_extended_on <= on:
        return task.deadline_in_force
    approved = [
        extension
        for extension in task.extensions.all()
        if extension.state == ReviewState.APPROVED and extension.decided_on <= on
    ]
    if not approved:
        return task.deadline
    return max(approved, key=lambda extension: (extension.decided_on, extension.pk)).new_deadline


def task_status(task: Any, on: dt.date | None = None) -> TaskStatus:
    """The status of a task as of a date (default today)."""
    on = on or timezone.localdate()
    return classify(
        on=on,
        recurring=task.recurring,
        deadline=deadline_on(task, on),
        completed_on=task.completed_on,
        cancelled_on=task.cancelled_on,
    )


def days_overdue(task: Any, on: dt.date | None = None) -> int:
    """Days past the deadline in force, for a task open on that date; 0 otherwise."""
    on = on or timezone.localdate()
    if task_status(task, on) != TaskStatus.OPEN_OVERDUE:
        return 0
    deadline = deadline_on(task, on)
    return (on - deadline).days if deadline else 0


def was_extended(task: Any, on: dt.date) -> bool:
    """Whether an extension had been approved by that date (statistics count extended tasks)."""
    return task.first_extended_on is not None and task.first_extended_on <= on


# --- SQL -------------------------------------------------------------------------------------------


def _is_current(on: dt.date) -> bool:
    return on >= timezone.localdate()


def deadline_expression(on: dt.date) -> Expression:
    """SQL for `deadline_on`: the deadline in force on a date."""
    if _is_current(on):
        return F("deadline_in_force")
    latest_approved = (
        ExtensionRequest.objects.filter(task=OuterRef("pk"), state=ReviewState.APPROVED, decided_on__lte=on)
        .order_by("-decided_on", "-pk")
        .values("new_deadline")[:1]
    )
    return Case(
        When(Q(last_extended_on__isnull=True) | Q(last_extended_on__lte=on), then=F("deadline_in_force")),
        default=Coalesce(Subquery(latest_approved, output_field=DateField()), F("deadline")),
        output_field=DateField(),
    )


def _conditions(on: dt.date) -> dict[TaskStatus, Q]:
    """For each status, the condition a task meets on `on`; the conditions exclude one another."""
    day = Value(on, output_field=DateField())
    if _is_current(on):
        cancelled = Q(cancelled_on__isnull=False)
        live = Q(cancelled_on__isnull=True)
        completed = Q(completed_on__isnull=False)
        not_completed = Q(completed_on__isnull=True)
    else:
        cancelled = Q(cancelled_on__lte=on)
        live = Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=on)
        completed = Q(completed_on__lte=on)
        not_completed = Q(completed_on__isnull=True) | Q(completed_on__gt=on)
    deadline = deadline_expression(on)
    tracked = live & Q(recurring=False)
    return {
        TaskStatus.CANCELLED: cancelled,
        TaskStatus.RECURRING: live & Q(recurring=True),
        TaskStatus.COMPLETED_ON_TIME: tracked & completed & Q(LessThanOrEqual(F("completed_on"), deadline)),
        TaskStatus.COMPLETED_LATE: tracked & completed & Q(GreaterThan(F("completed_on"), deadline)),
        TaskStatus.OPEN_OVERDUE: tracked & not_completed & Q(LessThan(deadline, day)),
        TaskStatus.OPEN_ON_TIME: tracked & not_completed & Q(GreaterThanOrEqual(deadline, day)),
    }


def status_q(status: str, on: dt.date) -> Q:
    """A filter for the tasks in one status on a date: `Task.objects.filter(status_q(...))`."""
    return _conditions(on)[TaskStatus(status)]


def status_expression(on: dt.date) -> Case:
    """SQL for `task_status`: `Task.objects.annotate(status=status_expression(day))`."""
    return Case(
        *[When(condition, then=Value(status.value)) for status, condition in _conditions(on).items()],
        default=Value(TaskStatus.OPEN_ON_TIME.value),
    )


def extended_q(on: dt.date) -> Q:
    """Tasks with an extension approved on or before the date."""
    return Q(first_extended_on__lte=on)


def has_pending_extension() -> Exists:
    return Exists(ExtensionRequest.objects.filter(task=OuterRef("pk"), state=ReviewState.PENDING))
