"""Reads of tasks and what hangs off them, each filtered to what a user may see.

Visibility (domain.md §2), the one door `tasks_visible_to(user)`:
- secretariat and leaders: the tasks of their committees;
- a unit officer: the tasks their unit leads or coordinates, nothing else;
- a system admin: none (tasks are business data; the admin keeps users and settings);
- anyone else: none. A task outside the door answers 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giaoban.core import permissions
from giaoban.org.models import Committee, Organisation

from .models import CompletionReport, ExtensionRequest, ProgressUpdate, ReviewState, Task
from .permissions import _committee_ids
from .status import deadline_expression, status_expression, status_q

Coordination = Task.coordinating_units.through


def tasks_visible_to(user: Any) -> QuerySet[Task]:
    if not user.is_authenticated:
        return Task.objects.none()
    if permissions.sees_whole_committee(user):
        return Task.objects.filter(committee__in=_committee_ids(user))
    if permissions.is_unit_officer(user) and user.organisation_id:
        coordinated = Coordination.objects.filter(
            task_id=OuterRef("pk"), organisation_id=user.organisation_id
        )
        return Task.objects.filter(Q(lead_unit=user.organisation_id) | Q(Exists(coordinated)))
    return Task.objects.none()


def task_get(*, user: Any, pk: int) -> Task:
    return get_object_or_404(
        tasks_visible_to(user)
        .select_related("committee", "lead_unit", "parent")
        .prefetch_related(_coordinating_prefetch(), "extensions"),
        pk=pk,
    )


def _coordinating_prefetch() -> Prefetch:
    from giaoban.core.db import vietnamese_order

    return Prefetch(
        "coordinating_units", queryset=Organisation.objects.order_by(vietnamese_order("name"), "pk")
    )


LIST_ORDERS = {
    "deadline": ("deadline_in_force", "id"),
    "-deadline": ("-deadline_in_force", "-id"),
    "newest": ("-assigned_on", "-id"),
    "code": ("committee_id", "year", "number"),
}


def task_list(
    *,
    user: Any,
    query: str | None = None,
    committee: int | None = None,
    unit: int | None = None,
    involving: int | None = None,
    status: str | None = None,
    on: dt.date | None = None,
    source_kind: str | None = None,
    source_id: int | None = None,
    order: str | None = None,
    due_by: dt.date | None = None,
    assigned_from: dt.date | None = None,
    review: str | None = None,
) -> QuerySet[Task]:
    """Tasks the user sees, filtered. `unit` is the lead unit; `involving` a unit leading or coordinating;
    `status` is taken as of `on` (default today); `due_by` the last day of the deadline in force;
    `assigned_from` the first day assigned; `review` one of REVIEWS."""
    qs = tasks_visible_to(user).search(query)
    if due_by:
        qs = qs.filter(deadline_in_force__lte=due_by)
    if assigned_from:
        qs = qs.filter(assigned_on__gte=assigned_from)
    if review:
        qs = qs.filter(review_q(review, on or timezone.localdate()))
    if committee:
        qs = qs.filter(committee=committee)
    if unit:
        qs = qs.filter(lead_unit=unit)
    if involving:
        coordinated = Coordination.objects.filter(task_id=OuterRef("pk"), organisation_id=involving)
        qs = qs.filter(Q(lead_unit=involving) | Q(Exists(coordinated)))
    if status:
        qs = qs.filter(status_q(status, on or timezone.localdate()))
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    if source_id:
        qs = qs.filter(source_id=source_id)
    if order not in LIST_ORDERS:
        order = "deadline" if status in {"open_overdue", "open_on_time"} else "newest"
    return qs.select_related("committee", "lead_unit").order_by(*LIST_ORDERS[order])


# Days an extension decided stays news for the lead unit (the home page, the task list's filter).
DECIDED_RECENTLY_DAYS = 30
REVIEWS = ("extension", "completion", "returned", "decided")


def review_q(review: str, today: dt.date) -> Q:
    """Tasks at a step of review: an extension or a completion report waiting for the secretariat; a
    completion report returned (the task still open, nothing sent again); an extension decided lately."""
    pending_completion = Exists(
        CompletionReport.objects.filter(task=OuterRef("pk"), state=ReviewState.PENDING)
    )
    if review == "extension":
        return Q(Exists(ExtensionRequest.objects.filter(task=OuterRef("pk"), state=ReviewState.PENDING)))
    if review == "completion":
        return Q(pending_completion)
    if review == "returned":
        returned = CompletionReport.objects.filter(task=OuterRef("pk"), state=ReviewState.REJECTED)
        return Q(Exists(returned), completed_on__isnull=True, cancelled_on__isnull=True) & ~Q(
            pending_completion
        )
    if review == "decided":
        since = today - dt.timedelta(days=DECIDED_RECENTLY_DAYS)
        decided = ExtensionRequest.objects.filter(
            task=OuterRef("pk"), decided_on__gte=since, state__in=[ReviewState.APPROVED, ReviewState.REJECTED]
        )
        return Q(Exists(decided))
    raise ValueError(review)


def open_tasks_of_unit(*, user: Any, unit_id: int) -> QuerySet[Task]:
    """The open tasks a unit leads or coordinates: the bulk update page and its spreadsheet."""
    return (
        task_list(user=user, involving=unit_id)
        .filter(completed_on__isnull=True, cancelled_on__isnull=True)
        .order_by("deadline_in_force", "committee_id", "year", "number")
    )


def progress_list(*, task: Task) -> QuerySet[ProgressUpdate]:
    return task.progress_updates.select_related("unit", "author").order_by("-reported_on", "-pk")


def progress_get(*, user: Any, pk: int) -> ProgressUpdate:
    return get_object_or_404(
        ProgressUpdate.objects.select_related("task", "task__committee", "unit").filter(
            task__in=tasks_visible_to(user).values("pk")
        ),
        pk=pk,
    )


def extension_list(*, task: Task) -> QuerySet[ExtensionRequest]:
    return task.extensions.select_related("requested_by", "decided_by").order_by("-requested_on", "-pk")


def extension_get(*, user: Any, pk: int) -> ExtensionRequest:
    return get_object_or_404(
        ExtensionRequest.objects.select_related("task", "task__committee", "task__lead_unit").filter(
            task__in=tasks_visible_to(user).values("pk")
        ),
        pk=pk,
    )


def completion_list(*, task: Task) -> QuerySet[CompletionReport]:
    return task.completion_reports.select_related("submitted_by", "decided_by").order_by(
        "-reported_on", "-pk"
    )


def completion_get(*, user: Any, pk: int) -> CompletionReport:
    return get_object_or_404(
        CompletionReport.objects.select_related("task", "task__committee", "task__lead_unit").filter(
            task__in=tasks_visible_to(user).values("pk")
        ),
        pk=pk,
    )


def pending_reviews(*, user: Any) -> dict[str, QuerySet]:
    """Requests waiting for the secretariat of the user's committees."""
    if not permissions.is_secretariat(user):
        return {"extensions": ExtensionRequest.objects.none(), "completions": CompletionReport.objects.none()}
    tasks = Task.objects.filter(committee__in=_committee_ids(user)).values("pk")
    return {
        "extensions": ExtensionRequest.objects.filter(task__in=tasks, state=ReviewState.PENDING)
        .select_related("task", "unit")
        .order_by("requested_on", "pk"),
        "completions": CompletionReport.objects.filter(task__in=tasks, state=ReviewState.PENDING)
        .select_related("task", "unit")
        .order_by("reported_on", "pk"),
    }


