"""View mixins the secretariat's pages share: paged lists that keep their filters, service-backed forms."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.views.generic import FormView

from . import permissions
from .forms import add_service_errors
from .services import EditConflict


class BreadcrumbsMixin:
    """`breadcrumbs` in the context: (label, url) pairs, the last one the current page (url None)."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


class PaginatedListMixin:
    """Pages a queryset by settings.GIAOBAN_PAGE_SIZE; `query_string` keeps the filters in page links."""

    def paginate(self, queryset: QuerySet) -> dict[str, Any]:
        paginator = Paginator(queryset, settings.GIAOBAN_PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("page"))  # type: ignore[attr-defined]
        return {
            "paginator": paginator,
            "page_obj": page_obj,
            "object_list": page_obj.object_list,
            "query_string": self.query_string(),
        }

    def query_string(self) -> str:
        """The current filters, urlencoded and ending with "&", ready to be followed by `page=`."""
        params = self.request.GET.copy()  # type: ignore[attr-defined]
        params.pop("page", None)
        for key in [key for key, values in params.lists() if not any(values)]:
            del params[key]
        encoded = params.urlencode()
        return f"{encoded}&" if encoded else ""


class ManageMixin(LoginRequiredMixin):
    """A page of the secretariat that writes: create, edit or delete.

    Checks run in this order: an anonymous user goes to the login page; a record the user may not see
    answers 404 (get_object goes through a selector); a user who sees it but may not edit gets 403.
    """

    object: Any = None

    def get_object(self) -> Model | None:
        """The record being edited (or the parent of the one being created), through a selector."""
        return None

    def has_permission(self) -> bool:
        return permissions.can_manage_committee_data(self.request.user)

    def dispatch(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReadPageMixin(LoginRequiredMixin, BreadcrumbsMixin):
    """A page for logged-in users; `can_manage` tells templates whether to offer edit links."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = permissions.can_manage_committee_data(self.request.user)
        return context


class ManageFormView(ManageMixin, BreadcrumbsMixin, FormView):
    """A create or edit form writing through a service (see ManageMixin for the access checks).

    The page has a title (last in the breadcrumbs), Save and Cancel. An EditConflict from the service
    shows the form again with the conflict message, nothing saved.
    """

    page_title = ""

    def get_page_title(self) -> str:
        return str(self.page_title)

    def get_cancel_url(self) -> str:
        return self.object.get_absolute_url()  # type: ignore[union-attr]

    def get_form_instance(self) -> Model | None:
        """The instance an edit form binds to: a copy, so a rejected form leaves the page's record as it was.

        Create pages whose object is the parent record (a person's new position) return None.
        """
        return copy.copy(self.object) if self.object is not None else None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        instance = self.get_form_instance()
        if instance is not None:
            kwargs["instance"] = instance
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, page_title=self.get_page_title(), cancel_url=self.get_cancel_url())
        return context

    def perform(self, form) -> Model:
        """Call the service with the form's data; return the record to go to."""
        raise NotImplementedError

    def get_success_message(self, saved: Model) -> str:
        raise NotImplementedError

    def get_success_redirect(self, saved: Model) -> str:
        return saved.get_absolute_url()  # type: ignore[attr-defined]

    def form_valid(self, form) -> HttpResponse:
        try:
            saved = self.perform(form)
        except EditConflict as conflict:
            form.add_error(None, conflict)
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(saved))
        return HttpResponseRedirect(self.get_success_redirect(saved))
