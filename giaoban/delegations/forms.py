"""Forms of the delegation pages: filters, register and edit, workflow, post-trip report, import, statistics.

Forms validate and hand their data to the services; they never save. Unit choices hold only the units
the user may register for (plus the one already set), in Vietnamese order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from giaoban.core import permissions
from giaoban.core.db import vietnamese_order
from giaoban.core.forms import BootstrapFormMixin, PeriodFormMixin, VersionedFormMixin
from giaoban.core.uploads import XLSX, UploadField
from giaoban.core.vietnamese import search_key
from giaoban.org import selectors as org_selectors
from giaoban.org.models import Organisation

from . import countries, selectors, services
from . import localities as locality_data
from .models import Delegation, Direction, Kind, Purpose, ReportedTotal, Status

PERIOD_REVERSED = _("Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ.")


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not through one template per option.

    With a model choice field it reads (pk, `label_field`) pairs instead of building model instances.
    A committee with thousands of units would otherwise spend most of a list page on this one field.
    """

    def __init__(self, *args: Any, label_field: str = "name", **kwargs: Any) -> None:
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def _pairs(self) -> list[tuple[str, Any]]:
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return [(str(key), label) for key, label in self.choices]
        field = self.choices.field
        pairs = [("", field.empty_label)] if field.empty_label is not None else []
        return pairs + [(str(pk), label) for pk, label in queryset.values_list("pk", self.label_field)]

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v not in (None, "")}
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if key in selected else ""}>{escape(label)}</option>'
            for key, label in self._pairs()
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))  # noqa: S308


