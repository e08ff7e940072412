"""Deadlines as directives write them, and the due date the follow-up counts from.

Conclusion notices and directives rarely give a bare date: "hoàn thành trước ngày 02/11/2021" (before: due
the day before), "đến ngày 30/9/2017" (inclusive), "trong quý III/2017", "tháng 9/2017", "6 tháng cuối năm
2017" (due on the period's last day), "trước, trong thời gian tổ chức Lễ kỷ niệm …" (an event: its date is
entered), "khẩn trương" (urgent: no date is printed, but the secretariat follows up after
TASK_URGENT_FOLLOW_UP_DAYS) and "thường xuyên" (recurring). A task keeps the wording, printed as written in
the notice, and the due date (`Task.deadline`), which the four official classes (status.py) use.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from giaoban.core.vietnamese import ROMAN_QUARTERS, format_date_short, nfc


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Đến ngày")
    BEFORE = "before", _("Trước ngày")
    PERIOD = "period", _("Trong kỳ")
    EVENT = "event", _("Theo sự kiện")
    URGENT = "urgent", _("Khẩn trương")
    RECURRING = "recurring", _("Thường xuyên")


WORDING_NOT_UNDERSTOOD = _(
    "Chưa hiểu thời hạn “%(wording)s”. Ghi như văn bản, ví dụ “trước ngày 02/11/2021”, “đến ngày "
    "30/9/2017”, “trong quý III/2017”, “tháng 9/2017”, “6 tháng cuối năm 2017”, “khẩn trương”, “thường "
    "xuyên”; với thời hạn theo sự kiện, nhập cả ngày diễn ra sự kiện."
)
# The fields of a task or key task whose change makes the due date be read again (re_resolve).
DEADLINE_FIELDS = frozenset({"deadline", "recurring", "deadline_wording"})

DUE_BEFORE_ASSIGNED = _("Thời hạn “%(wording)s” (%(due)s) sớm hơn ngày giao nhiệm vụ.")

_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_BEFORE = re.compile(rf"\btrước\s+ngày\s+{_DATE}")
_UNTIL = re.compile(rf"\b(?:đến(?:\s+hết)?|trong|chậm nhất|hạn chót|xong)\s+(?:là\s+)?(?:ngày\s+)?{_DATE}")
_BARE_DATE = re.compile(rf"^(?:ngày\s+)?{_DATE}$")
_QUARTER = re.compile(r"\bquý\s+(I{1,3}|IV|[1-4])\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_MONTH = re.compile(r"\btháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})")
_HALF = re.compile(r"\b6\s+tháng\s+(đầu|cuối)\s+năm\s+(\d{4})")
_NINE_MONTHS = re.compile(r"\b9\s+tháng\s+(?:đầu\s+)?năm\s+(\d{4})")
_YEAR = re.compile(r"^(?:trong\s+|cả\s+)?năm\s+(\d{4})$")
_URGENT = re.compile(r"\b(khẩn trương|ngay|kịp thời)\b")
_RECURRING = re.compile(r"\bthường xuyên\b")
_ROMAN = {roman: number for number, roman in ROMAN_QUARTERS.items()}


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: dt.date | None  # None only for a recurring task
    wording: str

    @property
    def recurring(self) -> bool:
        return self.kind == DeadlineKind.RECURRING


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(text: str) -> dt.date | None:
    if match := _QUARTER.search(text):
        quarter = _ROMAN.get(match.group(1).upper()) or int(match.group(1))
        return _month_end(int(match.group(2)), 3 * quarter)
    if match := _HALF.search(text):
        return _month_end(int(match.group(2)), 6 if match.group(1) == "đầu" else 12)
    if match := _NINE_MONTHS.search(text):
        return _month_end(int(match.group(1)), 9)
    if match := _MONTH.search(text):
        month = int(match.group(1))
        return _month_end(int(match.group(2)), month) if 1 <= month <= 12 else None
    if match := _YEAR.match(text):
        return dt.date(int(match.group(1)), 12, 31)
    return None


def interpret(wording: str, *, assigned_on: dt.date, event_date: dt.date | None = None) -> Deadline:
    """The kind and due date of a deadline as written. `event_date`: the date entered with the wording
    (required for an event, which no text can date; with any other wording it overrides the reading).
    Raises ValidationError (field "deadline_wording") for a wording it cannot read."""
    written = " ".join(nfc(wording or "").split())
    text = written.casefold().rstrip(".;")
    if _RECURRING.search(text):
        return Deadline(DeadlineKind.RECURRING, None, written)
    if match := _BEFORE.search(text):
        day = _date(*match.groups())
        if day is not None:
            return Deadline(DeadlineKind.BEFORE, event_date or day - dt.timedelta(days=1), written)
    if match := (_UNTIL.search(text) or _BARE_DATE.match(text)):
        day = _date(*match.groups())
        if day is not None:
            return Deadline(DeadlineKind.DATE, event_date or day, written)
    end = _period_end(text)
    if end is not None:
        return Deadline(DeadlineKind.PERIOD, event_date or end, written)
    if _URGENT.search(text):
        days = settings.TASK_URGENT_FOLLOW_UP_DAYS
        return Deadline(DeadlineKind.URGENT, event_date or assigned_on + dt.timedelta(days=days), written)
    if event_date is not None:
        return Deadline(DeadlineKind.EVENT, event_date, written)
    raise ValidationError({"deadline_wording": WORDING_NOT_UNDERSTOOD % {"wording": written}}, code="wording")


def resolve(
    *, wording: str, deadline: dt.date | None, recurring: bool, assigned_on: dt.date
) -> tuple[str, dt.date | None, bool]:
    """(kind, due date, recurring) for a task or key task from what the user gave: the wording (read by
    `interpret`, the date then overriding the reading), or a bare date, or "recurring"."""
    if not (wording or "").strip():
        if recurring:
            return DeadlineKind.RECURRING, None, True
        return DeadlineKind.DATE, deadline, False
    found = interpret(wording, assigned_on=assigned_on, event_date=deadline)
    if found.due is not None and found.due < assigned_on:
        raise ValidationError(
            {
                "deadline_wording": DUE_BEFORE_ASSIGNED
                % {"wording": found.wording, "due": format_date_short(found.due)}
            },
            code="wording_before_assigned",
        )
    return found.kind, found.due, found.recurring


def re_resolve(
    *,
    wording: str,
    deadline: dt.date | None,
    recurring: bool,
    assigned_on: dt.date,
    wording_changed: bool,
    date_changed: bool,
) -> tuple[str, dt.date | None, bool]:
    """`resolve` for an edit, where a form sends the old date back with a new wording: a new wording is
    read afresh unless the date changed with it (or the wording, an event's, cannot be dated by itself);
    a changed date overrides the reading."""
    if wording_changed and not date_changed and (wording or "").strip():
        try:
            return resolve(wording=wording, deadline=None, recurring=False, assigned_on=assigned_on)
        except ValidationError:
            pass  # an event keeps its date; any other unreadable wording is reported below
    return resolve(wording=wording, deadline=deadline, recurring=recurring, assigned_on=assigned_on)


def printed(*, wording: str, recurring: bool, deadline: dt.date | None) -> str:
    """What a document prints after "thời hạn:": the wording as written, else "thường xuyên" or the date."""
    if wording:
        return wording
    if recurring or deadline is None:
        return "thường xuyên"
    return format_date_short(deadline)
