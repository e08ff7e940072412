"""Input rules every door applies the same way: model validation, form fields, API schemas, imports.

Dates: a year like 9999 is valid to Python but the pages add days to a date (report due dates,
reminders, month steps) and overflow; nothing the committee records falls outside 1945–2100.
Text: PostgreSQL refuses NUL in a string, so it is refused at the door with the field's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = dt.date(1945, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

DATE_RULE = _("ngày phải trong khoảng từ 01/01/1945 đến 31/12/2100")
DATE_OUT_OF_RANGE = _("%(field)s: %(rule)s.")
# Where the field is named beside the message already (an import's row and column).
DATE_RULE_SENTENCE = format_lazy("{}.", capfirst(DATE_RULE))
INVALID_DATA = _("Dữ liệu không hợp lệ.")
TEXT_NOT_ENCODABLE = _(
    "Nội dung yêu cầu có ký tự không mã hóa được bằng UTF-8 (nửa cặp thay thế \\uD800–\\uDFFF)."
)
NUL_IN_TEXT = _("%(field)s: không được chứa ký tự NUL (mã 0).")


def date_in_range(value: dt.date | dt.datetime | None) -> bool:
    if value is None:
        return True
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def check_date(value: dt.date | dt.datetime | None, *, field: Any) -> None:
    """Raise a ValidationError naming `field` (its label) when the date is outside 1945–2100."""
    if not date_in_range(value):
        raise ValidationError(
            DATE_OUT_OF_RANGE, code="date_out_of_range", params={"field": capfirst(field), "rule": DATE_RULE}
        )


def check_text(value: str | None, *, field: Any) -> None:
    if value and "\x00" in value:
        raise ValidationError(
            NUL_IN_TEXT, code="null_characters_not_allowed", params={"field": capfirst(field)}
        )


class LabelledValidator:
    """A rule as a form field validator whose message names the field: LabelledValidator(check_date, label)."""

    def __init__(self, check: Callable[..., None], field: Any) -> None:
        self.check, self.field = check, field

    def __call__(self, value: Any) -> None:
        self.check(value, field=self.field)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LabelledValidator) and (other.check, other.field) == (self.check, self.field)


def model_input_errors(instance: models.Model, exclude: set[str] | None = None) -> dict[str, list[Any]]:
    """The date and text rules over every concrete field of a model instance, keyed by field name."""
    errors: dict[str, list[Any]] = {}
    for model_field in instance._meta.concrete_fields:
        if exclude and model_field.name in exclude:
            continue
        value = getattr(instance, model_field.attname, None)
        label = model_field.verbose_name
        try:
            if isinstance(model_field, models.DateField) and isinstance(value, dt.date):
                check_date(value, field=label)
            elif isinstance(value, str):
                check_text(value, field=label)
        except ValidationError as error:
            errors.setdefault(model_field.name, []).extend(error.error_list)
    return errors
