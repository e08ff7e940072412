"""Forms of the meeting pages. They validate input and hand it to the services; they never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.forms import BootstrapFormMixin, VersionedFormMixin
from giaoban.core.uploads import UploadField
from giaoban.org import selectors as org_selectors
from giaoban.org.forms import directory_picker
from giaoban.org.models import Committee, Organisation, Person
from giaoban.tasks.forms import DUE_DATE_HELP, WORDING_HELP

from . import drafting, selectors, services
from .models import (
    AgendaItem,
    Attendance,
    ConclusionNotice,
    Invitee,
    KeyTask,
    Meeting,
    MeetingFileKind,
    MeetingKind,
)

TITLE_REQUIRED = _("Hãy nhập tên hội nghị (hoặc chọn loại hội nghị định kỳ và kỳ đánh giá để tự đặt tên).")
POSITION_HELP = _("Bỏ trống: xếp cuối.")


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


# --- Lists -------------------------------------------------------------------------------------------


class MeetingFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=Committee.objects.none(), empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(
        label=_("Loại hội nghị"), required=False, choices=[("", _("Tất cả"))] + list(MeetingKind.choices)
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = selectors.committees_for(user)


class ConfirmForm(forms.Form):
    """A POST with nothing but the CSRF token: the confirmation of a deletion."""


# --- Meetings ----------------------------------------------------------------------------------------


class MeetingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = (
            "committee",
            "committees",
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "venue",
            "chair",
            "period_start",
            "period_end",
            "invitation_date",
            "minutes_taker",
        )
        widgets = {
            "committees": forms.CheckboxSelectMultiple,
            "date": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
            "period_start": DateInput,
            "period_end": DateInput,
            "invitation_date": DateInput,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = selectors.committees_for(user)
        self.fields["committee"].queryset = hosts
        self.fields["committee"].empty_label = None
        self.fields["committees"].queryset = hosts
        self.fields["committees"].required = False
        self.fields["chair"].queryset = selectors.persons_for(user)
        self.fields["minutes_taker"].queryset = selectors.persons_for(user)
        self.fields["title"].required = False
        if self.instance.pk:
            # The host committee issues the meeting's documents; it stays as created.
            del self.fields["committee"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("title"):
            suggested = drafting.suggested_title(
                cleaned.get("kind") or "", cleaned.get("period_start"), cleaned.get("period_end")
            )
            if suggested:
                cleaned["title"] = suggested
            else:
                self.add_error("title", TITLE_REQUIRED)
        return cleaned

    def _post_clean(self) -> None:
        """Validation is the service's (it reports the rules on their fields)."""

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in services.MEETING_FIELDS if name in self.fields}
        data["committees"] = list(self.cleaned_data.get("committees") or [])
        return data


class MeetingUpdateForm(VersionedFormMixin, MeetingForm):
    pass


class MinutesForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("minutes_taker", "minutes")
        widgets = {"minutes": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes_taker"].queryset = selectors.persons_for(user)

    def _post_clean(self) -> None:
        pass


# --- Agenda ------------------------------------------------------------------------------------------


class AgendaItemForm(BootstrapFormMixin, forms.ModelForm):
    position = forms.IntegerField(
        label=_("Thứ tự"), required=False, min_value=1, max_value=999, help_text=POSITION_HELP
    )

    class Meta:
        model = AgendaItem
        fields = ("title", "presenter", "presenter_unit", "duration_minutes")

    def __init__(self, *args: Any, user: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = selectors.persons_for(user)
        self.fields["presenter_unit"].queryset = org_selectors.organisations_active(
            meeting.date, keep=[self.instance.presenter_unit_id]
        )
        if self.instance.pk:
            self.fields["position"].initial = self.instance.position
        self.order_fields(["position", "title", "presenter", "presenter_unit", "duration_minutes"])

    def _post_clean(self) -> None:
        pass


class AgendaItemUpdateForm(VersionedFormMixin, AgendaItemForm):
    pass


# --- Invitees and attendance -------------------------------------------------------------------------


class InviteesForm(BootstrapFormMixin, forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    persons = forms.ModelMultipleChoiceField(
        label=_("Cá nhân"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều người."),
    )

    def __init__(self, *args: Any, user: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = meeting.invitees.values("unit_id")
        people = meeting.invitees.values("person_id")
        units = org_selectors.organisations_active(meeting.date).exclude(pk__in=invited)
        self.fields["units"].queryset = units
        directory_picker(self.fields["units"])
        self.fields["persons"].queryset = selectors.persons_for(user).exclude(pk__in=people)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("units") and not cleaned.get("persons"):
            raise ValidationError(services.INVITEE_NEEDS_ONE)
        return cleaned


class AttendanceForm(BootstrapFormMixin, forms.Form):
    """The attendance sheet: one row per invitee (attendance, reason, who came, the row's version)."""

    def __init__(self, *args: Any, invitees: list[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        for invitee in invitees:
            key = invitee.pk
            self.fields[f"attendance-{key}"] = forms.ChoiceField(
                label=_("Tham dự"), choices=Attendance.choices, initial=invitee.attendance
            )
            self.fields[f"reason-{key}"] = forms.CharField(
                label=_("Lý do vắng"), required=False, max_length=500, initial=invitee.absence_reason
            )
            self.fields[f"by-{key}"] = forms.CharField(
                label=_("Người dự họp"), required=False, max_length=255, initial=invitee.represented_by
            )
            self.fields[f"version-{key}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=invitee.version, min_value=1
            )
        # Bootstrap classes were given before these fields existed.
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "invitee": invitee,
                "attendance": self[f"attendance-{invitee.pk}"],
                "reason": self[f"reason-{invitee.pk}"],
                "by": self[f"by-{invitee.pk}"],
                "version": self[f"version-{invitee.pk}"],
            }
            for invitee in self.invitees
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for invitee in self.invitees:
            key = invitee.pk
            errors = services.attendance_errors(
                cleaned.get(f"attendance-{key}") or "",
                cleaned.get(f"reason-{key}") or "",
                cleaned.get(f"by-{key}") or "",
            )
            for field, message in errors.items():
                self.add_error(f"{'reason' if field == 'absence_reason' else 'by'}-{key}", message)
        return cleaned

    def entries(self) -> list[dict[str, Any]]:
        return [
            {
                "invitee": invitee,
                "attendance": self.cleaned_data[f"attendance-{invitee.pk}"],
                "absence_reason": self.cleaned_data.get(f"reason-{invitee.pk}") or "",
                "represented_by": self.cleaned_data.get(f"by-{invitee.pk}") or "",
                "expected_version": self.cleaned_data.get(f"version-{invitee.pk}"),
            }
            for invitee in self.invitees
        ]


# --- Files -------------------------------------------------------------------------------------------


class MeetingFileForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=MeetingFileKind.choices,
        initial=MeetingFileKind.PHOTO,
        widget=forms.RadioSelect,
    )
    caption = forms.CharField(label=_("Chú thích hoặc tên tài liệu"), max_length=500)
    # Checked by the service, by the kind chosen above (core/uploads.py).
    file = UploadField(label=_("Tệp"), help_text=_("Ảnh PNG, JPEG; tài liệu PDF, DOCX, XLSX."))


# --- Conclusion notices ------------------------------------------------------------------------------


class ConclusionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ConclusionNotice
        fields = (
            "date",
            "summary",
            "opening",
            "assessment",
            "limitations",
            "closing",
            "signer",
            "signing_prefix",
            "signing_authority",
            "signer_title",
            "recipients",
        )
        widgets = {
            "date": DateInput,
            "opening": forms.Textarea(attrs={"rows": 4}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
            "limitations": forms.Textarea(attrs={"rows": 4}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "date": _("Bỏ trống: lấy ngày ban hành."),
            "assessment": _("Mỗi đoạn một dòng."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = selectors.persons_for(user)
        if self.instance.pk and self.instance.is_issued:
            del self.fields["date"]

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in services.NOTICE_FIELDS if name in self.fields}


class ConclusionUpdateForm(VersionedFormMixin, ConclusionForm):
    pass


class ConclusionIssueForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Bỏ trống: lấy số tiếp theo trong sổ văn bản của ban chỉ đạo."),
    )
    date = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, notice: ConclusionNotice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = notice.version
        if notice.is_issued:
            del self.fields["number"]
            del self.fields["date"]
        else:
            self.fields["date"].initial = notice.date or timezone.localdate()


class KeyTaskForm(BootstrapFormMixin, forms.ModelForm):
    position = forms.IntegerField(
        label=_("Số thứ tự"), required=False, min_value=1, max_value=999, help_text=POSITION_HELP
    )

    class Meta:
        model = KeyTask
        fields = (
            "title",
            "description",
            "lead_unit",
            "coordinating_units",
            "recurring",
            "deadline_wording",
            "deadline",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "coordinating_units": forms.CheckboxSelectMultiple,
            "deadline": DateInput,
        }
        help_texts = {"deadline_wording": WORDING_HELP, "deadline": DUE_DATE_HELP}

    def __init__(self, *args: Any, notice: ConclusionNotice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kept = [self.instance.lead_unit_id]
        if self.instance.pk:
            kept += list(self.instance.coordinating_units.values_list("pk", flat=True))
        units = org_selectors.organisations_active(notice.date or notice.meeting.date, keep=kept)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["coordinating_units"].required = False
        directory_picker(self.fields["lead_unit"])
        directory_picker(self.fields["coordinating_units"])
        if self.instance.pk:
            self.fields["position"].initial = self.instance.position
        self.order_fields(["position", *self.Meta.fields])

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("title", "description", "lead_unit", "recurring", "deadline", "deadline_wording")
        }
        data["coordinating_units"] = list(self.cleaned_data.get("coordinating_units") or [])
        data["position"] = self.cleaned_data.get("position")
        return data


class KeyTaskUpdateForm(VersionedFormMixin, KeyTaskForm):
    pass


# --- News brief --------------------------------------------------------------------------------------


class NewsBriefForm(BootstrapFormMixin, forms.Form):
    TEXT, DOCX = "txt", "docx"

    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Nội dung tin"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Sửa tin trước khi sao chép hoặc tải về; các đoạn cách nhau một dòng trống."),
    )
    export = forms.ChoiceField(choices=[(TEXT, TEXT), (DOCX, DOCX)], required=False, widget=forms.HiddenInput)
