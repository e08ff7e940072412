"""Who may do what: every role rule in one place, used by pages and the API alike.

Object-level visibility (which records a user sees at all) is decided by each app's
`*_visible_to(user)` selector, built from the predicates here; a record outside it answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Cơ quan thường trực")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đầu mối")
    LEADER = "leader", _("Lãnh đạo")
    ADMIN = "admin", _("Quản trị hệ thống")


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_secretariat(user: Any) -> bool:
    return _active(user) and user.role == Role.SECRETARIAT


def is_leader(user: Any) -> bool:
    return _active(user) and user.role == Role.LEADER


def is_unit_officer(user: Any) -> bool:
    return _active(user) and user.role == Role.UNIT_OFFICER


def is_system_admin(user: Any) -> bool:
    return _active(user) and (user.role == Role.ADMIN or user.is_superuser)


def sees_whole_committee(user: Any) -> bool:
    """Secretariat and leaders read everything within their committees."""
    return is_secretariat(user) or is_leader(user)


def can_manage_committee_data(user: Any) -> bool:
    """Units, people, memberships and the committee's own records are kept by the secretariat."""
    return is_secretariat(user)


def can_set_up_committees(user: Any) -> bool:
    """A committee itself (its founding decision, letterhead, members) is set up by the secretariat,
    or by a system admin installing the system for a new committee."""
    return is_secretariat(user) or is_system_admin(user)


def can_manage_users(user: Any) -> bool:
    """System admins manage accounts and settings, not business data."""
    return is_system_admin(user)
