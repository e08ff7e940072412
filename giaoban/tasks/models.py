"""Tasks and their follow-up: progress, completion reports, extensions, reminders, notifications.

A task's status is never stored: it is derived from its deadline in force, completion date and
cancellation as of a date (status.py). The columns `deadline_in_force`, `last_extended_on`,
`first_extended_on`, `extension_count`, `percent` and `progress_on` are kept by the services as
summaries of the task's extensions and progress, so lists and statistics need no join.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaoban.core.db import SearchKeyQuerySetMixin
from giaoban.core.models import TimeStampedModel
from giaoban.org.models import Committee, Organisation, Reorganisation

from .deadlines import DeadlineKind


class TaskStatus(models.TextChoices):
    """The four classes of the official task-tracking reports (Decision 42/2014/QĐ-TTg, amended by
    23/2018/QĐ-TTg), plus recurring and cancelled tasks (domain.md §5)."""

    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    OPEN_ON_TIME = "open_on_time", _("Chưa hoàn thành, trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Chưa hoàn thành, quá hạn")
    RECURRING = "recurring", _("Nhiệm vụ thường xuyên")
    CANCELLED = "cancelled", _("Dừng thực hiện")


class TaskQuerySet(SearchKeyQuerySetMixin, models.QuerySet):
    pass


class Task(TimeStampedModel):
    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo"), on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField(_("mã nhiệm vụ"), max_length=40, editable=False)
    year = models.PositiveSmallIntegerField(_("năm giao"), editable=False)
    number = models.PositiveIntegerField(_("số thứ tự trong năm"), editable=False)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    # The source is generic: a conclusion notice, a meeting or any document. A later app that issues
    # tasks (meetings) names its record by `source_kind` + `source_id`; tasks never import it.
    source_title = models.CharField(
        _("văn bản giao nhiệm vụ"), max_length=300, blank=True, help_text=_("Ví dụ “Thông báo kết luận”.")
    )
    source_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    source_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    source_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    source_item = models.PositiveSmallIntegerField(
        _("số thứ tự trong văn bản"),
        null=True,
        blank=True,
        help_text=_("Ví dụ nhiệm vụ thứ 3 của thông báo."),
    )
    source_kind = models.CharField(_("loại nguồn"), max_length=50, blank=True, editable=False)
    source_id = models.PositiveBigIntegerField(_("mã nguồn"), null=True, blank=True, editable=False)
    lead_unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_units = models.ManyToManyField(
        Organisation, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_tasks"
    )
    assigned_on = models.DateField(_("ngày giao"))
    recurring = models.BooleanField(_("nhiệm vụ thường xuyên"), default=False)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    # As the directive writes it ("trước ngày 02/11/2021", "trong quý III/2017", "khẩn trương"), printed in
    # documents; `deadline` is the due date it means, which the follow-up and the statistics use.
    deadline_wording = models.CharField(_("thời hạn theo văn bản"), max_length=300, blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"),
        max_length=20,
        choices=DeadlineKind.choices,
        default=DeadlineKind.DATE,
        editable=False,
    )
    deadline_in_force = models.DateField(_("thời hạn hiện hành"), null=True, blank=True, editable=False)
    first_extended_on = models.DateField(_("gia hạn lần đầu ngày"), null=True, blank=True, editable=False)
    last_extended_on = models.DateField(_("gia hạn gần nhất ngày"), null=True, blank=True, editable=False)
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0, editable=False)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True, editable=False)
    cancelled_on = models.DateField(_("ngày dừng thực hiện"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("lý do dừng thực hiện"), blank=True, editable=False)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, editable=False)
    progress_on = models.DateField(_("cập nhật tiến độ ngày"), null=True, blank=True, editable=False)
    search_key = models.CharField(max_length=700, editable=False, db_index=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    # Coordinating-unit changes are written into the history row's change reason (see task_update).
    history = HistoricalRecords(excluded_fields=["percent", "progress_on", "search_key"])
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="task_code_unique_per_committee"),
            models.CheckConstraint(
                condition=Q(recurring=True, deadline__isnull=True, deadline_in_force__isnull=True)
                | Q(recurring=False, deadline__isnull=False, deadline_in_force__isnull=False),
                name="task_deadline_or_recurring",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(cancelled_on__isnull=True),
                name="task_not_both_completed_and_cancelled",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="task_percent_range"),
        ]
        indexes = [
            models.Index(fields=["committee", "assigned_on"], name="task_committee_assigned_idx"),
            models.Index(fields=["lead_unit", "deadline_in_force"], name="task_lead_deadline_idx"),
            # Open tasks by deadline: the overdue lists and reminders read only these rows.
            models.Index(
                fields=["deadline_in_force", "id"],
                condition=Q(completed_on__isnull=True, cancelled_on__isnull=True, recurring=False),
                name="task_open_deadline_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tasks:task-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.completed_on is not None or self.cancelled_on is not None

    @property
    def source_text(self) -> str:
        """ "Thông báo kết luận số 125-TB/BCĐ ngày 2/8/2017 của Ban Chỉ đạo …"."""
        from giaoban.core.vietnamese import format_date_short

        parts = [self.source_title or str(_("Văn bản"))]
        if self.source_number:
            parts.append(str(_("số %(number)s")) % {"number": self.source_number})
        if self.source_date:
            parts.append(str(_("ngày %(date)s")) % {"date": format_date_short(self.source_date)})
        if self.source_issuer:
            parts.append(str(_("của %(issuer)s")) % {"issuer": self.source_issuer})
        return " ".join(parts) if (self.source_title or self.source_number) else ""


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")


class TaskUnitTransfer(models.Model):
    """A task's unit handed to a successor by a reorganisation: figures of periods that ended before
    `date` still count the task under `from_unit`, as it stood then (stats.lead_unit_as_of)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="unit_transfers")
    role = models.CharField(max_length=20, choices=UnitRole.choices)
    from_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.PROTECT, related_name="task_transfers"
    )

    class Meta:
        verbose_name = _("chuyển đơn vị của nhiệm vụ")
        verbose_name_plural = _("chuyển đơn vị của nhiệm vụ")
        indexes = [models.Index(fields=["task", "role", "date"], name="task_transfer_task_idx")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.from_unit_id} → {self.to_unit_id}"


