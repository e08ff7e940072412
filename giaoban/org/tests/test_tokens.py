"""API tokens and the account (issue #11, item 6): a changed password or a disabled account revokes
the user's tokens; a user lists and revokes their own tokens, never another user's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from giaoban.api.testing import bearer
from giaoban.org import services
from giaoban.org.models import ApiToken

pytestmark = pytest.mark.django_db

PROBE = "/api/v1/committees"
NEW_PASSWORD = "Lang-Son-26/7/2017-giao-ban"


def works(client, headers) -> bool:
    return client.get(PROBE, headers=headers).status_code == 200


def test_changing_ones_password_revokes_ones_tokens(client, world):
    headers = bearer(world.officer)
    assert works(client, headers)
    client.force_login(world.officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": "giaoban-demo", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(PROBE, headers=headers).status_code == 401
    assert not ApiToken.objects.filter(user=world.officer, revoked_at__isnull=True).exists()


@pytest.fixture
def admin_browser(client, world):
    admin = world.admin
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True)
    admin.refresh_from_db()
    admin.user_permissions.set(Permission.objects.filter(codename__in=["change_user", "view_user"]))
    client.force_login(admin)
    return client


def test_an_admin_resetting_the_password_revokes_the_tokens(client, world, admin_browser):
    headers = bearer(world.officer)
    others = bearer(world.secretariat)
    response = admin_browser.post(
        f"/admin/org/user/{world.officer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    admin_browser.logout()
    assert client.get(PROBE, headers=headers).status_code == 401
    assert works(client, others)  # nobody else's


def test_disabling_a_user_revokes_the_tokens_for_good(client, world):
    headers = bearer(world.officer)
    user = world.officer
    user.is_active = False
    user.save()  # as Django admin's change form saves it
    assert client.get(PROBE, headers=headers).status_code == 401
    user.is_active = True
    user.save()
    assert client.get(PROBE, headers=headers).status_code == 401  # enabled again, the old tokens stay dead


def test_a_login_keeps_the_tokens(client, world):
    headers = bearer(world.officer)
    assert client.post(reverse("login"), {"username": "off", "password": "giaoban-demo"}).status_code == 302
    assert works(client, headers)


# --- Listing and revoking one's own tokens -------------------------------------------------------


TOKENS = "/api/v1/auth/tokens"


def test_a_user_lists_their_own_active_tokens_by_prefix_only(client, world):
    mine, raw_key = services.api_token_issue(user=world.officer, name="Máy chủ báo cáo")
    revoked, _raw = services.api_token_issue(user=world.officer, name="Cũ")
    services.api_token_revoke(user=world.officer, token_id=revoked.pk)
    services.api_token_issue(user=world.secretariat, name="Của người khác")
    headers = {"Authorization": f"Bearer {raw_key}"}

    response = client.get(TOKENS, headers=headers)
    assert response.status_code == 200, response.content
    items = response.json()
    assert [(item["id"], item["name"], item["prefix"]) for item in items] == [
        (mine.pk, "Máy chủ báo cáo", raw_key[:8])
    ]
    assert raw_key not in response.content.decode()
    assert items[0]["current"] is True


def test_a_user_revokes_one_of_their_tokens_by_id(client, world):
    _first, first_key = services.api_token_issue(user=world.officer, name="một")
    second, second_key = services.api_token_issue(user=world.officer, name="hai")
    response = client.delete(f"{TOKENS}/{second.pk}", headers={"Authorization": f"Bearer {first_key}"})
    assert response.status_code == 204
    assert client.get(PROBE, headers={"Authorization": f"Bearer {second_key}"}).status_code == 401
    assert works(client, {"Authorization": f"Bearer {first_key}"})


def test_another_users_token_answers_404_and_stays_valid(client, world):
    theirs, their_key = services.api_token_issue(user=world.secretariat, name="của thư ký")
    response = client.delete(f"{TOKENS}/{theirs.pk}", headers=bearer(world.officer))
    assert response.status_code == 404
    assert works(client, {"Authorization": f"Bearer {their_key}"})


# --- The account page ----------------------------------------------------------------------------


def test_the_account_page_lists_and_revokes_ones_own_tokens(client, world):
    mine, raw_key = services.api_token_issue(user=world.officer, name="Máy chủ báo cáo")
    theirs, their_key = services.api_token_issue(user=world.secretariat, name="Của thư ký")
    client.force_login(world.officer)
    page = client.get(reverse("api-tokens"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Máy chủ báo cáo" in html and f"{raw_key[:8]}…" in html
    assert raw_key not in html and "Của thư ký" not in html

    assert client.post(reverse("api-tokens"), {"token": theirs.pk}).status_code == 404
    assert works(client, {"Authorization": f"Bearer {their_key}"})
    response = client.post(reverse("api-tokens"), {"token": mine.pk})
    assert response.status_code == 302
    client.logout()
    assert client.get(PROBE, headers={"Authorization": f"Bearer {raw_key}"}).status_code == 401
