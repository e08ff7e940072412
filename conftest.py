"""Shared fixtures: a small committee world with one user per role, and an "other" unit."""

from __future__ import annotations

import copy
from collections import defaultdict
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
    config.addinivalue_line("markers", "pdf: converts documents with LibreOffice (giaoban.core.testing)")
    config.addinivalue_line(
        "markers",
        "once: browser, pdf, slow and database-free tests, marked at collection: make test runs them in its"
        " PostgreSQL pass only (the SQLite pass deselects them with -m 'not once')",
    )


def build_world() -> World:
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
def world(request, db) -> World:
    """Committee with two member units; an officer per unit; a person at each unit.

    Built once per module (`module_world`) for the tests that run in a savepoint: each gets its own copy
    of the Python objects, and what it changes in the database goes with its savepoint. A test whose
    data is committed (transactional, live server) gets a world of its own. Which is which is decided at
    collection (`_world_once_per_module`)."""
    if "module_world" in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue("module_world"))
    return build_world()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around the tests of a module that share data built once (module-scoped fixtures on
    top of this one): each test still runs in its own savepoint, rolled back after it, and the shared
    data is rolled back after the module. Tests using it run last in their module (see below), so the
    module's other tests never see the shared data; they must use `db`, not `transactional_db`."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_data(module_transaction, django_db_blocker) -> None:
    """`giaoban demo` loaded once for the module's tests that ask for it (each test in a savepoint)."""
    import io

    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def module_world(module_transaction, django_db_blocker) -> World:
    """`world` built once for the module; a test that may change it takes a copy (copy.deepcopy)."""
    with django_db_blocker.unblock():
        return build_world()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or names & {"transactional_db", "live_server"}
    )


# Fixtures of data shared by a module's tests: rolled back (module_transaction) or emptied (the browser
# tests' committed demo, tests/browser/conftest.py) after the module.
SHARED_MODULE_DATA = {"module_transaction", "_committed_demo"}


def _on_shared_module_data(item) -> bool:
    return bool(SHARED_MODULE_DATA & set(item.fixturenames))


def _module(item) -> str:
    return item.nodeid.split("::", 1)[0]


def _world_once_per_module(items) -> None:
    """A test on `world` that runs in a savepoint (not transactional) reads the module's `module_world`:
    both module fixtures join its fixtures, first, so that the module's transaction opens before the
    test's own (`db`) and lives until the module's last test. Not in a module whose tests already share
    other module data (the demo, …), which the world would otherwise join."""
    sharing = {_module(item) for item in items if "module_transaction" in item.fixturenames}
    for item in items:
        names = item.fixturenames
        if "world" in names and _module(item) not in sharing and not _transactional(item):
            item.fixturenames = ["module_transaction", "module_world", *names]


def _share_module_data_last(items) -> None:
    """Within each module, tests on shared module data take the last places of their kind (in a savepoint
    or transactional: pytest-django runs every module's transactional tests after all the others),
    keeping the order pytest-django gave the rest: the shared data then lives only while they run."""
    if clash := [i.nodeid for i in items if "module_transaction" in i.fixturenames and _transactional(i)]:
        raise pytest.UsageError(f"module_transaction cannot hold committed data: {clash}")
    positions, groups = defaultdict(list), defaultdict(list)
    for index, item in enumerate(items):
        group = (_module(item), _transactional(item))
        positions[group].append(index)
        groups[group].append(item)
    for group, group_items in groups.items():
        shared = [item for item in group_items if _on_shared_module_data(item)]
        if shared:
            others = [item for item in group_items if not _on_shared_module_data(item)]
            for index, item in zip(positions[group], others + shared, strict=True):
                items[index] = item


ONCE_MARKERS = ("browser", "pdf")


def _uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or names & {"_django_db_helper", "django_db_setup"})


def _once(item) -> bool:
    marked = any(item.get_closest_marker(name) for name in ONCE_MARKERS)
    return marked or "live_server" in item.fixturenames or not _uses_database(item)


def pytest_collection_modifyitems(config, items):
    """Runs before `-m` selects (pytest's own hook runs last), after pytest-django's ordering."""
    _world_once_per_module(items)
    _share_module_data_last(items)
    for item in items:
        if _once(item):
            item.add_marker(pytest.mark.once)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (PDFs are cached by content): nothing carries over."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


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
