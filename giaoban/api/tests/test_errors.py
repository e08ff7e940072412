"""Error answers: JSON, a Vietnamese detail, and field paths for invalid input."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient

from giaoban.api import errors
from giaoban.api.testing import bearer
from giaoban.core.services import EDIT_CONFLICT, EditConflict

pytestmark = pytest.mark.django_db


def test_missing_and_mistyped_fields_are_listed_with_their_paths(client):
    response = client.post("/api/v1/auth/token", {"username": 12}, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": [
            {
                "loc": ["body", "username"],
                "field": "username",
                "message": "Phải là chuỗi ký tự.",
                "code": "string_type",
            },
            {
                "loc": ["body", "password"],
                "field": "password",
                "message": "Trường này là bắt buộc.",
                "code": "missing",
            },
        ],
    }


def test_a_body_that_is_not_json_answers_400_in_vietnamese(client):
    response = client.post("/api/v1/auth/token", "{không phải json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": str(errors.BODY_NOT_JSON)}


def test_query_errors_name_each_parameter(client, world):
    response = client.get(
        "/api/v1/persons?on=2017-13-01&limit=0&offset=-1", headers=bearer(world.secretariat)
    )
    assert response.status_code == 422
    by_field = {error["field"]: error for error in response.json()["errors"]}
    assert by_field["on"]["loc"] == ["query", "on"]
    assert by_field["on"]["message"] == "Ngày không hợp lệ, dùng dạng YYYY-MM-DD."
    assert by_field["limit"]["message"] == "Phải lớn hơn hoặc bằng 1."
    assert by_field["offset"]["message"] == "Phải lớn hơn hoặc bằng 0."


def test_limits_above_the_maximum_are_refused(client, world):
    response = client.get("/api/v1/committees?limit=201", headers=bearer(world.secretariat))
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "Phải nhỏ hơn hoặc bằng 200."


def test_a_path_id_that_is_not_a_number_names_the_field(client, world):
    response = client.get("/api/v1/persons/abc", headers=bearer(world.secretariat))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["path", "person_id"],
            "field": "person_id",
            "message": "Phải là số nguyên.",
            "code": "int_parsing",
        }
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/persons/99999999999999999999",
        "/api/v1/committees?offset=99999999999999999999",
        "/api/v1/organisations?committee=99999999999999999999",
        "/api/v1/persons?q=a%00b",
        "/api/v1/organisations?kind=khong-co",
    ],
)
def test_values_the_database_cannot_take_answer_422_not_500(client, world, url):
    response = client.get(url, headers=bearer(world.secretariat))
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu không hợp lệ."


def test_a_choice_error_lists_the_choices_in_vietnamese(client, world):
    response = client.get("/api/v1/organisations?kind=khong-co", headers=bearer(world.secretariat))
    message = response.json()["errors"][0]["message"]
    assert message.startswith("Giá trị không hợp lệ; chọn một trong: ")
    assert "hoặc 'other'" in message


def test_hidden_or_missing_objects_answer_404_in_vietnamese(client, world):
    response = client.get("/api/v1/persons/999999", headers=bearer(world.secretariat))
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


# --- Handlers for errors raised by services ------------------------------------------------------


class Item(Schema):
    name: str


def _client_raising(exc):
    api = NinjaAPI(urls_namespace="test-errors")
    errors.install(api)

    @api.post("/raise")
    def raise_it(request, payload: Item):
        raise exc

    return TestClient(api)


def test_a_service_validation_error_lists_its_fields():
    exc = DjangoValidationError(
        {"end_date": ["Ngày kết thúc phải sau ngày bắt đầu."], "__all__": ["Trùng chức vụ."]}
    )
    response = _client_raising(exc).post("/raise", json={"name": "x"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": [
            {
                "loc": ["body", "end_date"],
                "field": "end_date",
                "message": "Ngày kết thúc phải sau ngày bắt đầu.",
                "code": "invalid",
            },
            {"loc": ["body"], "field": None, "message": "Trùng chức vụ.", "code": "invalid"},
        ],
    }


def test_a_plain_service_validation_error_is_a_body_error():
    response = _client_raising(DjangoValidationError("Sai.", code="wrong")).post("/raise", json={"name": "x"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["body"], "field": None, "message": "Sai.", "code": "wrong"}]


def test_an_edit_conflict_answers_409():
    response = _client_raising(EditConflict()).post("/raise", json={"name": "x"})
    assert response.status_code == 409
    assert response.json() == {"detail": str(EDIT_CONFLICT)}


def test_permission_denied_answers_403_in_vietnamese():
    response = _client_raising(PermissionDenied()).post("/raise", json={"name": "x"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này."}


# --- Messages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "missing"}, "Trường này là bắt buộc."),
        ({"type": "int_parsing"}, "Phải là số nguyên."),
        ({"type": "date_from_datetime_parsing"}, "Ngày không hợp lệ, dùng dạng YYYY-MM-DD."),
        ({"type": "date_parsing"}, "Ngày không hợp lệ, dùng dạng YYYY-MM-DD."),
        ({"type": "string_too_long", "ctx": {"max_length": 1000}}, "Không được dài quá 1.000 ký tự."),
        (
            {"type": "value_error", "ctx": {"error": "Ngày kết thúc trước ngày bắt đầu."}},
            "Ngày kết thúc trước ngày bắt đầu.",
        ),
        ({"type": "something_new"}, "Giá trị không hợp lệ."),
        ({"type": "greater_than", "ctx": {}}, "Giá trị không hợp lệ."),
    ],
)
def test_pydantic_errors_read_in_vietnamese(error, message):
    assert errors.field_message(error) == message


def test_nested_fields_are_joined_with_dots():
    error = errors.field_error({"type": "missing", "loc": ["body", "items", 0, "name"]})
    assert error["field"] == "items.0.name"
    assert error["loc"] == ["body", "items", 0, "name"]
