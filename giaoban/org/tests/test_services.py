"""Org services: NFC storage, search keys, audit attribution, optimistic locking, validation."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from giaoban.core.services import EditConflict
from giaoban.org import services
from giaoban.org.models import Organisation, Position
from giaoban.org.selectors import person_title_text, person_titles
from giaoban.org.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_decomposed_input_is_stored_composed():
    """Text pasted from macOS (NFD) is stored NFC, and its search key has no accents."""
    org = services.organisation_create(
        actor=None, name=unicodedata.normalize("NFD", "Sở  Ngoại vụ "), kind="department"
    )
    org.refresh_from_db()
    assert org.name == "Sở Ngoại vụ"
    assert unicodedata.is_normalized("NFC", org.name)
    assert org.search_key == "so ngoai vu"


def test_update_records_who_changed_what():
    user = UserFactory()
    org = OrganisationFactory(name="Sở Cũ")
    services.organisation_update(actor=user, organisation=org, expected_version=org.version, name="Sở Mới")
    latest = org.history.latest()
    assert latest.history_user == user
    assert latest.name == "Sở Mới"
    assert Organisation.objects.get(pk=org.pk).search_key == "so moi"


def test_stale_version_raises_conflict_and_writes_nothing():
    """Two editors: the second save, based on the old version, is refused."""
    org = OrganisationFactory(name="Sở A")
    seen_version = org.version
    services.organisation_update(actor=None, organisation=org, expected_version=seen_version, name="Sở B")
    with pytest.raises(EditConflict):
        services.organisation_update(actor=None, organisation=org, expected_version=seen_version, name="Sở C")
    assert Organisation.objects.get(pk=org.pk).name == "Sở B"


def test_position_end_before_start_is_rejected():
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.position_create(
            actor=None,
            person=person,
            organisation=OrganisationFactory(),
            title="Giám đốc",
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2019, 1, 1),
        )
    assert not Position.objects.exists()


def test_titles_follow_the_date_and_precedence():
    person = PersonFactory()
    PositionFactory(person=person, title="Chủ tịch HĐND tỉnh", precedence=2, start_date=dt.date(2016, 1, 1))
    PositionFactory(
        person=person, title="Phó Bí thư Thường trực Tỉnh ủy", precedence=1, start_date=dt.date(2015, 1, 1)
    )
    PositionFactory(
        person=person,
        title="Trưởng Ban Tổ chức",
        precedence=1,
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2014, 12, 31),
    )
    assert person_titles(person, dt.date(2013, 6, 1)) == ["Trưởng Ban Tổ chức"]
    assert (
        person_title_text(person, dt.date(2017, 7, 26))
        == "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
    )


def test_committee_roles_join_with_a_shared_suffix():
    person = PersonFactory()
    a = CommitteeFactory(title_name="Ban Chỉ đạo công tác thông tin đối ngoại tỉnh")
    b = CommitteeFactory(title_name="Ban Chỉ đạo 94 tỉnh")
    MembershipFactory(committee=a, person=person, role="head")
    MembershipFactory(committee=b, person=person, role="head")
    c = CommitteeFactory(title_name="Hội đồng Thi đua tỉnh")
    MembershipFactory(committee=c, person=person, role="member")
    assert person_titles(person, dt.date(2017, 7, 26), committees=[a, b, c]) == [
        "Trưởng Ban Chỉ đạo công tác thông tin đối ngoại và Ban Chỉ đạo 94 tỉnh",
        "Ủy viên Hội đồng Thi đua tỉnh",
    ]


def test_committee_member_units_change_is_versioned():
    committee = CommitteeFactory()
    unit = OrganisationFactory()
    version = committee.version
    updated = services.committee_update(
        actor=None, committee=committee, expected_version=version, member_units=[unit]
    )
    assert list(updated.member_units.all()) == [unit]
    assert updated.version == version + 1
    with pytest.raises(EditConflict):
        services.committee_update(actor=None, committee=committee, expected_version=version, member_units=[])


def test_api_token_is_stored_as_digest_and_revocable():
    user = UserFactory()
    token, raw = services.api_token_issue(user=user)
    assert raw not in token.key_digest and len(token.key_digest) == 64
    assert services.api_token_authenticate(raw) == user
    assert services.api_token_revoke(user=user, raw_key=raw) == 1
    assert services.api_token_authenticate(raw) is None


def test_titles_with_an_open_start_come_first_on_every_database():
    """Equal precedence: a position with no start date is the oldest (NULLs sort differently per database)."""
    person = PersonFactory()
    PositionFactory(person=person, title="Chức danh B", precedence=1, start_date=dt.date(2015, 1, 1))
    PositionFactory(person=person, title="Chức danh A", precedence=1, start_date=None)
    assert person_titles(person, dt.date(2017, 1, 1)) == ["Chức danh A", "Chức danh B"]


def test_member_unit_change_is_one_history_row_with_its_reason():
    committee = CommitteeFactory()
    unit_a, unit_b = OrganisationFactory(name="Sở Ân"), OrganisationFactory(name="Sở Ăn")
    before = committee.history.count()
    updated = services.committee_update(actor=None, committee=committee, member_units=[unit_b, unit_a])
    assert committee.history.count() == before + 1
    assert updated.history.latest().history_change_reason == "Đơn vị thành viên: thêm Sở Ăn, Sở Ân"
    services.committee_update(actor=None, committee=updated, member_units=[unit_a])
    assert committee.history.latest().history_change_reason == "Đơn vị thành viên: bớt Sở Ăn"


def test_new_unit_joins_the_chosen_committees():
    committee = CommitteeFactory()
    org = services.organisation_create(actor=None, name="Sở Mới", kind="department", committees=[committee])
    assert list(committee.member_units.all()) == [org]


def test_position_update_checks_the_version():
    position = PositionFactory(title="Giám đốc")
    services.position_update(actor=None, position=position, expected_version=1, title="Phó Giám đốc")
    with pytest.raises(EditConflict):
        services.position_update(actor=None, position=position, expected_version=1, title="Chuyên viên")
