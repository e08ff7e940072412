"""Deadlines as directives write them: the kind, the due date the follow-up counts from, the printed text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giaoban.tasks.deadlines import DeadlineKind, interpret, printed, resolve

ASSIGNED = dt.date(2017, 7, 26)
D = dt.date


@pytest.mark.parametrize(
    "wording, kind, due",
    [
        ("hoàn thành trước ngày 02/11/2021", DeadlineKind.BEFORE, D(2021, 11, 1)),  # exclusive
        ("Trước ngày 1/8/2017", DeadlineKind.BEFORE, D(2017, 7, 31)),
        ("đến ngày 30/9/2017", DeadlineKind.DATE, D(2017, 9, 30)),  # inclusive
        ("đến hết ngày 15/01/2018", DeadlineKind.DATE, D(2018, 1, 15)),  # inclusive
        ("trong ngày 28/7/2017", DeadlineKind.DATE, D(2017, 7, 28)),
        ("chậm nhất ngày 15.08.2017", DeadlineKind.DATE, D(2017, 8, 15)),
        ("30/9/2017", DeadlineKind.DATE, D(2017, 9, 30)),
        ("trong quý III/2017", DeadlineKind.PERIOD, D(2017, 9, 30)),
        ("quý IV năm 2017", DeadlineKind.PERIOD, D(2017, 12, 31)),
        ("tháng 9/2017", DeadlineKind.PERIOD, D(2017, 9, 30)),
        ("trong tháng 2 năm 2018", DeadlineKind.PERIOD, D(2018, 2, 28)),
        ("6 tháng cuối năm 2017", DeadlineKind.PERIOD, D(2017, 12, 31)),
        ("9 tháng đầu năm 2018", DeadlineKind.PERIOD, D(2018, 9, 30)),
        ("năm 2018", DeadlineKind.PERIOD, D(2018, 12, 31)),
        ("Khẩn trương", DeadlineKind.URGENT, D(2017, 8, 2)),  # 7 days' follow-up
        ("thường xuyên", DeadlineKind.RECURRING, None),
    ],
)
def test_the_wordings_of_real_directives(wording, kind, due):
    found = interpret(wording, assigned_on=ASSIGNED)
    assert (found.kind, found.due, found.wording) == (kind, due, wording)


def test_an_event_is_dated_by_the_user_and_printed_as_written():
    wording = "trước, trong thời gian tổ chức Lễ kỷ niệm 70 năm Ngày thành lập tỉnh"
    with pytest.raises(ValidationError) as error:
        interpret(wording, assigned_on=ASSIGNED)
    assert "deadline_wording" in error.value.message_dict
    assert "nhập cả ngày diễn ra sự kiện" in str(error.value)
    found = interpret(wording, assigned_on=ASSIGNED, event_date=D(2017, 10, 4))
    assert (found.kind, found.due) == (DeadlineKind.EVENT, D(2017, 10, 4))


def test_urgent_follow_up_days_are_a_setting(settings):
    settings.TASK_URGENT_FOLLOW_UP_DAYS = 3
    assert interpret("khẩn trương", assigned_on=ASSIGNED).due == D(2017, 7, 29)


def test_an_impossible_date_or_unknown_wording_is_refused_not_guessed():
    for wording in ("trước ngày 31/02/2017", "sớm", "tháng 13/2017"):
        with pytest.raises(ValidationError):
            interpret(wording, assigned_on=ASSIGNED)


def test_resolve_keeps_bare_dates_and_refuses_a_due_date_before_assignment():
    assert resolve(wording="", deadline=D(2017, 9, 1), recurring=False, assigned_on=ASSIGNED) == (
        DeadlineKind.DATE,
        D(2017, 9, 1),
        False,
    )
    assert resolve(wording="", deadline=None, recurring=True, assigned_on=ASSIGNED)[2] is True
    assert resolve(wording="thường xuyên", deadline=None, recurring=False, assigned_on=ASSIGNED)[2] is True
    with pytest.raises(ValidationError):
        resolve(wording="trong quý I/2017", deadline=None, recurring=False, assigned_on=ASSIGNED)


def test_what_a_document_prints():
    assert (
        printed(wording="trong quý III/2017", recurring=False, deadline=D(2017, 9, 30))
        == "trong quý III/2017"
    )
    assert printed(wording="", recurring=True, deadline=None) == "thường xuyên"
    assert printed(wording="", recurring=False, deadline=D(2017, 9, 30)) == "30/9/2017"


@pytest.mark.django_db
def test_a_task_keeps_the_wording_and_follows_its_due_date(world):
    from giaoban.tasks import services
    from giaoban.tasks.status import TaskStatus, task_status

    task = services.task_create(
        actor=world.secretariat,
        committee=world.committee,
        title="Báo cáo kết quả tuyên truyền",
        lead_unit=world.unit,
        deadline_wording="hoàn thành trước ngày 02/11/2017",
        assigned_on=ASSIGNED,
    )
    assert (task.deadline, task.deadline_in_force, task.deadline_kind) == (
        D(2017, 11, 1),
        D(2017, 11, 1),
        DeadlineKind.BEFORE,
    )
    assert task_status(task, D(2017, 11, 2)) == TaskStatus.OPEN_OVERDUE
    # A form sends the old date back with a new wording: the wording is read afresh.
    task = services.task_update(
        actor=world.secretariat,
        task=task,
        expected_version=task.version,
        deadline_wording="trong quý IV/2017",
        deadline=task.deadline,
    )
    assert (task.deadline, task.deadline_kind) == (D(2017, 12, 31), DeadlineKind.PERIOD)
    urgent = services.task_create(
        actor=None,
        committee=world.committee,
        title="Rà soát thông tin sai lệch",
        lead_unit=world.unit,
        deadline_wording="khẩn trương",
        assigned_on=ASSIGNED,
    )
    assert (urgent.deadline, urgent.deadline_kind) == (D(2017, 8, 2), DeadlineKind.URGENT)
    with pytest.raises(ValidationError) as error:
        services.task_create(
            actor=None,
            committee=world.committee,
            title="X",
            lead_unit=world.unit,
            deadline_wording="sớm",
            assigned_on=ASSIGNED,
        )
    assert "deadline_wording" in error.value.message_dict
