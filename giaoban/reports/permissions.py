"""Who may do what with reporting, on top of the roles of giaoban.core.permissions.

Seeing a record at all is decided by the `*_visible_to` selectors (404 outside them); these rules say
which actions a user who sees it may take (403 otherwise). One condition per line, so coverage shows
each branch.
"""

from __future__ import annotations

from typing import Any

from giaoban.core import permissions


def committee_ids(user: Any) -> set[int]:
    cache = getattr(user, "_giaoban_report_committee_ids", None)
    if cache is None:
        cache = set(user.committees.values_list("pk", flat=True)) if user.is_authenticated else set()
        user._giaoban_report_committee_ids = cache
    return cache


def can_manage_reporting(user: Any, committee: Any | None = None) -> bool:
    """The secretariat sets periods and outlines, sends requests, reviews submissions and drafts the
    committee report."""
    if not permissions.is_secretariat(user):
        return False
    committee_id = getattr(committee, "pk", committee)
    return committee_id is None or committee_id in committee_ids(user)


def can_withdraw_request(user: Any, request: Any) -> bool:
    if request.is_withdrawn:
        return False
    return can_manage_reporting(user, request.committee_id)


def can_edit_submission(user: Any, submission: Any) -> bool:
    """The unit's own officer fills it while it is a draft or returned; never once accepted."""
    if not permissions.is_unit_officer(user):
        return False
    if submission.unit_id != user.organisation_id:
        return False
    return submission.is_editable


def can_review_submission(user: Any, submission: Any) -> bool:
    if submission.state != "submitted":
        return False
    return can_manage_reporting(user, submission.request.committee_id)


def can_return_submission(user: Any, submission: Any) -> bool:
    """An accepted submission changes only by being returned first."""
    if submission.state not in ("submitted", "accepted"):
        return False
    return can_manage_reporting(user, submission.request.committee_id)


def can_edit_report(user: Any, report: Any) -> bool:
    if report.is_approved:
        return False
    return can_manage_reporting(user, report.committee_id)


def can_approve_report(user: Any, report: Any) -> bool:
    """A leader of the committee approves the final text, which locks it; a report returned to the
    secretariat waits for its resubmission."""
    if report.is_approved:
        return False
    if report.is_returned:
        return False
    if not permissions.is_leader(user):
        return False
    return report.committee_id in committee_ids(user)


def can_return_report(user: Any, report: Any) -> bool:
    """The other choice of the leader who would approve: send it back with comments."""
    return can_approve_report(user, report)


def can_resubmit_report(user: Any, report: Any) -> bool:
    """The secretariat submits a returned report again once it has acted on the comments."""
    if not report.is_returned:
        return False
    return can_manage_reporting(user, report.committee_id)


def can_reopen_report(user: Any, report: Any) -> bool:
    if not report.is_approved:
        return False
    if not permissions.is_leader(user):
        return False
    return report.committee_id in committee_ids(user)


def can_see_drafting(user: Any, report: Any) -> bool:
    """The versions and their diffs are the secretariat's and the leaders' working record."""
    return permissions.sees_whole_committee(user)
