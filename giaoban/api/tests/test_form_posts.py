"""A form or multipart POST to a JSON operation is a client error, never a 500."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["form", "multipart"])
def test_non_json_post_to_a_json_operation_is_a_client_error(client, kind):
    if kind == "form":
        response = client.post(
            "/api/v1/auth/token",
            data="username=a&password=b",
            content_type="application/x-www-form-urlencoded",
        )
    else:
        response = client.post("/api/v1/auth/token", data={"username": "a", "password": "b"})
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
