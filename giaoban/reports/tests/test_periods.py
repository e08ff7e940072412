"""Period windows under both conventions, at every boundary (domain.md §4, §8; Decree 09/2019/NĐ-CP)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giaoban.reports.periods import add_working_days, period_name, period_window
from giaoban.reports.tests.factories import make_period

D = dt.date


@pytest.mark.parametrize(
    ("kind", "year", "quarter", "window"),
    [
        ("quarter", 2017, 1, (D(2017, 1, 1), D(2017, 3, 31))),
        ("quarter", 2017, 2, (D(2017, 4, 1), D(2017, 6, 30))),
        ("quarter", 2017, 3, (D(2017, 7, 1), D(2017, 9, 30))),
        ("quarter", 2017, 4, (D(2017, 10, 1), D(2017, 12, 31))),
        ("half_year", 2017, None, (D(2017, 1, 1), D(2017, 6, 30))),
        ("nine_months", 2017, None, (D(2017, 1, 1), D(2017, 9, 30))),
        ("year", 2017, None, (D(2017, 1, 1), D(2017, 12, 31))),
        ("quarter", 2020, 1, (D(2020, 1, 1), D(2020, 3, 31))),  # leap year: February has 29 days
    ],
)
def test_calendar_windows(kind, year, quarter, window):
    assert period_window(kind, year, "calendar", quarter) == window


@pytest.mark.parametrize(
    ("kind", "year", "quarter", "window"),
    [
        # The example: the 6-month window of 2018 is 15/12/2017–14/6/2018.
        ("half_year", 2018, None, (D(2017, 12, 15), D(2018, 6, 14))),
        ("nine_months", 2018, None, (D(2017, 12, 15), D(2018, 9, 14))),
        ("year", 2018, None, (D(2017, 12, 15), D(2018, 12, 14))),
        ("quarter", 2018, 1, (D(2017, 12, 15), D(2018, 3, 14))),
        ("quarter", 2018, 2, (D(2018, 3, 15), D(2018, 6, 14))),
        ("quarter", 2018, 3, (D(2018, 6, 15), D(2018, 9, 14))),
        ("quarter", 2018, 4, (D(2018, 9, 15), D(2018, 12, 14))),
    ],
)
def test_decree_09_windows(kind, year, quarter, window):
    assert period_window(kind, year, "decree_09", quarter) == window


def test_decree_09_windows_follow_each_other_without_gap_or_overlap():
    """Q4 of one year ends on 14/12, Q1 of the next starts on 15/12; the year windows likewise."""
    for year in range(2018, 2030):
        previous_end = period_window("quarter", year - 1, "decree_09", 4)[1]
        for quarter in (1, 2, 3, 4):
            start, end = period_window("quarter", year, "decree_09", quarter)
            assert start == previous_end + dt.timedelta(days=1)
            previous_end = end
        assert period_window("year", year, "decree_09")[0] == period_window("year", year - 1, "decree_09")[
            1
        ] + dt.timedelta(days=1)


def test_calendar_quarters_tile_the_year():
    for year in (2017, 2020, 2100):
        days = sum(
            (e - s).days + 1 for s, e in (period_window("quarter", year, "calendar", q) for q in (1, 2, 3, 4))
        )
        assert days == (D(year, 12, 31) - D(year, 1, 1)).days + 1


def test_names():
    assert period_name("quarter", 2017, 3) == "quý III năm 2017"
    assert period_name("half_year", 2017) == "6 tháng đầu năm 2017"
    assert period_name("nine_months", 2017) == "9 tháng đầu năm 2017"
    assert period_name("year", 2017) == "năm 2017"


def test_bad_quarter_and_thematic_window_are_refused():
    with pytest.raises(ValueError):
        period_window("quarter", 2017, "calendar", 5)
    with pytest.raises(ValueError):
        period_window("thematic", 2017, "calendar")


def test_working_days_skip_the_weekend():
    assert add_working_days(D(2018, 6, 14), 2) == D(2018, 6, 18)  # Thursday → Monday
    assert add_working_days(D(2017, 6, 30), 2) == D(2017, 7, 4)  # Friday → Tuesday


def test_period_create_takes_the_committee_convention(world):
    world.committee.reporting_convention = "decree_09"
    world.committee.save()
    period = make_period(world, kind="half_year", year=2018)
    assert (period.start_date, period.end_date) == (D(2017, 12, 15), D(2018, 6, 14))
    assert period.name == "6 tháng đầu năm 2018" and period.convention == "decree_09"
    assert period.submission_deadline == D(2018, 6, 18)


def test_one_periodic_period_a_year_and_thematic_needs_dates(world):
    make_period(world, kind="quarter", year=2017, quarter=2)
    with pytest.raises(ValidationError) as error:
        make_period(world, kind="quarter", year=2017, quarter=2)
    assert "quý II năm 2017" in str(error.value)
    with pytest.raises(ValidationError) as error:
        make_period(world, kind="quarter", year=2017)
    assert "quarter" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_period(world, kind="thematic", year=None, name="Chuyên đề biên giới")
    assert set(error.value.message_dict) == {"start_date", "end_date"}
    thematic = make_period(
        world,
        kind="thematic",
        year=None,
        name="Chuyên đề biên giới",
        start_date=D(2017, 3, 1),
        end_date=D(2017, 5, 31),
    )
    assert thematic.year == 2017 and thematic.quarter is None


def test_one_period_vocabulary_for_every_app():
    """Meetings (from a meeting's dates) and reports (from a period's kind) name periods alike."""
    import datetime as dt

    from giaoban.meetings.drafting import next_period_phrase, period_phrase
    from giaoban.reports.periods import PeriodKind, period_name

    cases = [
        ((dt.date(2017, 1, 1), dt.date(2017, 3, 31)), (PeriodKind.QUARTER, 1)),
        ((dt.date(2017, 1, 1), dt.date(2017, 6, 30)), (PeriodKind.HALF_YEAR, None)),
        ((dt.date(2016, 12, 15), dt.date(2017, 9, 14)), (PeriodKind.NINE_MONTHS, None)),
        ((dt.date(2017, 1, 1), dt.date(2017, 12, 31)), (PeriodKind.YEAR, None)),
    ]
    for (start, end), (kind, quarter) in cases:
        assert period_phrase(start, end) == period_name(kind, 2017, quarter)
    assert period_phrase(dt.date(2017, 1, 1), dt.date(2017, 9, 30)) == "9 tháng đầu năm 2017"
    assert next_period_phrase(dt.date(2017, 1, 1), dt.date(2017, 6, 30)) == "6 tháng cuối năm 2017"
    assert next_period_phrase(dt.date(2017, 10, 1), dt.date(2017, 12, 31)) == "quý I năm 2018"
