"""Template filters for Vietnamese dates and numbers: {{ d|ngay }}, {{ n|so }}."""

import datetime as dt
from decimal import InvalidOperation

from django import template
from django.utils import timezone

from giaoban.core import vietnamese

register = template.Library()


def _local_date(value) -> dt.date | None:
    """The calendar date a reader in the site's time zone sees; None for anything not a date.

    An aware datetime from the database is in UTC: 20:00 UTC on 25/7 is already 26/7 in Hà Nội.
    """
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return None


@register.filter
def ngay(value):
    """26/7/2017"""
    day = _local_date(value)
    return vietnamese.format_date_short(day) if day else ""


@register.filter
def ngay_day_du(value):
    """ngày 26 tháng 7 năm 2017"""
    day = _local_date(value)
    return vietnamese.format_date_long(day) if day else ""


@register.filter
def thu_ngay(value):
    """Thứ hai, 20/09/2021"""
    day = _local_date(value)
    return vietnamese.format_weekday_date(day) if day else ""


@register.filter
def so(value):
    """1.234"""
    if value is None or value == "":
        return ""
    try:
        return vietnamese.format_number(value)
    except (InvalidOperation, TypeError, ValueError):
        # Like Django's built-in filters, a value that is not a number passes through unchanged.
        return value
