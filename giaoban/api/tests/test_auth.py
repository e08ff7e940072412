"""API authentication: tokens from a password, bearer checks, revocation, expiry, lockout, session."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone
from ninja.errors import HttpError

from giaoban.api.auth import LOCKED_OUT, WRONG_CREDENTIALS, SessionAuth
from giaoban.api.errors import CSRF_FAILED, NOT_AUTHENTICATED, TOKEN_INVALID
from giaoban.api.testing import bearer
from giaoban.org import services
from giaoban.org.models import ApiToken
from giaoban.org.tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
REVOKE_URL = "/api/v1/auth/token/revoke"


def obtain(client, username, password=DEMO_PASSWORD):
    return client.post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_token_from_the_password_lists_committees(client, world):
    """Acceptance: a token obtained from /api/v1/auth/token lists the user's committees."""
    response = obtain(client, "sec")
    assert response.status_code == 200
    body = response.json()
    expires_at = dt.datetime.fromisoformat(body["expires_at"])
    assert expires_at - timezone.now() > dt.timedelta(days=89)

    listing = client.get("/api/v1/committees", headers=auth(body["token"]))
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    assert [item["name"] for item in listing.json()["items"]] == [world.committee.name]


def test_only_the_token_digest_is_stored(client, world):
    token = obtain(client, "sec").json()["token"]
    stored = ApiToken.objects.get(user=world.secretariat)
    assert token not in (stored.key_digest, stored.prefix)
    assert stored.prefix == token[:8]


def test_wrong_password_answers_401_in_vietnamese(client, world):
    response = obtain(client, "sec", "sai-mat-khau")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}
    assert response.json()["detail"] == str(WRONG_CREDENTIALS)
    assert not ApiToken.objects.exists()


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, world):
    response = obtain(client, "khong-ton-tai", "sai-mat-khau")
    assert response.status_code == 401
    assert response.json()["detail"] == str(WRONG_CREDENTIALS)


def test_an_inactive_user_gets_no_token(client, db):
    UserFactory(username="nghi", is_active=False)
    assert obtain(client, "nghi").status_code == 401


def test_a_token_is_a_login(client, world):
    """Issuing a token updates last_login, as the login page does."""
    assert world.officer.last_login is None
    assert obtain(client, "off").status_code == 200
    world.officer.refresh_from_db()
    assert world.officer.last_login is not None


def test_missing_token_answers_401_with_vietnamese_detail(client, world):
    response = client.get("/api/v1/committees")
    assert response.status_code == 401
    assert response.json() == {"detail": str(NOT_AUTHENTICATED)}
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer khong-hop-le", "Bearer ", "Token abc", "Basic c2VjOng="])
def test_an_invalid_credential_answers_401(client, world, header):
    response = client.get("/api/v1/committees", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"] in {str(TOKEN_INVALID), str(NOT_AUTHENTICATED)}


def test_an_unknown_bearer_token_says_so(client, world):
    response = client.get("/api/v1/committees", headers=auth("khong-hop-le"))
    assert response.json() == {"detail": str(TOKEN_INVALID)}


def test_a_revoked_token_answers_401(client, world):
    token = obtain(client, "off").json()["token"]
    assert client.get("/api/v1/committees", headers=auth(token)).status_code == 200

    response = client.post(REVOKE_URL, headers=auth(token))
    assert response.status_code == 204

    after = client.get("/api/v1/committees", headers=auth(token))
    assert after.status_code == 401
    assert after.json() == {"detail": str(TOKEN_INVALID)}
    assert client.post(REVOKE_URL, headers=auth(token)).status_code == 401


def test_revoking_keeps_the_users_other_tokens(client, world):
    first = obtain(client, "off").json()["token"]
    second = obtain(client, "off").json()["token"]
    client.post(REVOKE_URL, headers=auth(first))
    assert client.get("/api/v1/committees", headers=auth(second)).status_code == 200


def test_revoking_needs_a_token_not_a_session(client, world):
    client.force_login(world.officer)
    assert client.post(REVOKE_URL).status_code == 401


def test_an_expired_token_answers_401(client, world, settings):
    settings.GIAOBAN_API_TOKEN_DAYS = 0
    _token, raw_key = services.api_token_issue(user=world.officer)
    response = client.get("/api/v1/committees", headers=auth(raw_key))
    assert response.status_code == 401
    assert response.json() == {"detail": str(TOKEN_INVALID)}


def test_a_deactivated_users_token_does_not_work(client, world):
    user = UserFactory(username="nghi", is_active=False, committees=[world.committee])
    assert client.get("/api/v1/committees", headers=bearer(user)).status_code == 401


def test_repeated_failures_lock_the_username_temporarily(client, world, settings):
    """django-axes counts API failures: the fifth locks the account, then even the right password waits."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert obtain(client, "off", "sai-mat-khau").status_code == 401

    locked = obtain(client, "off", "sai-mat-khau")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert locked.json() == {"detail": str(LOCKED_OUT) % {"minutes": 15}}
    assert "tạm thời bị khóa" in locked.json()["detail"]
    assert locked["Retry-After"] == "900"

    still_locked = obtain(client, "off")
    assert still_locked.status_code == 429
    assert "token" not in still_locked.json()
    assert not ApiToken.objects.exists()

    # Another username from the same address is not locked (lockout is by username and IP).
    assert obtain(client, "sec").status_code == 200


def test_a_successful_login_clears_the_failures(client, world, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        obtain(client, "off", "sai-mat-khau")
    assert obtain(client, "off").status_code == 200
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert obtain(client, "off", "sai-mat-khau").status_code == 401


def test_the_logged_in_session_reads_the_api(client, world):
    """The docs page calls the API with the browser's session."""
    client.force_login(world.officer)
    response = client.get("/api/v1/committees")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_an_invalid_token_is_refused_even_with_a_session(client, world):
    client.force_login(world.officer)
    assert client.get("/api/v1/committees", headers=auth("khong-hop-le")).status_code == 401


def test_session_auth_needs_csrf_for_unsafe_methods(world):
    """A cross-site form riding on the session cookie is refused; safe methods and CSRF-bearing calls pass."""
    from django.middleware.csrf import get_token

    factory = RequestFactory(enforce_csrf_checks=True)
    session_auth = SessionAuth()

    request = factory.post("/api/v1/anything")
    request.user = world.officer
    with pytest.raises(HttpError) as raised:
        session_auth(request)
    assert raised.value.status_code == 403
    assert raised.value.message == str(CSRF_FAILED)

    request = factory.get("/api/v1/anything")
    request.user = world.officer
    assert session_auth(request) == world.officer

    seed = factory.get("/")
    token = get_token(seed)
    request = factory.post(
        "/api/v1/anything",
        headers={"X-CSRFToken": token},
        HTTP_COOKIE=f"csrftoken={seed.META['CSRF_COOKIE']}",
    )
    request.user = world.officer
    assert session_auth(request) == world.officer


def test_session_auth_ignores_anonymous_visitors(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.post("/api/v1/anything")
    request.user = AnonymousUser()
    assert SessionAuth()(request) is None
