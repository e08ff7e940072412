"""NfcInputMiddleware: decomposed (NFD) text from forms, query strings, uploads and JSON arrives composed."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from giaoban.core.middleware import NfcInputMiddleware

NAME = "Thành phố Lạng Sơn"
NAME_NFD = unicodedata.normalize("NFD", NAME)
assert NAME_NFD != NAME


@csrf_exempt
def echo(request):
    """What a view sees of the request, as JSON."""
    body = request.body.decode("utf-8") if request.content_type == "application/json" else ""
    return JsonResponse(
        {
            "get": dict(request.GET.lists()),
            "post": dict(request.POST.lists()),
            "files": [f.name for f in request.FILES.values()],
            "json": json.loads(body) if body else None,
            "body": body,
        }
    )


urlpatterns = [path("echo/", echo)]


def is_nfc(value) -> bool:
    return unicodedata.is_normalized("NFC", json.dumps(value, ensure_ascii=False))


pytestmark = pytest.mark.urls(__name__)


@pytest.mark.django_db
def test_form_post_arrives_composed(client):
    response = client.post(
        "/echo/", {"tên": [NAME_NFD, "Đình Lập"], unicodedata.normalize("NFD", "ghi chú"): "x"}
    )
    data = response.json()
    assert data["post"]["tên"] == [NAME, "Đình Lập"]
    assert data["post"]["ghi chú"] == ["x"]
    assert is_nfc(data["post"])


@pytest.mark.django_db
def test_multipart_fields_and_file_names_arrive_composed(client):
    upload = SimpleUploadedFile(unicodedata.normalize("NFD", "Báo cáo Lạng Sơn.docx"), b"PK\x03\x04")
    response = client.post("/echo/", {"tên": NAME_NFD, "tệp": upload})
    data = response.json()
    assert data["post"]["tên"] == [NAME]
    assert data["files"] == ["Báo cáo Lạng Sơn.docx"]


@pytest.mark.django_db
def test_query_string_arrives_composed(client):
    data = client.get("/echo/", {"q": NAME_NFD, "trang": "2"}).json()
    assert data["get"] == {"q": [NAME], "trang": ["2"]}


@pytest.mark.django_db
@pytest.mark.parametrize("ensure_ascii", [False, True], ids=["utf8", "escaped"])
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_json_body_arrives_composed(client, method, ensure_ascii):
    """Raw UTF-8 NFD and "\\u0061\\u0300"-style escapes (Python's json.dumps default) both arrive NFC."""
    payload = {"name": NAME_NFD, "tags": [unicodedata.normalize("NFD", "Hữu Lũng"), 3, None], "n": 1.5}
    body = json.dumps(payload, ensure_ascii=ensure_ascii)
    response = getattr(client, method)("/echo/", body, content_type="application/json")
    data = response.json()
    assert data["json"] == {"name": NAME, "tags": ["Hữu Lũng", 3, None], "n": 1.5}


@pytest.mark.django_db
def test_composed_json_body_is_left_byte_for_byte(client):
    body = '{"name":  "Thành phố Lạng Sơn", "quote": "a\\"b", "n": 1e3}'
    assert client.post("/echo/", body, content_type="application/json").json()["body"] == body


# --- The middleware alone ----------------------------------------------------------------------


def run(request):
    seen = {}

    def view(req):
        seen["request"] = req
        return HttpResponse("ok")

    NfcInputMiddleware(view)(request)
    return seen["request"]


def test_already_composed_query_dict_is_kept_as_is():
    request = RequestFactory().get("/x/", {"q": NAME})
    original = request.GET
    assert run(request).GET is original


def test_normalised_query_dict_stays_immutable():
    request = run(RequestFactory().get("/x/", {"q": NAME_NFD}))
    assert request.GET["q"] == NAME
    with pytest.raises(AttributeError):
        request.GET["q"] = "khác"


def test_json_with_decomposed_text_only_inside_strings_is_rewritten_there():
    template = '{"a": "NAME", "b": [1, 2.50, true], "c": "\\n"}'
    body = template.replace("NAME", NAME_NFD)
    request = run(RequestFactory().post("/x/", body, content_type="application/json"))
    assert request.body.decode() == template.replace("NAME", NAME)


@pytest.mark.parametrize("body", [b"\xff\xfe not utf-8", b'{"a": "unterminated', b'{"a": "\\uZZZZ"}'])
def test_undecodable_or_broken_json_passes_through_for_the_view_to_reject(body):
    request = run(RequestFactory().post("/x/", body, content_type="application/json"))
    assert request.body == body


def test_other_content_types_are_not_touched():
    body = NAME_NFD.encode()
    request = run(RequestFactory().post("/x/", body, content_type="text/plain"))
    assert request.body == body
