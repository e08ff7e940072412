"""Status classes at every boundary, by date; the Python function and the SQL annotation agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from giaoban.tasks import services
from giaoban.tasks.models import Task, TaskStatus
from giaoban.tasks.status import classify, deadline_on, status_expression, status_q, task_status
from giaoban.tasks.tests.factories import complete, extend, make_task

pytestmark = pytest.mark.django_db

S = TaskStatus
D = dt.date
DEADLINE = D(2017, 9, 30)


def _sql_statuses(on: dt.date) -> dict[int, str]:
    return dict(Task.objects.annotate(status=status_expression(on)).values_list("pk", "status"))


def _assert_agree(on: dt.date) -> None:
    """The annotation, each status filter and the Python function give every task the same class."""
    tasks = list(Task.objects.prefetch_related("extensions"))
    python = {task.pk: task_status(task, on).value for task in tasks}
    assert _sql_statuses(on) == python, on
    for status in TaskStatus:
        filtered = set(Task.objects.filter(status_q(status, on)).values_list("pk", flat=True))
        assert filtered == {pk for pk, value in python.items() if value == status}, (on, status)


@pytest.fixture
def boundary(world):
    """One task per boundary case of domain.md §5, all with the deadline 30/9/2017."""
    officer, secretariat = world.officer, world.secretariat
    tasks = {
        "on_deadline_day": make_task(world, deadline=DEADLINE),
        "day_after": make_task(world, deadline=DEADLINE),
        "open": make_task(world, deadline=DEADLINE),
        "extended_late": make_task(world, deadline=DEADLINE),
        "recurring": make_task(world, recurring=True),
        "cancelled": make_task(world, deadline=DEADLINE),
    }
    complete(tasks["on_deadline_day"], officer=officer, secretariat=secretariat, on=DEADLINE)
    complete(
        tasks["day_after"],
        officer=officer,
        secretariat=secretariat,
        on=D(2017, 10, 1),
        decided_on=D(2017, 10, 3),
    )
    # Requested before the deadline, approved ten days after it passed.
    extend(
        tasks["extended_late"],
        officer=officer,
        secretariat=secretariat,
        new_deadline=D(2017, 10, 31),
        requested_on=D(2017, 9, 25),
        decided_on=D(2017, 10, 10),
    )
    services.task_cancel(
        actor=secretariat, task=tasks["cancelled"], reason="Không còn phù hợp.", on=D(2017, 11, 15)
    )
    return {name: Task.objects.get(pk=task.pk) for name, task in tasks.items()}


EXPECTED = {
    # as of:          29/9,            30/9,            1/10,            9/10,            10/10,           1/11,            15/11
    "on_deadline_day": [
        S.OPEN_ON_TIME,
        S.COMPLETED_ON_TIME,
        S.COMPLETED_ON_TIME,
        S.COMPLETED_ON_TIME,
        S.COMPLETED_ON_TIME,
        S.COMPLETED_ON_TIME,
        S.COMPLETED_ON_TIME,
    ],
    "day_after": [
        S.OPEN_ON_TIME,
        S.OPEN_ON_TIME,
        S.COMPLETED_LATE,
        S.COMPLETED_LATE,
        S.COMPLETED_LATE,
        S.COMPLETED_LATE,
        S.COMPLETED_LATE,
    ],
    "open": [
        S.OPEN_ON_TIME,
        S.OPEN_ON_TIME,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
    ],
    "extended_late": [
        S.OPEN_ON_TIME,
        S.OPEN_ON_TIME,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.OPEN_ON_TIME,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
    ],
    "recurring": [S.RECURRING] * 7,
    "cancelled": [
        S.OPEN_ON_TIME,
        S.OPEN_ON_TIME,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.OPEN_OVERDUE,
        S.CANCELLED,
    ],
}
DAYS = [
    D(2017, 9, 29),
    DEADLINE,
    D(2017, 10, 1),
    D(2017, 10, 9),
    D(2017, 10, 10),
    D(2017, 11, 1),
    D(2017, 11, 15),
]


@pytest.mark.parametrize("index", range(len(DAYS)), ids=[day.isoformat() for day in DAYS])
def test_status_classes_at_each_boundary_date(boundary, index):
    """Completed on the deadline day is on time, the day after late; an extension approved after the
    deadline passed makes the task on time again from the decision date; recurring never overdue;
    cancelled from its date."""
    day = DAYS[index]
    for name, task in boundary.items():
        assert task_status(task, day) == EXPECTED[name][index], (name, day)
    _assert_agree(day)


def test_an_extended_task_completed_by_its_new_deadline_is_on_time(world):
    task = make_task(world, deadline=DEADLINE)
    extend(
        task,
        officer=world.officer,
        secretariat=world.secretariat,
        new_deadline=D(2017, 10, 31),
        requested_on=D(2017, 9, 20),
        decided_on=D(2017, 10, 10),
    )
    task = complete(task, officer=world.officer, secretariat=world.secretariat, on=D(2017, 10, 31))
    assert task_status(task, D(2017, 12, 31)) == S.COMPLETED_ON_TIME
    # As of a day before the extension was approved, the old deadline was in force.
    assert deadline_on(task, D(2017, 10, 9)) == DEADLINE
    assert deadline_on(task, D(2017, 10, 10)) == D(2017, 10, 31)
    _assert_agree(D(2017, 12, 31))
    _assert_agree(D(2017, 10, 9))


def test_status_as_of_today_reads_the_stored_columns_and_agrees(world):
    """Dates around today use the fast form of the rule (stored columns); it agrees with Python."""
    today = timezone.localdate()
    due_today = make_task(world, assigned_on=today - dt.timedelta(days=30), deadline=today)
    overdue = make_task(
        world, assigned_on=today - dt.timedelta(days=30), deadline=today - dt.timedelta(days=1)
    )
    done_today = make_task(
        world, assigned_on=today - dt.timedelta(days=30), deadline=today - dt.timedelta(days=1)
    )
    complete(done_today, officer=world.officer, secretariat=world.secretariat, on=today)
    extended_today = make_task(
        world, assigned_on=today - dt.timedelta(days=30), deadline=today - dt.timedelta(days=3)
    )
    extend(
        extended_today,
        officer=world.officer,
        secretariat=world.secretariat,
        new_deadline=today + dt.timedelta(days=10),
        requested_on=today - dt.timedelta(days=5),
        decided_on=today,
    )
    make_task(world, recurring=True)
    for day in (today, today + dt.timedelta(days=1), today - dt.timedelta(days=1)):
        _assert_agree(day)
    assert task_status(due_today) == S.OPEN_ON_TIME
    assert task_status(overdue) == S.OPEN_OVERDUE
    assert task_status(Task.objects.get(pk=done_today.pk)) == S.COMPLETED_LATE
    assert task_status(Task.objects.get(pk=extended_today.pk)) == S.OPEN_ON_TIME
    assert task_status(Task.objects.get(pk=extended_today.pk), today - dt.timedelta(days=1)) == S.OPEN_OVERDUE


@pytest.mark.parametrize(
    ("completed_on", "cancelled_on", "recurring", "expected"),
    [
        (None, None, False, S.OPEN_ON_TIME),
        (None, D(2017, 10, 1), False, S.CANCELLED),
        (None, D(2017, 10, 2), False, S.OPEN_ON_TIME),
        (D(2017, 10, 1), None, False, S.COMPLETED_ON_TIME),
        (D(2017, 10, 2), None, False, S.OPEN_ON_TIME),
        (None, None, True, S.RECURRING),
        (None, D(2017, 9, 1), True, S.CANCELLED),
    ],
)
def test_classify_on_plain_values(completed_on, cancelled_on, recurring, expected):
    on = D(2017, 10, 1)
    deadline = None if recurring else D(2017, 10, 1)
    assert (
        classify(
            on=on,
            recurring=recurring,
            deadline=deadline,
            completed_on=completed_on,
            cancelled_on=cancelled_on,
        )
        == expected
    )
