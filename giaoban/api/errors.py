"""The API's error answers: always JSON with a Vietnamese `detail`; invalid input also lists its fields.

401/403/404/409/429  {"detail": "…"}
422                  {"detail": "Dữ liệu không hợp lệ.", "errors": [{"loc", "field", "message", "code"}]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

import pydantic
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

from giaoban.core.validators import INVALID_DATA
from giaoban.core.vietnamese import format_number

if TYPE_CHECKING:
    from ninja import NinjaAPI
    from ninja.errors import ValidationErrorContext

# --- Messages ------------------------------------------------------------------------------------

NOT_FOUND = _("Không tìm thấy.")
PERMISSION_DENIED = _("Bạn không có quyền thực hiện thao tác này.")
NOT_AUTHENTICATED = _(
    "Chưa đăng nhập: hãy gửi mã truy cập trong tiêu đề “Authorization: Bearer <mã truy cập>”."
)
TOKEN_INVALID = _("Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
CSRF_FAILED = _("Yêu cầu bị từ chối vì thiếu mã chống giả mạo (CSRF). Hãy tải lại trang rồi thử lại.")
BODY_NOT_JSON = _("Nội dung yêu cầu không phải JSON hợp lệ.")
THROTTLED = _("Quá nhiều yêu cầu. Hãy thử lại sau ít phút.")

# pydantic's error types, as shown to a Vietnamese user; `%(name)s` takes the error's context.
FIELD_MESSAGES: dict[str, Any] = {
    "missing": _("Trường này là bắt buộc."),
    "missing_argument": _("Trường này là bắt buộc."),
    "extra_forbidden": _("Trường này không được phép."),
    "string_type": _("Phải là chuỗi ký tự."),
    "string_unicode": _("Phải là chuỗi ký tự."),
    "string_too_short": _("Phải có ít nhất %(min_length)s ký tự."),
    "string_too_long": _("Không được dài quá %(max_length)s ký tự."),
    "string_pattern_mismatch": _("Có ký tự không hợp lệ hoặc sai định dạng."),
    "int_type": _("Phải là số nguyên."),
    "int_parsing": _("Phải là số nguyên."),
    "int_parsing_size": _("Số quá lớn."),
    "int_from_float": _("Phải là số nguyên."),
    "float_type": _("Phải là số."),
    "float_parsing": _("Phải là số."),
    "finite_number": _("Phải là số hữu hạn."),
    "decimal_type": _("Phải là số."),
    "decimal_parsing": _("Phải là số."),
    "decimal_max_digits": _("Không được quá %(max_digits)s chữ số."),
    "decimal_max_places": _("Không được quá %(decimal_places)s chữ số sau dấu phẩy."),
    "bool_type": _("Phải là true hoặc false."),
    "bool_parsing": _("Phải là true hoặc false."),
    "greater_than": _("Phải lớn hơn %(gt)s."),
    "greater_than_equal": _("Phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": _("Phải nhỏ hơn %(lt)s."),
    "less_than_equal": _("Phải nhỏ hơn hoặc bằng %(le)s."),
    "multiple_of": _("Phải là bội số của %(multiple_of)s."),
    "date_type": _("Ngày không hợp lệ, dùng dạng YYYY-MM-DD."),
    "date_parsing": _("Ngày không hợp lệ, dùng dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Ngày không hợp lệ, dùng dạng YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Ngày không hợp lệ, dùng dạng YYYY-MM-DD."),
    "datetime_type": _("Thời điểm không hợp lệ, dùng dạng YYYY-MM-DDTHH:MM:SS."),
    "datetime_parsing": _("Thời điểm không hợp lệ, dùng dạng YYYY-MM-DDTHH:MM:SS."),
    "datetime_from_date_parsing": _("Thời điểm không hợp lệ, dùng dạng YYYY-MM-DDTHH:MM:SS."),
    "time_type": _("Giờ không hợp lệ, dùng dạng HH:MM."),
    "time_parsing": _("Giờ không hợp lệ, dùng dạng HH:MM."),
    "enum": _("Giá trị không hợp lệ; chọn một trong: %(expected)s."),
    "literal_error": _("Giá trị không hợp lệ; chọn một trong: %(expected)s."),
    "list_type": _("Phải là một danh sách."),
    "tuple_type": _("Phải là một danh sách."),
    "set_type": _("Phải là một danh sách."),
    "too_short": _("Phải có ít nhất %(min_length)s phần tử."),
    "too_long": _("Không được nhiều hơn %(max_length)s phần tử."),
    "dict_type": _("Phải là một đối tượng JSON."),
    "model_type": _("Phải là một đối tượng JSON."),
    "model_attributes_type": _("Phải là một đối tượng JSON."),
    "dataclass_type": _("Phải là một đối tượng JSON."),
    "json_invalid": _("JSON không hợp lệ."),
    "json_type": _("JSON không hợp lệ."),
    "uuid_type": _("Mã UUID không hợp lệ."),
    "uuid_parsing": _("Mã UUID không hợp lệ."),
    "url_type": _("Địa chỉ URL không hợp lệ."),
    "url_parsing": _("Địa chỉ URL không hợp lệ."),
    "value_error": _("Giá trị không hợp lệ."),
}
GENERIC_FIELD_MESSAGE = _("Giá trị không hợp lệ.")

# --- Validation errors ---------------------------------------------------------------------------


def _context_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def field_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (type, msg, ctx) as a Vietnamese sentence."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    # A validator of ours raises ValueError with a Vietnamese message: show it as it is.
    if kind in {"value_error", "assertion_error"} and context.get("error"):
        return str(context["error"])
    template = FIELD_MESSAGES.get(kind)
    if template is None:
        return str(GENERIC_FIELD_MESSAGE)
    values = {key: _context_value(value) for key, value in context.items()}
    if "expected" in values:
        # Translators: joins the last two allowed values in "'a', 'b' hoặc 'c'".
        conjunction = _("hoặc")
        values["expected"] = values["expected"].replace(" or ", f" {conjunction} ")
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(GENERIC_FIELD_MESSAGE)


def _field_path(location: Iterable[Any]) -> str | None:
    parts = [str(part) for part in location]
    return ".".join(parts) or None


def field_error(error: Mapping[str, Any]) -> dict[str, Any]:
    """A ninja/pydantic error dict in the API's shape; the first `loc` element is the source."""
    location = list(error.get("loc") or [])
    return {
        "loc": location,
        "field": _field_path(location[1:]),
        "message": field_message(error),
        "code": str(error.get("type") or "invalid"),
    }


