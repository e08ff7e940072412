"""Issue 14: each real case of the Lạng Sơn reports entered as it happened, and the sentence a provincial
report would write for it."""

import datetime as dt

import pytest
from django.http import Http404

from giaoban.delegations import selectors, services
from giaoban.delegations.models import Category, Direction, Kind, Level, Purpose, Status
from giaoban.delegations.tests.factories import DelegationFactory
from giaoban.org.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

H1_FROM, H1_TO = dt.date(2017, 1, 1), dt.date(2017, 6, 30)
NO_OUT = "Chưa cử đoàn nào đi công tác nước ngoài"
NO_IN = "chưa đón tiếp đoàn nước ngoài nào"


def stats(user):
    return selectors.delegation_stats(user=user, date_from=H1_FROM, date_to=H1_TO)


def test_talks_at_the_km0_border_marker_are_counted_apart_not_as_a_trip_abroad(world):
    DelegationFactory(
        lead_unit=world.unit,
        name="Hội đàm với chính quyền Bằng Tường tại mốc Km0",
        kind=Kind.BORDER,
        countries=["CN"],
        localities=["CN-GX"],
        purposes=[Purpose.TALKS],
        start_date=dt.date(2017, 2, 14),
        end_date=dt.date(2017, 2, 14),
        member_count=12,
    )
    figures = stats(world.secretariat)
    assert figures.outbound.delegations == 0
    assert figures.border.delegations == 1
    assert figures.sentence == (
        f"{NO_OUT}; {NO_IN}; tổ chức 1 cuộc hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới với phía "
        "Quảng Tây (Trung Quốc)."
    )
    assert figures.by_locality == [
        {
            "code": "CN-GX",
            "name": "Quảng Tây",
            "country_code": "CN",
            "country_name": "Trung Quốc",
            "outbound": 0,
            "inbound": 0,
            "border": 1,
            "escort": 0,
        }
    ]


def test_the_peoples_council_trip_to_guangxi_and_other_chinese_localities(world):
    DelegationFactory(
        lead_unit=world.unit,
        name="Đoàn đại biểu Thường trực HĐND tỉnh làm việc tại Quảng Tây, Vân Nam, Quảng Đông",
        level=Level.PROVINCE,
        countries=["CN"],
        localities=["CN-GD", "CN-YN", "CN-GX"],
        purposes=[Purpose.WORK, Purpose.EXPERIENCE],
        start_date=dt.date(2017, 4, 10),
        member_count=8,
    )
    figures = stats(world.secretariat)
    assert figures.sentence == (
        "Cử 1 đoàn cấp tỉnh với 8 lượt người đi công tác và trao đổi kinh nghiệm tại Quảng Tây, Vân Nam và "
        f"Quảng Đông (Trung Quốc); {NO_IN}."
    )
    assert [row["name"] for row in figures.by_locality] == ["Quảng Đông", "Quảng Tây", "Vân Nam"]


def test_a_country_is_named_rather_than_some_of_its_localities(world):
    """One of two delegations to China names no locality: the sentence names the country."""
    DelegationFactory(
        lead_unit=world.unit, countries=["CN"], localities=["CN-GX"], start_date=dt.date(2017, 3, 1)
    )
    DelegationFactory(lead_unit=world.unit, countries=["CN"], start_date=dt.date(2017, 3, 9))
    assert stats(world.secretariat).sentence == (
        f"Cử 2 đoàn với 10 lượt người đi công tác tại Trung Quốc; {NO_IN}."
    )


def test_a_joint_delegation_of_four_provinces_counts_once_and_each_participant_sees_it(world):
    provinces = [
        OrganisationFactory(name=f"UBND tỉnh {name}") for name in ("Cao Bằng", "Hà Giang", "Quảng Ninh")
    ]
    delegation = DelegationFactory(
        lead_unit=world.unit,
        name="Đoàn công tác liên tỉnh Lạng Sơn, Cao Bằng, Hà Giang, Quảng Ninh",
        head_name="Phạm Ngọc Thưởng",
        head_title="Chủ tịch UBND tỉnh Lạng Sơn",
        level=Level.HIGH,
        countries=["CN"],
        localities=["CN-GX"],
        purposes=[Purpose.TALKS],
        start_date=dt.date(2017, 3, 20),
        member_count=24,
        participants=[*provinces, world.other_unit],
    )
    assert set(delegation.participating_units.all()) == {*provinces, world.other_unit}
    # The other unit's officer sees the delegation their unit takes part in, and counts it.
    assert selectors.delegation_get(user=world.other_officer, pk=delegation.pk) == delegation
    assert stats(world.other_officer).outbound.delegations == 1
    assert selectors.delegation_list(user=world.other_officer).count() == 1
    figures = stats(world.secretariat)
    assert figures.outbound.delegations == 1
    assert figures.sentence == (
        f"Cử 1 đoàn cấp cao với 24 lượt người đi tham dự hội đàm tại Quảng Tây (Trung Quốc); {NO_IN}."
    )


