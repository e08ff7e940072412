"""The checks every router's handlers share, in the order they run: the object (404, by a selector),
the permission (403), then the required body fields (422, with the project's Vietnamese message)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

REQUIRED = _("Trường này là bắt buộc.")


def check_allowed(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_fields(payload: dict, *names: str) -> None:
    """Required body fields, checked after the object and the permission (see each app's schemas.py)."""
    missing = {name: REQUIRED for name in names if payload.get(name) in (None, "")}
    if missing:
        raise ValidationError(missing)
