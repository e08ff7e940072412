"""Form helpers every app's pages share: Bootstrap styling, date inputs, record versions, periods."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from .validators import LabelledValidator, check_date, check_text

PERIOD_END_BEFORE_START = _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
DATE_INVALID = _("Ngày không hợp lệ: viết theo dạng ngày/tháng/năm, ví dụ 26/07/2017.")
DATE_DISPLAY_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class CheckboxSelectAll(forms.CheckboxSelectMultiple):
    """A long list of checkboxes with "Chọn tất cả / Bỏ chọn tất cả" above it (giaoban/check_all.js)."""

    template_name = "core/widgets/checkbox_select_all.html"


_CHECK_WIDGETS = (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)
_SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, messages in error.error_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error)


def _add_class(attrs: dict[str, Any], css_class: str) -> None:
    classes = attrs.get("class", "").split()
    if css_class not in classes:
        classes.append(css_class)
    attrs["class"] = " ".join(classes)


class BootstrapBoundField(BoundField):
    """Marks a field with errors `is-invalid`, beside the aria-invalid Django already sets."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors and not widget.is_hidden:
            attrs.setdefault("class", widget.attrs.get("class", ""))
            _add_class(attrs, "is-invalid")
        return attrs


class BootstrapFormMixin:
    """Gives every widget its Bootstrap 5 class and makes date fields dd/mm/yyyy with a calendar.

    Dates are bounded to 1945–2100 and text may not hold NUL (core.validators), checked field by
    field before the form's own clean() does arithmetic on them.
    """

    bound_field_class = BootstrapBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            label = field.label or name
            if isinstance(field, forms.DateField):
                field.validators.append(LabelledValidator(check_date, label))
            elif isinstance(field, forms.CharField):
                # Django's own NUL check, with a message naming the field.
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [LabelledValidator(check_text, label)]
            widget = field.widget
            if widget.is_hidden:
                continue
            if isinstance(widget, _CHECK_WIDGETS):
                _add_class(widget.attrs, "form-check-input")
            elif isinstance(widget, _SELECT_WIDGETS):
                _add_class(widget.attrs, "form-select")
            else:
                _add_class(widget.attrs, "form-control")
            if isinstance(widget, forms.DateInput):
                # A browser's <input type="date"> shows the operating system's order (mm/dd/yyyy on an
                # English Windows): a text field written and read dd/mm/yyyy instead, with the calendar of
                # giaoban/dates.js; ISO dates (an API habit, a pasted value) are read too.
                widget.input_type = "text"
                widget.format = DATE_DISPLAY_FORMAT
                widget.attrs.update(
                    {
                        "placeholder": "dd/mm/yyyy",
                        "autocomplete": "off",
                        "maxlength": "10",
                        "data-datepicker": "",
                    }
                )
                if isinstance(field, forms.DateField):
                    field.input_formats = DATE_INPUT_FORMATS
                    field.error_messages["invalid"] = DATE_INVALID


class VersionedFormMixin:
    """Carries the version of the record being edited; the page passes it on as `expected_version`.

    A stale version makes the update service raise EditConflict, so a second editor cannot silently
    overwrite the first.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.fields["version"] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput,
            min_value=1,
            initial=getattr(instance, "version", None),
        )


class PeriodFormMixin:
    """End date on or after start date, reported on the end date field."""

    period_fields = ("start_date", "end_date")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        start_name, end_name = self.period_fields
        start, end = cleaned.get(start_name), cleaned.get(end_name)
        if start and end and end < start:
            self.add_error(end_name, PERIOD_END_BEFORE_START)  # type: ignore[attr-defined]
        return cleaned


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    pass


class StyledPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass
