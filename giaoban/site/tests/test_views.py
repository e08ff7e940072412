"""The home page."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_the_users_committees(world, client_for, django_assert_max_num_queries):
    """The overview shows the committees the user belongs to, and not others."""
    client = client_for(world.officer)
    # 9 for the layout and the committees, 16 for the officer's "việc cần làm" (attention.py).
    with django_assert_max_num_queries(25):
        response = client.get("/")
    html = response.content.decode()
    assert world.committee.short_name in html
    assert world.other_committee.short_name not in html
