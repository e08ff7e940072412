"""Forms of the secretariat's pages: units, people and their positions, committees and memberships.

Forms validate and hand their data to the services; they never save. Choice lists of units and
people hold only what the user may see (plus the value already set), in Vietnamese order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from giaoban.core.db import vietnamese_order
from giaoban.core.forms import BootstrapFormMixin, PeriodFormMixin, VersionedFormMixin

from . import selectors, services
from .models import (
    Committee,
    CommitteeLayout,
    CommitteeMembership,
    Organisation,
    OrganisationKind,
    OrganisationLevel,
    Person,
    Position,
    ReorganisationKind,
)

LAYOUT_PROPOSED = _("Đề xuất theo Trưởng ban và cơ quan thường trực")
PARENT_BODY_PROPOSED = _("Đề xuất theo Trưởng ban và cơ quan thường trực")
PARENT_CYCLE = _("Đơn vị cấp trên không được là chính đơn vị này hoặc một đơn vị trực thuộc nó.")


def organisation_choices(user: Any, *, keep: Iterable[int | None] = ()) -> QuerySet[Organisation]:
    """Units the user may see, plus those already chosen (`keep`), in Vietnamese order."""
    condition = Q(pk__in=selectors.organisations_visible_to(user).values("pk"))
    kept = [pk for pk in keep if pk]
    if kept:
        condition |= Q(pk__in=kept)
    return Organisation.objects.filter(condition).order_by(vietnamese_order("name"), "pk")


PICKER_FILTER_LABEL = _("Tìm đơn vị (tên, tên viết tắt, không cần dấu)")


class _DirectoryOptionsMixin:
    """Each option carries its body's search key (names, aliases, abbreviations expanded) for the
    filter box that static giaoban/picker.js puts above the list."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)  # type: ignore[misc]
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-search"] = instance.search_key
            option["attrs"]["data-filter-label"] = str(PICKER_FILTER_LABEL)
        return option


class DirectorySelect(_DirectoryOptionsMixin, forms.Select):
    pass


class DirectorySelectMultiple(_DirectoryOptionsMixin, forms.SelectMultiple):
    pass


class DirectoryCheckboxSelectMultiple(_DirectoryOptionsMixin, forms.CheckboxSelectMultiple):
    pass


def directory_picker(field: forms.ModelChoiceField) -> None:
    """Make a unit field a directory picker: the same choices, with a filter box as one types."""
    widget_class: type[forms.Widget]
    if isinstance(field.widget, forms.CheckboxSelectMultiple):
        widget_class = DirectoryCheckboxSelectMultiple
    elif isinstance(field.widget, forms.SelectMultiple):
        widget_class = DirectorySelectMultiple
    else:
        widget_class = DirectorySelect
    widget = widget_class(attrs=field.widget.attrs)
    widget.choices = field.choices  # type: ignore[attr-defined]
    field.widget = widget


def person_choices(user: Any, *, keep: Iterable[int | None] = ()) -> QuerySet[Person]:
    """People the user may see, plus those already chosen (`keep`), in Vietnamese order."""
    condition = Q(pk__in=selectors.persons_visible_to(user).values("pk"))
    kept = [pk for pk in keep if pk]
    if kept:
        condition |= Q(pk__in=kept)
    return Person.objects.filter(condition).order_by(vietnamese_order("full_name"), "pk")


class ServiceDataMixin:
    """`service_data()`: the cleaned values of the fields the entity's service accepts."""

    service_fields: tuple[str, ...] = ()

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.service_fields}  # type: ignore[attr-defined]


class UserFormMixin:
    """Takes the requesting user as a keyword argument, for choice lists limited to what they see."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)


# --- Lists ---------------------------------------------------------------------------------------


class SearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)


class OrganisationFilterForm(SearchForm):
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        required=False,
        choices=[("", _("Tất cả các loại"))] + list(OrganisationKind.choices),
    )
    level = forms.ChoiceField(
        label=_("Cấp"), required=False, choices=[("", _("Tất cả các cấp"))] + list(OrganisationLevel.choices)
    )
    committee = forms.ModelChoiceField(
        label=_("Ban chỉ đạo"),
        required=False,
        queryset=Committee.objects.none(),
        empty_label=_("Tất cả ban chỉ đạo"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = selectors.committee_list(user=user)


class TitlesOnForm(BootstrapFormMixin, forms.Form):
    """The date whose titles a person's page shows (`?on=YYYY-MM-DD`); today when empty."""

    on = forms.DateField(label=_("Chức danh tại ngày"), required=False, widget=forms.DateInput)


