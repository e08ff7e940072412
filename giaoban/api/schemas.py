"""Shapes every router shares: the error answers and bounded parameter types.

This module imports no domain app, so each app's `api.py` may use it without an import cycle.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Schema
from pydantic import AfterValidator, ValidationInfo

from giaoban.core.counters import document_date_warning
from giaoban.core.validators import DATE_OUT_OF_RANGE, DATE_RULE, date_in_range

# Primary keys are 64-bit (BigAutoField); a larger number would overflow the database driver.
MAX_ID = 2**63 - 1
# Text parameters may not carry control characters: PostgreSQL rejects NUL in strings.
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
SEARCH_MAX_LENGTH = 200


class ErrorOut(Schema):
    detail: str = Field(..., description="Thông báo lỗi bằng tiếng Việt.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(
        ...,
        description="Vị trí của trường lỗi: nguồn (body, query, path) rồi tên trường.",
        examples=[["body", "username"]],
    )
    field: str | None = Field(..., description="Tên trường, các cấp nối bằng dấu chấm; null nếu lỗi chung.")
    message: str = Field(..., description="Thông báo lỗi bằng tiếng Việt.")
    code: str = Field(..., description="Mã lỗi ổn định cho máy đọc, ví dụ “missing”.")


class ValidationErrorOut(Schema):
    detail: str = Field(..., description="Thông báo chung bằng tiếng Việt.")
    errors: list[FieldErrorOut]


class IssuedDocumentOut(Schema):
    """What every issued document (core.models.IssuedDocument) answers beside its own fields."""

    date_warning: str = Field(
        ...,
        description="Cảnh báo khi số văn bản không theo thứ tự ngày ban hành trong sổ văn bản của ban chỉ "
        "đạo (văn bản mang số nhỏ hơn lại ban hành sau); rỗng nếu không có.",
    )

    @staticmethod
    def resolve_date_warning(obj) -> str:
        return document_date_warning(document=obj)


# The error answers every authenticated operation may give; routers spread these into `response=`.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut}
READ_ERRORS: dict[int, type[Schema]] = {**AUTH_ERRORS, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 409: ErrorOut}

# --- Parameter types -----------------------------------------------------------------------------

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


def _date_in_range(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
    if not date_in_range(value):
        raise ValueError(str(DATE_OUT_OF_RANGE) % {"field": info.field_name or "", "rule": DATE_RULE})
    return value


# Every date the API takes (body or query): 1945–2100, the rule of core.validators.
InputDate = Annotated[dt.date, AfterValidator(_date_in_range)]


CommitteeFilter = Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="Mã ban chỉ đạo.")]


def path_id(description: str) -> object:
    """A positive 64-bit id in the path: `committee_id: Annotated[int, path_id("…")]`."""
    return Path(..., ge=1, le=MAX_ID, description=description)


SearchText = Annotated[
    str | None,
    Query(
        None,
        max_length=SEARCH_MAX_LENGTH,
        pattern=NO_CONTROL_CHARACTERS,
        description="Tìm không phân biệt dấu và chữ hoa, ví dụ “so ngoai vu”.",
    ),
]
OnDate = Annotated[
    InputDate | None,
    Query(None, description="Ngày xét (YYYY-MM-DD); mặc định là hôm nay."),
]
