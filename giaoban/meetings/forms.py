"""Forms of the meeting pages. They validate input and hand it to the services; they never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.forms import BootstrapFormMixin, CheckboxSelectAll, VersionedFormMixin
from giaoban.core.models import Letterhead
from giaoban.core.uploads import DOCX, UploadField
from giaoban.org import selectors as org_selectors
from giaoban.org.forms import directory_picker
from giaoban.org.models import Committee, Organisation, Person
from giaoban.tasks.forms import DUE_DATE_HELP, WORDING_HELP

from . import drafting, follow_up, selectors, services
from .models import (
    AgendaItem,
    Attendance,
    ConclusionNotice,
    Confirmation,
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
        fields = ("minutes_taker", "minutes", "minutes_conclusion")
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 10}),
            "minutes_conclusion": forms.Textarea(attrs={"rows": 8}),
        }

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
        fields = ("title", "presenter", "presenter_unit", "duration_minutes", "record")
        widgets = {"record": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, user: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = selectors.persons_for(user)
        self.fields["presenter_unit"].queryset = org_selectors.organisations_active(
            meeting.date, keep=[self.instance.presenter_unit_id]
        )
        if self.instance.pk:
            self.fields["position"].initial = self.instance.position
        self.order_fields(["position", "title", "presenter", "presenter_unit", "duration_minutes", "record"])

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
        widget=CheckboxSelectAll,
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


class ConfirmationForm(BootstrapFormMixin, forms.Form):
    """An invited unit's answer: who will attend, a substitute, or why it cannot. The name can be picked
    from the unit's people (a datalist; confirmation.js fills the title) or typed."""

    answer = forms.ChoiceField(
        label=_("Trả lời"), choices=Confirmation.choices[1:], widget=forms.RadioSelect, required=False
    )
    name = forms.CharField(
        label=_("Họ và tên người dự họp"),
        required=False,
        max_length=255,
        help_text=_("Chọn người của đơn vị hoặc gõ tên."),
        widget=forms.TextInput(attrs={"list": "unit-people", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Chức vụ"), required=False, max_length=255)
    reason = forms.CharField(label=_("Lý do không dự được"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, invitee: Invitee, **kwargs: Any) -> None:
        kwargs["initial"] = {
            **(kwargs.get("initial") or {}),
            "answer": invitee.confirmation,
            "name": invitee.confirmed_name,
            "title": invitee.confirmed_title,
            "reason": invitee.confirmation_reason,
            "version": invitee.version,
        }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        errors = services.confirmation_errors(
            cleaned.get("answer") or "",
            (cleaned.get("name") or "").strip(),
            (cleaned.get("title") or "").strip(),
            (cleaned.get("reason") or "").strip(),
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


class AttendanceForm(BootstrapFormMixin, forms.Form):
    """The attendance sheet: one row per invitee (attendance, reason, who came, the row's version)."""

    def __init__(self, *args: Any, invitees: list[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        for invitee in invitees:
            key = invitee.pk
            # Until the day is recorded, the sheet starts from the unit's answer.
            attendance, reason, by = invitee.expected_attendance()
            self.fields[f"attendance-{key}"] = forms.ChoiceField(
                label=_("Tham dự"), choices=Attendance.choices, initial=attendance
            )
            self.fields[f"reason-{key}"] = forms.CharField(
                label=_("Lý do vắng"), required=False, max_length=500, initial=reason
            )
            self.fields[f"by-{key}"] = forms.CharField(
                label=_("Người dự họp"), required=False, max_length=255, initial=by
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
            "letterhead",
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
        self.fields["letterhead"].required = False  # the committee's own unless chosen
        if self.instance.pk and self.instance.is_issued:
            del self.fields["date"]

    def clean_letterhead(self) -> str:
        return self.cleaned_data.get("letterhead") or Letterhead.COMMITTEE

    def _post_clean(self) -> None:
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in services.NOTICE_FIELDS if name in self.fields}


class ConclusionUpdateForm(VersionedFormMixin, ConclusionForm):
    pass


class DocumentNumberForm(BootstrapFormMixin, forms.Form):
    """A number of the committee's series (blank: the next one) and the document's date: the invitation
    and the minutes; the notice's issue form adds its version."""

    number = forms.IntegerField(
        label=_("Số văn bản"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Bỏ trống: lấy số tiếp theo trong sổ văn bản của ban chỉ đạo."),
    )
    date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any = None, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if current is not None:
            self.fields["number"].initial = current.number
            self.fields["date"].initial = current.date


class ConclusionIssueForm(DocumentNumberForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, notice: ConclusionNotice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Ngày ban hành")
        self.fields["version"].initial = notice.version
        if notice.is_issued:
            del self.fields["number"]
            del self.fields["date"]
        else:
            self.fields["date"].initial = notice.date or timezone.localdate()


class ConclusionSignOffForm(BootstrapFormMixin, forms.Form):
    """The leader's agreement: the version read, nothing else."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, notice: ConclusionNotice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = notice.version


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


# --- Follow-up ---------------------------------------------------------------------------------------


class FollowUpForm(BootstrapFormMixin, forms.Form):
    """The date a notice's follow-up is taken as of (default today), checked against the notice's date."""

    on = forms.DateField(label=_("Tình hình đến ngày"), required=False, widget=DateInput)

    def __init__(self, *args: Any, notice: ConclusionNotice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notice = notice

    def clean_on(self):
        on = self.cleaned_data.get("on") or timezone.localdate()
        try:
            follow_up.follow_up_check_date(self.notice, on)
        except ValidationError as error:
            raise ValidationError(error.message_dict["on"]) from error
        return on


# --- Key tasks from a text ---------------------------------------------------------------------------

PROPOSE_NOTHING = _("Dán phần kết luận, hoặc chọn tệp Word (.docx) của thông báo hay phụ lục.")
PROPOSE_NONE_CHOSEN = _("Chọn ít nhất một nhiệm vụ để thêm.")
FIELD_REQUIRED = _("Trường này là bắt buộc.")


class ProposeForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Phần kết luận"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Dán nguyên văn: mỗi nhiệm vụ một dòng, đánh số “1.”, “a)”, “-”, “+”."),
    )
    file = UploadField(
        label=_("Hoặc tệp Word (.docx)"),
        required=False,
        allowed=(DOCX,),
        help_text=_(
            "Thông báo kết luận, hoặc phụ lục có bảng nhiệm vụ (nội dung, cơ quan chủ trì, phối hợp, thời hạn)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise ValidationError(PROPOSE_NOTHING)
        return data


class ProposalForm(BootstrapFormMixin, forms.Form):
    """One proposed key task, as the secretariat corrects it before it is added."""

    include = forms.BooleanField(label=_("Thêm"), required=False, initial=True)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Nguyên văn"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Organisation.objects.none(), required=False
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Organisation.objects.none(), required=False
    )
    deadline_wording = forms.CharField(label=_("Thời hạn theo văn bản"), max_length=300, required=False)
    deadline = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput)
    recurring = forms.BooleanField(label=_("Thường xuyên"), required=False)
    flags = forms.CharField(required=False, widget=forms.HiddenInput, max_length=5000)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["coordinating_units"].widget.attrs["size"] = 4

    @property
    def flag_list(self) -> list[str]:
        value = self["flags"].value() or ""
        return [line for line in value.splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("include"):
            for name in ("title", "lead_unit"):
                if not data.get(name):
                    self.add_error(name, FIELD_REQUIRED)
        return data

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name) for name in ("title", "description", "lead_unit", "recurring")
        }
        lead = data["lead_unit"]
        data["coordinating_units"] = [
            u for u in self.cleaned_data.get("coordinating_units") or [] if u != lead
        ]
        data["deadline_wording"] = self.cleaned_data.get("deadline_wording") or ""
        data["deadline"] = self.cleaned_data.get("deadline")
        return data


class BaseProposalFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if not any(form.cleaned_data.get("include") for form in self.forms if hasattr(form, "cleaned_data")):
            raise ValidationError(PROPOSE_NONE_CHOSEN)


ProposalFormSet = forms.formset_factory(ProposalForm, formset=BaseProposalFormSet, extra=0, max_num=200)


def proposal_initial(proposal: Any, allowed: set[int]) -> dict[str, Any]:
    """A proposal (tasks.proposals) as the initial values of its form: only units of the committee."""

    def unit(mention: Any) -> Organisation | None:
        organisation = mention.organisation if mention else None
        return organisation if organisation is not None and organisation.pk in allowed else None

    coordinating = [unit(mention) for mention in proposal.coordinating]
    return {
        "include": True,
        "title": proposal.title,
        "description": proposal.text,
        "lead_unit": unit(proposal.lead),
        "coordinating_units": [organisation for organisation in coordinating if organisation is not None],
        "deadline_wording": "" if proposal.recurring else proposal.deadline_wording,
        "deadline": proposal.deadline,
        "recurring": proposal.recurring,
        "flags": "\n".join(proposal.flags),
    }
