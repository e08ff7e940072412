"""Forms of the reporting pages. They validate input and hand it to the services; they never save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from giaoban.core.db import vietnamese_order
from giaoban.core.forms import BootstrapFormMixin, CheckboxSelectAll, PeriodFormMixin, VersionedFormMixin
from giaoban.core.uploads import UploadField
from giaoban.org.models import Committee, Organisation

from . import selectors
from .indicators import COMPUTED, SOURCE_CHOICES
from .models import Indicator, ReportingPeriod, ReportTemplate, SectionFigures, Submission, ValueType
from .periods import PERIODIC_KINDS, ROMAN, PeriodKind
from .permissions import committee_ids
from .services import (
    QUARTER_REQUIRED,
    REQUIRED,
    RETURN_COMMENT_REQUIRED,
    UNITS_REQUIRED,
    WITHDRAW_REASON_REQUIRED,
)

INTEGER_REQUIRED = _("Chỉ tiêu này là số nguyên.")


class UserForm(BootstrapFormMixin, forms.Form):
    """A form the pages build with the user (ManageFormView passes it), which it does not need."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


def managed_committees(user: Any):
    """Committees whose reporting the user keeps (the secretariat's own)."""
    return Committee.objects.filter(pk__in=committee_ids(user)).order_by(vietnamese_order("name"), "pk")


# --- Lists -------------------------------------------------------------------------------------------


class CommitteeFilterForm(BootstrapFormMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=Committee.objects.none(), empty_label=_("Tất cả")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = managed_committees(user)


class PeriodFilterForm(CommitteeFilterForm):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1990, max_value=2100)


class RequestFilterForm(CommitteeFilterForm):
    waiting = forms.ChoiceField(
        label=_("Báo cáo của đơn vị"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("open", _("Chưa gửi")),
            ("missing", _("Chưa gửi, đã quá hạn")),
            ("submitted", _("Chờ tiếp nhận")),
            ("returned", _("Bị trả lại")),
        ],
    )


# --- Periods -----------------------------------------------------------------------------------------


