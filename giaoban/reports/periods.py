"""Reporting periods: their kinds, names and date windows under each convention (domain.md §4, §8)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from giaoban.core.vietnamese import ROMAN_QUARTERS as ROMAN
from giaoban.core.vietnamese import period_label


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")
    THEMATIC = "thematic", _("Chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")


PERIODIC_KINDS = (PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.NINE_MONTHS, PeriodKind.YEAR)

# The month each periodic window ends in (a quarter's: its last month).
_LAST_MONTH = {PeriodKind.HALF_YEAR: 6, PeriodKind.NINE_MONTHS: 9, PeriodKind.YEAR: 12}


def _last_month(kind: str, quarter: int | None) -> int:
    if kind == PeriodKind.QUARTER:
        if quarter not in ROMAN:
            raise ValueError("A quarter is 1 to 4.")
        return 3 * quarter
    return _LAST_MONTH[PeriodKind(kind)]


def period_window(
    kind: str, year: int, convention: str, quarter: int | None = None
) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) of a periodic report's data.

    - calendar: Q1 1/1–31/3 … Q4 1/10–31/12; 6 months 1/1–30/6; 9 months 1/1–30/9; year 1/1–31/12.
    - "decree_09", the cut-offs of Decree 09/2019/NĐ-CP (Article 12) as the provinces apply them: a
      window runs from the 15th of the month before it to the 14th of its last month: a quarter from
      the 15th of the month before the quarter to the 14th of its last month; 6 months, 9 months and
      the year all start on 15/12 of the previous year and end on 14/6, 14/9 (provincial practice)
      and 14/12.
    """
    if kind not in PERIODIC_KINDS:
        raise ValueError(f"{kind} periods have no fixed window.")
    last_month = _last_month(kind, quarter)
    first_month = last_month - 2 if kind == PeriodKind.QUARTER else 1
    if convention == "decree_09":
        start = dt.date(year - 1, 12, 15) if first_month == 1 else dt.date(year, first_month - 1, 15)
        return start, dt.date(year, last_month, 14)
    return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def period_name(kind: str, year: int, quarter: int | None = None) -> str:
    """ "quý I năm 2017", "6 tháng đầu năm 2017", "9 tháng đầu năm 2017", "năm 2017" (document text, the
    same vocabulary as the meetings' documents: core.vietnamese.period_label)."""
    if kind == PeriodKind.QUARTER:
        return period_label(kind, year, _last_month(kind, quarter) // 3)
    if kind in PERIODIC_KINDS:
        return period_label(kind, year)
    raise ValueError(f"{kind} periods are named by the secretariat.")


def add_working_days(day: dt.date, count: int) -> dt.date:
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def default_submission_deadline(end: dt.date) -> dt.date:
    """The units' deadline proposed for a period: a number of working days after its last day (Khánh Hòa
    01/2023/QĐ-UBND: 2), a setting because regimes differ."""
    return add_working_days(end, settings.REPORT_SUBMISSION_WORKING_DAYS)
