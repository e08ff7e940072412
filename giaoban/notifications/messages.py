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
        K.REPORT_REMINDER: _("Đơn vị chưa gửi báo cáo “%(subject)s” (hạn gửi %(date)s)."),
        K.TASK_ASSIGNED: _(
            "%(committee)s giao nhiệm vụ %(code)s “%(title)s” cho %(unit)s (%(role)s), hạn %(deadline)s."
        ),
        K.REPORT_REQUESTED: _("%(committee)s đề nghị %(unit)s gửi báo cáo “%(subject)s”, hạn gửi %(date)s."),
        K.SUBMISSION_SUBMITTED: _("%(unit)s đã gửi báo cáo “%(subject)s” cho %(committee)s."),
        K.SUBMISSION_RESUBMITTED: _("%(unit)s đã gửi lại báo cáo “%(subject)s” cho %(committee)s."),
        K.SUBMISSION_RETURNED: _("%(committee)s trả lại báo cáo “%(subject)s” của %(unit)s: %(note)s"),
        K.SUBMISSION_ACCEPTED: _("%(committee)s đã tiếp nhận báo cáo “%(subject)s” của %(unit)s."),
        K.REPORT_AWAITING_APPROVAL: _(
            "Báo cáo “%(subject)s” của %(committee)s (cơ quan thường trực: %(unit)s) đang chờ lãnh đạo duyệt."
        ),
        K.MEETING_INVITATION: _("%(committee)s mời %(unit)s dự “%(subject)s” ngày %(date)s."),
        K.REPORT_APPROVED: _("Lãnh đạo đã duyệt báo cáo “%(subject)s” của %(committee)s."),
        K.REPORT_RETURNED: _("Lãnh đạo trả lại báo cáo “%(subject)s” của %(committee)s: %(note)s"),
        K.NOTICE_SIGN_OFF_REQUESTED: _(
            "Thông báo kết luận “%(subject)s” của %(committee)s chờ lãnh đạo đồng ý ban hành."
        ),
        K.NOTICE_SIGNED_OFF: _(
            "Lãnh đạo đã đồng ý ban hành thông báo kết luận “%(subject)s” của %(committee)s."
        ),
        K.AGENDA_PRESENTER: _("%(committee)s: %(unit)s trình bày “%(subject)s” tại %(note)s ngày %(date)s."),
        K.INVITATION_ANSWERED: _("%(unit)s trả lời giấy mời dự “%(subject)s” ngày %(date)s: %(note)s."),
    }


def _deadline(notification: Notification) -> str:
    task = notification.task
    if task is None:
        return ""
    if task.recurring:
        return _("thường xuyên")
    return format_date_short(task.deadline_in_force) if task.deadline_in_force else _("chưa xác định")


def notification_text(notification: Notification) -> str:
    """The notification as a sentence in the current language."""
    task = notification.task
    committee = notification.committee
    unit = notification.unit
    values: dict[str, Any] = {
        "code": task.code if task else "",
        "title": task.title if task else "",
        "days": notification.days if notification.days is not None else "",
        "date": format_date_short(notification.on_date) if notification.on_date else "",
        "note": notification.note,
        "committee": (committee.short_name or committee.name) if committee else "",
        "unit": unit.name if unit else "",
        # Report reminders written before notifications named their subject kept it in the note.
        "subject": notification.subject or notification.note,
        # A task assigned names the role the unit has in it: the note holds "lead" or "coordinating".
        "role": _("chủ trì") if notification.note == "lead" else _("phối hợp"),
        "deadline": _deadline(notification),
    }
    return _templates().get(notification.kind, "%(title)s") % values


def notification_context(notification: Notification) -> str:
    """Who it concerns, for every kind: "BCĐ TTĐN · Sở Ngoại vụ"."""
    committee, unit = notification.committee, notification.unit
    parts = [(committee.short_name or committee.name) if committee else "", unit.name if unit else ""]
    return " · ".join(part for part in parts if part)


def notification_url(notification: Notification) -> str:
    """The page the notification opens: its task, or the record it names."""
    if notification.task_id:
        return notification.task.get_absolute_url()
    return notification.link if notification.link.startswith("/") else ""


def _absolute(path: str) -> str:
    return f"{settings.GIAOBAN_SITE_URL.rstrip('/')}{path}" if path else ""


def notification_email(notification: Notification) -> tuple[str, str, str, list[str]]:
    """(subject, body, from, [to]) for send_mass_mail."""
    task = notification.task
    subject = _("[Giao Ban] %(kind)s: %(code)s") % {
        "kind": notification.get_kind_display(),
        "code": task.code if task else notification.subject,
    }
    link = _absolute(notification_url(notification))
    parts = (notification_text(notification), notification_context(notification), link)
    body = "\n\n".join(part for part in parts if part)
    return subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient.email]


def digest_email(user: Any, notifications: list[Notification]) -> tuple[str, str, str, list[str]]:
    """One e-mail with every notification of the day, each with its link."""
    count = len(notifications)
    subject = _("[Giao Ban] Thông báo mới trong ngày (%(count)s)") % {"count": count}
    lines = []
    for notification in notifications:
        link = _absolute(notification_url(notification))
        lines.append(f"- {notification_text(notification)}" + (f"\n  {link}" if link else ""))
    body = "\n\n".join([_("Các thông báo mới của bạn trên Giao Ban:"), *lines, _absolute("/notifications/")])
    return subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]
