"""Period statistics: by start date, cancelled left out, any committee scope, in a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaoban.delegations import selectors
from giaoban.delegations.models import Direction, Purpose, Status
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org import services as org_services
from giaoban.org.tests.factories import CommitteeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

H1_FROM, H1_TO = dt.date(2017, 1, 1), dt.date(2017, 6, 30)


@pytest.fixture
def register(world):
    """Delegations of both units of the committee, one cancelled, some outside the half-year."""
    out, inb = Direction.OUTBOUND, Direction.INBOUND
    DelegationFactory(
        lead_unit=world.unit,
        countries=["CN"],
        purposes=[Purpose.TALKS],
        start_date=dt.date(2017, 1, 1),
        member_count=4,
    )
    DelegationFactory(
        lead_unit=world.unit,
        countries=["CN", "LA"],
        purposes=[Purpose.SURVEY, Purpose.WORK],
        start_date=dt.date(2017, 3, 5),
        member_count=6,
    )
    DelegationFactory(
        lead_unit=world.other_unit,
        countries=["TW"],
        purposes=[Purpose.TRAINING],
        start_date=dt.date(2017, 6, 30),
        member_count=10,
    )
    DelegationFactory(
        lead_unit=world.other_unit,
        direction=inb,
        countries=["CN"],
        purposes=[Purpose.FRIENDSHIP],
        start_date=dt.date(2017, 2, 10),
        member_count=8,
    )
    DelegationFactory(
        lead_unit=world.unit,
        direction=inb,
        countries=["KR"],
        purposes=[Purpose.PROMOTION],
        start_date=dt.date(2017, 5, 2),
        member_count=3,
        status=Status.REPORTED,
    )
    # Not counted: cancelled, or started outside the period (one ends inside it).
    DelegationFactory(
        lead_unit=world.unit,
        countries=["JP"],
        purposes=[Purpose.CONFERENCE],
        start_date=dt.date(2017, 4, 1),
        status=Status.CANCELLED,
    )
    DelegationFactory(
        lead_unit=world.unit, countries=["FR"], start_date=dt.date(2016, 12, 30), end_date=dt.date(2017, 1, 3)
    )
    DelegationFactory(lead_unit=world.unit, direction=inb, countries=["US"], start_date=dt.date(2017, 7, 1))
    return out  # fmt: skip


def test_period_figures_count_by_start_date_without_cancelled(world, register):
    stats = selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO)
    assert (stats.outbound.delegations, stats.outbound.countries, stats.outbound.members) == (3, 3, 20)
    assert (stats.inbound.delegations, stats.inbound.countries, stats.inbound.members) == (2, 2, 11)
    assert stats.countries == 4
    assert stats.outbound.country_codes == ["CN", "LA", "TW"]
    assert stats.sentence == (
        "Cử 3 đoàn với 20 lượt người đi công tác, tham dự hội đàm, khảo sát và đào tạo, bồi dưỡng tại 3 quốc "
        "gia, vùng lãnh thổ; tổ chức đón tiếp 2 đoàn, 11 lượt người đến từ 2 quốc gia và vùng lãnh thổ đến "
        "thăm, làm việc."
    )


def test_breakdowns_by_country_purpose_unit_and_month(world, register):
    stats = selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO)
    assert [(c["code"], c["outbound"], c["inbound"]) for c in stats.by_country] == [
        ("CN", 2, 1),  # the most first, then by Vietnamese name: Đài Loan, Hàn Quốc, Lào
        ("TW", 1, 0),
        ("KR", 0, 1),
        ("LA", 1, 0),
    ]
    assert stats.by_country[0]["name"] == "Trung Quốc"
    assert next(c for c in stats.by_country if c["code"] == "TW")["is_territory"] is True
    assert [(p["purpose"], p["outbound"], p["inbound"]) for p in stats.by_purpose] == [
        ("work", 1, 0),
        ("talks", 1, 0),
        ("survey", 1, 0),
        ("training", 1, 0),
        ("friendship", 0, 1),
        ("promotion", 0, 1),
    ]
    assert [(u["name"], u["outbound"], u["inbound"], u["members"]) for u in stats.by_unit] == [
        ("Sở Ngoại vụ", 2, 1, 13),
        ("Thành phố Lạng Sơn", 1, 1, 18),
    ]
    assert [m["month"] for m in stats.by_month] == [f"2017-0{m}" for m in range(1, 7)]
    assert [(m["outbound"], m["inbound"]) for m in stats.by_month] == [
        (1, 0),
        (0, 1),
        (1, 0),
        (0, 0),
        (0, 1),
        (1, 0),
    ]


def test_a_committee_scope_counts_only_its_units(world, register):
    outside = OrganisationFactory(name="Sở Khác")
    committee = CommitteeFactory(member_units=[outside])
    org_services.committee_update(
        actor=None, committee=world.committee, member_units=[world.unit, world.standing_agency]
    )
    world.secretariat.committees.add(committee)
    DelegationFactory(lead_unit=outside, countries=["RU"], start_date=dt.date(2017, 2, 1))
    everything = selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO)
    assert everything.outbound.delegations == 3  # Sở Ngoại vụ 2 + Sở Khác 1; Thành phố left the committee
    scoped = selectors.delegation_stats(
        user=world.secretariat, date_from=H1_FROM, date_to=H1_TO, committee=world.committee
    )
    assert (scoped.outbound.delegations, scoped.inbound.delegations) == (2, 1)
    assert scoped.committee_id == world.committee.pk


def test_a_unit_officer_counts_only_their_own_unit(world, register):
    stats = selectors.delegation_stats(user=world.other_officer, date_from=H1_FROM, date_to=H1_TO)
    assert (stats.outbound.delegations, stats.inbound.delegations) == (1, 1)
    assert [u["name"] for u in stats.by_unit] == ["Thành phố Lạng Sơn"]


def test_stats_run_six_queries_whatever_the_data(world, register):
    """Four aggregates, the units' names and the reported totals, plus the user's committees the first
    time they are asked for (and the localities' names when any is named: test_kinds)."""
    with CaptureQueriesContext(connection) as captured:
        stats = selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO)
        stats.as_dict()
    assert len(captured) == 7
    for _ in range(10):
        DelegationFactory(lead_unit=world.unit, countries=["DE", "AT"], start_date=dt.date(2017, 2, 2))
    with CaptureQueriesContext(connection) as captured:
        selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO).as_dict()
    assert len(captured) == 6


