"""The follow-up of a conclusion notice as of a date ("Tình hình thực hiện kết luận"): each key task with
its addressees, status class, progress and latest report, as the next briefing reviews it.

The classes are the tasks app's one rule (tasks.status, here in its SQL form through
tasks.selectors.tasks_as_of), taken as of the date; progress is what the units had reported by then.
The page, the DOCX (documents.follow_up_document) and the API all read `follow_up`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giaoban.core.vietnamese import format_date_short, join_vietnamese, name_in_sentence
from giaoban.tasks import deadlines
from giaoban.tasks import selectors as task_selectors
from giaoban.tasks.models import Task, TaskStatus
from giaoban.tasks.selectors import Report
from giaoban.tasks.stats import TaskStats, stats_sentence
from giaoban.tasks.status import was_extended

from . import selectors
from .conclusions import notice_symbol
from .models import ConclusionNotice, KeyTask

FOLLOW_UP_BEFORE_NOTICE = _("Ngày theo dõi không được trước ngày ban hành thông báo (%(date)s).")
NOT_ASSIGNED = _("Chưa giao")

# The order the classes are reviewed in: what is late first, then what is open, then what is done.
CLASS_ORDER = (
    TaskStatus.OPEN_OVERDUE,
    TaskStatus.OPEN_ON_TIME,
    TaskStatus.COMPLETED_LATE,
    TaskStatus.COMPLETED_ON_TIME,
    TaskStatus.RECURRING,
    TaskStatus.CANCELLED,
)


@dataclass(frozen=True)
class FollowUpRow:
    key_task: KeyTask
    task: Task | None
    status: TaskStatus | None  # None: the key task has no Task yet (a draft notice)
    due: dt.date | None  # the deadline in force on the date
    percent: int
    latest: Report | None

    @property
    def position(self) -> int:
        return self.key_task.position

    @property
    def lead_unit(self):
        return self.key_task.lead_unit

    @property
    def coordinating_units(self) -> list:
        return list(self.key_task.coordinating_units.all())

    @property
    def addressees(self) -> str:
        """ "Chủ trì: Sở Thông tin và Truyền thông; phối hợp: Báo Lạng Sơn và Đài …", as the notice prints."""
        text = f"Chủ trì: {self.lead_unit.name}"
        coordinating = [name_in_sentence(unit.name) for unit in self.coordinating_units]
        if coordinating:
            text += f"; phối hợp: {join_vietnamese(coordinating)}"
        return text

    @property
    def deadline(self) -> str:
        """The deadline as the notice wrote it."""
        key_task = self.key_task
        return deadlines.printed(
            wording=key_task.deadline_wording, recurring=key_task.recurring, deadline=key_task.deadline
        )

    @property
    def status_label(self) -> str:
        return str(self.status.label) if self.status else str(NOT_ASSIGNED)


@dataclass(frozen=True)
class FollowUp:
    notice: ConclusionNotice
    on: dt.date
    rows: list[FollowUpRow]
    stats: TaskStats = field(default_factory=TaskStats)

    @property
    def symbol(self) -> str:
        return notice_symbol(self.notice)

    @property
    def sentence(self) -> str:
        return stats_sentence(self.stats, "nhiệm vụ trọng tâm")

    def groups(self) -> list[tuple[TaskStatus | None, list[FollowUpRow]]]:
        """The rows by class, in review order (CLASS_ORDER), key-task order within; empty classes left out."""
        order = {status: index for index, status in enumerate(CLASS_ORDER)}
        grouped: dict[TaskStatus | None, list[FollowUpRow]] = {}
        for row in sorted(self.rows, key=lambda row: (order.get(row.status, len(order)), row.position)):
            grouped.setdefault(row.status, []).append(row)
        return list(grouped.items())


def follow_up_check_date(notice: ConclusionNotice, on: dt.date) -> None:
    """A follow-up starts on the notice's date: before it the tasks had not been given."""
    start = notice.date or notice.meeting.date
    if on < start:
        raise ValidationError({"on": FOLLOW_UP_BEFORE_NOTICE % {"date": format_date_short(start)}})


def follow_up(*, notice: ConclusionNotice, on: dt.date) -> FollowUp:
    """The notice's key tasks as they stood on `on` (callers check the notice through conclusion_get and
    the date through follow_up_check_date). Five queries, whatever the number of tasks."""
    key_tasks = list(selectors.key_task_list(notice=notice))
    task_ids = [key_task.task_id for key_task in key_tasks if key_task.task_id]
    tasks = {task.pk: task for task in task_selectors.tasks_as_of(ids=task_ids, on=on)}
    progress = task_selectors.progress_as_of(tasks=list(tasks.values()), on=on)
    stats = TaskStats()
    rows = []
    for key_task in key_tasks:
        task = tasks.get(key_task.task_id) if key_task.task_id else None
        if task is None:
            rows.append(FollowUpRow(key_task, None, None, key_task.deadline, 0, None))
            continue
        status = TaskStatus(task.status_on)
        setattr(stats, status.value, getattr(stats, status.value) + 1)
        if was_extended(task, on):
            stats.extended += 1
        found = progress[task.pk]
        rows.append(FollowUpRow(key_task, task, status, task.deadline_on, found.percent, found.latest))
    return FollowUp(notice=notice, on=on, rows=rows, stats=stats)
