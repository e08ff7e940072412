import sys

from django.contrib.auth import views as auth_views
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import LoginForm, StyledPasswordChangeForm


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        context["demo_mode"] = settings.DEMO_MODE
        return context


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise: for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


SERVER_ERROR_TITLE = _("Hệ thống gặp lỗi")
UNAVAILABLE_TITLE = _("Hệ thống tạm thời gián đoạn")
SERVER_ERROR = _("Hệ thống gặp lỗi. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị hệ thống.")
DATABASE_UNAVAILABLE = _("Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Hãy thử lại sau ít phút.")
# Seconds a client is asked to wait after a 503.
RETRY_AFTER = 30
# Paths whose clients read JSON, even when the failure comes after the view (the session middleware).
JSON_PATHS = ("/api/", "/healthz")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After when the database is down (it recovers by itself), else 500.

    Renders no template and reads no database: it must work while the database is unreachable.
    Django calls it inside the `except` block of the failed request, so the exception is at hand.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    message = str(DATABASE_UNAVAILABLE if unavailable else SERVER_ERROR)
    if request.path.startswith(JSON_PATHS):
        response: HttpResponse = JsonResponse(
            {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(_error_page(status, unavailable, message), status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def _error_page(status: int, unavailable: bool, message: str) -> str:
    """500.html in the layout, rendered without the request: no context processor, so no query. Should
    the template itself fail, a bare page still says what happened."""
    heading = str(UNAVAILABLE_TITLE if unavailable else SERVER_ERROR_TITLE)
    try:
        return loader.get_template("500.html").render(
            {"status": status, "heading": heading, "message": message}
        )
    except Exception:  # noqa: BLE001 - the error page must never fail in turn
        return (
            f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>Giao Ban</title>'
            f"<h1>{status}</h1><p>{escape(message)}</p></html>"
        )
