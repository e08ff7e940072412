"""NFC-normalise every text input at the door: form fields, uploaded file names, query strings and JSON.

A JSON body is also checked for what no database column can hold: a NUL (422, naming the field, in the
API's error shape) and a lone UTF-16 surrogate such as "\\ud800", which cannot be encoded (400).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .validators import INVALID_DATA, TEXT_NOT_ENCODABLE, check_text
from .vietnamese import nfc

# A JSON string literal; outside string literals valid JSON has no '"'.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _normalised(query: QueryDict) -> QueryDict:
    if all(
        unicodedata.is_normalized("NFC", k) and all(unicodedata.is_normalized("NFC", v) for v in vs)
        for k, vs in query.lists()
    ):
        return query
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(nfc(key), [nfc(v) for v in values])
    copy._mutable = False
    return copy


_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_strings(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string of a parsed JSON document (keys too) with where it sits."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key
            yield from _json_strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, (*path, index))


def _refused_json(text: str) -> JsonResponse | None:
    """400 for a string UTF-8 cannot encode, 422 for a NUL; None when the body is fine or not JSON
    at all (the API then answers 400 for it)."""
    if "\\u" not in text:
        return None  # NUL and surrogates can only arrive escaped: raw ones are not valid JSON
    try:
        document = json.loads(text)
    except ValueError:
        return None
    for path, value in _json_strings(document):
        if _SURROGATE.search(value):
            return JsonResponse({"detail": str(TEXT_NOT_ENCODABLE)}, status=400)
        field = ".".join(str(part) for part in path)
        try:
            check_text(value, field=field or "body")
        except ValidationError as error:
            body = {
                "detail": str(INVALID_DATA),
                "errors": [
                    {
                        "loc": ["body", *path],
                        "field": field or None,
                        "message": error.messages[0],
                        "code": error.code,
                    }
                ],
            }
            return JsonResponse(body, status=422, json_dumps_params={"ensure_ascii": False})
    return None


def _nfc_json_string(match: re.Match[str]) -> str:
    literal = match.group(0)
    try:
        value = json.loads(literal)
    except ValueError:
        return literal
    if _SURROGATE.search(value):
        return literal  # a body that is not valid JSON as a whole: left for the API to refuse
    normalised = nfc(value)
    return literal if normalised == value else json.dumps(normalised, ensure_ascii=False)


def _normalised_json(text: str) -> str:
    """NFC inside every string literal, the rest of the body byte for byte.

    Escapes count too: Python's json.dumps writes "\\u0061\\u0300" for a decomposed "à", which is
    pure ASCII and so already "normalised" as text.
    """
    if "\\u" not in text and unicodedata.is_normalized("NFC", text):
        return text
    return _JSON_STRING.sub(_nfc_json_string, text)


def _fits_in_memory(request) -> bool:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is None or length <= limit


class NfcInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _normalised(request.GET)
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method in {"POST", "PUT", "PATCH"}:
            if content_type.startswith("application/json"):
                body = request.body
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError:
                    text = None
                if text is not None:
                    if (refused := _refused_json(text)) is not None:
                        return refused
                    normalised = _normalised_json(text)
                    if normalised != text:
                        request._body = normalised.encode("utf-8")
            elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                if content_type.startswith("multipart/") and _fits_in_memory(request):
                    # Parsing a multipart stream consumes it; cache small bodies first so a handler
                    # that reads request.body (an API operation expecting JSON) answers 4xx, not 500.
                    request.body  # noqa: B018
                request.POST = _normalised(request.POST)
                # macOS sends file names decomposed; documents are listed and searched by name.
                for upload in request.FILES.values():
                    if upload.name:
                        upload.name = nfc(upload.name)
        return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English (the language cookie set by the switch in the header).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and office computers often run
    an English browser: the app would greet a Vietnamese officer in English. The header is ignored."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
