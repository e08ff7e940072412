"""The API under schemathesis: every documented operation, fed generated valid and invalid input.

For each operation in /api/v1/openapi.json (so every endpoint added later is covered as it lands),
requests go through the WSGI application with a fresh bearer token of a secretariat user, and each
answer must be no 5xx, a documented status code, and a body matching that status's documented schema
(the error shapes included). The number of random examples per operation shrinks as operations are
added (GIAOBAN_FUZZ_BUDGET per pass), and the boundary-value phase runs in the PostgreSQL pass only, so
the whole takes about a minute per pass.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application
from giaoban.api.api import api
from giaoban.core.testing import is_postgresql

SCHEMA_PATH = "/api/v1/openapi.json"
# Generated requests per database pass, shared by all operations (each gets at least MIN_EXAMPLES).
BUDGET = int(os.environ.get("GIAOBAN_FUZZ_BUDGET", "300"))
MIN_EXAMPLES, MAX_EXAMPLES = 4, 50
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _operation_count() -> int:
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return sum(1 for methods in paths.values() for _ in methods)


# Loaded as the module is collected, so that each operation becomes a test of its own; a document that
# does not load fails one test below instead of stopping the whole run at collection.
try:
    EXAMPLES = max(MIN_EXAMPLES, min(MAX_EXAMPLES, BUDGET // max(1, _operation_count())))
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
    # The coverage phase (boundary values of every parameter) is not bounded by max_examples: it runs
    # in the PostgreSQL pass, the production database; random examples run in both passes.
    schema.config.phases.coverage.enabled = (
        os.environ.get("GIAOBAN_FUZZ_COVERAGE", "1" if is_postgresql() else "0") == "1"
    )
    LOAD_ERROR: Exception | None = None
except Exception as error:  # noqa: BLE001 - reported by the test
    schema, LOAD_ERROR = None, error


@pytest.fixture
def fuzz_user(world):
    """A secretariat officer of a committee with units and people, so reads find real records."""
    return world.secretariat


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI handler, whose request signals would close the test's database
    connection (and its transaction) on PostgreSQL; Django's own test client unhooks them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


if schema is None:

    def test_api_conforms_to_its_schema():
        pytest.fail(f"{SCHEMA_PATH} does not load: {LOAD_ERROR!r}")

else:

    @pytest.mark.django_db
    @schema.parametrize()
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def test_api_conforms_to_its_schema(case, fuzz_user, keep_test_connection):
        from giaoban.api.testing import bearer

        # A fresh token each time: the revoke endpoint may have revoked the previous one.
        case.call_and_validate(headers=bearer(fuzz_user), checks=CHECKS)


def _no_duplicate_keys(pairs):
    keys = [key for key, _value in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"duplicated keys in openapi.json: {duplicates}"
    return dict(pairs)


@pytest.mark.django_db
def test_every_operation_with_a_body_documents_the_400_for_a_body_that_is_not_json(client):
    """Swagger UI refuses a document with a key twice (a status as 400 and as "400")."""
    import json

    response = client.get(SCHEMA_PATH)
    spec = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)
    with_body = [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
        if "requestBody" in operation
    ]
    assert with_body
    for path, method, operation in with_body:
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }, (method, path)
