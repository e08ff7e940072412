"""Notification endpoints: a user's own notifications, the unread count, marking one read."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from giaoban.api.pagination import Pagination
from giaoban.api.schemas import READ_ERRORS, WRITE_ERRORS, path_id

from . import selectors, services
from .schemas import NotificationOut, UnreadOut

router = Router(tags=["notifications"])

NotificationId = Annotated[int, path_id("Mã số thông báo.")]


@router.get("/notifications", response={200: list[NotificationOut], **READ_ERRORS}, summary="Thông báo")
@paginate(Pagination)
def list_notifications(request: HttpRequest, unread: bool = False):
    return selectors.notification_list(user=request.auth, unread=unread)


@router.get(
    "/notifications/unread-count", response={200: UnreadOut, **READ_ERRORS}, summary="Số thông báo chưa đọc"
)
def count_unread_notifications(request: HttpRequest):
    return {"unread": selectors.unread_count(request.auth)}


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **WRITE_ERRORS},
    summary="Đánh dấu đã đọc",
)
def read_notification(request: HttpRequest, notification_id: NotificationId):
    notification = selectors.notification_get(user=request.auth, pk=notification_id)
    return services.notification_mark_read(user=request.auth, notification=notification)
