"""Forms of the committee report pages. They validate input and hand it to the services; they never save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.db import vietnamese_order
from giaoban.core.forms import BootstrapFormMixin, VersionedFormMixin
from giaoban.core.models import Letterhead
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Committee

from . import selectors
from .models import CommitteeReport, ReportingPeriod, ReportRequest, ReportState
from .permissions import committee_ids

REQUEST_OF_ANOTHER_PERIOD = _("Đề nghị báo cáo này thuộc kỳ khác; hãy chọn đề nghị của kỳ đã chọn.")
SECTIONS_EMPTY = _("Báo cáo cần ít nhất một đề mục có nội dung.")
HEADER_FIELDS = (
    "summary",
    "date",
    "signer",
    "signing_prefix",
    "signing_authority",
    "signer_title",
    "recipients",
    "letterhead",
)
# One empty pair of fields at the end of the edit form: a section the secretariat adds.
EXTRA_SECTIONS = 1


def _committees(user: Any):
    return Committee.objects.filter(pk__in=committee_ids(user)).order_by(vietnamese_order("name"), "pk")


class ReportFilterForm(BootstrapFormMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=Committee.objects.none(), empty_label=_("Tất cả")
    )
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *ReportState.choices]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = _committees(user)
        years = selectors.periods_visible_to(user).order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("Tất cả"))] + [(year, str(year)) for year in years]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        committee = data.get("committee")
        return {
            "committee": committee.pk if committee else None,
            "year": data.get("year"),
            "state": data.get("state") or None,
        }


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, period: ReportingPeriod) -> str:
        return f"{period.committee.short_name} — {period.name} ({period.start_date:%d/%m/%Y}–{period.end_date:%d/%m/%Y})"


class RequestChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, request: ReportRequest) -> str:
        return f"{request.title} — {request.period.name}"


class ReportCreateForm(BootstrapFormMixin, forms.Form):
    period = PeriodChoiceField(label=_("Kỳ báo cáo"), queryset=ReportingPeriod.objects.none())
    request = RequestChoiceField(
        label=_("Đề nghị báo cáo"),
        required=False,
        queryset=ReportRequest.objects.none(),
        empty_label=_("(Không: chỉ dùng số liệu của hệ thống)"),
        help_text=_("Báo cáo được tổng hợp từ các báo cáo đã tiếp nhận của đơn vị theo đề nghị này."),
    )
    summary = forms.CharField(
        label=_("Trích yếu"),
        required=False,
        max_length=500,
        help_text=_("Bỏ trống: “Báo cáo” và tên kỳ, ví dụ “Báo cáo 6 tháng đầu năm 2017”."),
    )
    letterhead = forms.ChoiceField(
        label=CommitteeReport._meta.get_field("letterhead").verbose_name,
        choices=Letterhead.choices,
        required=False,
        initial=Letterhead.COMMITTEE,
        help_text=CommitteeReport._meta.get_field("letterhead").help_text,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The secretariat drafts reports of its own committees only.
        managed = committee_ids(user)
        self.fields["period"].queryset = (
            selectors.periods_visible_to(user)
            .filter(committee__in=managed)
            .select_related("committee")
            .order_by("-end_date", "-start_date", "pk")
        )
        self.fields["request"].queryset = (
            selectors.requests_visible_to(user)
            .filter(withdrawn_at__isnull=True)
            .filter(committee__in=managed)
            .select_related("period")
            .order_by("-deadline", "-pk")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        period, request = cleaned.get("period"), cleaned.get("request")
        if period is not None and request is not None and request.period_id != period.pk:
            self.add_error("request", REQUEST_OF_ANOTHER_PERIOD)
        return cleaned


class ReportUpdateForm(VersionedFormMixin, BootstrapFormMixin, forms.ModelForm):
    """The header fields, then a heading and a text per section of the current version (plus an empty
    pair to add one), then a note saved with the new version. A section left without heading and text
    is dropped."""

    note = forms.CharField(
        label=_("Ghi chú cho phiên bản"),
        required=False,
        max_length=300,
        help_text=_("Ví dụ “Sửa theo ý kiến của Phó Trưởng Ban”."),
    )

    class Meta:
        model = CommitteeReport
        fields = HEADER_FIELDS
        widgets = {
            "date": forms.DateInput,
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"date": _("Bỏ trống: lấy ngày duyệt.")}

    def __init__(self, *args: Any, user: Any, sections: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = org_selectors.persons_visible_to(user).order_by(
            vietnamese_order("full_name"), "pk"
        )
        self.section_count = len(sections) + EXTRA_SECTIONS
        for index in range(self.section_count):
            current = sections[index] if index < len(sections) else {}
            self.fields[f"heading_{index}"] = forms.CharField(
                label=_("Đề mục %(n)s") % {"n": index + 1},
                required=False,
                max_length=300,
                initial=current.get("heading", ""),
            )
            self.fields[f"text_{index}"] = forms.CharField(
                label=_("Nội dung đề mục %(n)s") % {"n": index + 1},
                required=False,
                widget=forms.Textarea(attrs={"rows": 10}),
                initial=current.get("text", ""),
                strip=False,
            )
            for name in (f"heading_{index}", f"text_{index}"):
                self.fields[name].widget.attrs.setdefault("class", "form-control")
        # The note comes after the sections.
        self.order_fields([*HEADER_FIELDS, "version", *self.section_field_names(), "note"])

    def _post_clean(self) -> None:
        # The service validates and saves; the copy the form holds is never written.
        pass

    def section_field_names(self) -> list[str]:
        return [name for index in range(self.section_count) for name in (f"heading_{index}", f"text_{index}")]

    def section_fields(self) -> list[tuple[Any, Any]]:
        """(heading, text) bound fields, one pair per section, for the template."""
        return [(self[f"heading_{index}"], self[f"text_{index}"]) for index in range(self.section_count)]

    def header_fields(self) -> list[Any]:
        return [self[name] for name in HEADER_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.sections():
            raise ValidationError(SECTIONS_EMPTY, code="sections")
        return cleaned

    def sections(self) -> list[dict[str, str]]:
        data = getattr(self, "cleaned_data", {})
        result = []
        for index in range(self.section_count):
            heading = (data.get(f"heading_{index}") or "").strip()
            text = (data.get(f"text_{index}") or "").replace("\r\n", "\n").strip()
            if heading or text:
                result.append({"heading": heading, "text": text})
        return result

    def header(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in HEADER_FIELDS}


class ReportApproveForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Ngày báo cáo"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Bỏ trống: lấy ngày hôm nay."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, user: Any, report: CommitteeReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = report.version
        self.fields["date"].initial = report.date or timezone.localdate()


class ReportReturnForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến của lãnh đạo"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Cơ quan thường trực sửa báo cáo theo ý kiến này rồi trình lại."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, user: Any, report: CommitteeReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = report.version


class ReportResubmitForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Ghi chú khi trình lại"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ “Đã bổ sung số liệu của huyện Cao Lộc theo ý kiến của lãnh đạo”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, user: Any, report: CommitteeReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = report.version


class ReportReopenForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, report: CommitteeReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ReportRebuildForm(forms.Form):
    """A POST with nothing but the CSRF token: the confirmation."""

    def __init__(self, *args: Any, user: Any, report: CommitteeReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
