"""Reads of meetings and what hangs off them, each through the one door `meetings_visible_to(user)`.

Visibility (domain.md §2):
- secretariat and leaders: the meetings of their committees (a joint meeting is seen by the people of
  every committee taking part);
- a unit officer: the meetings their unit (or they in person) is invited to, nothing else;
- a system admin and anyone else: none. A meeting outside the door, and everything on it, answers 404.
A unit officer sees a conclusion notice once it is issued, never its drafts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from giaoban.core import permissions
from giaoban.core.db import vietnamese_order
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Committee, Organisation, Person, Position
from giaoban.tasks.selectors import tasks_visible_to

from .models import (
    AgendaItem,
    ConclusionNotice,
    Confirmation,
    Invitee,
    KeyTask,
    Meeting,
    MeetingDocument,
    MeetingFile,
    NoticeState,
)
from .permissions import committee_ids

Participation = Meeting.committees.through


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    if not user.is_authenticated or not user.is_active:
        return Meeting.objects.none()
    if permissions.sees_whole_committee(user):
        taking_part = Participation.objects.filter(committee_id__in=committee_ids(user)).values("meeting_id")
        return Meeting.objects.filter(pk__in=taking_part)
    if permissions.is_unit_officer(user) and (user.organisation_id or user.person_id):
        invited = Invitee.objects.filter(
            Q(unit=user.organisation_id or 0) | Q(person=user.person_id or 0)
        ).values("meeting_id")
        return Meeting.objects.filter(pk__in=invited)
    return Meeting.objects.none()


def meeting_list(
    *,
    user: Any,
    query: str | None = None,
    committee: int | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    newest_first: bool = True,
) -> QuerySet[Meeting]:
    qs = meetings_visible_to(user).search(query)
    if committee:
        qs = qs.filter(pk__in=Participation.objects.filter(committee_id=committee).values("meeting_id"))
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    order = ("-date", "-start_time", "-pk") if newest_first else ("date", "start_time", "pk")
    return qs.select_related("committee", "chair").order_by(*order)


def upcoming_meetings(*, user: Any, on: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings from the given day (default today) on, soonest first: the calendar."""
    return meeting_list(user=user, date_from=on or timezone.localdate(), newest_first=False)


def meeting_get(*, user: Any, pk: int) -> Meeting:
    return get_object_or_404(
        meetings_visible_to(user)
        .select_related("committee", "committee__standing_agency", "chair", "minutes_taker")
        .prefetch_related(
            Prefetch("committees", queryset=Committee.objects.order_by("pk")),
            Prefetch("issued_documents", queryset=MeetingDocument.objects.select_related("committee")),
        ),
        pk=pk,
    )


