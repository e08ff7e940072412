"""Periodic reporting (domain.md §3 Reporting period, Report template, Report request, Committee report).

A committee asks its member units for reports on a period, to an outline ("đề cương", `ReportTemplate`)
of sections and indicators; each unit fills one `Submission`; the secretariat assembles the accepted
submissions and the system's own figures into the committee's `CommitteeReport`, edited in versions and
locked when a leader approves it. This app reads the others (delegations, tasks, meetings); none of
them knows it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from giaoban.core.models import IssuedDocument, StoredFile, TimeStampedModel
from giaoban.org.models import Committee, Organisation, ReportingConvention

from .periods import PeriodKind


class ReportingPeriod(TimeStampedModel):
    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo"), on_delete=models.PROTECT, related_name="reporting_periods"
    )
    kind = models.CharField(_("loại kỳ báo cáo"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    name = models.CharField(_("tên kỳ báo cáo"), max_length=200)
    convention = models.CharField(
        _("cách tính kỳ"),
        max_length=10,
        choices=ReportingConvention.choices,
        default=ReportingConvention.CALENDAR,
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    submission_deadline = models.DateField(_("hạn gửi báo cáo"))
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-end_date", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind="quarter", quarter__gte=1, quarter__lte=4)
                | (~Q(kind="quarter") & Q(quarter=None)),
                name="period_quarter_only_for_quarters",
            ),
            # One period of each periodic kind a year (a quarter each); thematic and ad hoc ones are free.
            models.UniqueConstraint(
                fields=["committee", "kind", "year", "quarter"],
                condition=Q(kind="quarter"),
                name="period_quarter_once",
            ),
            models.UniqueConstraint(
                fields=["committee", "kind", "year"],
                condition=Q(kind__in=["half_year", "nine_months", "year"]),
                name="period_periodic_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:period-detail", args=[self.pk])


class ReportTemplate(TimeStampedModel):
    """ "Đề cương": the outline units report to."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo"), on_delete=models.PROTECT, related_name="report_templates"
    )
    name = models.CharField(_("tên đề cương"), max_length=300)
    description = models.TextField(_("hướng dẫn chung"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao từ đề cương"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề cương báo cáo")
        verbose_name_plural = _("đề cương báo cáo")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:template-detail", args=[self.pk])


class SectionFigures(models.TextChoices):
    """Which of the system's sentences opens the section in the committee report's draft."""

    NONE = "", _("(không)")
    DELEGATIONS = "delegations", _("Số liệu đoàn ra, đoàn vào")
    TASKS = "tasks", _("Kết quả thực hiện nhiệm vụ")
    MEETINGS = "meetings", _("Hội nghị đã tổ chức")


class TemplateSection(TimeStampedModel):
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("đề cương"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    heading = models.CharField(_("đề mục"), max_length=300)
    guidance = models.TextField(_("gợi ý nội dung"), blank=True)
    figures = models.CharField(
        _("số liệu của hệ thống"), max_length=12, choices=SectionFigures.choices, blank=True, default=""
    )
    required = models.BooleanField(
        _("bắt buộc"),
        default=False,
        help_text=_("Đơn vị gửi báo cáo còn để trống đề mục bắt buộc thì phải xác nhận."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề mục")
        verbose_name_plural = _("đề mục")
        ordering = ["template", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(position__gte=1), name="section_position_from_one")]

    def __str__(self) -> str:
        return self.heading


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")


class Indicator(TimeStampedModel):
    """A figure of the outline: entered by each unit, or computed by the system (`source`, see
    indicators.COMPUTED)."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("đề cương"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50)
    value_type = models.CharField(
        _("kiểu số"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    source = models.CharField(_("nguồn số liệu"), max_length=40, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="indicator_position_from_one")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.source)


class ReportRequest(TimeStampedModel):
    """The secretariat's request to units: a period, an outline, the units, a deadline."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo"), on_delete=models.PROTECT, related_name="report_requests"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="requests"
    )
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("đề cương"), on_delete=models.PROTECT, related_name="requests"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    message = models.TextField(_("nội dung đề nghị"), blank=True)
    deadline = models.DateField(_("hạn gửi"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # A request sent by mistake (wrong units, wrong outline) is withdrawn, not deleted: the units were
    # told of it, and the record of both stays.
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người rút"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.TextField(_("lý do rút"), blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị báo cáo")
        verbose_name_plural = _("đề nghị báo cáo")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:request-detail", args=[self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


NOT_OPENED = _("Chưa mở")


class Submission(TimeStampedModel):
    """One unit's report for a request. Late when first submitted after the request's deadline."""

    request = models.ForeignKey(
        ReportRequest, verbose_name=_("đề nghị báo cáo"), on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="report_submissions"
    )
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True, editable=False)
    return_count = models.PositiveSmallIntegerField(_("số lần bị trả lại"), default=0, editable=False)
    last_saved_at = models.DateTimeField(_("lưu nháp lúc"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="submission_once_per_unit"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(first_submitted_at__isnull=False, submitted_at__isnull=False),
                name="submission_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["request", "state"], name="submission_request_state_idx")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.request}"

    def get_absolute_url(self) -> str:
        return reverse("reports:submission-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """The unit works on it while it is a draft or was returned; never once accepted, nor once the
        request is withdrawn."""
        if self.request.is_withdrawn:
            return False
        return self.state in (SubmissionState.DRAFT, SubmissionState.RETURNED)

    @property
    def state_label(self) -> str:
        """A draft nobody has written in yet reads "Chưa mở", so the secretariat tells a unit that has
        not started from one that is writing."""
        if self.state == SubmissionState.DRAFT and self.last_saved_at is None:
            return str(NOT_OPENED)
        return str(self.get_state_display())


class SectionText(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="section_texts")
    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("nội dung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung đề mục")
        verbose_name_plural = _("nội dung đề mục")
        constraints = [models.UniqueConstraint(fields=["submission", "section"], name="section_text_once")]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.section_id}"


class IndicatorValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("số liệu"), max_digits=14, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="indicator_value_once"),
            models.CheckConstraint(
                condition=Q(value__gte=0) | Q(value=None), name="indicator_value_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.indicator_id}: {self.value}"


class SubmissionEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Gửi báo cáo")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Tiếp nhận")
    REMINDED = "reminded", _("Nhắc gửi báo cáo")


class Event(models.Model):
    """A step in a record's life: what (`kind`, in the subclass), when, by whom, with what comments."""

    at = models.DateTimeField(_("lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"  # type: ignore[attr-defined]


class SubmissionEvent(Event):
    """The submission's life as the request page shows it: who sent, returned (with the comments),
    accepted or reminded, and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("việc"), max_length=10, choices=SubmissionEventKind.choices)

    class Meta(Event.Meta):
        verbose_name = _("diễn biến báo cáo")
        verbose_name_plural = _("diễn biến báo cáo")


class SubmissionFile(StoredFile):
    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="files"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp kèm báo cáo")
        verbose_name_plural = _("tệp kèm báo cáo")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("reports:file-download", args=[self.pk])


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    # A leader sent it back with comments; the secretariat edits it and submits it again (to DRAFT).
    RETURNED = "returned", _("Lãnh đạo trả lại")
    APPROVED = "approved", _("Đã duyệt")


class CommitteeReport(IssuedDocument):
    """The committee's report on a period; its text lives in `ReportVersion`s, the last one current."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo"), on_delete=models.PROTECT, related_name="committee_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    request = models.ForeignKey(
        ReportRequest,
        verbose_name=_("đề nghị báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    summary = models.CharField(
        _("trích yếu"),
        max_length=500,
        help_text=_("Ví dụ “Sơ kết công tác thông tin đối ngoại 6 tháng đầu năm 2017”."),
    )
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True, editable=False)
    # The figures, units and annex values as approved (aggregate.Aggregate.snapshot): an approved
    # report's documents say what was approved, whatever records change later.
    approved_figures = models.JSONField(_("số liệu lúc duyệt"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    # The approved figures are large (every unit's values) and follow from the approval: not copied into
    # every history row.
    history = HistoricalRecords(excluded_fields=["approved_figures"])

    class Meta:
        verbose_name = _("báo cáo của ban chỉ đạo")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo của ban chỉ đạo")
        ordering = ["-period__end_date", "-pk"]
        constraints = [
            # Decree 30/2020/NĐ-CP, Article 15: one number per document in the issuer's series of the year.
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                condition=Q(number__isnull=False),
                name="committee_report_number_once_a_year",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "returned"]) | Q(number__isnull=False, date__isnull=False),
                name="committee_report_approved_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.state == ReportState.APPROVED

    @property
    def is_returned(self) -> bool:
        return self.state == ReportState.RETURNED


class ReportVersion(models.Model):
    """A saved state of the report's text: `sections` is a list of {"heading", "text"}; `figures` the
    computed figures as they stood (the aggregate's JSON), so an old version reads as it was."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    sections = models.JSONField(_("nội dung"), default=list)
    figures = models.JSONField(_("số liệu"), default=dict)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("lưu lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_once")]

    def __str__(self) -> str:
        return f"{self.report} — {self.number}"


class ReportEventKind(models.TextChoices):
    RETURNED = "returned", _("Lãnh đạo trả lại")
    RESUBMITTED = "resubmitted", _("Trình lại")
    APPROVED = "approved", _("Duyệt")
    REOPENED = "reopened", _("Mở lại")


class ReportEvent(Event):
    """A decision on the report and the version of its text it was taken on: a leader's return (with the
    comments), the secretariat's resubmission, the approval, a reopening. The last leader decision's
    version is the one the leader saw: the approval page shows the changes since."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("việc"), max_length=12, choices=ReportEventKind.choices)
    version_number = models.PositiveIntegerField(_("phiên bản"), null=True, blank=True)

    class Meta(Event.Meta):
        verbose_name = _("diễn biến duyệt báo cáo")
        verbose_name_plural = _("diễn biến duyệt báo cáo")
