"""Meetings and conclusion notices for tests, made through the services so invariants hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from giaoban.meetings import services
from giaoban.meetings.models import ConclusionNotice, KeyTask, Meeting, MeetingKind

D, T = dt.date, dt.time


def make_meeting(world, *, invite: list | None = None, **kwargs: Any) -> Meeting:
    """The world's committee's mid-year briefing of 26/7/2017 at 8:00, chaired by the unit's director,
    its unit (Sở Ngoại vụ, the officer's) invited unless `invite` says otherwise."""
    values: dict[str, Any] = {
        "committee": world.committee,
        "kind": MeetingKind.SEMI_ANNUAL,
        "title": "Hội nghị giao ban 6 tháng đầu năm 2017",
        "date": D(2017, 7, 26),
        "start_time": T(8, 0),
        "venue": "Hội trường Tỉnh ủy",
        "chair": world.unit_person,
        "period_start": D(2017, 1, 1),
        "period_end": D(2017, 6, 30),
    }
    values.update(kwargs)
    meeting = services.meeting_create(actor=values.pop("actor", None), **values)
    units = [world.unit] if invite is None else invite
    if units:
        services.invitees_add(actor=None, meeting=meeting, units=units)
    return meeting


def make_notice(meeting: Meeting, *, tasks: int = 2, **kwargs: Any) -> ConclusionNotice:
    """A draft notice with `tasks` key tasks led in turn by the committee's units (recurring every third)."""
    values = {"date": meeting.date + dt.timedelta(days=2), **kwargs}
    notice = services.conclusion_create(actor=None, meeting=meeting, **values)
    units = list(meeting.committee.member_units.order_by("pk"))
    for n in range(1, tasks + 1):
        add_key_task(
            notice,
            title=f"Nhiệm vụ trọng tâm thử nghiệm {n}",
            lead_unit=units[n % len(units)],
            recurring=n % 3 == 0,
        )
    return notice


def add_key_task(notice: ConclusionNotice, **kwargs: Any) -> KeyTask:
    values: dict[str, Any] = {"deadline": D(2017, 12, 31), "recurring": False}
    values.update(kwargs)
    if values["recurring"]:
        values["deadline"] = None
    return services.key_task_create(actor=values.pop("actor", None), notice=notice, **values)
