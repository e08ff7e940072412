"""In-app notifications, their e-mail copies, and how each user wants to receive them.

The table was the tasks app's (`tasks_notification`, rows kept by the migration that moved it): a
notification still points at its task when it is about one, and at any other record through `link`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REMINDER_BEFORE = "reminder_before", _("Sắp đến hạn")
    REMINDER_DUE = "reminder_due", _("Đến hạn")
    REMINDER_OVERDUE = "reminder_overdue", _("Quá hạn")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Gia hạn được chấp thuận")
    EXTENSION_REJECTED = "extension_rejected", _("Gia hạn không được chấp thuận")
    COMPLETION_REPORTED = "completion_reported", _("Báo cáo hoàn thành")
    COMPLETION_CONFIRMED = "completion_confirmed", _("Xác nhận hoàn thành")
    COMPLETION_RETURNED = "completion_returned", _("Trả lại báo cáo hoàn thành")
    REPORT_REMINDER = "report_reminder", _("Nhắc gửi báo cáo")
    TASK_ASSIGNED = "task_assigned", _("Giao nhiệm vụ")
    REPORT_REQUESTED = "report_requested", _("Đề nghị gửi báo cáo")
    SUBMISSION_SUBMITTED = "submission_submitted", _("Đơn vị gửi báo cáo")
    SUBMISSION_RESUBMITTED = "submission_resubmitted", _("Đơn vị gửi lại báo cáo")
    SUBMISSION_RETURNED = "submission_returned", _("Báo cáo bị trả lại")
    SUBMISSION_ACCEPTED = "submission_accepted", _("Báo cáo được tiếp nhận")
    REPORT_AWAITING_APPROVAL = "report_awaiting_approval", _("Báo cáo chờ duyệt")
    REPORT_APPROVED = "report_approved", _("Báo cáo được duyệt")
    REPORT_RETURNED = "report_returned", _("Lãnh đạo trả lại báo cáo")
    NOTICE_SIGN_OFF_REQUESTED = "notice_sign_off_requested", _("Thông báo chờ lãnh đạo đồng ý")
    NOTICE_SIGNED_OFF = "notice_signed_off", _("Lãnh đạo đồng ý ban hành")
    MEETING_INVITATION = "meeting_invitation", _("Mời dự hội nghị")
    AGENDA_PRESENTER = "agenda_presenter", _("Trình bày tại hội nghị")
    INVITATION_ANSWERED = "invitation_answered", _("Đơn vị trả lời giấy mời")


class Notification(models.Model):
    """An in-app message to one user; its text is composed when shown, in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("nhiệm vụ"),
        null=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=30, choices=NotificationKind.choices)
    # Every notification of an event names the committee and the unit it concerns.
    committee = models.ForeignKey(
        "org.Committee", verbose_name=_("ban chỉ đạo"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The record's title when it is not a task (a report request, a meeting).
    subject = models.CharField(_("nội dung"), max_length=500, blank=True)
    on_date = models.DateField(_("ngày liên quan"), null=True, blank=True)
    days = models.IntegerField(_("số ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # The page a notification about another app's record opens (a report request's submission).
    link = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # Waiting for the recipient's daily digest e-mail.
    digest_pending = models.BooleanField(_("chờ thư tổng hợp"), default=False)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent_idx"),
            models.Index(
                fields=["recipient", "id"], condition=Q(digest_pending=True), name="notification_digest_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi thư ngay khi có thông báo")
    DAILY = "daily", _("Một thư tổng hợp mỗi ngày")
    NONE = "none", _("Không gửi thư (chỉ xem trong hệ thống)")


class NotificationSettings(models.Model):
    """How one user receives the e-mail copies; a user without a row gets them at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_mode = models.CharField(
        _("thư điện tử"), max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")

    def __str__(self) -> str:
        return f"{self.user}: {self.email_mode}"
