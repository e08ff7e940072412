"""The django-ninja API object, mounted at /api/v1/; each app contributes its own router.

Every operation needs a bearer token (POST /auth/token) or a logged-in session (which is how the
docs page at /api/v1/docs calls the API). Errors are JSON in Vietnamese: see errors.py.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from giaoban.delegations.api import router as delegations_router
from giaoban.meetings.api import router as meetings_router
from giaoban.notifications.api import router as notifications_router
from giaoban.org.api import router as org_router
from giaoban.reports.api import router as reports_router
from giaoban.site.api import router as site_router
from giaoban.tasks.api import router as tasks_router

from . import errors
from .auth import router as auth_router
from .auth import session_auth, token_auth
from .schemas import ErrorOut


class Utf8JSONRenderer(JSONRenderer):
    """Vietnamese text as UTF-8, readable in logs and curl, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


def api_root(request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> JsonResponse:
    """/api/v1/ itself: where the docs and the schema are."""
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "docs": request.build_absolute_uri(f"{request.path}{api.docs_url.lstrip('/')}"),
            "openapi": request.build_absolute_uri(f"{request.path}{api.openapi_url.lstrip('/')}"),
        },
        json_dumps_params={"ensure_ascii": False},
    )


class GiaoBanAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Operation ids are the handlers' names, verb then noun: "list_committees"."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """Every operation that takes a JSON body documents the 400 its unparseable body gets.

        errors.py answers a body that is not JSON with 400 and the ErrorOut shape, whatever the
        operation; documenting it here covers each router's write operations, present and future.
        """
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                # ninja keys responses by int status codes; a router may have documented 400 itself.
                if "requestBody" in operation and not {400, "400"} & set(responses):
                    responses[400] = {
                        "description": "Bad Request",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                        },
                    }
                    components = schema.setdefault("components", {}).setdefault("schemas", {})
                    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
        return schema

    def validation_error_from_error_contexts(self, error_contexts: list[Any]) -> ValidationError:
        """Field paths without the body parameter's name: ["body", "username"]."""
        return ValidationError(errors.locate_errors(error_contexts))

    def _get_urls(self) -> list[Any]:
        # ninja's root view raises Http404 outside the API's handlers: Django's HTML page, not JSON.
        return [
            path("", partial(api_root, api=self), name="api-root")
            if isinstance(url, URLPattern) and url.name == "api-root"
            else url
            for url in super()._get_urls()
        ]


api = GiaoBanAPI(
    title="Giao Ban API",
    version="1",
    description="Dữ liệu của Giao Ban cho các hệ thống khác. Xác thực bằng mã truy cập lấy từ "
    "`POST /api/v1/auth/token`, gửi trong tiêu đề `Authorization: Bearer <mã>`. "
    "Mỗi người dùng chỉ thấy những gì họ thấy trên các trang của hệ thống.",
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
    auth=[token_auth, session_auth],
    # Swagger UI from ninja's bundled static files; no validator badge fetched from swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)

api.add_router("/auth", auth_router)
api.add_router("/", org_router)
api.add_router("/", delegations_router)
api.add_router("/", tasks_router)
api.add_router("/", notifications_router)
api.add_router("/", meetings_router)
api.add_router("/", reports_router)
api.add_router("/", site_router)
