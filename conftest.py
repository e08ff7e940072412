"""Shared fixtures: a small committee world with one user per role, and an "other" unit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from giaoban.core.permissions import Role


@dataclass
class World:
    committee: object
    other_committee: object
    standing_agency: object
    unit: object
    other_unit: object
    secretariat: object
    leader: object
    officer: object
    other_officer: object
    admin: object
    outsider_person: object
    unit_person: object


def pytest_configure(config):
    # pyproject.toml lists the other markers; this one is for the production checks (processes, clusters).
    config.addinivalue_line(
        "markers", "slow: starts servers or processes (gunicorn, a PostgreSQL cluster); runs in make test"
    )


@pytest.fixture
def world(db) -> World:
    """Committee with two member units; an officer per unit; a person at each unit."""
    from giaoban.org.models import OrganisationKind
    from giaoban.org.tests.factories import (
        CommitteeFactory,
        OrganisationFactory,
        PersonFactory,
        PositionFactory,
        UserFactory,
    )

    agency = OrganisationFactory(name="Ban Tuyên giáo Tỉnh ủy", kind=OrganisationKind.PARTY)
    unit = OrganisationFactory(name="Sở Ngoại vụ")
    other_unit = OrganisationFactory(name="Thành phố Lạng Sơn", kind=OrganisationKind.LOCALITY)
    committee = CommitteeFactory(standing_agency=agency, member_units=[agency, unit, other_unit])
    other_committee = CommitteeFactory(member_units=[])
    unit_person = PersonFactory(full_name="Lê Thị Ngoại")
    PositionFactory(person=unit_person, organisation=unit, title="Giám đốc Sở Ngoại vụ")
    outsider_person = PersonFactory(full_name="Trần Văn Khác")
    PositionFactory(person=outsider_person, organisation=other_unit, title="Chánh Văn phòng")
    return World(
        committee=committee,
        other_committee=other_committee,
        standing_agency=agency,
        unit=unit,
        other_unit=other_unit,
        secretariat=UserFactory(
            username="sec", role=Role.SECRETARIAT, organisation=agency, committees=[committee]
        ),
        leader=UserFactory(username="lead", role=Role.LEADER, organisation=agency, committees=[committee]),
        officer=UserFactory(
            username="off", role=Role.UNIT_OFFICER, organisation=unit, committees=[committee]
        ),
        other_officer=UserFactory(
            username="off2", role=Role.UNIT_OFFICER, organisation=other_unit, committees=[committee]
        ),
        admin=UserFactory(username="adm", role=Role.ADMIN, organisation=None),
        outsider_person=outsider_person,
        unit_person=unit_person,
    )


@pytest.fixture
def client_for(client):
    """client_for(user) logs the test client in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_sessionfinish(session, exitstatus):
    """Leave a mark per database vendor after a green run; .ci/run checks both passes ran."""
    if exitstatus != 0 or getattr(session.config, "workerinput", None) is not None:
        return
    if session.testscollected == 0:
        return
    from pathlib import Path

    from django.db import connection

    marks = Path(__file__).resolve().parent / "var" / "test-passes"
    marks.mkdir(parents=True, exist_ok=True)
    (marks / connection.vendor).write_text(f"{session.testscollected} tests\n")
