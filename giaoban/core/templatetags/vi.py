"""Template filters for Vietnamese dates and numbers: {{ d|ngay }}, {{ n|so }}."""

import datetime as dt

from django import template

from giaoban.core import vietnamese

register = template.Library()


@register.filter
def ngay(value):
    """26/7/2017"""
    return vietnamese.format_date_short(value) if isinstance(value, dt.date) else ""


@register.filter
def ngay_day_du(value):
    """ngày 26 tháng 7 năm 2017"""
    return vietnamese.format_date_long(value) if isinstance(value, dt.date) else ""


@register.filter
def thu_ngay(value):
    """Thứ hai, 20/09/2021"""
    return vietnamese.format_weekday_date(value) if isinstance(value, dt.date) else ""


@register.filter
def so(value):
    """1.234"""
    if value is None or value == "":
        return ""
    return vietnamese.format_number(value)
