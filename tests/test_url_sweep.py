"""Every URL pattern, enumerated from the resolver, is checked against the role rules.

- a logged-out client is sent to the login page (pages) or gets 401 (API), except the public routes;
- a unit officer asking for another unit's or another committee's record gets 404, on pages and API.

A new route with an object in its path fails here until its collection is registered in HIDDEN_OBJECTS,
so no route can escape the sweep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from giaoban.org import services as org_services
from giaoban.org.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    OrganisationFactory,
    PositionFactory,
)

SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")
# Routes anyone may open: login, health check, the API schema and docs, token exchange.
PUBLIC_ROUTES = {
    "healthz",
    "accounts/login/",
    "api/v1/",
    "api/v1/openapi.json",
    "api/v1/docs",
    "api/v1/auth/token",
}
CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def iter_routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from iter_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route.lstrip("^").rstrip("$")


def swept_routes() -> list[str]:
    return sorted({r for r in iter_routes() if not r.startswith(SKIPPED_PREFIXES)})


def collection_of(route: str, kwarg: str) -> str:
    """The path segment before an object's converter names its collection: persons/<int:pk> → persons."""
    before = route.split(f":{kwarg}>")[0].rsplit("<", 1)[0].rstrip("/")
    return before.rsplit("/", 1)[-1]


@pytest.fixture
def hidden(world) -> dict[str, object]:
    """Records the unit officer `world.officer` must not see, by URL collection name."""
    other_committee = world.other_committee
    hidden_unit = OrganisationFactory(name="Sở Ẩn")
    org_services.committee_update(actor=None, committee=other_committee, member_units=[hidden_unit])
    hidden_position = PositionFactory(person=world.outsider_person, organisation=world.other_unit)
    hidden_membership = MembershipFactory(committee=CommitteeFactory(), person=world.outsider_person)
    return {
        "committees": other_committee,
        "organisations": hidden_unit,
        "persons": world.outsider_person,
        "positions": hidden_position,
        "memberships": hidden_membership,
    }


KNOWN_COLLECTIONS = {"committees", "organisations", "persons", "positions", "memberships"}


def fill(route: str, objects: dict[str, object]) -> str:
    def replace(match: re.Match) -> str:
        name = match.group("name")
        return str(objects[collection_of(route, name)].pk)

    return "/" + CONVERTER.sub(replace, route)


def object_routes() -> list[str]:
    return [r for r in swept_routes() if CONVERTER.search(r)]


def test_every_object_route_has_a_registered_collection():
    """A new route with an object id must name a collection the sweep knows how to hide."""
    unknown = {
        (route, collection_of(route, m.group("name")))
        for route in object_routes()
        for m in CONVERTER.finditer(route)
        if collection_of(route, m.group("name")) not in KNOWN_COLLECTIONS
    }
    assert not unknown, f"Register these collections in tests/test_url_sweep.py: {sorted(unknown)}"


def test_the_sweep_sees_the_routes():
    routes = swept_routes()
    assert "org/persons/<int:pk>/" in routes
    assert any(r.startswith("api/v1/") and "<" in r for r in routes)


@pytest.mark.parametrize("route", swept_routes())
def test_logged_out_client_is_turned_away(client, world, hidden, route):
    if route in PUBLIC_ROUTES:
        pytest.skip("public route")
    url = fill(route, hidden) if CONVERTER.search(route) else "/" + route
    response = client.get(url)
    if route.startswith("api/"):
        assert response.status_code in {401, 405}, (url, response.status_code)
    else:
        assert response.status_code in {302, 405}, (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("route", object_routes())
def test_unit_officer_gets_404_for_hidden_records(client, world, hidden, route):
    url = fill(route, hidden)
    headers = {}
    if route.startswith("api/"):
        _, raw = org_services.api_token_issue(user=world.officer)
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    else:
        client.force_login(world.officer)
    response = client.get(url, **headers)
    if response.status_code == 405:  # a POST-only route
        response = client.post(url, **headers)
    assert response.status_code == 404, (url, response.status_code)