def test_a_unit_taking_no_part_does_not_see_it(world):
    delegation = DelegationFactory(lead_unit=world.unit, start_date=dt.date(2017, 3, 20))
    with pytest.raises(Http404):
        selectors.delegation_get(user=world.other_officer, pk=delegation.pk)


def test_the_lao_embassy_in_hanoi_is_not_a_delegation_from_laos(world):
    DelegationFactory(
        lead_unit=world.unit,
        direction=Direction.INBOUND,
        name="Đoàn Đại sứ quán nước CHDCND Lào tại Hà Nội",
        category=Category.INTERNATIONAL,
        based_in_viet_nam=True,
        countries=["LA"],
        purposes=[Purpose.WORK],
        start_date=dt.date(2017, 5, 4),
        member_count=4,
    )
    figures = stats(world.secretariat)
    assert "đến từ Lào" not in figures.sentence
    assert figures.sentence == (
        f"{NO_OUT}; tổ chức đón tiếp 1 đoàn tổ chức quốc tế với 4 lượt người của cơ quan đại diện, tổ chức "
        "của Lào tại Việt Nam đến thăm, làm việc."
    )
    assert (figures.inbound.countries, figures.inbound.resident) == (0, 1)


def test_an_embassy_beside_delegations_from_abroad(world):
    DelegationFactory(
        lead_unit=world.unit, direction=Direction.INBOUND, based_in_viet_nam=True, countries=["LA"],
        start_date=dt.date(2017, 5, 4), member_count=4,
    )  # fmt: skip
    DelegationFactory(
        lead_unit=world.unit, direction=Direction.INBOUND, countries=["CN"], localities=["CN-GX"],
        start_date=dt.date(2017, 5, 8), member_count=6,
    )  # fmt: skip
    assert stats(world.secretariat).sentence == (
        f"{NO_OUT}; tổ chức đón tiếp 2 đoàn, 10 lượt người, gồm 1 đoàn đến từ Quảng Tây (Trung Quốc) và 1 đoàn "
        "của cơ quan đại diện, tổ chức của Lào tại Việt Nam, đến thăm, làm việc."
    )


def test_seeing_off_a_ministry_delegation_at_the_border_gate(world):
    DelegationFactory(
        lead_unit=world.unit,
        name="Tiễn đoàn công tác Bộ Công Thương qua Cửa khẩu quốc tế Hữu Nghị",
        kind=Kind.ESCORT,
        countries=["CN"],
        start_date=dt.date(2017, 6, 2),
        member_count=None,
    )
    figures = stats(world.secretariat)
    assert (figures.outbound.delegations, figures.escort.delegations) == (0, 1)
    assert figures.sentence == f"{NO_OUT}; {NO_IN}; đón, tiễn 1 đoàn công tác của Trung ương qua cửa khẩu."


def test_ten_foreign_press_delegations_with_198_people(world):
    for index in range(10):
        DelegationFactory(
            lead_unit=world.unit,
            direction=Direction.INBOUND,
            category=Category.PRESS,
            countries=["CN"],
            start_date=dt.date(2017, 1, 10 + index),
            member_count=18 if index < 9 else 36,
        )
    assert stats(world.secretariat).sentence == (
        f"{NO_OUT}; tổ chức đón tiếp 10 đoàn phóng viên nước ngoài với 198 lượt người đến từ Trung Quốc đến "
        "thăm, làm việc."
    )


def test_twelve_high_level_delegations_among_the_visits(world):
    for index in range(15):
        DelegationFactory(
            lead_unit=world.unit,
            direction=Direction.INBOUND,
            level=Level.HIGH if index < 12 else Level.UNSPECIFIED,
            countries=["CN" if index % 2 else "LA"],
            start_date=dt.date(2017, 2, 1 + index),
            member_count=None if index < 12 else 5,
        )
    figures = stats(world.secretariat)
    assert figures.sentence == (
        f"{NO_OUT}; tổ chức đón tiếp 15 đoàn, ít nhất 15 lượt người đến từ 2 quốc gia và vùng lãnh thổ đến "
        "thăm, làm việc, trong đó có 12 đoàn khách cấp cao."
    )
    assert [(row["level"], row["inbound"]) for row in figures.by_level] == [("", 3), ("high", 12)]


