"""The delegation services: register, edit, workflow, post-trip report; invariants and audit."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from giaoban.core.forms import PERIOD_END_BEFORE_START
from giaoban.core.services import EditConflict
from giaoban.delegations import selectors, services
from giaoban.delegations.models import (
    CANCEL_REASON_REQUIRED,
    Delegation,
    Direction,
    Purpose,
    Status,
)
from giaoban.delegations.tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db


def _data(unit, **changes):
    data = dict(
        direction=Direction.OUTBOUND,
        name="Đoàn Sở Ngoại vụ làm việc tại Quảng Tây",
        lead_unit=unit,
        member_count=5,
        countries=["CN"],
        purposes=[Purpose.WORK],
        start_date=dt.date(2017, 3, 1),
        end_date=dt.date(2017, 3, 3),
    )
    data.update(changes)
    return data


def test_the_member_count_may_be_left_for_later(world):
    delegation = services.delegation_create(actor=None, **_data(world.unit, member_count=None))
    assert Delegation.objects.get(pk=delegation.pk).member_count is None


def test_create_stores_nfc_text_and_canonical_lists(world):
    decomposed = unicodedata.normalize("NFD", "  Đoàn   Sở Ngoại vụ  ")
    delegation = services.delegation_create(
        actor=world.secretariat,
        **_data(world.unit, name=decomposed, countries=["la", "CN", "LA"], purposes=["talks", "work"]),
    )
    delegation.refresh_from_db()
    assert delegation.name == "Đoàn Sở Ngoại vụ"
    assert delegation.country_codes == "CN,LA"
    assert delegation.purpose_codes == "work,talks"
    assert delegation.status == Status.PLANNED
    assert delegation.history.get().history_user == world.secretariat
    assert "trung quoc" in delegation.search_key and "so ngoai vu" in delegation.search_key


def test_end_before_start_is_rejected_on_the_end_date(world):
    with pytest.raises(ValidationError) as error:
        services.delegation_create(actor=None, **_data(world.unit, end_date=dt.date(2017, 2, 1)))
    assert error.value.message_dict["end_date"] == [str(PERIOD_END_BEFORE_START)]
    assert not Delegation.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"countries": []}, "country_codes"),
        ({"countries": ["ZZ"]}, "country_codes"),
        ({"countries": ["VN"]}, "country_codes"),
        ({"purposes": []}, "purpose_codes"),
        ({"purposes": [Purpose.OTHER]}, "purpose_other"),
        ({"member_count": 0}, "member_count"),
    ],
)
def test_invalid_lists_and_counts_are_rejected(world, changes, field):
    with pytest.raises(ValidationError) as error:
        services.delegation_create(actor=None, **_data(world.unit, **changes))
    assert field in error.value.message_dict
    assert not Delegation.objects.exists()


def test_a_unit_officer_registers_only_for_their_own_unit(world):
    services.delegation_create(actor=world.officer, **_data(world.unit))
    with pytest.raises(ValidationError) as error:
        services.delegation_create(actor=world.officer, **_data(world.other_unit))
    assert error.value.message_dict["lead_unit"] == [str(services.UNIT_NOT_ALLOWED)]


def test_the_secretariat_registers_for_any_unit_of_their_committees_only(world):
    from giaoban.org.tests.factories import OrganisationFactory

    services.delegation_create(actor=world.secretariat, **_data(world.other_unit))
    with pytest.raises(ValidationError):
        services.delegation_create(actor=world.secretariat, **_data(OrganisationFactory()))


def test_update_changes_lists_and_bumps_the_version(world):
    delegation = DelegationFactory(lead_unit=world.unit, countries=["CN"])
    updated = services.delegation_update(
        actor=world.officer,
        delegation=delegation,
        expected_version=delegation.version,
        countries=["LA", "TH"],
        purposes=[Purpose.SURVEY],
        member_count=7,
    )
    assert updated.version == delegation.version + 1
    assert updated.country_codes == "LA,TH"
    assert updated.purpose_codes == "survey"
    assert "thai lan" in updated.search_key and "trung quoc" not in updated.search_key
    assert updated.history.count() == 2


def test_a_stale_version_raises_edit_conflict_and_writes_nothing(world):
    delegation = DelegationFactory(lead_unit=world.unit)
    services.delegation_update(actor=None, delegation=delegation, expected_version=1, member_count=9)
    with pytest.raises(EditConflict):
        services.delegation_update(actor=None, delegation=delegation, expected_version=1, member_count=3)
    assert Delegation.objects.get().member_count == 9


def test_the_workflow_moves_forward_only(world):
    delegation = DelegationFactory(lead_unit=world.unit, status=Status.PLANNED)
    assert services.allowed_transitions(Status.PLANNED) == [
        Status.APPROVED,
        Status.UNDER_WAY,
        Status.RETURNED,
        Status.CANCELLED,
    ]
    delegation = services.delegation_transition(actor=None, delegation=delegation, status=Status.UNDER_WAY)
    assert delegation.status == Status.UNDER_WAY
    with pytest.raises(ValidationError):
        services.delegation_transition(actor=None, delegation=delegation, status=Status.APPROVED)
    with pytest.raises(ValidationError):
        services.delegation_transition(actor=None, delegation=delegation, status=Status.REPORTED)


def test_cancelling_needs_a_reason_and_is_final(world):
    delegation = DelegationFactory(lead_unit=world.unit, status=Status.APPROVED)
    with pytest.raises(ValidationError) as error:
        services.delegation_transition(actor=None, delegation=delegation, status=Status.CANCELLED)
    assert error.value.message_dict["reason"] == [str(CANCEL_REASON_REQUIRED)]
    delegation = services.delegation_transition(
        actor=world.secretariat, delegation=delegation, status=Status.CANCELLED, reason="Đối tác hoãn."
    )
    assert delegation.cancel_reason == "Đối tác hoãn."
    assert delegation.history.first().history_change_reason == "Đối tác hoãn."
    assert services.allowed_transitions(Status.CANCELLED) == []


def test_the_post_trip_report_makes_it_reported_with_its_files(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    delegation = DelegationFactory(lead_unit=world.unit, status=Status.RETURNED)
    upload = SimpleUploadedFile("Báo cáo.pdf", b"%PDF-1.4", content_type="application/pdf")
    reported = services.delegation_report_submit(
        actor=world.officer,
        delegation=delegation,
        text="Kết quả chuyến công tác.",
        files=[upload],
        report_date=dt.date(2017, 3, 10),
    )
    assert reported.status == Status.REPORTED
    assert reported.report_date == dt.date(2017, 3, 10)
    report_file = reported.report_files.get()
    assert report_file.name == "Báo cáo.pdf"
    assert report_file.file.read() == b"%PDF-1.4"
    assert report_file.uploaded_by == world.officer


def test_a_cancelled_delegation_cannot_report(world):
    delegation = DelegationFactory(lead_unit=world.unit, status=Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.delegation_report_submit(actor=None, delegation=delegation, text="x")


def test_a_report_is_overdue_after_the_setting_days(world, settings):
    settings.DELEGATION_REPORT_DUE_DAYS = 15
    delegation = DelegationFactory(
        lead_unit=world.unit,
        start_date=dt.date(2017, 3, 1),
        end_date=dt.date(2017, 3, 3),
        status=Status.RETURNED,
    )
    assert selectors.report_due_date(delegation) == dt.date(2017, 3, 18)
    assert not selectors.is_report_overdue(delegation, today=dt.date(2017, 3, 18))
    assert selectors.is_report_overdue(delegation, today=dt.date(2017, 3, 19))
    missing = selectors.delegations_missing_report(user=world.secretariat, today=dt.date(2017, 3, 19))
    assert [d.pk for d in missing] == [delegation.pk]
    assert missing[0].report_overdue is True
    settings.DELEGATION_REPORT_DUE_DAYS = 30
    assert not selectors.is_report_overdue(delegation, today=dt.date(2017, 3, 19))


def test_reported_and_cancelled_delegations_are_never_overdue(world):
    reported = DelegationFactory(lead_unit=world.unit, status=Status.REPORTED)
    cancelled = DelegationFactory(lead_unit=world.unit, status=Status.CANCELLED)
    later = dt.date(2030, 1, 1)
    assert not selectors.is_report_overdue(reported, today=later)
    assert not selectors.is_report_overdue(cancelled, today=later)
    assert not selectors.delegations_missing_report(user=world.secretariat, today=later).exists()


def test_a_report_file_is_checked_by_its_content_and_nothing_is_stored(world, settings, tmp_path):
    """An HTML page named .pdf is refused at the files field; the delegation stays unreported."""
    settings.MEDIA_ROOT = tmp_path
    delegation = DelegationFactory(lead_unit=world.unit, status=Status.RETURNED)
    disguised = SimpleUploadedFile(
        "bao-cao.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        services.delegation_report_submit(
            actor=world.officer, delegation=delegation, text="Kết quả.", files=[disguised]
        )
    assert "files" in error.value.message_dict
    delegation.refresh_from_db()
    assert delegation.status == Status.RETURNED
    assert not delegation.report_files.exists()
    assert not any(tmp_path.rglob("*.pdf"))
