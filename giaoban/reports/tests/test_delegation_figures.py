"""The report's delegation figures are the delegations app's: kinds apart, reported totals included."""

import datetime as dt

import pytest

from giaoban.delegations import services
from giaoban.delegations.models import Direction, Kind
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.reports.indicators import computed_figures

pytestmark = pytest.mark.django_db


def test_the_annex_counts_trips_and_visits_with_reported_totals_and_border_meetings_apart(world):
    DelegationFactory(lead_unit=world.unit, countries=["CN"], start_date=dt.date(2017, 3, 1))
    DelegationFactory(
        lead_unit=world.unit, kind=Kind.BORDER, countries=["CN"], start_date=dt.date(2017, 3, 2)
    )
    services.reported_total_create(
        actor=None, unit=world.other_unit, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 6, 30),
        direction=Direction.INBOUND, delegations=293,
    )  # fmt: skip
    figures = computed_figures(committee=world.committee, start=dt.date(2017, 1, 1), end=dt.date(2017, 6, 30))
    assert figures.totals["delegations.outbound"] == 1
    assert figures.totals["delegations.inbound"] == 293
    assert figures.by_unit[world.unit.pk]["delegations.outbound"] == 1
    assert figures.by_unit[world.other_unit.pk]["delegations.inbound"] == 293
    assert "tổ chức 1 cuộc hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới" in figures.delegations.sentence