class PeriodForm(BootstrapFormMixin, PeriodFormMixin, forms.Form):
    """A new period: periodic kinds by year (and quarter), their dates by the committee's convention;
    thematic and ad hoc ones by name and dates."""

    committee = forms.ModelChoiceField(label=_("Ban chỉ đạo"), queryset=Committee.objects.none())
    kind = forms.ChoiceField(label=_("Loại kỳ báo cáo"), choices=PeriodKind.choices)
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Với kỳ quý, 6 tháng, 9 tháng, năm."),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quý"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(str(n), roman) for n, roman in ROMAN.items()],
        help_text=_("Chỉ với kỳ báo cáo quý."),
    )
    name = forms.CharField(
        label=_("Tên kỳ báo cáo"),
        required=False,
        max_length=200,
        help_text=_(
            "Kỳ định kỳ tự đặt tên (ví dụ “6 tháng đầu năm 2017”); kỳ chuyên đề, đột xuất phải nhập."
        ),
    )
    start_date = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Chỉ với kỳ chuyên đề, đột xuất."),
    )
    end_date = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput)
    submission_deadline = forms.DateField(
        label=_("Hạn gửi báo cáo"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Bỏ trống: tính theo quy định (số ngày làm việc sau ngày cuối kỳ)."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committees = managed_committees(user)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = None
        self.conventions = {c.pk: c.get_reporting_convention_display() for c in committees}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind not in PERIODIC_KINDS:
            cleaned["quarter"] = cleaned["year"] = None
            for name in ("name", "start_date", "end_date"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, REQUIRED)
        elif kind:
            if not cleaned.get("year") and "year" not in self.errors:
                self.add_error("year", REQUIRED)
            if kind == PeriodKind.QUARTER and not cleaned.get("quarter"):
                self.add_error("quarter", QUARTER_REQUIRED)
            if kind != PeriodKind.QUARTER:
                cleaned["quarter"] = None
            # The convention names and dates a periodic period.
            cleaned["name"] = ""
            cleaned["start_date"] = cleaned["end_date"] = None
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "committee": data["committee"],
            "kind": data["kind"],
            "year": data["year"],
            "quarter": data.get("quarter"),
            "name": data.get("name") or "",
            "start_date": data.get("start_date"),
            "end_date": data.get("end_date"),
            "submission_deadline": data.get("submission_deadline"),
        }


class PeriodUpdateForm(BootstrapFormMixin, VersionedFormMixin, PeriodFormMixin, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ("name", "start_date", "end_date", "submission_deadline")
        widgets = {
            "start_date": forms.DateInput,
            "end_date": forms.DateInput,
            "submission_deadline": forms.DateInput,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind in PERIODIC_KINDS:
            # A periodic period's name and window are its convention's; only the deadline changes.
            for name in ("name", "start_date", "end_date"):
                del self.fields[name]

    def _post_clean(self) -> None:
        """Validation is the service's (it reports the rules on their fields)."""

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name in self.fields}


# --- Templates ("đề cương") --------------------------------------------------------------------------


class SectionRowForm(BootstrapFormMixin, forms.Form):
    heading = forms.CharField(label=_("Đề mục"), max_length=300)
    guidance = forms.CharField(
        label=_("Gợi ý nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    figures = forms.ChoiceField(
        label=_("Số liệu của hệ thống"), required=False, choices=SectionFigures.choices
    )
    required = forms.BooleanField(label=_("Bắt buộc"), required=False, initial=True)

    def has_changed(self) -> bool:
        # A blank extra row whose "Bắt buộc" box was merely unticked is still blank.
        return any(name != "required" for name in self.changed_data)


class IndicatorRowForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Chỉ tiêu"), max_length=300, required=False)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    value_type = forms.ChoiceField(label=_("Kiểu số"), choices=ValueType.choices, initial=ValueType.INTEGER)
    source = forms.ChoiceField(label=_("Nguồn số liệu"), required=False, choices=SOURCE_CHOICES)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        computed = COMPUTED.get(cleaned.get("source") or "")
        if computed is not None:
            # A computed figure takes the system's name and unit unless the secretariat wrote its own.
            cleaned["name"] = cleaned.get("name") or str(computed.label)
            cleaned["unit_of_measure"] = cleaned.get("unit_of_measure") or computed.unit_of_measure
        else:
            if not cleaned.get("name"):
                self.add_error("name", REQUIRED)
            if not cleaned.get("unit_of_measure"):
                self.add_error("unit_of_measure", REQUIRED)
        return cleaned


SectionFormSet = forms.formset_factory(SectionRowForm, extra=2, can_order=True, can_delete=True)
IndicatorFormSet = forms.formset_factory(IndicatorRowForm, extra=2, can_order=True, can_delete=True)


def _ordered(
    formset: forms.BaseFormSet, fields: tuple[str, ...], flags: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The rows kept, in the order asked (rows left without a number keep their place at the end)."""
    return [
        {
            **{name: form.cleaned_data.get(name) or "" for name in fields},
            **{name: bool(form.cleaned_data.get(name)) for name in flags},
        }
        for form in formset.ordered_forms
    ]


class TemplateForm(BootstrapFormMixin, forms.Form):
    """The outline: name, guidance and two repeated-row lists, sections and indicators."""

    committee = forms.ModelChoiceField(label=_("Ban chỉ đạo"), queryset=Committee.objects.none())
    name = forms.CharField(label=_("Tên đề cương"), max_length=300)
    description = forms.CharField(
        label=_("Hướng dẫn chung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, instance: ReportTemplate | None = None, **kwargs: Any) -> None:
        self.instance = instance
        sections: list[dict[str, Any]] = []
        indicators: list[dict[str, Any]] = []
        if instance is not None:
            kwargs.setdefault("initial", {"name": instance.name, "description": instance.description})
            sections = [
                {
                    "heading": s.heading,
                    "guidance": s.guidance,
                    "figures": s.figures,
                    "required": s.required,
                    "ORDER": n,
                }
                for n, s in enumerate(selectors.section_list(template=instance), start=1)
            ]
            indicators = [
                {
                    "name": i.name,
                    "unit_of_measure": i.unit_of_measure,
                    "value_type": i.value_type,
                    "source": i.source,
                    "ORDER": n,
                }
                for n, i in enumerate(selectors.indicator_list(template=instance), start=1)
            ]
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["committee"]
        else:
            self.fields["committee"].queryset = managed_committees(user)
            self.fields["committee"].empty_label = None
        data = self.data if self.is_bound else None
        self.sections = SectionFormSet(data, initial=sections or None, prefix="sections")
        self.indicators = IndicatorFormSet(data, initial=indicators or None, prefix="indicators")

    def is_valid(self) -> bool:
        results = [super().is_valid(), self.sections.is_valid(), self.indicators.is_valid()]
        return all(results)

    def service_data(self) -> dict[str, Any]:
        data = {
            "name": self.cleaned_data["name"],
            "description": self.cleaned_data.get("description") or "",
            "sections": _ordered(self.sections, ("heading", "guidance", "figures"), ("required",)),
            "indicators": _ordered(self.indicators, ("name", "unit_of_measure", "value_type", "source")),
        }
        if "committee" in self.fields:
            data["committee"] = self.cleaned_data["committee"]
        return data


class TemplateUpdateForm(VersionedFormMixin, TemplateForm):
    pass


# --- Requests ----------------------------------------------------------------------------------------


class RequestPeriodForm(BootstrapFormMixin, forms.Form):
    """The first step of a new request: which period (its committee gives the outlines and units)."""

    period = forms.ModelChoiceField(label=_("Kỳ báo cáo"), queryset=ReportingPeriod.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = selectors.period_list(user=user).filter(
            committee__in=managed_committees(user)
        )
        self.fields["period"].empty_label = None


class RequestForm(BootstrapFormMixin, forms.Form):
    period = forms.ModelChoiceField(queryset=ReportingPeriod.objects.none(), widget=forms.HiddenInput)
    template = forms.ModelChoiceField(label=_("Đề cương"), queryset=ReportTemplate.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được đề nghị báo cáo"),
        queryset=Organisation.objects.none(),
        widget=CheckboxSelectAll,
        error_messages={"required": UNITS_REQUIRED},
    )
    deadline = forms.DateField(label=_("Hạn gửi"), widget=forms.DateInput)
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    message = forms.CharField(
        label=_("Nội dung đề nghị"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, user: Any, period: ReportingPeriod, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committee = period.committee
        self.fields["period"].queryset = ReportingPeriod.objects.filter(pk=period.pk)
        self.fields["template"].queryset = selectors.template_list(user=user, committee=committee.pk)
        self.fields["template"].empty_label = None
        members = committee.member_units.all()
        units = Organisation.objects.filter(
            Q(pk__in=members.values("pk")) | Q(pk=committee.standing_agency_id)
        ).order_by(vietnamese_order("name"), "pk")
        self.fields["units"].queryset = units
        if not self.is_bound:
            latest = selectors.newest_template(committee=committee)
            self.initial.update(
                period=period.pk,
                template=latest.pk if latest else None,
                units=list(members.values_list("pk", flat=True)),
                deadline=period.submission_deadline,
                title=_("Báo cáo %(period)s") % {"period": period.name},
            )


# --- Submissions -------------------------------------------------------------------------------------


class ValueField(forms.DecimalField):
    """An indicator's number: at most two decimals, none for an integer indicator; "12.00" (how a stored
    integer comes back) is taken as 12."""

    def __init__(self, *, integer: bool, **kwargs: Any) -> None:
        self.integer = integer
        super().__init__(min_value=0, max_digits=14, decimal_places=0 if integer else 2, **kwargs)
        if integer:
            self.error_messages["max_decimal_places"] = INTEGER_REQUIRED
        self.widget.attrs.update(step="1" if integer else "0.01", inputmode="decimal")

    def to_python(self, value: Any) -> Decimal | None:
        number = super().to_python(value)
        if number is not None and number.is_finite() and number == number.to_integral_value():
            return number.quantize(Decimal(1))
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal) and value.is_finite():
            if value == value.to_integral_value():
                return value.quantize(Decimal(1))
            return value.normalize()
        return value


def _indicator_field(indicator: Indicator, value: Any) -> ValueField:
    return ValueField(
        integer=indicator.value_type == ValueType.INTEGER,
        label=indicator.name,
        required=False,
        initial=value,
        help_text=indicator.unit_of_measure,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class SubmissionForm(BootstrapFormMixin, forms.Form):
    """A textarea per section of the outline, a number per indicator the unit enters, and the version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm_empty = forms.BooleanField(
        label=_("Vẫn gửi: đơn vị không có nội dung cho các đề mục bắt buộc còn để trống"), required=False
    )

    def __init__(
        self,
        *args: Any,
        submission: Submission,
        sections: list,
        indicators: list[Indicator],
        texts: dict[int, str],
        values: dict[int, Any],
        **kwargs: Any,
    ) -> None:
        self.sections = sections
        self.entered = [indicator for indicator in indicators if not indicator.is_computed]
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = submission.version
        for section in sections:
            self.fields[f"section-{section.pk}"] = forms.CharField(
                label=section.heading,
                # Checked on sending, by the service, which names every empty one; not by the browser.
                required=False,
                initial=texts.get(section.pk, ""),
                help_text=section.guidance,
                widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
            )
        for indicator in self.entered:
            self.fields[f"indicator-{indicator.pk}"] = _indicator_field(indicator, values.get(indicator.pk))

    def section_fields(self) -> list[tuple[Any, Any]]:
        return [(section, self[f"section-{section.pk}"]) for section in self.sections]

    def indicator_fields(self) -> list[tuple[Indicator, Any]]:
        return [(indicator, self[f"indicator-{indicator.pk}"]) for indicator in self.entered]

    def texts(self) -> dict[int, str]:
        return {section.pk: self.cleaned_data.get(f"section-{section.pk}") or "" for section in self.sections}

    def values(self) -> dict[int, Decimal | None]:
        return {
            indicator.pk: self.cleaned_data.get(f"indicator-{indicator.pk}") for indicator in self.entered
        }


class WithdrawForm(VersionedFormMixin, UserForm):
    reason = forms.CharField(
        label=_("Lý do rút"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": WITHDRAW_REASON_REQUIRED},
        help_text=_("Các đơn vị thấy lý do này trên trang đề nghị báo cáo."),
    )

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        self.instance = instance
        super().__init__(*args, **kwargs)


class ReturnForm(UserForm):
    comment = forms.CharField(
        label=_("Ý kiến trả lại"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": RETURN_COMMENT_REQUIRED},
        help_text=_("Đơn vị sẽ thấy ý kiến này cùng báo cáo bị trả lại."),
    )

    def clean_comment(self) -> str:
        comment = (self.cleaned_data.get("comment") or "").strip()
        if not comment:
            raise ValidationError(RETURN_COMMENT_REQUIRED, code="required")
        return comment


class SubmissionFileForm(UserForm):
    """The file is checked by the service (type by content, size, a safe name), which keeps its name."""

    file = UploadField(
        label=_("Tệp"), help_text=_("Tài liệu PDF, DOCX, XLSX hoặc ảnh PNG, JPEG kèm báo cáo.")
    )


class ConfirmForm(UserForm):
    """A POST with nothing but the CSRF token: the confirmation of a deletion."""
