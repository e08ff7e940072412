"""The change history of a record, read from django-simple-history, for the record's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .vietnamese import format_date_padded, format_number

# What was done to the record, in the history table (English: "Created", "Changed", "Deleted").
ACTIONS = {
    "+": pgettext_lazy("history action", "Tạo mới"),
    "~": pgettext_lazy("history action", "Sửa"),
    "-": pgettext_lazy("history action", "Xóa"),
}
HIDDEN_FIELDS = {"search_key", "version", "updated_at", "created_at", "password", "last_login"}


def _display(field: models.Field | None, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    # As the pages write them (dd/mm/yyyy, "1.234,5"), not as the database stores them.
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_date_padded(local.date())} {local:%H:%M}"
    if isinstance(value, dt.date):
        return format_date_padded(value)
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def history_entries(instance: models.Model, limit: int = 50) -> list[dict[str, Any]]:
    """Newest first: when, who, action and the changed fields (label, old, new). Two queries."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(instance)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                try:
                    field = model._meta.get_field(change.field)
                except Exception:  # noqa: BLE001 - m2m history fields are not model fields here
                    field = None
                label = field.verbose_name if field is not None else change.field
                if isinstance(change.old, list) or isinstance(change.new, list):
                    old = str(len(change.old or []))
                    new = str(len(change.new or []))
                else:
                    old, new = _display(field, change.old), _display(field, change.new)
                changes.append({"field": label, "old": old, "new": new})
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "action": ACTIONS.get(record.history_type, record.history_type),
                "changes": changes,
                "reason": record.history_change_reason or "",
            }
        )
    return entries
