"""Organisations, people and their positions, committees and memberships, users."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from giaoban.core.db import SearchKeyQuerySetMixin
from giaoban.core.models import ActivePeriodQuerySet, TimeStampedModel
from giaoban.core.permissions import Role


def _period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=name,
    )


class OrganisationKind(models.TextChoices):
    PARTY = "party", _("Cơ quan Đảng")
    PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    LOCALITY = "locality", _("Huyện, thành phố, xã")
    PRESS = "press", _("Cơ quan báo chí")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    MASS_ORGANISATION = "mass_organisation", _("Mặt trận, đoàn thể")
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    FOREIGN = "foreign", _("Cơ quan, tổ chức nước ngoài")
    OTHER = "other", _("Khác")


class OrganisationLevel(models.TextChoices):
    """The tier of government a body belongs to; districts were abolished on 1 July 2025."""

    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện (đến 30/6/2025)")
    COMMUNE = "commune", _("Xã, phường")
    OTHER_PROVINCE = "other_province", _("Tỉnh, thành phố khác")
    FOREIGN = "foreign", _("Nước ngoài")
    OTHER = "other", _("Khác")


class OrganisationQuerySet(ActivePeriodQuerySet):
    def search(self, query: str | None):
        """Accent-, case- and abbreviation-insensitive: "hdnd tinh", "BĐBP", "TP Lạng Sơn"."""
        from giaoban.core.vietnamese import name_key

        qs = self
        for word in dict.fromkeys(name_key(query).split()):
            qs = qs.filter(search_key__contains=word)
        return qs


class Organisation(TimeStampedModel):
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Tên gọi tắt, viết tắt thường dùng, mỗi tên một dòng, ví dụ “UBND tỉnh”, “TP Lạng Sơn”."),
    )
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=OrganisationKind.choices)
    level = models.CharField(
        _("cấp"), max_length=20, choices=OrganisationLevel.choices, default=OrganisationLevel.PROVINCE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    start_date = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    search_key = models.CharField(max_length=2000, editable=False, db_index=True, default="")
    # The name's key with abbreviations expanded (vietnamese.name_key): the duplicate check and the
    # lookup of names written in directives compare it, and each alias's, exactly.
    name_keys = models.CharField(max_length=2000, editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị")
        constraints = [_period_constraint("organisation_period_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:organisation-detail", args=[self.pk])

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def is_active_on(self, day: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")


class Reorganisation(TimeStampedModel):
    """Bodies that end on `date` and the successors that take over their open work from that day."""

    kind = models.CharField(_("hình thức"), max_length=10, choices=ReorganisationKind.choices)
    date = models.DateField(_("ngày có hiệu lực"))
    decision = models.CharField(
        _("căn cứ"), max_length=300, blank=True, help_text=_("Ví dụ “Nghị quyết số 60-NQ/TW”.")
    )
    predecessors = models.ManyToManyField(
        Organisation, verbose_name=_("đơn vị trước"), related_name="reorganised_from"
    )
    successors = models.ManyToManyField(
        Organisation, verbose_name=_("đơn vị kế thừa"), related_name="reorganised_into"
    )
    # What moved, by kind ("tasks", "coordinating", "requests", "users", "committees"): shown with the
    # record; the rows themselves keep their own history.
    moved = models.JSONField(default=dict, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = pgettext_lazy("plural", "sắp xếp tổ chức")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.date:%d/%m/%Y})"


class PersonQuerySet(SearchKeyQuerySetMixin, models.QuerySet):
    pass


class Person(TimeStampedModel):
    full_name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    search_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "cá nhân")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("org:person-detail", args=[self.pk])


class Position(TimeStampedModel):
    """A title held at an organisation for a time; several may run at once ("kiêm nhiệm")."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), on_delete=models.CASCADE, related_name="positions"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(
        _("chức danh"),
        max_length=255,
        help_text=_("Viết đầy đủ như trong văn bản, ví dụ “Chủ tịch HĐND tỉnh”."),
    )
    precedence = models.PositiveSmallIntegerField(
        _("thứ tự"), default=10, help_text=_("Chức danh có số nhỏ hơn được ghi trước.")
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ActivePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = pgettext_lazy("plural", "chức vụ")
        constraints = [_period_constraint("position_period_valid")]

    def __str__(self) -> str:
        return self.title


class CommitteeLayout(models.TextChoices):
    STATE = "state", _("Nhà nước (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Đảng (Hướng dẫn 36-HD/VPTW)")


class ReportingConvention(models.TextChoices):
    """How a committee's reporting periods are cut (domain.md §4)."""

    CALENDAR = "calendar", _("Theo kỳ dương lịch")
    DECREE_09 = "decree_09", _("Theo thời điểm chốt số liệu của Nghị định 09/2019/NĐ-CP")


class CommitteeQuerySet(SearchKeyQuerySetMixin, models.QuerySet):
    pass


class Committee(TimeStampedModel):
    name = models.CharField(_("tên đầy đủ"), max_length=400)
    short_name = models.CharField(_("tên gọi tắt"), max_length=100)
    title_name = models.CharField(
        _("tên dùng trong chức danh"),
        max_length=300,
        help_text=_("Ví dụ “Ban Chỉ đạo công tác thông tin đối ngoại tỉnh”: ghép sau “Trưởng”, “Ủy viên”."),
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan ban hành quyết định"), max_length=255, blank=True)
    standing_agency = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan thường trực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_for",
    )
    member_units = models.ManyToManyField(
        Organisation, verbose_name=_("đơn vị thành viên"), blank=True, related_name="member_of"
    )
    document_layout = models.CharField(
        _("thể thức văn bản"), max_length=10, choices=CommitteeLayout.choices, default=CommitteeLayout.STATE
    )
    parent_body = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parent_body_for",
        help_text=_(
            "Tỉnh ủy hoặc UBND tỉnh: ghi trên tiêu đề văn bản, và là tiêu đề khi soạn văn bản cho cơ quan này."
        ),
    )
    parent_body_name = models.CharField(
        _("tên cơ quan chủ quản trên tiêu đề văn bản"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ “TỈNH ỦY LẠNG SƠN”, “UBND TỈNH LẠNG SƠN”. Bỏ trống: lấy theo cơ quan chủ quản."),
    )
    parent_body_code = models.CharField(
        _("chữ viết tắt của cơ quan chủ quản trong số ký hiệu"),
        max_length=30,
        blank=True,
        help_text=_("Ví dụ “TU”, “UBND”: dùng khi soạn văn bản trên tiêu đề của cơ quan chủ quản."),
    )
    document_code = models.CharField(
        _("chữ viết tắt trong số ký hiệu"), max_length=30, blank=True, help_text=_("Ví dụ “BCĐ”.")
    )
    place_name = models.CharField(_("địa danh ghi trên văn bản"), max_length=100, blank=True)
    reporting_convention = models.CharField(
        _("cách tính kỳ báo cáo"),
        max_length=10,
        choices=ReportingConvention.choices,
        default=ReportingConvention.CALENDAR,
    )
    notice_requires_sign_off = models.BooleanField(
        _("thông báo kết luận cần lãnh đạo đồng ý ban hành"),
        default=False,
        help_text=_(
            "Bật: cơ quan thường trực chỉ ban hành thông báo kết luận sau khi lãnh đạo ban chỉ đạo bấm "
            "“Đồng ý ban hành”."
        ),
    )
    search_key = models.CharField(max_length=600, editable=False, db_index=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    # Member-unit changes are written into the history row's change reason (see committee_update).
    history = HistoricalRecords()
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("ban chỉ đạo")
        verbose_name_plural = pgettext_lazy("plural", "ban chỉ đạo")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:committee-detail", args=[self.pk])


class MembershipRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    STANDING_DEPUTY = "standing_deputy", _("Phó Trưởng ban Thường trực")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Thư ký")


class CommitteeMembership(TimeStampedModel):
    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=MembershipRole.choices)
    representing = models.ForeignKey(
        Organisation,
        verbose_name=_("đại diện đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = ActivePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên ban chỉ đạo")
        verbose_name_plural = pgettext_lazy("plural", "thành viên ban chỉ đạo")
        constraints = [_period_constraint("membership_period_valid")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    committees = models.ManyToManyField(
        Committee, verbose_name=_("ban chỉ đạo"), blank=True, related_name="users"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = pgettext_lazy("plural", "người dùng")


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    key_digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = pgettext_lazy("plural", "mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest(raw_key: str) -> str:
        return hashlib.sha256(raw_key.encode()).hexdigest()
