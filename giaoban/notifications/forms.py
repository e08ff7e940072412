from django import forms
from django.utils.translation import gettext_lazy as _

from giaoban.core.forms import BootstrapFormMixin

from .models import EmailMode


class SettingsForm(BootstrapFormMixin, forms.Form):
    email_mode = forms.ChoiceField(
        label=_("Nhận thư điện tử"), choices=EmailMode.choices, widget=forms.RadioSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
