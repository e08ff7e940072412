"""Abstract bases shared by the domain apps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents.layout import SIGNING_PREFIXES
from .validators import model_input_errors


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Django's field checks plus the input rules (dates 1945–2100, no NUL) on every field:
        every service validates with full_clean, so forms, API and imports all meet them here."""
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, messages in model_input_errors(self, exclude=set(exclude or ()) | set(errors)).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)


class ActivePeriodQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=day),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day),
        )


class Counter(models.Model):
    """A named number series (document numbers, task codes): one row per series key."""

    key = models.CharField(max_length=200, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dãy số")
        verbose_name_plural = _("dãy số")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class IssuedNumber(models.Model):
    """A number of a committee's document series and the one document that holds it, whatever its kind.

    Written in the transaction that gives the document its number: the unique constraint makes the
    database refuse a second holder, even between requests running at the same moment on other
    processes (each IssuedDocument model's own constraint only sees its own table)."""

    # No database foreign key: its check at commit would wait on any transaction holding the committee
    # row locked (an issue locking its notice with the committee) and deadlock with it. A committee
    # with documents cannot be deleted (they PROTECT it), so the registry never points at none.
    committee = models.ForeignKey(
        "org.Committee", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    date = models.DateField(_("ngày ban hành"))
    document_type = models.CharField(max_length=100)  # the model's label, "meetings.conclusionnotice"
    document_id = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("số văn bản đã cấp")
        verbose_name_plural = _("số văn bản đã cấp")
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "number"], name="issued_number_once"),
            models.UniqueConstraint(fields=["document_type", "document_id"], name="issued_number_one_each"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"


SIGNING_PREFIX_CHOICES = [("", _("(không)"))] + [(prefix, prefix) for prefix in SIGNING_PREFIXES]


class Letterhead(models.TextChoices):
    """Whose header a document carries: the committee's own, or its parent body's (the secretariat
    often drafts the report of the provincial Party Committee or People's Committee)."""

    COMMITTEE = "committee", _("Ban chỉ đạo")
    PARENT_BODY = "parent_body", _("Cơ quan chủ quản (Tỉnh ủy, UBND tỉnh)")


class IssuedDocument(TimeStampedModel):
    """A document a committee issues under its number series (Decree 30/2020/NĐ-CP, Article 15): number
    and year once issued, date, who signs and how ("TM.", "KT." …), the recipients ("Nơi nhận")."""

    number = models.PositiveIntegerField(_("số"), null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, editable=False)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer = models.ForeignKey(
        "org.Person",
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signing_prefix = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=SIGNING_PREFIX_CHOICES, blank=True
    )
    signing_authority = models.CharField(
        _("ký thay mặt, ký thay"), max_length=200, blank=True, help_text=_("Ví dụ “Ban Chỉ đạo” sau “TM.”.")
    )
    signer_title = models.CharField(_("chức danh người ký"), max_length=200, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng."))
    letterhead = models.CharField(
        _("tiêu đề văn bản"),
        max_length=12,
        choices=Letterhead.choices,
        default=Letterhead.COMMITTEE,
        help_text=_("Soạn cho cơ quan chủ quản: văn bản mang tiêu đề và thể thức của cơ quan đó."),
    )

    class Meta:
        abstract = True


class StoredFile(TimeStampedModel):
    """An uploaded file kept with a record: checked by its content before storage (core.uploads), its
    original name, type and size, and who uploaded it."""

    file = models.FileField(_("tệp"), max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("dung lượng"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
