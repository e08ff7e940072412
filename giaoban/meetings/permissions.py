"""Who may do what with a meeting they see, on top of the roles of giaoban.core.permissions.

Seeing a meeting at all is decided by selectors.meetings_visible_to (404 outside it); these rules say
which actions a user who sees it may take (403 otherwise). One condition per line, so coverage shows
each branch.
"""

from __future__ import annotations

from typing import Any

from giaoban.core import permissions

INVITATION = "invitation"
CONCLUSION = "conclusion"
MINUTES = "minutes"
FOLLOW_UP = "follow_up"  # not a meeting's document: the notice's follow-up, read by follow_up.py
DOCUMENT_KINDS = (INVITATION, CONCLUSION, MINUTES)


def committee_ids(user: Any) -> set[int]:
    cache = getattr(user, "_giaoban_meeting_committee_ids", None)
    if cache is None:
        cache = set(user.committees.values_list("pk", flat=True)) if user.is_authenticated else set()
        user._giaoban_meeting_committee_ids = cache
    return cache


def can_manage_meetings(user: Any, committee: Any | None = None) -> bool:
    """The secretariat organises the meetings of its committees: agenda, invitees, attendance, minutes,
    files, the conclusion notice."""
    if not permissions.is_secretariat(user):
        return False
    return committee is None or committee.pk in committee_ids(user)


def can_manage_meeting(user: Any, meeting: Any) -> bool:
    if not permissions.is_secretariat(user):
        return False
    return meeting.committee_id in committee_ids(user)


def can_confirm(user: Any, invitee: Any) -> bool:
    """An invited unit answers its own invitation: its unit officers, no one else (the secretariat records
    attendance on the day instead)."""
    if not permissions.is_unit_officer(user):
        return False
    if invitee is None or not invitee.unit_id:
        return False
    return invitee.unit_id == user.organisation_id


def sees_everything(user: Any) -> bool:
    """Secretariat and leaders read the whole record: minutes, drafts, the news brief."""
    return permissions.sees_whole_committee(user)


def can_see_conclusion(user: Any, notice: Any) -> bool:
    """A unit officer reads an issued notice only; its drafts stay with the secretariat and leaders."""
    if sees_everything(user):
        return True
    return notice.is_issued


def can_download(user: Any, meeting: Any, kind: str, notice: Any | None) -> bool:
    """The invitation goes to everyone invited; the minutes stay inside; the notice once issued."""
    if kind == INVITATION:
        return True
    if kind == MINUTES:
        return sees_everything(user)
    if notice is None:
        return False
    return can_see_conclusion(user, notice)


def can_draft_news_brief(user: Any) -> bool:
    return sees_everything(user)


def can_follow_up(user: Any) -> bool:
    """The follow-up of a notice reports every unit's progress: secretariat and leaders."""
    return sees_everything(user)


def can_sign_off_notice(user: Any, notice: Any) -> bool:
    """A leader of the notice's committee gives the "Đồng ý ban hành" its committee asks for."""
    if not notice.awaits_sign_off:
        return False
    if not permissions.is_leader(user):
        return False
    return notice.committee_id in committee_ids(user)
