"""Forms of the task pages. They validate input and hand it to the services; they never save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giaoban.core.forms import BootstrapFormMixin, VersionedFormMixin
from giaoban.core.uploads import XLSX, CheckedFileField, UploadField
from giaoban.org.forms import directory_picker
from giaoban.org.models import Committee, Organisation

from . import selectors, services
from .models import Task, TaskStatus
from .stats import RANGE_END_BEFORE_START, UNIT_SORTS

PERCENT_HELP = _("Từ 0 đến 100.")
FILE_HELP = _("Tài liệu PDF, DOCX, XLSX hoặc ảnh PNG, JPEG.")


class DateInput(forms.DateInput):
    input_type = "date"


# --- Lists and dashboard -------------------------------------------------------------------------


class TaskFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=Committee.objects.none(), empty_label=_("Tất cả")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Tất cả"),
    )
    status = forms.ChoiceField(
        label=_("Tình trạng hôm nay"), required=False, choices=[("", _("Tất cả"))] + list(TaskStatus.choices)
    )
    review = forms.ChoiceField(
        label=_("Đang xem xét"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("extension", _("Đề nghị gia hạn chờ quyết định")),
            ("completion", _("Báo cáo hoàn thành chờ xác nhận")),
            ("returned", _("Báo cáo hoàn thành bị trả lại")),
            ("decided", _("Gia hạn mới được quyết định")),
        ],
    )
    due_by = forms.DateField(label=_("Hạn đến ngày"), required=False, widget=DateInput)
    assigned_from = forms.DateField(label=_("Giao từ ngày"), required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = selectors.committees_for(user)
        self.fields["unit"].queryset = selectors.units_for(user)


class DashboardForm(BootstrapFormMixin, forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"), required=False, queryset=Committee.objects.none(), empty_label=_("Tất cả")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Tất cả"),
    )
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput)
    as_of = forms.DateField(
        label=_("Tính đến ngày"),
        required=False,
        widget=forms.DateInput,
        help_text=_("Bỏ trống: ngày cuối kỳ, hoặc hôm nay nếu kỳ chưa kết thúc."),
    )
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in UNIT_SORTS], widget=forms.HiddenInput)
    desc = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = selectors.committees_for(user)
        self.fields["unit"].queryset = selectors.units_for(user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", RANGE_END_BEFORE_START)
        return cleaned


# --- Tasks -----------------------------------------------------------------------------------------


# The deadline as the directive writes it, or a date: tasks.deadlines reads the due date from the wording.
WORDING_HELP = _(
    "Ghi như văn bản: “trước ngày 02/11/2021”, “trong quý III/2017”, “khẩn trương”… Hệ thống tự tính ngày "
    "đến hạn để theo dõi; văn bản in đúng lời ghi này."
)
DUE_DATE_HELP = _(
    "Bỏ trống nếu đã ghi thời hạn theo văn bản (trừ thời hạn theo sự kiện: nhập ngày diễn ra) hoặc là "
    "nhiệm vụ thường xuyên."
)


def _entered_date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return timezone.localdate()


class TaskForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = (
            "title",
            "description",
            "lead_unit",
            "coordinating_units",
            "assigned_on",
            "recurring",
            "deadline_wording",
            "deadline",
            "parent",
            "source_title",
            "source_number",
            "source_date",
            "source_issuer",
            "source_item",
        )
        widgets = {
            "coordinating_units": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "assigned_on": forms.DateInput,
            "deadline": forms.DateInput,
            "source_date": forms.DateInput,
        }
        help_texts = {"deadline_wording": WORDING_HELP, "deadline": DUE_DATE_HELP}

    def __init__(self, *args: Any, user: Any, committee: Committee | None = None, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        committee = committee or getattr(self.instance, "committee", None)
        if committee is None:
            self.fields["committee"] = forms.ModelChoiceField(
                label=_("Ban chỉ đạo"), queryset=selectors.committees_for(user), empty_label=None
            )
            self.order_fields(["committee", *self.Meta.fields])
        # Bodies active on the task's date (as entered, else today, for a new one), and those it names.
        on = self.instance.assigned_on if self.instance.pk else _entered_date(self.data.get("assigned_on"))
        units = selectors.units_for(user, committee, on=on)
        if self.instance.pk:
            kept = [
                self.instance.lead_unit_id,
                *self.instance.coordinating_units.values_list("pk", flat=True),
            ]
            units = units | Organisation.objects.filter(pk__in=kept)
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["coordinating_units"].required = False
        directory_picker(self.fields["lead_unit"])
        directory_picker(self.fields["coordinating_units"])
        parents = selectors.tasks_visible_to(user).filter(parent__isnull=True)
        if committee is not None:
            parents = parents.filter(committee=committee)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("-year", "-number")
        self.fields["assigned_on"].required = False
        if not self.instance.pk:
            self.fields["assigned_on"].initial = timezone.localdate()

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["coordinating_units"] = list(data["coordinating_units"])
        data["assigned_on"] = data["assigned_on"] or timezone.localdate()
        return data


class TaskUpdateForm(VersionedFormMixin, TaskForm):
    pass


class TaskCancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do dừng thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Dừng từ ngày"), widget=forms.DateInput, initial=timezone.localdate)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = task.version


# --- Progress ----------------------------------------------------------------------------------------


class ProgressForm(BootstrapFormMixin, forms.Form):
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=forms.DateInput, initial=timezone.localdate)
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100, help_text=PERCENT_HELP)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    # Checked by the service (type by content, size), which names this field in its errors.
    attachment = UploadField(
        label=_("Tệp đính kèm"), required=False, allowed=services.TASK_FILE_KINDS, help_text=FILE_HELP
    )


class ProgressUpdateForm(ProgressForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CompletionForm(BootstrapFormMixin, forms.Form):
    reported_on = forms.DateField(
        label=_("Ngày hoàn thành"),
        widget=forms.DateInput,
        initial=timezone.localdate,
        help_text=_("Khi được xác nhận, đây là ngày hoàn thành nhiệm vụ."),
    )
    text = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    evidence = UploadField(
        label=_("Tài liệu minh chứng"), required=False, allowed=services.TASK_FILE_KINDS, help_text=FILE_HELP
    )


class DecisionForm(BootstrapFormMixin, forms.Form):
    """Approve (confirm) or reject (return) a pending request; a rejection needs a comment."""

    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, approve_label: str, reject_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(self.APPROVE, approve_label), (self.REJECT, reject_label)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not (cleaned.get("note") or "").strip():
            self.add_error("note", services.RETURN_NEEDS_COMMENT)
        return cleaned


class ExtensionForm(BootstrapFormMixin, forms.Form):
    new_deadline = forms.DateField(label=_("Thời hạn đề nghị"), widget=forms.DateInput)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class UploadForm(BootstrapFormMixin, forms.Form):
    file = CheckedFileField(label=_("Tệp Excel (.xlsx) đã điền"), allowed=(XLSX,))


class BulkProgressForm(BootstrapFormMixin, forms.Form):
    """One row per open task of the unit: the new percent and the update text; empty rows are skipped."""

    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=forms.DateInput, initial=timezone.localdate)

    def __init__(self, *args: Any, tasks: list[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        for task in tasks:
            self.fields[f"percent_{task.pk}"] = forms.IntegerField(
                label=_("Tiến độ mới (%%) của %(code)s") % {"code": task.code},
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.NumberInput(attrs={"class": "form-control percent-input"}),
            )
            self.fields[f"text_{task.pk}"] = forms.CharField(
                label=_("Nội dung cập nhật của %(code)s") % {"code": task.code},
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def rows(self) -> list[tuple[Task, Any, Any]]:
        """(task, percent field, text field) for the template."""
        return [(task, self[f"percent_{task.pk}"], self[f"text_{task.pk}"]) for task in self.tasks]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for task in self.tasks:
            percent, text = cleaned.get(f"percent_{task.pk}"), (cleaned.get(f"text_{task.pk}") or "").strip()
            if percent is None and text and f"percent_{task.pk}" not in self.errors:
                self.add_error(f"percent_{task.pk}", BULK_PERCENT_MISSING)
            if percent is not None and not text:
                self.add_error(f"text_{task.pk}", BULK_TEXT_MISSING)
        return cleaned

    def service_rows(self) -> list[services.BulkProgressRow]:
        day = self.cleaned_data["reported_on"]
        rows = []
        for line, task in enumerate(self.tasks, start=1):
            percent = self.cleaned_data.get(f"percent_{task.pk}")
            if percent is None:
                continue
            text = self.cleaned_data[f"text_{task.pk}"]
            rows.append(
                services.BulkProgressRow(line=line, task=task, percent=percent, text=text, reported_on=day)
            )
        return rows


BULK_PERCENT_MISSING = _("Nhập tiến độ (%) cho nội dung này.")
BULK_TEXT_MISSING = _("Nhập nội dung cập nhật cho tiến độ này.")