def test_an_empty_period(world):
    stats = selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO)
    assert stats.outbound.delegations == stats.inbound.delegations == 0
    assert stats.by_country == stats.by_unit == stats.by_purpose == []
    assert len(stats.by_month) == 6
    assert stats.sentence == "Chưa cử đoàn đi công tác nước ngoài và chưa đón tiếp đoàn nước ngoài nào."


def test_delegations_without_a_member_count_make_the_person_trips_a_minimum(world):
    DelegationFactory(lead_unit=world.unit, countries=["LA"], start_date=dt.date(2017, 3, 1), member_count=7)
    DelegationFactory(
        lead_unit=world.unit, countries=["LA"], start_date=dt.date(2017, 4, 1), member_count=None
    )
    DelegationFactory(
        lead_unit=world.unit, direction=Direction.INBOUND, countries=["CN"], start_date=dt.date(2017, 5, 1)
    )
    stats = selectors.delegation_stats(user=world.secretariat, date_from=H1_FROM, date_to=H1_TO)
    assert (stats.outbound.members, stats.outbound.members_unknown) == (7, 1)
    assert (stats.inbound.members, stats.inbound.members_unknown) == (5, 0)
    assert stats.sentence == (
        "Cử 2 đoàn với ít nhất 7 lượt người đi công tác tại Lào; tổ chức đón tiếp 1 đoàn, 5 lượt người đến "
        "từ Trung Quốc đến thăm, làm việc."
    )
    assert stats.as_dict()["outbound"]["members_unknown"] == 1
