"""NFC-normalise every text input at the door: form fields, query strings and JSON bodies."""

from __future__ import annotations

import unicodedata

from django.http import QueryDict

from .vietnamese import nfc


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
                if text is not None and not unicodedata.is_normalized("NFC", text):
                    request._body = nfc(text).encode("utf-8")
            elif content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
                request.POST = _normalised(request.POST)
        return self.get_response(request)