# --- Organisations -------------------------------------------------------------------------------


class OrganisationForm(UserFormMixin, ServiceDataMixin, BootstrapFormMixin, PeriodFormMixin, forms.ModelForm):
    service_fields = services.ORGANISATION_FIELDS

    # Shown only once a name was refused as a duplicate (see clean).
    confirm_duplicate = forms.BooleanField(
        label=_("Vẫn lưu: đây là một đơn vị khác, dù tên trùng với đơn vị đã có"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Organisation
        fields = services.ORGANISATION_FIELDS
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[Organisation] = []
        parents = organisation_choices(self.user, keep=[self.instance.parent_id])
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        directory_picker(self.fields["parent"])
        self.fields["level"].required = False

    def clean_level(self) -> str:
        return self.cleaned_data.get("level") or OrganisationLevel.PROVINCE

    def clean(self) -> dict[str, Any]:
        """A name the directory already has is refused ("Đã có …", with links) unless confirmed."""
        cleaned = super().clean()
        name = cleaned.get("name")
        renamed = name and (self.instance.pk is None or name != self.instance.name)
        if renamed and not cleaned.get("confirm_duplicate"):
            self.duplicates = services.organisation_duplicates(name, exclude=self.instance.pk)
            if self.duplicates:
                self.fields["confirm_duplicate"].widget = forms.CheckboxInput(
                    attrs={"class": "form-check-input"}
                )
                first = self.duplicates[0]
                self.add_error(
                    "name",
                    ValidationError(
                        services.ORGANISATION_DUPLICATE,
                        code="duplicate",
                        params={"name": first.name, "url": first.get_absolute_url()},
                    ),
                )
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["confirm_duplicate"] = self.cleaned_data.get("confirm_duplicate", False)
        return data

    def clean_parent(self) -> Organisation | None:
        parent = self.cleaned_data.get("parent")
        if parent is None or self.instance.pk is None:
            return parent
        seen: set[int] = set()
        ancestor: Organisation | None = parent
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.instance.pk:
                raise ValidationError(PARENT_CYCLE, code="cycle")
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        return parent


class OrganisationCreateForm(OrganisationForm):
    committees = forms.ModelMultipleChoiceField(
        label=_("Là đơn vị thành viên của"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Không bắt buộc: mọi đơn vị trong danh bạ đều chọn được làm đơn vị chủ trì, phối hợp; "
            "chỉ đánh dấu nếu đơn vị là thành viên của ban chỉ đạo."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committees"].queryset = selectors.committee_list(user=self.user)
        self.order_fields([*services.ORGANISATION_FIELDS, "committees", "confirm_duplicate"])


class OrganisationUpdateForm(VersionedFormMixin, OrganisationForm):
    pass


class ReorganiseForm(UserFormMixin, BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ReorganisationKind.choices)
    on = forms.DateField(label=_("Ngày có hiệu lực"), widget=forms.DateInput)
    successors = forms.ModelMultipleChoiceField(
        label=_("Đơn vị kế thừa"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Sáp nhập: một đơn vị; chia tách: các đơn vị mới, đơn vị đầu tiên nhận công việc đang làm."
        ),
    )
    new_name = forms.CharField(
        label=_("Hoặc tên đơn vị mới"),
        required=False,
        max_length=255,
        help_text=_(
            "Đổi tên, hoặc sáp nhập vào một đơn vị mới: đơn vị mới được thêm vào danh bạ từ ngày có hiệu lực."
        ),
    )
    merged_with = forms.ModelMultipleChoiceField(
        label=_("Cùng sáp nhập với"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    decision = forms.CharField(label=_("Căn cứ"), required=False, max_length=300)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = organisation_choices(self.user).exclude(pk=organisation.pk).filter(end_date__isnull=True)
        self.fields["successors"].queryset = others
        self.fields["merged_with"].queryset = others

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["successors"] = list(data["successors"])
        data["merged_with"] = list(data["merged_with"])
        return data


# --- People and positions ------------------------------------------------------------------------


class PersonForm(UserFormMixin, ServiceDataMixin, BootstrapFormMixin, forms.ModelForm):
    service_fields = services.PERSON_FIELDS

    class Meta:
        model = Person
        fields = services.PERSON_FIELDS


class PersonUpdateForm(VersionedFormMixin, PersonForm):
    pass


class PositionForm(UserFormMixin, ServiceDataMixin, BootstrapFormMixin, PeriodFormMixin, forms.ModelForm):
    service_fields = services.POSITION_FIELDS

    class Meta:
        model = Position
        fields = services.POSITION_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisation_choices(
            self.user, keep=[self.instance.organisation_id]
        )
        directory_picker(self.fields["organisation"])


# --- Committees and memberships ------------------------------------------------------------------


class PositionUpdateForm(VersionedFormMixin, PositionForm):
    pass


def parent_body_choices(*, keep: Iterable[int | None] = ()) -> QuerySet[Organisation]:
    """The bodies a committee can sit under (Tỉnh ủy, HĐND, UBND): public bodies, offered to all."""
    condition = Q(kind__in=services.PARENT_BODY_KINDS)
    kept = [pk for pk in keep if pk]
    if kept:
        condition |= Q(pk__in=kept)
    return Organisation.objects.filter(condition).order_by(vietnamese_order("name"), "pk")


class CommitteeForm(UserFormMixin, ServiceDataMixin, BootstrapFormMixin, forms.ModelForm):
    """A committee's founding decision, parent body, standing agency, letterhead and member units."""

    service_fields = services.COMMITTEE_FIELDS

    class Meta:
        model = Committee
        fields = (*services.COMMITTEE_FIELDS, "member_units")
        widgets = {"member_units": forms.CheckboxSelectMultiple, "decision_date": forms.DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current_units = [unit.pk for unit in self.initial.get("member_units", [])]
        self.fields["standing_agency"].queryset = organisation_choices(
            self.user, keep=[self.instance.standing_agency_id]
        )
        self.fields["parent_body"].queryset = parent_body_choices(keep=[self.instance.parent_body_id])
        self.fields["member_units"].queryset = organisation_choices(self.user, keep=current_units)
        self.fields["document_code"].required = True

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["member_units"] = list(self.cleaned_data["member_units"])
        return data


class CommitteeCreateForm(CommitteeForm):
    """Setting up a committee: its head too; an empty layout or parent body is proposed by the rule
    of letterhead.propose_layout (the head's Party post, the standing agency's kind)."""

    head = forms.ModelChoiceField(
        label=_("Trưởng ban"),
        required=False,
        queryset=Person.objects.none(),
        help_text=_("Thêm các thành viên khác sau khi lưu."),
    )
    field_order = ("name", "short_name", "title_name", "head")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = person_choices(self.user)
        layout = self.fields["document_layout"]
        layout.required = False
        layout.choices = [("", LAYOUT_PROPOSED), *CommitteeLayout.choices]
        layout.initial = ""
        self.fields["parent_body"].empty_label = PARENT_BODY_PROPOSED

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "head": self.cleaned_data.get("head")}


class CommitteeUpdateForm(VersionedFormMixin, CommitteeForm):
    pass


class MembershipForm(UserFormMixin, ServiceDataMixin, BootstrapFormMixin, PeriodFormMixin, forms.ModelForm):
    service_fields = services.MEMBERSHIP_FIELDS

    class Meta:
        model = CommitteeMembership
        fields = services.MEMBERSHIP_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = person_choices(self.user, keep=[self.instance.person_id])
        self.fields["representing"].queryset = organisation_choices(
            self.user, keep=[self.instance.representing_id]
        )


class MembershipUpdateForm(VersionedFormMixin, MembershipForm):
    pass
