"""Outbound and inbound delegations ("đoàn ra", "đoàn vào"), their places, purposes and post-trip reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giaoban.core.db import SearchKeyQuerySetMixin
from giaoban.core.forms import PERIOD_END_BEFORE_START
from giaoban.core.models import TimeStampedModel
from giaoban.org.models import Organisation

CANCEL_REASON_REQUIRED = _("Ghi lý do hủy đoàn.")
BASED_IN_VIET_NAM_INBOUND_ONLY = _("Chỉ đoàn vào mới có thể là cơ quan, tổ chức nước ngoài tại Việt Nam.")


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("Đoàn ra")
    INBOUND = "inbound", _("Đoàn vào")


class Kind(models.TextChoices):
    """What the delegation is. Border meetings and escorts of central delegations are counted apart:
    they are not trips abroad nor visits received."""

    VISIT = "visit", _("Đi công tác, đón tiếp đoàn")
    BORDER = "border", _("Hội đàm, gặp gỡ tại cửa khẩu, mốc biên giới")
    ESCORT = "escort", _("Đón, tiễn đoàn Trung ương qua cửa khẩu")


class Level(models.TextChoices):
    UNSPECIFIED = "", _("Chưa phân cấp")
    HIGH = "high", _("Cấp cao")
    PROVINCE = "province", _("Cấp tỉnh")
    DEPARTMENT = "department", _("Cấp sở, huyện")


class Category(models.TextChoices):
    OFFICIAL = "", _("Cơ quan, tổ chức trong hệ thống chính trị")
    PRESS = "press", _("Phóng viên, báo chí")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    INTERNATIONAL = "international", _("Tổ chức quốc tế")
    NGO = "ngo", _("Tổ chức phi chính phủ")
    TOURISM = "tourism", _("Khách du lịch")


# The keys statistics count by: a visit is counted by its direction, the other kinds apart.
KIND_KEYS: tuple[str, ...] = ("outbound", "inbound", Kind.BORDER.value, Kind.ESCORT.value)


def kind_key(direction: str, kind: str) -> str:
    return direction if kind == Kind.VISIT else kind


class Purpose(models.TextChoices):
    """Purposes of a visit (domain.md §3), in the order a summary sentence lists them."""

    WORK = "work", _("Công tác")
    TALKS = "talks", _("Hội đàm")
    SURVEY = "survey", _("Khảo sát")
    EXPERIENCE = "experience", _("Trao đổi kinh nghiệm")
    TRAINING = "training", _("Đào tạo, bồi dưỡng")
    FRIENDSHIP = "friendship", _("Giao lưu hữu nghị")
    CONFERENCE = "conference", _("Hội nghị, hội thảo")
    PROMOTION = "promotion", _("Xúc tiến đầu tư, thương mại")
    OTHER = "other", _("Khác")


class Status(models.TextChoices):
    """planned → approved → under way → returned → reported; or cancelled, with a reason."""

    PLANNED = "planned", _("Dự kiến")
    APPROVED = "approved", _("Đã phê duyệt")
    UNDER_WAY = "under_way", _("Đang thực hiện")
    RETURNED = "returned", _("Đã kết thúc")
    REPORTED = "reported", _("Đã báo cáo")
    CANCELLED = "cancelled", _("Đã hủy")


# The forward path of the workflow, as stored values; "reported" is reached by submitting the report.
WORKFLOW: tuple[str, ...] = (
    Status.PLANNED.value,
    Status.APPROVED.value,
    Status.UNDER_WAY.value,
    Status.RETURNED.value,
)
# Statuses whose delegation still owes its post-trip report once the due date has passed.
REPORT_OWED_STATUSES: tuple[str, ...] = WORKFLOW
CANCELLED: str = Status.CANCELLED.value
CANCELLABLE: tuple[str, ...] = (Status.PLANNED.value, Status.APPROVED.value, Status.UNDER_WAY.value)
PURPOSE_ORDER: tuple[str, ...] = tuple(Purpose.values)


class DelegationQuerySet(SearchKeyQuerySetMixin, models.QuerySet):
    def counted(self) -> DelegationQuerySet:
        """Delegations that count in statistics: every one not cancelled."""
        return self.exclude(status=Status.CANCELLED)

    def report_missing(self, *, returned_before) -> DelegationQuerySet:
        """Delegations that ended before `returned_before` and have no post-trip report yet (past
        delegations entered afterwards owe none)."""
        return self.filter(status__in=REPORT_OWED_STATUSES, end_date__lt=returned_before, historical=False)


class Locality(models.Model):
    """A partner locality below country level (Quảng Tây, a Lao province along the border), by its
    ISO 3166-2 code. The list is data (data/localities.json), loaded by a migration and by
    `manage.py load_localities`."""

    code = models.CharField(_("mã"), max_length=10, primary_key=True)
    country_code = models.CharField(_("quốc gia"), max_length=2)
    name = models.CharField(_("tên"), max_length=100)
    borders_viet_nam = models.BooleanField(_("giáp biên giới Việt Nam"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("địa phương đối tác")
        verbose_name_plural = _("địa phương đối tác")
        ordering = ["country_code", "position", "code"]

    def __str__(self) -> str:
        return self.name


class Delegation(TimeStampedModel):
    direction = models.CharField(_("hướng"), max_length=10, choices=Direction.choices)
    name = models.CharField(
        _("tên đoàn"),
        max_length=300,
        help_text=_("Ví dụ “Đoàn công tác của Sở Ngoại vụ làm việc với Sở Ngoại vụ Quảng Tây”."),
    )
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="delegations",
        help_text=_("Đơn vị cử đoàn (đoàn ra) hoặc đón đoàn (đoàn vào)."),
    )
    head_name = models.CharField(_("trưởng đoàn"), max_length=200, blank=True)
    head_title = models.CharField(_("chức vụ trưởng đoàn"), max_length=300, blank=True)
    # Optional: a unit often registers a delegation before its list is final, and old records have no
    # count. Statistics then say "ít nhất …" rather than invent a total.
    member_count = models.PositiveIntegerField(
        _("số thành viên"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    member_names = models.TextField(_("danh sách thành viên"), blank=True, help_text=_("Mỗi người một dòng."))
    # ISO 3166-1 alpha-2 codes, sorted and comma-separated ("CN,LA"), written by the services only.
    # Statistics group by this list in SQL and add up the few distinct lists; filters match ",CN," in
    # the list framed by commas. One covering index below then serves both without touching the table.
    country_codes = models.CharField(_("quốc gia, vùng lãnh thổ"), max_length=800)
    partners = models.TextField(
        _("đối tác"), blank=True, help_text=_("Cơ quan, tổ chức nước ngoài làm việc cùng.")
    )
    # ISO 3166-2 codes of partner localities (Locality), sorted and comma-separated ("CN-GX,CN-YN").
    locality_codes = models.CharField(_("địa phương đối tác"), max_length=800, blank=True, default="")
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices, default=Kind.VISIT)
    level = models.CharField(_("cấp đoàn"), max_length=12, choices=Level.choices, blank=True, default="")
    category = models.CharField(
        _("đối tượng"), max_length=16, choices=Category.choices, blank=True, default=""
    )
    # An embassy or an international organisation based in Viet Nam: its countries are its nationality,
    # not where it came from.
    based_in_viet_nam = models.BooleanField(
        _("cơ quan đại diện, tổ chức nước ngoài tại Việt Nam"), default=False
    )
    participating_units = models.ManyToManyField(
        Organisation,
        verbose_name=_("đơn vị tham gia"),
        related_name="delegations_joined",
        blank=True,
        help_text=_("Các đơn vị, địa phương cùng tham gia đoàn (đoàn của tỉnh, đoàn liên tỉnh)."),
    )
    # Entered after the fact (by hand or import): keeps its status and reports as they were, and owes
    # no post-trip report.
    historical = models.BooleanField(_("đoàn đã qua, nhập bổ sung"), default=False)
    # Purpose codes in the order of Purpose, comma-separated ("work,talks"), likewise.
    purpose_codes = models.CharField(_("mục đích"), max_length=200)
    purpose_other = models.CharField(_("mục đích khác"), max_length=300, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=300, blank=True)
    approval_number = models.CharField(_("số văn bản cho phép"), max_length=100, blank=True)
    approval_date = models.DateField(_("ngày văn bản cho phép"), null=True, blank=True)
    approval_issuer = models.CharField(_("cơ quan cho phép"), max_length=300, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    report_text = models.TextField(_("báo cáo kết quả"), blank=True)
    report_date = models.DateField(_("ngày nộp báo cáo"), null=True, blank=True)
    search_key = models.CharField(max_length=1200, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đoàn")
        verbose_name_plural = _("đoàn ra, đoàn vào")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegation_period_valid",
                violation_error_message=PERIOD_END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(member_count__isnull=True) | Q(member_count__gte=1), name="delegation_has_members"
            ),
        ]
        indexes = [
            # Period statistics, filtered list counts and the default list order (newest first) scan a
            # range of start dates; on PostgreSQL the included columns make these index-only scans
            # (EXPLAIN in bench/delegations_stats.py). SQLite keeps a plain index on start_date.
            models.Index(
                fields=["start_date"],
                include=[
                    "direction",
                    "status",
                    "lead_unit",
                    "member_count",
                    "end_date",
                    "country_codes",
                    "purpose_codes",
                    "kind",
                    "level",
                    "category",
                    "locality_codes",
                    "based_in_viet_nam",
                ],
                name="delegation_period_covering",
            ),
            # A unit officer's list, the unit filter and the duplicate check of the import.
            models.Index(fields=["lead_unit", "start_date"], name="delegation_unit_start"),
            # Missing-report lists: not reported yet, by end date.
            models.Index(fields=["status", "end_date"], name="delegation_status_end"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delegations:delegation-detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": ValidationError(PERIOD_END_BEFORE_START, code="period")})
        if self.status == Status.CANCELLED and not self.cancel_reason:
            raise ValidationError({"cancel_reason": ValidationError(CANCEL_REASON_REQUIRED, code="required")})

    @property
    def country_code_list(self) -> list[str]:
        return [code for code in self.country_codes.split(",") if code]

    @property
    def purpose_list(self) -> list[str]:
        return [code for code in self.purpose_codes.split(",") if code]

    @property
    def locality_code_list(self) -> list[str]:
        return [code for code in self.locality_codes.split(",") if code]

    @property
    def kind_key(self) -> str:
        return kind_key(self.direction, self.kind)


class ReportedTotal(TimeStampedModel):
    """Delegations a unit reports as a number for a period, without a row each ("293 đoàn khách du
    lịch"): they enter the figures, marked as reported totals, beside the register's rows."""

    unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    direction = models.CharField(_("hướng"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices, default=Kind.VISIT)
    level = models.CharField(_("cấp đoàn"), max_length=12, choices=Level.choices, blank=True, default="")
    category = models.CharField(
        _("đối tượng"), max_length=16, choices=Category.choices, blank=True, default=""
    )
    delegations = models.PositiveIntegerField(_("số đoàn"), validators=[MinValueValidator(1)])
    people = models.PositiveIntegerField(_("số lượt người"), null=True, blank=True)
    country_codes = models.CharField(_("quốc gia, vùng lãnh thổ"), max_length=800, blank=True, default="")
    notes = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số đoàn đơn vị báo cáo")
        verbose_name_plural = _("số đoàn đơn vị báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")),
                name="reported_total_period_valid",
                violation_error_message=PERIOD_END_BEFORE_START,
            ),
            models.CheckConstraint(condition=Q(delegations__gte=1), name="reported_total_positive"),
        ]
        indexes = [models.Index(fields=["date_from", "date_to"], name="reported_total_period")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.delegations}"

    def clean(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError({"date_to": ValidationError(PERIOD_END_BEFORE_START, code="period")})

    @property
    def country_code_list(self) -> list[str]:
        return [code for code in self.country_codes.split(",") if code]

    @property
    def kind_key(self) -> str:
        return kind_key(self.direction, self.kind)


def report_file_path(instance: DelegationReportFile, filename: str) -> str:
    return f"delegations/{instance.delegation_id}/reports/{filename}"


class DelegationReportFile(models.Model):
    """A file attached to a post-trip report (the signed report, photos, minutes)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="report_files")
    file = models.FileField(_("tệp"), upload_to=report_file_path, max_length=500)
    name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(
        "org.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("delegations:report-file", args=[self.pk])


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    CHECKING = "checking", _("Đang kiểm tra")
    WRITING = "writing", _("Đang ghi")
    DONE = "done", _("Đã xong")


class ImportJob(TimeStampedModel):
    """A large spreadsheet checked (and, unless a dry run, imported) in the task worker.

    Only the user who uploaded it sees it. Progress (`rows_checked`) is saved after every chunk, outside
    any transaction, so the status page sees it move; the import itself stays all-or-nothing.
    """

    created_by = models.ForeignKey("org.User", on_delete=models.CASCADE, related_name="+")
    source_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    stored = models.CharField(max_length=255, blank=True)  # the staged file; "" once removed
    dry_run = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED)
    rows_estimated = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("lượt nhập đoàn")
        verbose_name_plural = _("lượt nhập đoàn")

    def __str__(self) -> str:
        return self.source_name

    def get_absolute_url(self) -> str:
        return reverse("delegations:import-job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state == ImportJobState.DONE

    @property
    def ok(self) -> bool:
        return self.finished and self.error_count == 0

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_estimated:
            return 0
        return min(99, self.rows_checked * 100 // self.rows_estimated)
