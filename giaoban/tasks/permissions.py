"""Who may do what with a task, on top of the roles of giaoban.core.permissions.

Seeing a task at all is decided by selectors.tasks_visible_to; these rules say which actions a user
who sees it may take (403 otherwise). One condition per line, so coverage shows each branch.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from giaoban.core import permissions
from giaoban.org.models import User

LEAD = "lead"
COORDINATING = "coordinating"


def _committee_ids(user: Any) -> set[int]:
    cache = getattr(user, "_giaoban_task_committee_ids", None)
    if cache is None:
        cache = set(user.committees.values_list("pk", flat=True)) if user.is_authenticated else set()
        user._giaoban_task_committee_ids = cache
    return cache


def _coordinating_unit_ids(task: Any) -> set[int]:
    cache = getattr(task, "_coordinating_unit_ids", None)
    if cache is None:
        cache = {unit.pk for unit in task.coordinating_units.all()}
        task._coordinating_unit_ids = cache
    return cache


def unit_role(user: Any, task: Any) -> str | None:
    """ "lead" or "coordinating" when the user is an officer of such a unit of the task."""
    if not permissions.is_unit_officer(user) or not user.organisation_id:
        return None
    if task.lead_unit_id == user.organisation_id:
        return LEAD
    if user.organisation_id in _coordinating_unit_ids(task):
        return COORDINATING
    return None


def can_manage_task(user: Any, task: Any | None = None, committee: Any | None = None) -> bool:
    """The committee's secretariat creates, edits and cancels tasks and decides on requests."""
    if not permissions.is_secretariat(user):
        return False
    committee_id = task.committee_id if task is not None else getattr(committee, "pk", None)
    return committee_id is None or committee_id in _committee_ids(user)


def _lead_unit_has_officer(task: Any) -> bool:
    cache = getattr(task, "_lead_unit_has_officer", None)
    if cache is None:
        cache = User.objects.filter(
            organisation=task.lead_unit_id, role=permissions.Role.UNIT_OFFICER, is_active=True
        ).exists()
        task._lead_unit_has_officer = cache
    return cache


def follows_up_for_lead_unit(user: Any, task: Any) -> bool:
    """The committee's secretariat reports for a lead unit that has no officer of its own (a commune, the
    UBND, a body outside the committee): progress and completion on its behalf."""
    if not can_manage_task(user, task):
        return False
    return not _lead_unit_has_officer(task)


def can_post_progress(user: Any, task: Any) -> bool:
    if task.is_closed:
        return False
    if unit_role(user, task) is not None:
        return True
    return follows_up_for_lead_unit(user, task)


def can_edit_progress(user: Any, progress: Any) -> bool:
    if progress.task.is_closed:
        return False
    return unit_role(user, progress.task) is not None and progress.unit_id == user.organisation_id


def can_report_completion(user: Any, task: Any) -> bool:
    if task.is_closed or task.recurring:
        return False
    if unit_role(user, task) == LEAD:
        return True
    return follows_up_for_lead_unit(user, task)


def can_request_extension(user: Any, task: Any) -> bool:
    if task.is_closed or task.recurring:
        return False
    if task.extension_count >= settings.TASK_MAX_EXTENSIONS:
        return False
    return unit_role(user, task) == LEAD
