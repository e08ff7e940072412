"""Helpers for API tests in every app."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from giaoban.org import services


def bearer(user: Any) -> dict[str, str]:
    """Headers carrying a fresh API token for the user: client.get(url, headers=bearer(user))."""
    _token, raw_key = services.api_token_issue(user=user, name="test")
    return {"Authorization": f"Bearer {raw_key}"}


def count_queries(client: Any, url: str, headers: dict[str, str]) -> int:
    """How many SQL queries one successful GET runs."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)
