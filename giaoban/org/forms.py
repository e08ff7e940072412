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
    Person,
    Position,
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

    class Meta:
        model = Organisation
        fields = services.ORGANISATION_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = organisation_choices(self.user, keep=[self.instance.parent_id])
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

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
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Đơn vị chỉ hiện với những người dùng thuộc các ban chỉ đạo được chọn."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committees = selectors.committee_list(user=self.user)
        self.fields["committees"].queryset = committees
        if len(committees) == 1:
            self.fields["committees"].initial = list(committees)


class OrganisationUpdateForm(VersionedFormMixin, OrganisationForm):
    pass


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
