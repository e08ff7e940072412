"""The OpenAPI document is valid and documents the error shapes; the docs page needs no CDN."""

import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_openapi_document_is_valid(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_operation_ids_are_unique_verb_noun_names(spec):
    ids = [operation["operationId"] for _path, _method, operation in _operations(spec)]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", operation_id), operation_id
        # ninja's default would be the module path: "giaoban_org_api_list_committees".
        assert not operation_id.startswith("giaoban_"), operation_id
    assert {"list_committees", "get_committee", "list_committee_memberships", "list_organisations"} <= set(
        ids
    )
    assert {"get_organisation", "list_persons", "get_person", "create_token", "revoke_token"} <= set(ids)


def _ref(response):
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_every_protected_operation_documents_its_error_shapes(spec):
    """A schema-based fuzzer must find each error status with its JSON shape."""
    protected = [
        (path, operation) for path, _method, operation in _operations(spec) if path != "/api/v1/auth/token"
    ]
    assert protected
    for path, operation in protected:
        responses = operation["responses"]
        assert _ref(responses["401"]) == "ErrorOut", path
        assert operation.get("security"), path
        if operation["operationId"] != "revoke_token":
            assert _ref(responses["404"]) == "ErrorOut", path
            assert _ref(responses["422"]) == "ValidationErrorOut", path
    shapes = spec["components"]["schemas"]
    assert set(shapes["ValidationErrorOut"]["required"]) == {"detail", "errors"}
    assert set(shapes["FieldErrorOut"]["required"]) == {"loc", "field", "message", "code"}


def test_the_token_operation_is_open_and_documents_its_answers(spec):
    operation = spec["paths"]["/api/v1/auth/token"]["post"]
    assert "security" not in operation
    assert {"200", "401", "422", "429"} <= set(operation["responses"])


def test_bearer_tokens_and_the_session_are_the_security_schemes(spec):
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"


def test_lists_document_pagination(spec):
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/committees"]["get"]["parameters"]}
    assert parameters["limit"]["schema"]["maximum"] == 200
    assert parameters["limit"]["schema"]["default"] == 50
    page = spec["paths"]["/api/v1/committees"]["get"]["responses"]["200"]
    assert _ref(page) == "PagedCommitteeOut"


def test_the_docs_page_loads_only_local_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not reference another host"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    # Swagger UI would otherwise fetch a validator badge from swagger.io.
    assert '"validatorUrl": null' in html


def test_the_docs_page_carries_the_csrf_token_for_session_calls(client, world):
    client.force_login(world.officer)
    html = client.get("/api/v1/docs").content.decode()
    assert re.search(r'data-csrf-token="[^"]+"', html)
    assert 'data-api-csrf="true"' in html


def test_the_api_root_points_to_the_docs(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "title": "Giao Ban API",
        "version": "1",
        "docs": "http://testserver/api/v1/docs",
        "openapi": "http://testserver/api/v1/openapi.json",
    }