def _with_clock(items: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    """Annotate what AgendaItem.clock reads: the minutes of the items before each one, and how many of
    them have no duration (two subqueries, whatever the number of items)."""
    before = AgendaItem.objects.filter(
        Q(position__lt=OuterRef("position")) | Q(position=OuterRef("position"), pk__lt=OuterRef("pk")),
        meeting=OuterRef("meeting"),
    ).values("meeting")
    return items.annotate(
        minutes_before=Subquery(before.annotate(total=Sum("duration_minutes")).values("total")),
        untimed_before=Subquery(
            before.annotate(count=Count("pk", filter=Q(duration_minutes__isnull=True))).values("count")
        ),
    )


def agenda_list(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The programme in order, each item with its clock times (AgendaItem.starts_at/ends_at)."""
    return _with_clock(meeting.agenda_items.select_related("presenter", "presenter_unit")).order_by(
        "position", "pk"
    )


def invitee_list(*, meeting: Meeting) -> QuerySet[Invitee]:
    """Units first, then people, each in Vietnamese order."""
    return meeting.invitees.select_related("unit", "person").order_by(
        F("person_id").asc(nulls_first=True),  # units (no person) first
        vietnamese_order("unit__name"),
        vietnamese_order("person__full_name"),
        "pk",
    )


def invitation_of(*, user: Any, meeting: Meeting) -> Invitee | None:
    """The invitation of the user's unit to the meeting, which its unit officer answers; None otherwise."""
    if not permissions.is_unit_officer(user) or not user.organisation_id:
        return None
    return meeting.invitees.select_related("unit", "meeting").filter(unit=user.organisation_id).first()


def confirmation_counts(invitees: list[Invitee]) -> dict[str, int]:
    """The invited units' answers: will attend (in person or by a substitute), cannot, no answer yet."""
    units = [invitee for invitee in invitees if invitee.unit_id]
    attending = (Confirmation.ATTEND, Confirmation.SUBSTITUTE)
    return {
        "confirmed": sum(1 for i in units if i.confirmation in attending),
        "declined": sum(1 for i in units if i.confirmation == Confirmation.DECLINE),
        "unanswered": sum(1 for i in units if not i.confirmation),
    }


def people_of_unit(*, unit_id: int, on: dt.date) -> list[tuple[str, str]]:
    """(name, title) of the people holding a position at the unit on the day: whom a unit officer picks
    to attend."""
    positions = (
        Position.objects.active_on(on)
        .filter(organisation=unit_id)
        .select_related("person")
        .order_by("precedence", vietnamese_order("person__full_name"), "pk")
    )
    return [(position.person.full_name, position.title) for position in positions]


def file_list(*, meeting: Meeting) -> QuerySet[MeetingFile]:
    return meeting.files.order_by("kind", "created_at", "pk")


def _in_visible_meetings(model, user: Any):
    return model.objects.filter(meeting__in=meetings_visible_to(user).values("pk"))


def agenda_item_get(*, user: Any, pk: int) -> AgendaItem:
    return get_object_or_404(
        _with_clock(
            _in_visible_meetings(AgendaItem, user).select_related("meeting", "presenter", "presenter_unit")
        ),
        pk=pk,
    )


def invitee_get(*, user: Any, pk: int) -> Invitee:
    return get_object_or_404(
        _in_visible_meetings(Invitee, user).select_related("meeting", "unit", "person"), pk=pk
    )


def file_get(*, user: Any, pk: int) -> MeetingFile:
    return get_object_or_404(_in_visible_meetings(MeetingFile, user).select_related("meeting"), pk=pk)


# --- Conclusion notices ------------------------------------------------------------------------------


def conclusions_visible_to(user: Any) -> QuerySet[ConclusionNotice]:
    notices = _in_visible_meetings(ConclusionNotice, user)
    if permissions.sees_whole_committee(user):
        return notices
    return notices.filter(state=NoticeState.ISSUED)


def conclusion_list(*, user: Any, committee: int | None = None) -> QuerySet[ConclusionNotice]:
    qs = conclusions_visible_to(user)
    if committee:
        qs = qs.filter(committee=committee)
    return qs.select_related("meeting", "committee").order_by("-date", "-pk")


def conclusion_get(*, user: Any, pk: int) -> ConclusionNotice:
    return get_object_or_404(
        conclusions_visible_to(user).select_related(
            "meeting", "meeting__committee", "committee", "signer", "signed_off_by"
        ),
        pk=pk,
    )


def conclusion_of(*, user: Any, meeting: Meeting) -> ConclusionNotice | None:
    """The meeting's notice if the user may read it."""
    return (
        conclusions_visible_to(user)
        .select_related("meeting", "meeting__committee", "committee", "signer")
        .filter(meeting=meeting)
        .first()
    )


def _coordinating_prefetch() -> Prefetch:
    return Prefetch(
        "coordinating_units", queryset=Organisation.objects.order_by(vietnamese_order("name"), "pk")
    )


def key_task_list(*, notice: ConclusionNotice) -> QuerySet[KeyTask]:
    return (
        notice.key_tasks.select_related("lead_unit", "task")
        .prefetch_related(_coordinating_prefetch())
        .order_by("position", "pk")
    )


def key_task_get(*, user: Any, pk: int) -> KeyTask:
    return get_object_or_404(
        KeyTask.objects.filter(notice__in=conclusions_visible_to(user).values("pk"))
        .select_related("notice", "notice__meeting", "notice__committee", "lead_unit", "task")
        .prefetch_related(_coordinating_prefetch()),
        pk=pk,
    )


def visible_task_ids(*, user: Any, key_tasks: list[KeyTask]) -> set[int]:
    """Which of the key tasks' Tasks the user may open (the tasks app's door): one query."""
    ids = [key_task.task_id for key_task in key_tasks if key_task.task_id]
    if not ids:
        return set()
    return set(tasks_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


# --- Choices for forms -------------------------------------------------------------------------------


def committees_for(user: Any) -> QuerySet[Committee]:
    """Committees the user reads meetings of (filters), or hosts them for (the secretariat's forms)."""
    if not permissions.sees_whole_committee(user):
        return Committee.objects.none()
    return Committee.objects.filter(pk__in=committee_ids(user)).order_by(vietnamese_order("name"), "pk")


def units_of(committees: list[Committee] | QuerySet[Committee]) -> QuerySet[Organisation]:
    """The member units and standing agencies of the given committees, in Vietnamese order."""
    ids = [committee.pk for committee in committees]
    related = Organisation.objects.filter(Q(member_of__in=ids) | Q(standing_for__in=ids))
    return Organisation.objects.filter(pk__in=related.values("pk")).order_by(vietnamese_order("name"), "pk")


def persons_for(user: Any) -> QuerySet[Person]:
    return org_selectors.persons_visible_to(user).order_by(vietnamese_order("full_name"), "pk")
