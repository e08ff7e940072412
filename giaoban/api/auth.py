"""Who is calling: a bearer token (scripts, integrations) or the browser session (the docs page).

Tokens come from POST /auth/token with a username and password. The password check goes through
django.contrib.auth.authenticate, so django-axes counts failures and locks a username+IP exactly as
on the login page.
"""

import datetime as dt
import math
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from giaoban.org import selectors, services

from .errors import CSRF_FAILED, TOKEN_INVALID
from .schemas import NO_CONTROL_CHARACTERS, READ_ERRORS, ErrorOut, ValidationErrorOut, path_id

WRONG_CREDENTIALS = _("Tên đăng nhập hoặc mật khẩu không đúng.")
LOCKED_OUT = _("Tài khoản tạm thời bị khóa vì đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)s phút.")
LOCKED_OUT_NO_COOLOFF = _("Tài khoản bị khóa vì đăng nhập sai quá nhiều lần. Hãy liên hệ quản trị hệ thống.")

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a token that is unknown, expired or revoked answers 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = services.api_token_authenticate(token)
        if user is None:
            raise AuthenticationError(401, str(TOKEN_INVALID))
        # Code reading request.user (audit history, permissions) sees the token's user.
        request.user = user
        request.api_token_key = token  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods also need Django's CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        unsafe = request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False)
        if unsafe and check_csrf(request) is not None:
            raise HttpError(403, str(CSRF_FAILED))
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()

# --- Token endpoints -----------------------------------------------------------------------------


class TokenIn(Schema):
    username: str = Field(..., min_length=1, max_length=150, pattern=NO_CONTROL_CHARACTERS)
    password: str = Field(..., min_length=1, max_length=4096)
    name: str = Field(
        "",
        max_length=100,
        pattern=NO_CONTROL_CHARACTERS,
        description="Tên gợi nhớ của mã truy cập, ví dụ “Máy chủ báo cáo”.",
    )


class TokenOut(Schema):
    token: str = Field(..., description="Mã truy cập; chỉ hiện một lần, hệ thống chỉ lưu bản băm.")
    expires_at: dt.datetime = Field(..., description="Thời điểm hết hạn (ISO 8601).")


class TokenInfoOut(Schema):
    id: int
    name: str
    prefix: str = Field(..., description="Tám ký tự đầu của mã; mã đầy đủ không được lưu.")
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    current: bool = Field(..., description="Mã đang dùng cho chính yêu cầu này.")


router = Router(tags=["auth"])


def _locked_out(request: HttpRequest, response: HttpResponse) -> Status:
    from axes.helpers import get_cool_off

    # The API answers the lockout itself, in JSON; AxesMiddleware would replace it with the HTML page.
    request.axes_locked_out = False  # type: ignore[attr-defined]
    cool_off = get_cool_off(request)
    if not cool_off:
        return Status(429, {"detail": str(LOCKED_OUT_NO_COOLOFF)})
    seconds = math.ceil(cool_off.total_seconds())
    response["Retry-After"] = str(seconds)
    return Status(429, {"detail": str(LOCKED_OUT) % {"minutes": math.ceil(seconds / 60)}})


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Lấy mã truy cập",
    description="Đổi tên đăng nhập và mật khẩu lấy mã truy cập dùng trong tiêu đề "
    "`Authorization: Bearer <mã>`. Sai quá số lần cho phép thì tài khoản bị khóa tạm thời (429).",
)
def create_token(request: HttpRequest, response: HttpResponse, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, response)
        return Status(401, {"detail": str(WRONG_CREDENTIALS)})
    # A token is a login: last_login is updated and axes clears the failures (AXES_RESET_ON_SUCCESS).
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    token, raw_key = services.api_token_issue(user=user, name=payload.name)
    return Status(200, {"token": raw_key, "expires_at": token.expires_at})


@router.post(
    "/token/revoke",
    auth=token_auth,
    response={204: None, 401: ErrorOut},
    summary="Thu hồi mã truy cập đang dùng",
    description="Mã truy cập gửi kèm yêu cầu này thôi hiệu lực ngay.",
)
def revoke_token(request: HttpRequest):
    services.api_token_revoke(user=request.auth, raw_key=request.api_token_key)  # type: ignore[attr-defined]
    return Status(204, None)


@router.get(
    "/tokens",
    response={200: list[TokenInfoOut], **READ_ERRORS},
    summary="Mã truy cập của tôi",
    description="Các mã truy cập còn hiệu lực của người đang gọi, mới nhất trước; chỉ hiện tám ký tự đầu.",
)
def list_tokens(request: HttpRequest):
    return selectors.api_token_list(user=request.auth, current_key=getattr(request, "api_token_key", None))


@router.delete(
    "/tokens/{token_id}",
    response={204: None, **READ_ERRORS},
    summary="Thu hồi một mã truy cập của tôi",
    description="Mã của người khác, hoặc đã thu hồi, trả 404.",
)
def delete_token(request: HttpRequest, token_id: Annotated[int, path_id("Mã số của mã truy cập.")]):
    if not services.api_token_revoke(user=request.auth, token_id=token_id):
        raise Http404
    return Status(204, None)
