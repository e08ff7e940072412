from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AttentionItemOut(Schema):
    title: str
    url: str = Field(..., description="Trang của bản ghi.")
    detail: str = ""
    days: int | None = Field(None, description="Số ngày còn lại đến hạn (âm: số ngày đã quá hạn).")
    count: int | None = Field(
        None, description="Số bản ghi mục này đại diện (ví dụ số nhiệm vụ quá hạn của một đơn vị)."
    )


class AttentionSectionOut(Schema):
    key: str = Field(..., description="Mã mục, ổn định: new_tasks, due_soon, overdue, reports_open, …")
    title: str
    count: int = Field(..., description="Số bản ghi của mục.")
    url: str = Field(..., description="Trang danh sách đã lọc đúng các bản ghi đó.")
    items: list[AttentionItemOut] = Field(..., description="Các bản ghi đầu tiên (tối đa 5; 10 đơn vị).")


class AttentionOut(Schema):
    role: str
    today: dt.date
    pending: int = Field(..., description="Tổng số việc đang chờ người dùng (không tính các mục tổng quan).")
    sections: list[AttentionSectionOut]