# --- Choices -------------------------------------------------------------------------------------


def committees_for(user: Any) -> QuerySet[Committee]:
    """Committees whose tasks the user may see (for filters)."""
    from giaoban.core.db import vietnamese_order

    if not user.is_authenticated or permissions.is_system_admin(user):
        return Committee.objects.none()
    return Committee.objects.filter(pk__in=_committee_ids(user)).order_by(vietnamese_order("name"), "pk")


def units_for(
    user: Any, committee: Committee | None = None, *, on: dt.date | None = None
) -> QuerySet[Organisation]:
    """Units that lead or may lead tasks the user sees (for filters and forms), in Vietnamese order:
    any body of the directory (a commune or the UBND may lead a task though not a member), only those
    active on `on` when given (a form's record date)."""
    from giaoban.core.db import vietnamese_order

    if permissions.is_unit_officer(user):
        return Organisation.objects.filter(pk=user.organisation_id or 0)
    if not permissions.sees_whole_committee(user):
        return Organisation.objects.none()
    units = Organisation.objects.all()
    if on is not None:
        units = units.active_on(on)
    return units.order_by(vietnamese_order("name"), "pk")


# --- As of a date (the follow-up of a document's tasks) ---------------------------------------------


def tasks_as_of(*, ids: list[int], on: dt.date) -> QuerySet[Task]:
    """The tasks with `status_on` and `deadline_on` annotated as they stood on a date, by the one rule of
    status.py (its SQL form); callers have already decided the user may see them."""
    return (
        Task.objects.filter(pk__in=ids)
        .annotate(status_on=status_expression(on), deadline_on=deadline_expression(on))
        .select_related("lead_unit")
    )


@dataclass(frozen=True)
class Report:
    """A unit's latest word on a task as of a date: a progress update or the confirmed completion report."""

    reported_on: dt.date
    unit: Organisation
    text: str
    completion: bool = False


@dataclass(frozen=True)
class ProgressAsOf:
    percent: int
    latest: Report | None


def progress_as_of(*, tasks: list[Task], on: dt.date) -> dict[int, ProgressAsOf]:
    """Each task's progress as it stood on a date, by the rule of the stored summary (the lead unit's latest
    percent, 100 once completed) and the latest report of any unit: two queries."""
    ids = [task.pk for task in tasks]
    updates: dict[int, list[ProgressUpdate]] = {}
    for update in (
        ProgressUpdate.objects.filter(task__in=ids, reported_on__lte=on)
        .select_related("unit")
        .order_by("task_id", "-reported_on", "-pk")
    ):
        updates.setdefault(update.task_id, []).append(update)
    completions = {
        report.task_id: report
        for report in CompletionReport.objects.filter(
            task__in=ids, state=ReviewState.APPROVED, reported_on__lte=on
        )
        .select_related("unit")
        .order_by("reported_on", "pk")
    }
    found = {}
    for task in tasks:
        own = updates.get(task.pk, [])
        percent = next((update.percent for update in own if update.unit_id == task.lead_unit_id), 0)
        latest = Report(own[0].reported_on, own[0].unit, own[0].text) if own else None
        completion = completions.get(task.pk)
        if task.completed_on is not None and task.completed_on <= on:
            percent = 100
            if completion is not None and (latest is None or completion.reported_on >= latest.reported_on):
                latest = Report(completion.reported_on, completion.unit, completion.text, completion=True)
        found[task.pk] = ProgressAsOf(percent=percent, latest=latest)
    return found
