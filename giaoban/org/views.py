"""The secretariat's pages for units, people and their positions, committees and memberships.

Records are fetched only through the selectors (a record the user may not see answers 404) and
written only through the services; editing is the secretariat's (403 for others who see the record).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, F, Model, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from giaoban.core import permissions
from giaoban.core.audit import history_entries
from giaoban.core.db import vietnamese_order
from giaoban.core.views_mixins import (
    BreadcrumbsMixin,
    ManageFormView,
    ManageMixin,
    PaginatedListMixin,
    ReadPageMixin,
)

from . import forms, selectors, services
from .letterhead import committee_layout_proposal, letterhead_for
from .models import Committee, CommitteeMembership, Organisation, Person, Position

ORGANISATIONS = gettext_lazy("Đơn vị")
PERSONS = gettext_lazy("Cá nhân")
COMMITTEES = gettext_lazy("Ban chỉ đạo")


def _is_active(record: Any, on: dt.date) -> bool:
    return (record.start_date is None or record.start_date <= on) and (
        record.end_date is None or record.end_date >= on
    )


def _visible_organisation_ids(user: Any, pks: set[int]) -> set[int]:
    """Which of these units the user may open; one query."""
    pks.discard(None)  # type: ignore[arg-type]
    if not pks:
        return set()
    return set(selectors.organisations_visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))


# --- Organisations -------------------------------------------------------------------------------


class OrganisationListView(ReadPageMixin, PaginatedListMixin, TemplateView):
    template_name = "org/organisation_list.html"

    def get_breadcrumbs(self):
        return [(ORGANISATIONS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.OrganisationFilterForm(self.request.GET, user=user)
        form.is_valid()
        data = form.cleaned_data
        committee = data.get("committee")
        organisations = selectors.organisation_list(
            user=user,
            query=data.get("q"),
            kind=data.get("kind"),
            committee_id=committee.pk if committee else None,
        )
        context.update(self.paginate(organisations))
        context["filter_form"] = form
        context["filtered"] = any(data.get(name) for name in ("q", "kind", "committee"))
        return context


class OrganisationDetailView(ReadPageMixin, TemplateView):
    template_name = "org/organisation_detail.html"

    def get_breadcrumbs(self):
        return [(ORGANISATIONS, reverse("org:organisation-list")), (self.organisation.name, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.organisation = organisation = selectors.organisation_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        visible = selectors.organisations_visible_to(user)
        context.update(
            organisation=organisation,
            parent_visible=bool(_visible_organisation_ids(user, {organisation.parent_id})),
            children=visible.filter(parent=organisation).order_by(vietnamese_order("name"), "pk"),
            # People outside the user's view are left out, as on the people list.
            positions=Position.objects.active_on(today)
            .filter(organisation=organisation, person__in=selectors.persons_visible_to(user).values("pk"))
            .select_related("person")
            .order_by("precedence", vietnamese_order("person__full_name"), "pk"),
            member_of=selectors.committees_visible_to(user)
            .filter(member_units=organisation)
            .order_by(vietnamese_order("name"), "pk"),
            standing_for=selectors.committees_visible_to(user)
            .filter(standing_agency=organisation)
            .order_by(vietnamese_order("name"), "pk"),
            today=today,
            history=history_entries(organisation),
        )
        return context


class OrganisationFormPage(ManageFormView):
    template_name = "org/organisation_form.html"

    def get_breadcrumbs(self):
        crumbs = [(ORGANISATIONS, reverse("org:organisation-list"))]
        if self.object is not None:
            crumbs.append((self.object.name, self.object.get_absolute_url()))
        return [*crumbs, (self.get_page_title(), None)]


class OrganisationCreateView(OrganisationFormPage):
    form_class = forms.OrganisationCreateForm
    page_title = gettext_lazy("Thêm đơn vị")

    def get_cancel_url(self) -> str:
        return reverse("org:organisation-list")

    def perform(self, form) -> Organisation:
        # A unit is seen through the committees it belongs to, so it joins them as it is created.
        return services.organisation_create(
            actor=self.request.user, committees=list(form.cleaned_data["committees"]), **form.service_data()
        )

    def get_success_message(self, saved: Organisation) -> str:
        return _("Đã thêm đơn vị “%(name)s”.") % {"name": saved.name}


class OrganisationUpdateView(OrganisationFormPage):
    form_class = forms.OrganisationUpdateForm
    page_title = gettext_lazy("Sửa thông tin đơn vị")

    def get_object(self) -> Organisation:
        return selectors.organisation_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform(self, form) -> Organisation:
        return services.organisation_update(
            actor=self.request.user,
            organisation=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, saved: Organisation) -> str:
        return _("Đã lưu đơn vị “%(name)s”.") % {"name": saved.name}


# --- People --------------------------------------------------------------------------------------


class PersonListView(ReadPageMixin, PaginatedListMixin, TemplateView):
    template_name = "org/person_list.html"

    def get_breadcrumbs(self):
        return [(PERSONS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms.SearchForm(self.request.GET)
        form.is_valid()
        query = form.cleaned_data.get("q")
        context.update(self.paginate(selectors.person_list(user=self.request.user, query=query)))
        context["filter_form"] = form
        context["filtered"] = bool(query)
        return context


class PersonDetailView(ReadPageMixin, TemplateView):
    template_name = "org/person_detail.html"

    def get_breadcrumbs(self):
        return [(PERSONS, reverse("org:person-list")), (self.person.full_name, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.person = person = selectors.person_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        on_form = forms.TitlesOnForm(self.request.GET)
        on = (on_form.cleaned_data.get("on") if on_form.is_valid() else None) or today
        positions = list(
            person.positions.select_related("organisation").order_by(
                F("end_date").desc(nulls_first=True),
                F("start_date").desc(nulls_last=True),
                "precedence",
                "pk",
            )
        )
        linkable = _visible_organisation_ids(user, {p.organisation_id for p in positions})
        for position in positions:
            position.is_active = _is_active(position, on)
            position.organisation_visible = position.organisation_id in linkable
        memberships = list(selectors.membership_list(user=user).filter(person=person))
        for membership in memberships:
            membership.is_active = _is_active(membership, on)
        context.update(
            person=person,
            on=on,
            on_is_today=on == today,
            on_form=on_form,
            titles=selectors.person_title_text(person, on, committees=selectors.committees_visible_to(user)),
            positions=positions,
            memberships=memberships,
            history=history_entries(person),
        )
        return context


class PersonFormPage(ManageFormView):
    template_name = "org/form_page.html"

    def get_breadcrumbs(self):
        crumbs = [(PERSONS, reverse("org:person-list"))]
        if self.person is not None:
            crumbs.append((self.person.full_name, self.person.get_absolute_url()))
        return [*crumbs, (self.get_page_title(), None)]

    @property
    def person(self) -> Person | None:
        return self.object

    def get_cancel_url(self) -> str:
        return self.person.get_absolute_url() if self.person else reverse("org:person-list")

    def get_success_redirect(self, saved: Model) -> str:
        return (self.person or saved).get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "person": self.person}


class PersonCreateView(PersonFormPage):
    form_class = forms.PersonForm
    page_title = gettext_lazy("Thêm cá nhân")

    def perform(self, form) -> Person:
        return services.person_create(actor=self.request.user, **form.service_data())

    def get_success_message(self, saved: Person) -> str:
        return _("Đã thêm “%(name)s”.") % {"name": saved.full_name}


class PersonUpdateView(PersonFormPage):
    form_class = forms.PersonUpdateForm
    page_title = gettext_lazy("Sửa thông tin cá nhân")

    def get_object(self) -> Person:
        return selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])

    def perform(self, form) -> Person:
        return services.person_update(
            actor=self.request.user,
            person=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, saved: Person) -> str:
        return _("Đã lưu thông tin của “%(name)s”.") % {"name": saved.full_name}


# --- Positions -----------------------------------------------------------------------------------


class PositionCreateView(PersonFormPage):
    form_class = forms.PositionForm
    page_title = gettext_lazy("Thêm chức vụ")

    def get_object(self) -> Person:
        return selectors.person_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def person(self) -> Person:
        return self.object

    def get_form_instance(self) -> None:
        return None

    def perform(self, form) -> Position:
        return services.position_create(actor=self.request.user, person=self.person, **form.service_data())

    def get_success_message(self, saved: Position) -> str:
        return _("Đã thêm chức vụ “%(title)s” cho “%(name)s”.") % {
            "title": saved.title,
            "name": self.person.full_name,
        }


class PositionUpdateView(PersonFormPage):
    """Edits a position. Positions carry no version field, so there is no edit-conflict check here."""

    form_class = forms.PositionUpdateForm
    page_title = gettext_lazy("Sửa chức vụ")

    def get_object(self) -> Position:
        return selectors.position_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def person(self) -> Person:
        return self.object.person

    def perform(self, form) -> Position:
        return services.position_update(
            actor=self.request.user,
            position=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, saved: Position) -> str:
        return _("Đã lưu chức vụ “%(title)s” của “%(name)s”.") % {
            "title": saved.title,
            "name": self.person.full_name,
        }


class PositionDeleteView(ManageMixin, BreadcrumbsMixin, TemplateView):
    """GET asks for confirmation; POST deletes the position through the service."""

    template_name = "org/position_confirm_delete.html"

    def get_object(self) -> Position:
        self.position = selectors.position_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.position

    def get_breadcrumbs(self):
        person = self.position.person
        return [
            (PERSONS, reverse("org:person-list")),
            (person.full_name, person.get_absolute_url()),
            (_("Xóa chức vụ"), None),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(position=self.position, person=self.position.person)
        return context

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        person = self.position.person
        title = self.position.title
        services.position_delete(actor=request.user, position=self.position)
        messages.success(
            request,
            _("Đã xóa chức vụ “%(title)s” của “%(name)s”.") % {"title": title, "name": person.full_name},
        )
        return HttpResponseRedirect(person.get_absolute_url())


# --- Committees ----------------------------------------------------------------------------------


class CommitteeListView(ReadPageMixin, PaginatedListMixin, TemplateView):
    template_name = "org/committee_list.html"

    def get_breadcrumbs(self):
        return [(COMMITTEES, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms.SearchForm(self.request.GET)
        form.is_valid()
        query = form.cleaned_data.get("q")
        today = timezone.localdate()
        active_memberships = Q(memberships__start_date__isnull=True) | Q(memberships__start_date__lte=today)
        active_memberships &= Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
        committees = selectors.committee_list(user=self.request.user, query=query).annotate(
            unit_count=Count("member_units", distinct=True),
            member_count=Count("memberships", filter=active_memberships, distinct=True),
        )
        context.update(self.paginate(committees))
        context["filter_form"] = form
        context["filtered"] = bool(query)
        context["can_set_up"] = permissions.can_set_up_committees(self.request.user)
        return context


class CommitteeDetailView(ReadPageMixin, TemplateView):
    template_name = "org/committee_detail.html"

    def get_breadcrumbs(self):
        return [(COMMITTEES, reverse("org:committee-list")), (self.committee.short_name, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.committee = committee = selectors.committee_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        memberships = list(selectors.membership_list(user=user, committee=committee))
        for membership in memberships:
            membership.is_active = _is_active(membership, today)
        head = letterhead_for(committee)
        context.update(
            committee=committee,
            can_manage=permissions.can_set_up_committees(user),
            letterhead=head,
            letterhead_sample=head.number_line(1, "TB"),
            parent_body_visible=bool(_visible_organisation_ids(user, {committee.parent_body_id})),
            proposal=committee_layout_proposal(committee, today),
            member_units=committee.member_units.order_by(vietnamese_order("name"), "pk"),
            memberships=memberships,
            today=today,
            history=history_entries(committee),
        )
        return context


class CommitteeFormPage(ManageFormView):
    """Committee set-up pages: the secretariat (its own committees) and the system admin."""

    template_name = "org/form_page.html"

    def has_permission(self) -> bool:
        return permissions.can_set_up_committees(self.request.user)

    @property
    def committee(self) -> Committee:
        return self.object

    def get_breadcrumbs(self):
        return [
            (COMMITTEES, reverse("org:committee-list")),
            (self.committee.short_name, self.committee.get_absolute_url()),
            (self.get_page_title(), None),
        ]

    def get_cancel_url(self) -> str:
        return self.committee.get_absolute_url()

    def get_success_redirect(self, saved: Model) -> str:
        return self.committee.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "committee": self.committee}


class CommitteeCreateView(CommitteeFormPage):
    template_name = "org/committee_form.html"
    form_class = forms.CommitteeCreateForm
    page_title = gettext_lazy("Thêm ban chỉ đạo")

    def get_breadcrumbs(self):
        return [(COMMITTEES, reverse("org:committee-list")), (self.get_page_title(), None)]

    def get_cancel_url(self) -> str:
        return reverse("org:committee-list")

    def get_success_redirect(self, saved: Model) -> str:
        return saved.get_absolute_url()  # type: ignore[attr-defined]

    def perform(self, form) -> Committee:
        return services.committee_create(actor=self.request.user, **form.service_data())

    def get_success_message(self, saved: Committee) -> str:
        return _("Đã thêm ban chỉ đạo “%(name)s”, văn bản theo thể thức %(layout)s.") % {
            "name": saved.short_name,
            "layout": saved.get_document_layout_display(),
        }


class CommitteeUpdateView(CommitteeFormPage):
    template_name = "org/committee_form.html"
    form_class = forms.CommitteeUpdateForm
    page_title = gettext_lazy("Sửa thông tin ban chỉ đạo")

    def get_object(self) -> Committee:
        return selectors.committee_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["proposal"] = committee_layout_proposal(self.committee, timezone.localdate())
        return context

    def perform(self, form) -> Committee:
        return services.committee_update(
            actor=self.request.user,
            committee=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, saved: Committee) -> str:
        return _("Đã lưu ban chỉ đạo “%(name)s”.") % {"name": saved.short_name}


# --- Memberships ---------------------------------------------------------------------------------


class MembershipCreateView(CommitteeFormPage):
    form_class = forms.MembershipForm
    page_title = gettext_lazy("Thêm thành viên")

    def get_object(self) -> Committee:
        return selectors.committee_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_form_instance(self) -> None:
        return None

    def perform(self, form) -> CommitteeMembership:
        return services.membership_create(
            actor=self.request.user, committee=self.committee, **form.service_data()
        )

    def get_success_message(self, saved: CommitteeMembership) -> str:
        return _("Đã thêm “%(name)s” vào %(committee)s với vai trò %(role)s.") % {
            "name": saved.person.full_name,
            "committee": self.committee.short_name,
            "role": saved.get_role_display(),
        }


class MembershipUpdateView(CommitteeFormPage):
    form_class = forms.MembershipUpdateForm
    page_title = gettext_lazy("Sửa thành viên")

    def get_object(self) -> CommitteeMembership:
        return selectors.membership_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def committee(self) -> Committee:
        return self.object.committee

    def perform(self, form) -> CommitteeMembership:
        return services.membership_update(
            actor=self.request.user,
            membership=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, saved: CommitteeMembership) -> str:
        return _("Đã lưu thành viên “%(name)s” của %(committee)s.") % {
            "name": saved.person.full_name,
            "committee": self.committee.short_name,
        }


# --- The account's API tokens --------------------------------------------------------------------

TOKEN_REVOKED = gettext_lazy("Đã thu hồi mã truy cập “%(prefix)s…”.")


class ApiTokenListView(LoginRequiredMixin, TemplateView):
    """The user's own tokens, by prefix only, each with a button to revoke it; another user's answers 404."""

    template_name = "org/api_tokens.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tokens"] = selectors.api_token_list(user=self.request.user)
        return context

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        raw = request.POST.get("token", "")
        token = next(
            (t for t in selectors.api_token_list(user=request.user) if raw.isdigit() and t.pk == int(raw)),
            None,
        )
        if token is None or not services.api_token_revoke(user=request.user, token_id=token.pk):
            raise Http404
        messages.success(request, TOKEN_REVOKED % {"prefix": token.prefix})
        return HttpResponseRedirect(reverse("api-tokens"))
