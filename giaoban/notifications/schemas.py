from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .models import NotificationKind


class NotificationOut(Schema):
    id: int
    kind: NotificationKind
    text: str
    task_id: int | None
    committee_id: int | None = Field(None, description="Ban chỉ đạo mà thông báo nói đến.")
    unit_id: int | None = Field(None, description="Đơn vị mà thông báo nói đến.")
    link: str = Field("", description="Trang của bản ghi thông báo nói đến, khi đó không phải nhiệm vụ.")
    created_at: dt.datetime
    read_at: dt.datetime | None

    concerns: str = Field(
        "", description="Ban chỉ đạo và đơn vị mà thông báo nói đến, ví dụ “BCĐ TTĐN · Sở Ngoại vụ”."
    )

    @staticmethod
    def resolve_concerns(obj) -> str:
        from .messages import notification_context

        return notification_context(obj)

    @staticmethod
    def resolve_text(obj) -> str:
        from .messages import notification_text

        return notification_text(obj)


class UnreadOut(Schema):
    unread: int
