"""The text of notifications and of their e-mail copies, composed when shown or sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from giaoban.core.vietnamese import format_date_short

from .models import Notification, NotificationKind

K = NotificationKind


def _templates() -> dict[str, str]:
    return {
        K.REMINDER_BEFORE: _("Nhiệm vụ %(code)s “%(title)s” còn %(days)s ngày đến hạn (%(date)s)."),
        K.REMINDER_DUE: _("Hôm nay (%(date)s) là hạn hoàn thành nhiệm vụ %(code)s “%(title)s”."),
        K.REMINDER_OVERDUE: _("Nhiệm vụ %(code)s “%(title)s” đã quá hạn %(days)s ngày (hạn %(date)s)."),
        K.EXTENSION_REQUESTED: _(
            "Đơn vị chủ trì đề nghị gia hạn nhiệm vụ %(code)s “%(title)s” đến %(date)s."
        ),
        K.EXTENSION_APPROVED: _(
            "Đề nghị gia hạn nhiệm vụ %(code)s “%(title)s” được chấp thuận: hạn mới %(date)s."
        ),
        K.EXTENSION_REJECTED: _(
            "Đề nghị gia hạn nhiệm vụ %(code)s “%(title)s” không được chấp thuận: %(note)s"
        ),
        K.COMPLETION_REPORTED: _("Đơn vị chủ trì báo cáo hoàn thành nhiệm vụ %(code)s “%(title)s”."),
        K.COMPLETION_CONFIRMED: _("Nhiệm vụ %(code)s “%(title)s” được xác nhận hoàn thành ngày %(date)s."),
        K.COMPLETION_RETURNED: _("Báo cáo hoàn thành nhiệm vụ %(code)s “%(title)s” bị trả lại: %(note)s"),
        K.REPORT_REMINDER: _("Đơn vị chưa gửi báo cáo “%(note)s” (hạn gửi %(date)s)."),
    }


def notification_text(notification: Notification) -> str:
    """The notification as a sentence in the current language."""
    task = notification.task
    values: dict[str, Any] = {
        "code": task.code if task else "",
        "title": task.title if task else "",
        "days": notification.days if notification.days is not None else "",
        "date": format_date_short(notification.on_date) if notification.on_date else "",
        "note": notification.note,
    }
    return _templates().get(notification.kind, "%(title)s") % values


def notification_email(notification: Notification) -> tuple[str, str, str, list[str]]:
    """(subject, body, from, [to]) for send_mass_mail."""
    task = notification.task
    subject = _("[Giao Ban] %(kind)s: %(code)s") % {
        "kind": notification.get_kind_display(),
        "code": task.code if task else "",
    }
    path = task.get_absolute_url() if task else notification.link
    link = f"{settings.GIAOBAN_SITE_URL.rstrip('/')}{path}" if path else ""
    body = "\n\n".join(part for part in (notification_text(notification), link) if part)
    return subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email]