def _all_option(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class UserFormMixin:
    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


# --- Lists ---------------------------------------------------------------------------------------


class DelegationFilterForm(UserFormMixin, BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    date_from = forms.DateField(label=_("Bắt đầu từ ngày"), required=False, widget=forms.DateInput)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput)
    direction = forms.ChoiceField(label=_("Hướng"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Tất cả đơn vị"),
        widget=QuickSelect,
    )
    country = forms.ChoiceField(label=_("Quốc gia, vùng lãnh thổ"), required=False, widget=QuickSelect)
    purpose = forms.ChoiceField(label=_("Mục đích"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[
            ("-start", _("Mới nhất trước")),
            ("start", _("Cũ nhất trước")),
            ("name", _("Theo tên đoàn")),
            ("unit", _("Theo đơn vị")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = _all_option(_("Cả đoàn ra và đoàn vào")) + list(Direction.choices)
        self.fields["unit"].queryset = selectors.delegation_units(self.user)
        self.fields["country"].choices = _all_option(_("Tất cả")) + countries.country_choices()
        self.fields["purpose"].choices = _all_option(_("Tất cả")) + list(Purpose.choices)
        self.fields["status"].choices = (
            _all_option(_("Tất cả")) + list(Status.choices) + [(selectors.OVERDUE, _("Quá hạn nộp báo cáo"))]
        )

    def filters(self) -> dict[str, Any]:
        """The cleaned values as delegation_list's keyword arguments."""
        data = self.cleaned_data if self.is_valid() else {}
        unit = data.get("unit")
        return {
            "query": data.get("q"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "direction": data.get("direction") or None,
            "unit_id": unit.pk if unit else None,
            "country": data.get("country") or None,
            "purpose": data.get("purpose") or None,
            "status": data.get("status") or None,
            "sort": data.get("sort") or None,
        }


# --- Register and edit ---------------------------------------------------------------------------


COUNTRY_FILTER_LABEL = _("Tìm quốc gia, vùng lãnh thổ (không cần dấu)")


class CountrySelectMultiple(forms.SelectMultiple):
    """Each country carries its name's search key (and its code), for the filter box static
    giaoban/picker.js puts above a long list: "lao", "han quoc", "dai loan" find their country."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-search"] = f"{search_key(str(label))} {str(value).lower()}"
        option["attrs"]["data-filter-label"] = str(COUNTRY_FILTER_LABEL)
        return option


class CountriesField(forms.MultipleChoiceField):
    widget = CountrySelectMultiple(attrs={"size": 8})


class DelegationForm(UserFormMixin, BootstrapFormMixin, PeriodFormMixin, forms.ModelForm):
    countries = CountriesField(
        label=_("Quốc gia, vùng lãnh thổ"),
        help_text=_("Giữ phím Ctrl (Cmd trên máy Mac) để chọn nhiều nơi."),
    )
    purposes = forms.MultipleChoiceField(
        label=_("Mục đích"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    localities = forms.MultipleChoiceField(
        label=_("Địa phương đối tác"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Tỉnh, khu tự trị của nước đối tác (Quảng Tây, Vân Nam, các tỉnh của Lào, Campuchia)."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Đơn vị tham gia"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Các đơn vị, địa phương cùng tham gia đoàn (đoàn của tỉnh, đoàn liên tỉnh)."),
    )

    class Meta:
        model = Delegation
        fields = (
            "direction",
            "name",
            "lead_unit",
            "head_name",
            "head_title",
            "member_count",
            "member_names",
            "countries",
            "partners",
            "purposes",
            "purpose_other",
            "start_date",
            "end_date",
            "funding_source",
            "approval_number",
            "approval_date",
            "approval_issuer",
            "notes",
            "kind",
            "level",
            "category",
            "based_in_viet_nam",
            "localities",
            "participants",
        )
        widgets = {
            "start_date": forms.DateInput,
            "end_date": forms.DateInput,
            "approval_date": forms.DateInput,
            "member_names": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = selectors.units_for_registration(self.user)
        if self.instance.pk:
            units = Organisation.objects.filter(
                Q(pk__in=units.values("pk")) | Q(pk=self.instance.lead_unit_id)
            ).order_by(vietnamese_order("name"), "pk")
        self.fields["lead_unit"].queryset = units
        if units.count() == 1 and not self.instance.pk:
            self.fields["lead_unit"].initial = units.first()
        self.fields["countries"].choices = countries.country_choices(neighbours_first=True)
        self.fields["purpose_other"].help_text = _("Ghi khi chọn mục đích “Khác”.")
        self.fields["localities"].choices = [
            (code, f"{name} ({countries.country_name(country, None)})")
            for code, (name, country) in locality_data.names().items()
        ]
        # The secretariat names any body taking part (other provinces' too); a unit officer, their own.
        participants = Organisation.objects.all() if permissions.is_secretariat(self.user) else units
        if self.instance.pk:
            participants = Organisation.objects.filter(
                Q(pk__in=participants.values("pk")) | Q(pk__in=self.instance.participating_units.values("pk"))
            )
        self.fields["participants"].queryset = participants.order_by(vietnamese_order("name"), "pk")
        self.fields["kind"].required = False
        if self.instance.pk:
            self.initial.setdefault("countries", self.instance.country_code_list)
            self.initial.setdefault("purposes", self.instance.purpose_list)
            self.initial.setdefault("localities", self.instance.locality_code_list)
            self.initial.setdefault("participants", list(self.instance.participating_units.all()))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["kind"] = cleaned.get("kind") or Kind.VISIT
        if Purpose.OTHER in (cleaned.get("purposes") or []) and not cleaned.get("purpose_other"):
            self.add_error("purpose_other", services.OTHER_PURPOSE_TEXT)
        return cleaned

    def _post_clean(self) -> None:
        # The model's invariants (lists, unit rights) are checked by the service, not by the ModelForm,
        # whose instance lacks the lists.
        pass

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return data


class DelegationCreateForm(DelegationForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=Status.choices,
        initial=Status.PLANNED,
        help_text=_("Đoàn đã đi và về: chọn “Đã kết thúc”, rồi nhập báo cáo kết quả."),
    )
    historical = forms.BooleanField(
        label=_("Đoàn đã qua, nhập bổ sung"),
        required=False,
        help_text=_("Ghi trạng thái, báo cáo như đã có; không tính quá hạn báo cáo."),
    )
    report_text = forms.CharField(
        label=_("Báo cáo kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    report_date = forms.DateField(label=_("Ngày nộp báo cáo"), required=False, widget=forms.DateInput)
    cancel_reason = forms.CharField(label=_("Lý do hủy"), required=False)

    def service_data(self) -> dict[str, Any]:
        extra = ("status", "historical", "report_text", "report_date", "cancel_reason")
        return {**super().service_data(), **{name: self.cleaned_data[name] for name in extra}}


class DelegationUpdateForm(VersionedFormMixin, DelegationForm):
    pass


class ReportedTotalForm(UserFormMixin, BootstrapFormMixin, PeriodFormMixin, forms.ModelForm):
    """Delegations a unit reports as a number for a period ("293 đoàn khách du lịch")."""

    countries = CountriesField(label=_("Quốc gia, vùng lãnh thổ"), required=False)

    class Meta:
        model = ReportedTotal
        fields = (*services.REPORTED_TOTAL_FIELDS, "countries")
        widgets = {
            "date_from": forms.DateInput,
            "date_to": forms.DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = selectors.units_for_registration(self.user)
        self.fields["unit"].queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
        self.fields["countries"].choices = countries.country_choices(neighbours_first=True)

    def _post_clean(self) -> None:
        # The service checks the unit and the places.
        pass

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TransitionForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Chuyển sang"))
    reason = forms.CharField(
        label=_("Lý do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi hủy đoàn."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, delegation: Delegation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Status(status).label) for status in services.allowed_transitions(delegation.status)
        ]
        self.fields["version"].initial = delegation.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == Status.CANCELLED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", services.CANCEL_REASON_REQUIRED)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReportForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Nội dung báo cáo kết quả"), widget=forms.Textarea(attrs={"rows": 8}))
    report_date = forms.DateField(label=_("Ngày nộp báo cáo"), required=False, widget=forms.DateInput)
    files = MultipleFileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Báo cáo có chữ ký, ảnh, biên bản… (chọn được nhiều tệp)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, delegation: Delegation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = delegation.version
        self.fields["text"].initial = delegation.report_text
        self.fields["report_date"].initial = delegation.report_date or timezone.localdate()


# --- Import and statistics -----------------------------------------------------------------------


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    # Checked by the service (delegation_import_stage), which keeps the uploader's name for the history.
    file = UploadField(label=_("Tệp Excel (.xlsx)"), allowed=(XLSX,))


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """This calendar year so far: 1/1 to today."""
    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), today


class StatsFilterForm(UserFormMixin, BootstrapFormMixin, forms.Form):
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput)
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=Organisation.objects.none(), empty_label=_("Tất cả")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = org_selectors.committee_list(user=self.user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", PERIOD_REVERSED)
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        default_from, default_to = default_period()
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("date_from") or default_from, data.get("date_to") or default_to