def test_293_tourist_groups_reported_as_a_number(world):
    services.reported_total_create(
        actor=world.secretariat,
        unit=world.other_unit,
        date_from=dt.date(2017, 1, 1),
        date_to=dt.date(2017, 6, 30),
        direction=Direction.INBOUND,
        category=Category.TOURISM,
        delegations=293,
    )
    DelegationFactory(
        lead_unit=world.unit, direction=Direction.INBOUND, countries=["CN"], start_date=dt.date(2017, 3, 3)
    )
    figures = stats(world.secretariat)
    assert (figures.inbound.delegations, figures.inbound.reported) == (294, 293)
    assert figures.sentence == (
        f"{NO_OUT}; tổ chức đón tiếp 294 đoàn, ít nhất 5 lượt người đến từ Trung Quốc đến thăm, làm việc, "
        "trong đó có 293 đoàn khách du lịch quốc tế."
    )
    data = figures.as_dict()
    assert data["reported_totals"]["delegations"] == 293
    assert data["reported_totals"]["items"][0]["unit_name"] == world.other_unit.name
    assert data["people_known"] is False
    # The unit that reported them sees them; a unit officer of another unit does not.
    assert stats(world.other_officer).inbound.reported == 293
    assert stats(world.officer).inbound.reported == 0


def test_a_reported_total_outside_the_period_is_left_out(world):
    services.reported_total_create(
        actor=world.secretariat, unit=world.unit, date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31),
        direction=Direction.INBOUND, delegations=5,
    )  # fmt: skip
    assert stats(world.secretariat).inbound.delegations == 0


def test_a_unit_officer_reports_totals_only_for_their_unit(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.reported_total_create(
            actor=world.officer, unit=world.other_unit, date_from=H1_FROM, date_to=H1_TO,
            direction=Direction.INBOUND, delegations=5,
        )  # fmt: skip
    assert "unit" in error.value.message_dict


def test_the_report_of_62_delegations_and_165_received(world):
    """ "cử 62 đoàn với 510 lượt cán bộ …; đón tiếp 165 đoàn, 883 lượt người" with reported totals."""
    common = {"unit": world.unit, "date_from": H1_FROM, "date_to": H1_TO}
    services.reported_total_create(
        actor=None, direction=Direction.OUTBOUND, delegations=62, people=510, **common
    )
    services.reported_total_create(
        actor=None, direction=Direction.INBOUND, delegations=165, people=883, **common
    )
    assert stats(world.secretariat).sentence == (
        "Cử 62 đoàn với 510 lượt người đi công tác; tổ chức đón tiếp 165 đoàn, 883 lượt người đến thăm, làm việc."
    )


# --- History -------------------------------------------------------------------------------------


def test_a_past_delegation_keeps_its_report_and_is_never_overdue(world):
    delegation = services.delegation_create(
        actor=world.secretariat,
        historical=True,
        status=Status.REPORTED,
        report_text="Đoàn đã hoàn thành chương trình.",
        report_date=dt.date(2016, 5, 20),
        approval_number="125/QĐ-UBND",
        approval_date=dt.date(2016, 4, 1),
        direction=Direction.OUTBOUND,
        name="Đoàn công tác năm 2016",
        lead_unit=world.unit,
        countries=["LA"],
        purposes=[Purpose.WORK],
        start_date=dt.date(2016, 5, 1),
        end_date=dt.date(2016, 5, 5),
    )
    assert (delegation.status, delegation.report_date) == (Status.REPORTED, dt.date(2016, 5, 20))
    returned = services.delegation_create(
        actor=world.secretariat, historical=True, status=Status.RETURNED, direction=Direction.OUTBOUND,
        name="Đoàn chưa có báo cáo lưu", lead_unit=world.unit, countries=["LA"], purposes=[Purpose.WORK],
        start_date=dt.date(2016, 6, 1), end_date=dt.date(2016, 6, 3),
    )  # fmt: skip
    assert not selectors.is_report_overdue(returned)
    assert not selectors.delegations_missing_report(user=world.secretariat).exists()


def test_a_current_delegation_cannot_start_as_reported(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.delegation_create(
            actor=world.secretariat, status=Status.REPORTED, direction=Direction.OUTBOUND, name="Đoàn",
            lead_unit=world.unit, countries=["LA"], purposes=[Purpose.WORK],
            start_date=dt.date(2016, 6, 1), end_date=dt.date(2016, 6, 3),
        )  # fmt: skip
    assert "status" in error.value.message_dict


def test_a_locality_outside_the_countries_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        DelegationFactory(lead_unit=world.unit, countries=["LA"], localities=["CN-GX"])
    assert "localities" in error.value.message_dict