def locate_errors(error_contexts: list[ValidationErrorContext]) -> list[dict[str, Any]]:
    """pydantic errors with `loc` = [source, field, …].

    A body taken as one schema parameter (`payload: TokenIn`) would otherwise show that parameter's
    name: ["body", "payload", "username"]; clients see ["body", "username"].
    """
    errors: list[dict[str, Any]] = []
    for context in error_contexts:
        model = context.model
        source = model.__ninja_param_source__
        flatten = model.__ninja_flatten_map_reverse__
        single_schema_body = source == "body" and _is_single_schema(model)
        for item in context.pydantic_validation_error.errors(include_url=False, include_input=False):
            location = tuple(flatten.get(item["loc"], item["loc"]))
            if single_schema_body and location:
                location = location[1:]
            error: dict[str, Any] = {"type": item["type"], "loc": [source, *location], "msg": item["msg"]}
            if "ctx" in item:
                error["ctx"] = {
                    key: str(value) if isinstance(value, Exception) else value
                    for key, value in item["ctx"].items()
                }
            errors.append(error)
    return errors


def _is_single_schema(model: type[pydantic.BaseModel]) -> bool:
    fields = list(model.model_fields.values())
    if len(fields) != 1:
        return False
    annotation = fields[0].annotation
    return isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)


def django_field_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """A Django ValidationError (from a service's full_clean) as field errors located in the body."""
    if hasattr(exc, "error_dict"):
        errors = []
        for name, field_errors in exc.error_dict.items():
            location = ["body"] if name == NON_FIELD_ERRORS else ["body", name]
            for error in field_errors:
                errors.append(
                    {
                        "loc": location,
                        "field": None if name == NON_FIELD_ERRORS else name,
                        "message": " ".join(str(m) for m in error.messages),
                        "code": error.code or "invalid",
                    }
                )
        return errors
    return [
        {"loc": ["body"], "field": None, "message": str(message), "code": error.code or "invalid"}
        for error in exc.error_list
        for message in error.messages
    ]


# --- Handlers ------------------------------------------------------------------------------------


def _detail(api: NinjaAPI, request: HttpRequest, message: Any, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": str(message)}, status=status)


def _on_validation_error(request: HttpRequest, exc: ValidationError, *, api: NinjaAPI) -> HttpResponse:
    errors = [
        item if "message" in item else field_error(item) for item in exc.errors if isinstance(item, Mapping)
    ]
    body = {"detail": str(INVALID_DATA), "errors": errors}
    return api.create_response(request, body, status=422)


def _on_django_validation_error(
    request: HttpRequest, exc: DjangoValidationError, *, api: NinjaAPI
) -> HttpResponse:
    codes = {error.code for error in exc.error_list} if not hasattr(exc, "error_dict") else set()
    if codes == {"conflict"}:
        # giaoban.core.services.EditConflict: the record changed since the client read it.
        return _detail(api, request, exc.messages[0], 409)
    body = {"detail": str(INVALID_DATA), "errors": django_field_errors(exc)}
    return api.create_response(request, body, status=422)


def _on_http_error(request: HttpRequest, exc: HttpError, *, api: NinjaAPI) -> HttpResponse:
    # ninja raises a few errors with English text; give them in Vietnamese.
    if isinstance(exc, AuthenticationError):
        message = NOT_AUTHENTICATED if exc.message == "Unauthorized" else exc.message
        response = _detail(api, request, message, exc.status_code)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if isinstance(exc, AuthorizationError) and exc.message == "Forbidden":
        return _detail(api, request, PERMISSION_DENIED, exc.status_code)
    if isinstance(exc, Throttled):
        response = _detail(api, request, THROTTLED, 429)
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response
    if exc.status_code == 400 and exc.message == "Cannot parse request body":
        return _detail(api, request, BODY_NOT_JSON, 400)
    if exc.status_code == 403 and exc.message == "CSRF check Failed":
        return _detail(api, request, CSRF_FAILED, 403)
    return _detail(api, request, exc.message, exc.status_code)


def _on_not_found(request: HttpRequest, exc: Http404, *, api: NinjaAPI) -> HttpResponse:
    return _detail(api, request, NOT_FOUND, 404)


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied, *, api: NinjaAPI) -> HttpResponse:
    return _detail(api, request, PERMISSION_DENIED, 403)


def install(api: NinjaAPI) -> None:
    """Replace ninja's English error answers with the Vietnamese JSON ones."""
    api.add_exception_handler(ValidationError, partial(_on_validation_error, api=api))
    api.add_exception_handler(DjangoValidationError, partial(_on_django_validation_error, api=api))
    api.add_exception_handler(HttpError, partial(_on_http_error, api=api))
    api.add_exception_handler(Http404, partial(_on_not_found, api=api))
    api.add_exception_handler(PermissionDenied, partial(_on_permission_denied, api=api))
