"""Reads of notifications (each user sees only their own) and of who is notified of what."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from giaoban.core.permissions import Role
from giaoban.org.models import User

from .models import EmailMode, Notification, NotificationSettings

RELATED = ("task", "committee", "unit")


def notifications_visible_to(user: Any) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def notification_list(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    qs = notifications_visible_to(user).select_related(*RELATED)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_get(*, user: Any, pk: int) -> Notification:
    return get_object_or_404(notifications_visible_to(user).select_related(*RELATED), pk=pk)


def unread_count(user: Any) -> int:
    return notifications_visible_to(user).filter(read_at__isnull=True).count()


def email_mode(user: Any) -> str:
    found = NotificationSettings.objects.filter(user=user).values_list("email_mode", flat=True).first()
    return found or EmailMode.IMMEDIATE


def settings_get(*, user: Any) -> NotificationSettings:
    """The user's settings; an unsaved default row when they never changed them."""
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


# --- Who is notified ------------------------------------------------------------------------------


def secretariat_of(committee_id: int) -> list[User]:
    return list(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True, committees=committee_id).order_by("pk")
    )


def leaders_of(committee_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.LEADER, is_active=True, committees=committee_id).order_by("pk"))


def officers_of(unit_id: int) -> list[User]:
    return list(
        User.objects.filter(role=Role.UNIT_OFFICER, is_active=True, organisation=unit_id).order_by("pk")
    )


def officers_by_unit(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active officers of several units in one query, by unit id."""
    result: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.UNIT_OFFICER, is_active=True, organisation__in=list(unit_ids)
    ).order_by("pk"):
        result.setdefault(user.organisation_id, []).append(user)
    return result
