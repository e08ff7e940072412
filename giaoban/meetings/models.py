"""Briefing meetings and what they produce: agenda, invitees and attendance, files and photos, minutes,
and the conclusion notice with its numbered key tasks (domain.md §3, Meeting and Conclusion notice).

A meeting is hosted by one committee, whose name, layout and number series its documents carry, and
may be joint: `committees` lists every committee taking part, the host included. Each key task of an
issued conclusion notice is followed as one Task of the tasks app (`KeyTask.task`); the tasks app
knows the notice only by `source_kind` + `source_id`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from giaoban.core.db import SearchKeyQuerySetMixin
from giaoban.core.models import IssuedDocument, StoredFile, TimeStampedModel
from giaoban.org.models import Committee, Organisation, Person
from giaoban.tasks.models import Task

# How the tasks app knows a conclusion notice: Task.source_kind, with Task.source_id its pk.
CONCLUSION_SOURCE_KIND = "meetings.conclusion"


class MeetingKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Giao ban quý")
    SEMI_ANNUAL = "semi_annual", _("Giao ban 6 tháng")
    NINE_MONTHS = "nine_months", _("Giao ban 9 tháng")
    YEARLY = "yearly", _("Tổng kết năm")
    THEMATIC = "thematic", _("Chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")


PERIODIC_KINDS = {MeetingKind.QUARTERLY, MeetingKind.SEMI_ANNUAL, MeetingKind.NINE_MONTHS, MeetingKind.YEARLY}


class MeetingQuerySet(SearchKeyQuerySetMixin, models.QuerySet):
    pass


class Meeting(TimeStampedModel):
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("ban chỉ đạo chủ trì"),
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        help_text=_("Giấy mời, thông báo kết luận và biên bản mang tên và số văn bản của ban này."),
    )
    committees = models.ManyToManyField(
        Committee,
        verbose_name=_("các ban chỉ đạo dự họp"),
        related_name="meetings",
        help_text=_("Hội nghị liên tịch: chọn các ban chỉ đạo cùng họp; ban chủ trì luôn có tên."),
    )
    kind = models.CharField(_("loại hội nghị"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=300)
    date = models.DateField(_("ngày họp"))
    start_time = models.TimeField(_("giờ bắt đầu"))
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    period_start = models.DateField(_("kỳ đánh giá từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("kỳ đánh giá đến ngày"), null=True, blank=True)
    invitation_date = models.DateField(
        _("ngày ký giấy mời"), null=True, blank=True, help_text=_("Bỏ trống: giấy mời để trống ngày.")
    )
    minutes = models.TextField(_("diễn biến hội nghị (biên bản)"), blank=True)
    minutes_conclusion = models.TextField(
        _("kết luận của hội nghị (biên bản)"),
        blank=True,
        help_text=_("Ý kiến kết luận của người chủ trì như đã ghi tại hội nghị."),
    )
    minutes_taker = models.ForeignKey(
        Person,
        verbose_name=_("thư ký hội nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    search_key = models.CharField(max_length=700, editable=False, db_index=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    # Changes of the joint committees are written into the history row's reason (see meeting_update).
    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = pgettext_lazy("plural", "hội nghị")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="meeting_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["date", "start_time"], name="meeting_date_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting-detail", args=[self.pk])


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("người trình bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    presenter_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị trình bày"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), null=True, blank=True)
    record = models.TextField(
        _("nội dung ghi nhận (biên bản)"),
        blank=True,
        help_text=_("Nội dung trình bày, thảo luận của mục này như đã diễn ra, để đưa vào biên bản."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình hội nghị")
        constraints = [models.CheckConstraint(condition=Q(position__gte=1), name="agenda_position_from_one")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def clock(self) -> tuple[dt.time | None, dt.time | None]:
        """When the item starts and ends by the programme: read from the annotations of
        selectors.agenda_list / agenda_item_get (without them: unknown)."""
        if not hasattr(self, "minutes_before"):
            return None, None
        return agenda_clock(
            self.meeting.start_time, self.minutes_before, self.untimed_before, self.duration_minutes
        )

    @property
    def starts_at(self) -> dt.time | None:
        return self.clock[0]

    @property
    def ends_at(self) -> dt.time | None:
        return self.clock[1]

    @property
    def clock_text(self) -> str:
        """ "08:00–08:15", "09:30–" (no duration), or "" (clock unknown)."""
        starts, ends = self.clock
        if starts is None:
            return ""
        return f"{starts:%H:%M}–{ends:%H:%M}" if ends is not None else f"{starts:%H:%M}–"


def agenda_clock(
    start: dt.time | None, minutes_before: int | None, untimed_before: int | None, duration: int | None
) -> tuple[dt.time | None, dt.time | None]:
    """The one rule of an agenda's clock times: an item starts when the meeting starts plus the durations
    of the items before it, and ends its own duration later. After an item without a duration the
    clock is unknown; a time past midnight is not given."""
    if start is None or untimed_before:
        return None, None
    day = dt.date.min
    begins = dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes_before or 0)
    if begins.date() != day:
        return None, None
    ends = begins + dt.timedelta(minutes=duration) if duration else None
    return begins.time(), ends.time() if ends is not None and ends.date() == day else None


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Chưa ghi nhận")
    PRESENT = "present", _("Có mặt")
    ABSENT = "absent", _("Vắng mặt")
    REPRESENTED = "represented", _("Cử người dự thay")


class Confirmation(models.TextChoices):
    """What an invited unit answers before the meeting (issue #15, 4)."""

    NONE = "", _("Chưa trả lời")
    ATTEND = "attend", _("Sẽ dự họp")
    SUBSTITUTE = "substitute", _("Cử người dự thay")
    DECLINE = "decline", _("Không dự được")


class Invitee(TimeStampedModel):
    """A unit or a person invited to a meeting: the unit's answer before the meeting (who will attend, a
    substitute, or why it cannot), and the attendance the secretariat records on the day."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="invitees"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
    )
    attendance = models.CharField(
        _("tham dự"), max_length=12, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    absence_reason = models.CharField(_("lý do vắng"), max_length=500, blank=True)
    represented_by = models.CharField(
        _("người dự họp"),
        max_length=255,
        blank=True,
        help_text=_("Người đại diện đơn vị dự họp, hoặc người được cử dự thay."),
    )
    confirmation = models.CharField(
        _("trả lời giấy mời"), max_length=12, choices=Confirmation.choices, default="", blank=True
    )
    confirmed_name = models.CharField(_("họ và tên người dự"), max_length=255, blank=True)
    confirmed_title = models.CharField(_("chức vụ người dự"), max_length=255, blank=True)
    confirmation_reason = models.CharField(_("lý do không dự được"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành phần mời")
        verbose_name_plural = _("thành phần mời")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="invitee_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["meeting", "unit"], condition=Q(unit__isnull=False), name="invitee_unit_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="invitee_person_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.person)

    @property
    def name(self) -> str:
        return self.unit.name if self.unit_id else self.person.full_name

    @property
    def confirmed_person(self) -> str:
        """ "Nguyễn Văn A, Phó Giám đốc": who the unit said will attend."""
        return ", ".join(part for part in (self.confirmed_name, self.confirmed_title) if part)

    def expected_attendance(self) -> tuple[str, str, str]:
        """The attendance sheet's starting row from the unit's answer: (attendance, reason, who came),
        the answer kept as it was until the secretariat records the day."""
        if self.attendance != Attendance.UNKNOWN or not self.confirmation:
            return self.attendance, self.absence_reason, self.represented_by
        if self.confirmation == Confirmation.DECLINE:
            return Attendance.ABSENT, self.confirmation_reason, ""
        kind = Attendance.PRESENT if self.confirmation == Confirmation.ATTEND else Attendance.REPRESENTED
        return kind, "", self.confirmed_person


class MeetingFileKind(models.TextChoices):
    DOCUMENT = "document", _("Tài liệu")
    PHOTO = "photo", _("Ảnh")


class MeetingFile(StoredFile):
    """A document (report draft, minutes) or a photo of a meeting. The file is stored under a name made
    from its content's digest, so the same file uploaded twice is stored once."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("hội nghị"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=MeetingFileKind.choices)
    caption = models.CharField(_("chú thích"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp của hội nghị")
        verbose_name_plural = _("tệp của hội nghị")

    def __str__(self) -> str:
        return self.caption

    def get_absolute_url(self) -> str:
        return reverse("meetings:file-download", args=[self.pk])

    @property
    def is_photo(self) -> bool:
        return self.kind == MeetingFileKind.PHOTO


class MeetingDocumentKind(models.TextChoices):
    INVITATION = "invitation", _("Giấy mời")
    MINUTES = "minutes", _("Biên bản")


class MeetingDocument(IssuedDocument):
    """The number and date of a meeting's invitation or minutes, taken from the host committee's one
    document series (core.counters, the IssuedNumber registry) like its notices and reports."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="issued_documents"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("ban chỉ đạo ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=MeetingDocumentKind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản của hội nghị")
        verbose_name_plural = _("văn bản của hội nghị")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="meeting_document_once"),
            # Decree 30/2020/NĐ-CP, Article 15: one number per document in the issuer's series of the year.
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                condition=Q(number__isnull=False),
                name="meeting_document_number_once_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting}"

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class ConclusionNotice(IssuedDocument):
    """ "Thông báo kết luận": issued once with its number, then kept in step with its key tasks."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="conclusion"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("ban chỉ đạo ban hành"),
        on_delete=models.PROTECT,
        related_name="conclusion_notices",
    )
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    summary = models.CharField(_("trích yếu"), max_length=500)
    opening = models.TextField(_("phần mở đầu"), blank=True)
    assessment = models.TextField(_("đánh giá kết quả"), blank=True)
    limitations = models.TextField(_("hạn chế"), blank=True)
    closing = models.TextField(_("phần kết"), blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The leader's "Đồng ý ban hành" where the committee asks for it (Committee.notice_requires_sign_off);
    # an edit of the draft afterwards withdraws it.
    signed_off_at = models.DateTimeField(_("lãnh đạo đồng ý lúc"), null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo đồng ý ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông báo kết luận")
        verbose_name_plural = _("thông báo kết luận")
        constraints = [
            # Decree 30/2020/NĐ-CP, Article 15: one number per document in the issuer's series of the year.
            models.UniqueConstraint(
                fields=["committee", "year", "number"],
                condition=Q(number__isnull=False),
                name="conclusion_number_once_a_year",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(number__isnull=False, date__isnull=False),
                name="conclusion_issued_has_number_and_date",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("meetings:conclusion-detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.state == NoticeState.ISSUED

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def awaits_sign_off(self) -> bool:
        """A draft its committee will not let be issued until a leader agrees."""
        return not self.is_issued and not self.is_signed_off and self.committee.notice_requires_sign_off


class KeyTask(TimeStampedModel):
    """A numbered key task ("nhiệm vụ trọng tâm") of a conclusion notice; `task` is the Task that follows
    it once the notice is issued, one Task per key task for good."""

    notice = models.ForeignKey(
        ConclusionNotice,
        verbose_name=_("thông báo kết luận"),
        on_delete=models.CASCADE,
        related_name="key_tasks",
    )
    position = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung chi tiết"), blank=True)
    lead_unit = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        Organisation, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="+"
    )
    recurring = models.BooleanField(_("nhiệm vụ thường xuyên"), default=False)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    deadline_wording = models.CharField(_("thời hạn theo văn bản"), max_length=300, blank=True)
    task = models.OneToOneField(
        Task,
        verbose_name=_("nhiệm vụ theo dõi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    # Coordinating-unit changes are written into the history row's reason (see key_task_update).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ trọng tâm")
        verbose_name_plural = _("nhiệm vụ trọng tâm")
        constraints = [
            models.CheckConstraint(
                condition=Q(recurring=True, deadline__isnull=True)
                | Q(recurring=False, deadline__isnull=False),
                name="key_task_deadline_or_recurring",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="key_task_position_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"
