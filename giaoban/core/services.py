"""Helpers every app's services use: validation errors, audit attribution, optimistic locking."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .vietnamese import clean_text, nfc

EDIT_CONFLICT = _(
    "Bản ghi này vừa được người khác sửa. Hãy tải lại trang, xem thay đổi của họ rồi nhập lại phần của bạn."
)


VERSION_MISSING = _("Thiếu phiên bản của bản ghi bạn đã xem. Hãy tải lại trang rồi thử lại.")


class EditConflict(ValidationError):
    """Raised when a record changed since the editor loaded it; nothing is written."""

    def __init__(self):
        super().__init__(EDIT_CONFLICT, code="conflict")


def normalise_fields(data: dict[str, Any], multiline: tuple[str, ...] = ()) -> dict[str, Any]:
    """NFC every text value; one-line fields are also trimmed and their inner spaces collapsed."""
    result = {}
    for key, value in data.items():
        if isinstance(value, str):
            result[key] = nfc(value).strip() if key in multiline else clean_text(value)
        else:
            result[key] = value
    return result


def audited_save(instance: models.Model, *, actor: Any | None, reason: str = "") -> None:
    """full_clean, attribute the history row to the actor, save."""
    instance.full_clean()
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.save()


def apply_changes(instance: models.Model, data: dict[str, Any], *, expected_version: int | None) -> list[str]:
    """Lock-free check that the record is the one the editor saw, then set the new values.

    Call inside a transaction on an instance fetched with select_for_update().
    """
    if expected_version is not None and getattr(instance, "version", None) != expected_version:
        raise EditConflict()
    changed = []
    for field, value in data.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    if changed and hasattr(instance, "version"):
        instance.version += 1
    return changed