class ProgressUpdate(TimeStampedModel):
    """What a lead or coordinating unit reports on a task: text, percent done, a file."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    text = models.TextField(_("nội dung"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    attachment = models.FileField(_("tệp đính kèm"), upload_to="tasks/progress/%Y/%m/", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_range")]
        indexes = [models.Index(fields=["task", "reported_on"], name="progress_task_date_idx")]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.percent}%"

    def get_attachment_url(self) -> str:
        return reverse("tasks:progress-attachment", args=[self.pk])


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đã chấp thuận")
    REJECTED = "rejected", _("Không chấp thuận")


class CompletionReport(TimeStampedModel):
    """The lead unit reports the task done; the secretariat confirms (the report's date becomes the
    completion date) or returns it with a comment."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="completion_reports"
    )
    unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_on = models.DateField(_("ngày báo cáo hoàn thành"))
    text = models.TextField(_("kết quả thực hiện"))
    evidence = models.FileField(_("tài liệu minh chứng"), upload_to="tasks/completion/%Y/%m/", blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("ngày xem xét"), null=True, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo hoàn thành")
        verbose_name_plural = _("báo cáo hoàn thành")
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(state="pending"), name="completion_one_pending_per_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.get_state_display()}"

    def get_evidence_url(self) -> str:
        return reverse("tasks:completion-evidence", args=[self.pk])

    @property
    def evidence_filename(self) -> str:
        return os.path.basename(self.evidence.name) if self.evidence else ""


class ExtensionRequest(TimeStampedModel):
    """A request for a new deadline, with its reason and the secretariat's decision."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="extensions"
    )
    unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_on = models.DateField(_("ngày đề nghị"))
    previous_deadline = models.DateField(_("thời hạn trước khi gia hạn"))
    new_deadline = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(state="pending"), name="extension_one_pending_per_task"
            ),
            models.CheckConstraint(
                condition=Q(new_deadline__gt=F("previous_deadline")), name="extension_moves_deadline_later"
            ),
        ]
        indexes = [models.Index(fields=["task", "state", "decided_on"], name="extension_task_state_idx")]

    def __str__(self) -> str:
        return f"{self.task.code} → {self.new_deadline}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Trước hạn")
    DUE = "due", _("Đúng ngày đến hạn")
    OVERDUE = "overdue", _("Quá hạn (hằng tuần)")


class Reminder(models.Model):
    """One reminder of one task to one person for one date. The row is claimed (inserted, with its
    in-app notification) before the e-mail goes out and marked after, so a run repeated or cut short
    sends nothing twice and loses nothing."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("loại"), max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField(_("ngày nhắc"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField(_("thời hạn khi nhắc"))
    notification = models.ForeignKey(
        "notifications.Notification", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lời nhắc")
        verbose_name_plural = _("lời nhắc")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "due_on", "recipient"], name="reminder_once_per_task_kind_day_person"
            )
        ]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(email_sent_at__isnull=True), name="reminder_mail_pending_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.kind} {self.due_on} → {self.recipient}"
