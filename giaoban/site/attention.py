"""What waits for the user ("việc cần làm"): one read model for the home page and
`GET /api/v1/me/attention`, built from each app's selectors, so it sees exactly what the user may see.

Each role gets its sections (issue 15): a section has a count, the list page filtered to exactly those
records (the count links there), and its first few records, each linking to its own page. A section
costs a fixed number of queries (a count and a page of records), whatever the amount of data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giaoban.core import permissions
from giaoban.core.vietnamese import format_date_short
from giaoban.delegations import selectors as delegation_selectors
from giaoban.delegations.models import Direction
from giaoban.meetings import selectors as meeting_selectors
from giaoban.reports import selectors as report_selectors
from giaoban.reports.models import ReportState
from giaoban.tasks import selectors as task_selectors
from giaoban.tasks import stats as task_stats
from giaoban.tasks.models import TaskStatus

# Records shown in a section; its count links to the list of all of them.
SHOWN = 5
# A task assigned within these days is new; one due within these days is due soon.
NEW_DAYS = 14
DUE_SOON_DAYS = 7


@dataclass
class Item:
    title: str
    url: str
    detail: str = ""
    # Days left (positive) or late (negative), when the item has a deadline.
    days: int | None = None
    # A count the item stands for (the overdue tasks of a unit), linking to them.
    count: int | None = None


@dataclass
class Section:
    key: str
    title: str
    count: int
    url: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Attention:
    role: str
    today: dt.date
    sections: list[Section]

    @property
    def pending(self) -> int:
        return sum(section.count for section in self.sections if section.key not in GLANCE)


# Sections that inform rather than wait for the user (the leader's overview, the next meeting).
GLANCE = {"task_classes", "delegations", "next_meeting"}


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items() if v})
    return reverse(name) + (f"?{query}" if query else "")


def _days_text(days: int) -> str:
    if days > 0:
        return _("còn %(days)s ngày") % {"days": days}
    if days == 0:
        return _("hạn hôm nay")
    return _("quá hạn %(days)s ngày") % {"days": -days}


def _task_item(task: Any, today: dt.date, *, with_unit: bool = False) -> Item:
    deadline = task.deadline_in_force
    days = (deadline - today).days if deadline and not task.recurring else None
    parts = []
    if with_unit:
        parts.append(task.lead_unit.name)
    if deadline and not task.recurring:
        parts.append(_("hạn %(date)s") % {"date": format_date_short(deadline)})
    if days is not None:
        parts.append(_days_text(days))
    return Item(
        title=f"{task.code} {task.title}", url=task.get_absolute_url(), detail=" · ".join(parts), days=days
    )


def _task_section(key: str, title: str, qs: Any, url: str, today: dt.date, **kwargs: Any) -> Section:
    return Section(
        key=key,
        title=title,
        count=qs.count(),
        url=url,
        items=[_task_item(task, today, **kwargs) for task in qs[:SHOWN]],
    )


def _submission_item(submission: Any, today: dt.date, *, with_unit: bool) -> Item:
    request = submission.request
    days = (request.deadline - today).days
    title = f"{submission.unit.name}: {request.title}" if with_unit else request.title
    detail = _("hạn gửi %(date)s") % {"date": format_date_short(request.deadline)}
    if submission.first_submitted_at is None:
        detail = f"{detail} · {_days_text(days)}"
    return Item(title=title, url=submission.get_absolute_url(), detail=detail, days=days)


def _submission_section(
    user: Any, key: str, title: str, waiting: str, today: dt.date, *, with_unit: bool
) -> Section:
    qs = (
        report_selectors.submissions_waiting(user=user, waiting=waiting, today=today)
        .select_related("unit", "request")
        .order_by("request__deadline", "unit__name", "pk")
    )
    return Section(
        key=key,
        title=title,
        count=qs.count(),
        url=_url("reports:request-list", waiting=waiting),
        items=[_submission_item(s, today, with_unit=with_unit) for s in qs[:SHOWN]],
    )


def _overdue_by_unit(user: Any, today: dt.date) -> Section:
    """Open overdue tasks per lead unit, the most first: one grouped query."""
    overdue = task_selectors.task_list(user=user, status=TaskStatus.OPEN_OVERDUE, on=today)
    rows = list(
        overdue.order_by()
        .values("lead_unit", "lead_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_unit__name")
    )
    return Section(
        key="overdue_by_unit",
        title=_("Nhiệm vụ quá hạn theo đơn vị"),
        count=sum(row["n"] for row in rows),
        url=_url("tasks:task-list", status=TaskStatus.OPEN_OVERDUE),
        items=[
            Item(
                title=row["lead_unit__name"],
                url=_url("tasks:task-list", status=TaskStatus.OPEN_OVERDUE, unit=row["lead_unit"]),
                count=row["n"],
            )
            for row in rows[: SHOWN * 2]
        ],
    )


# --- Roles ---------------------------------------------------------------------------------------


def _unit_officer(user: Any, today: dt.date) -> list[Section]:
    tasks = task_selectors.task_list
    new_from = today - dt.timedelta(days=NEW_DAYS)
    due_by = today + dt.timedelta(days=DUE_SOON_DAYS)
    open_now = {"completed_on__isnull": True, "cancelled_on__isnull": True}
    missing = delegation_selectors.delegations_missing_report(user=user, today=today).select_related(
        "lead_unit"
    )
    return [
        _task_section(
            "new_tasks",
            _("Nhiệm vụ mới được giao"),
            tasks(user=user, assigned_from=new_from).filter(**open_now).order_by("-assigned_on", "-pk"),
            _url("tasks:task-list", assigned_from=new_from),
            today,
        ),
        _task_section(
            "due_soon",
            _("Nhiệm vụ sắp đến hạn (trong 7 ngày)"),
            tasks(user=user, status=TaskStatus.OPEN_ON_TIME, on=today, due_by=due_by),
            _url("tasks:task-list", status=TaskStatus.OPEN_ON_TIME, due_by=due_by),
            today,
        ),
        _task_section(
            "overdue",
            _("Nhiệm vụ quá hạn"),
            tasks(user=user, status=TaskStatus.OPEN_OVERDUE, on=today),
            _url("tasks:task-list", status=TaskStatus.OPEN_OVERDUE),
            today,
        ),
        _task_section(
            "completions_returned",
            _("Báo cáo hoàn thành bị trả lại"),
            tasks(user=user, review="returned", on=today).order_by("deadline_in_force", "pk"),
            _url("tasks:task-list", review="returned"),
            today,
        ),
        _task_section(
            "extensions_decided",
            _("Đề nghị gia hạn đã có quyết định"),
            tasks(user=user, review="decided", on=today).order_by("-last_extended_on", "-pk"),
            _url("tasks:task-list", review="decided"),
            today,
        ),
        _submission_section(
            user, "reports_open", _("Báo cáo định kỳ chưa gửi"), "open", today, with_unit=False
        ),
        _submission_section(
            user, "reports_returned", _("Báo cáo bị trả lại để bổ sung"), "returned", today, with_unit=False
        ),
        Section(
            key="trip_reports_missing",
            title=_("Báo cáo sau chuyến đi chưa nộp"),
            count=missing.count(),
            url=reverse("delegations:missing-reports"),
            items=[
                Item(
                    title=delegation.name,
                    url=delegation.get_absolute_url(),
                    detail=_("về ngày %(date)s") % {"date": format_date_short(delegation.end_date)},
                    days=(delegation_selectors.report_due_date(delegation) - today).days,
                )
                for delegation in missing[:SHOWN]
            ],
        ),
    ]


def _reviews(user: Any, today: dt.date) -> list[Section]:
    return [
        _task_section(
            "completions_to_confirm",
            _("Báo cáo hoàn thành chờ xác nhận"),
            task_selectors.task_list(user=user, review="completion", on=today).order_by(
                "deadline_in_force", "pk"
            ),
            _url("tasks:task-list", review="completion"),
            today,
            with_unit=True,
        ),
        _task_section(
            "extensions_to_decide",
            _("Đề nghị gia hạn chờ quyết định"),
            task_selectors.task_list(user=user, review="extension", on=today).order_by(
                "deadline_in_force", "pk"
            ),
            _url("tasks:task-list", review="extension"),
            today,
            with_unit=True,
        ),
    ]


def _next_meeting(user: Any, today: dt.date) -> Section:
    upcoming = meeting_selectors.upcoming_meetings(user=user, on=today)
    meeting = upcoming.first()
    items = []
    if meeting is not None:
        detail = format_date_short(meeting.date)
        if meeting.start_time:
            detail = f"{meeting.start_time:%H:%M} {detail}"
        if meeting.venue:
            detail = f"{detail} · {meeting.venue}"
        items.append(Item(title=meeting.title, url=meeting.get_absolute_url(), detail=detail))
    return Section(
        key="next_meeting",
        title=_("Hội nghị sắp tới"),
        count=len(items),
        url=reverse("meetings:calendar"),
        items=items,
    )


def _secretariat(user: Any, today: dt.date) -> list[Section]:
    return [
        _submission_section(
            user, "units_late", _("Đơn vị chậm gửi báo cáo"), "missing", today, with_unit=True
        ),
        _submission_section(
            user,
            "submissions_to_review",
            _("Báo cáo của đơn vị chờ tiếp nhận"),
            "submitted",
            today,
            with_unit=True,
        ),
        *_reviews(user, today),
        _overdue_by_unit(user, today),
        _next_meeting(user, today),
    ]


def _task_classes(user: Any, today: dt.date) -> Section:
    """Every task the user sees, by its class today: one aggregate query."""
    figures = task_stats.task_stats(
        user=user, period=task_stats.stats_range(dt.date(1945, 1, 1), today, today, today=today)
    )
    items = [
        Item(
            title=str(status.label),
            url=_url("tasks:task-list", status=status.value),
            count=getattr(figures, status.value),
        )
        for status in TaskStatus
    ]
    return Section(
        key="task_classes",
        title=_("Nhiệm vụ theo tình trạng hôm nay"),
        count=sum(item.count or 0 for item in items),
        url=reverse("tasks:dashboard"),
        items=items,
    )


def _delegations(user: Any, today: dt.date) -> Section:
    """The delegations of the newest reporting period the user sees (the current year when none)."""
    period = (
        report_selectors.periods_visible_to(user)
        .filter(start_date__lte=today)
        .order_by("-end_date", "-pk")
        .first()
    )
    start, end = (period.start_date, period.end_date) if period else (dt.date(today.year, 1, 1), today)
    label = period.name if period else str(today.year)
    rows = dict(
        delegation_selectors.delegation_list(user=user, date_from=start, date_to=end)
        .order_by()
        .values_list("direction")
        .annotate(n=Count("pk"))
    )
    items = [
        Item(
            title=str(direction.label),
            url=_url("delegations:delegation-list", direction=direction.value, date_from=start, date_to=end),
            count=rows.get(direction.value, 0),
        )
        for direction in Direction
    ]
    return Section(
        key="delegations",
        title=_("Đoàn ra, đoàn vào: %(period)s") % {"period": label},
        count=sum(rows.values()),
        url=_url("delegations:delegation-list", date_from=start, date_to=end),
        items=items,
    )


def _leader(user: Any, today: dt.date) -> list[Section]:
    drafts = report_selectors.report_list(user=user, state=ReportState.DRAFT).order_by(
        "period__end_date", "pk"
    )
    return [
        Section(
            key="awaiting_approval",
            title=_("Văn bản chờ duyệt"),
            count=drafts.count(),
            url=_url("reports:report-list", state=ReportState.DRAFT),
            items=[
                Item(
                    title=report.summary,
                    url=report.get_absolute_url(),
                    detail=f"{report.committee.short_name} · {report.period.name}",
                )
                for report in drafts[:SHOWN]
            ],
        ),
        _task_classes(user, today),
        _delegations(user, today),
        _overdue_by_unit(user, today),
    ]


def attention_for(user: Any, today: dt.date | None = None) -> Attention:
    """The user's sections; none for a system admin (no business data) or anyone without a role."""
    today = today or timezone.localdate()
    sections: list[Section] = []
    if permissions.is_unit_officer(user) and user.organisation_id:
        sections = _unit_officer(user, today)
    elif permissions.is_secretariat(user):
        sections = _secretariat(user, today)
    elif permissions.is_leader(user):
        sections = _leader(user, today)
    return Attention(role=user.role, today=today, sections=sections)
