import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_with_database(client):
    """GET /healthz checks the database and answers 200."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_lists_the_users_committees(world, client_for, django_assert_max_num_queries):
    """The overview shows the committees the user belongs to, and not others."""
    client = client_for(world.officer)
    with django_assert_max_num_queries(9):  # +1: unread notification count
        response = client.get("/")
    html = response.content.decode()
    assert world.committee.short_name in html
    assert world.other_committee.short_name not in html
