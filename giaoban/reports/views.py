"""Reporting pages: periods, outlines ("đề cương"), requests with their status table, and the units'
submissions (edit with autosave, submit, return, accept, files). The committee report's pages are in
views_reports.py.

Records come only through the selectors (outside the user's view: 404) and are written only through the
services; permissions.py says who may act on a record they see (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from giaoban.core import permissions as core_permissions
from giaoban.core.audit import history_entries
from giaoban.core.services import EDIT_CONFLICT, VERSION_MISSING, EditConflict
from giaoban.core.uploads import serve_stored
from giaoban.core.views_mixins import BreadcrumbsMixin, ManageFormView, ManageMixin, PaginatedListMixin

from . import forms, indicators, permissions, selectors, services
from .models import (
    ReportingPeriod,
    ReportRequest,
    ReportTemplate,
    Submission,
    SubmissionEventKind,
    SubmissionFile,
)
from .periods import PERIODIC_KINDS, default_submission_deadline, period_name, period_window

PERIODS = gettext_lazy("Kỳ báo cáo")
TEMPLATES = gettext_lazy("Đề cương báo cáo")
REQUESTS = gettext_lazy("Đề nghị báo cáo")
REPORTS = gettext_lazy("Báo cáo của ban chỉ đạo")


def _url(name: str, *args: Any) -> str | None:
    """A URL of the app, or None while the page is not there yet (the committee report's pages)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def tabs(active: str) -> list[dict[str, Any]]:
    """The reporting section's tabs, on every list page."""
    entries = [
        ("requests", REQUESTS, "reports:request-list"),
        ("periods", PERIODS, "reports:period-list"),
        ("templates", TEMPLATES, "reports:template-list"),
        ("reports", REPORTS, "reports:report-list"),
    ]
    return [
        {"key": key, "label": label, "url": url, "active": key == active}
        for key, label, name in entries
        if (url := _url(name))
    ]


def _crumbs(root: Any, root_url: str, *rest: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:
    return [(root, root_url), *rest]


class ReadPage(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """A page for any logged-in user; what they see is the selectors' business."""


class ReportFormView(ManageFormView):
    """A form writing through a reporting service (ManageFormView: a service's ValidationError or
    EditConflict comes back on the form, nothing saved), on the reporting pages' template."""

    template_name = "reports/form_page.html"
    lead = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "lead": self.lead or (self.object or "")}


class ActionView(ManageMixin, View):
    """A POST button: 404 if the record is out of view, 403 if the user may not act, then the service.
    A refusal from the service (state changed meanwhile, stale version) comes back as a message."""

    http_method_names = ["post"]

    def act(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            message = self.act()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())


def _version(request) -> int:
    """The version the button's page showed; without it the write is refused, not made blind."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError(VERSION_MISSING, code="version_missing") from None


# --- Periods -----------------------------------------------------------------------------------------


class PeriodListView(PaginatedListMixin, ReadPage):
    template_name = "reports/period_list.html"

    def get_breadcrumbs(self):
        return [(PERIODS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.PeriodFilterForm(self.request.GET, user=user)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        committee = data.get("committee")
        periods = selectors.period_list(
            user=user, committee=committee.pk if committee else None, year=data.get("year")
        )
        context.update(self.paginate(periods))
        context.update(
            filter_form=form,
            filtered=bool(committee or data.get("year")),
            can_create=permissions.can_manage_reporting(user),
            tabs=tabs("periods"),
        )
        return context


class PeriodDetailView(ReadPage):
    template_name = "reports/period_detail.html"

    def get_breadcrumbs(self):
        return _crumbs(PERIODS, reverse("reports:period-list"), (self.period.name, None))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.period = period = selectors.period_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        can_manage = permissions.can_manage_reporting(user, period.committee_id)
        context.update(
            period=period,
            requests=list(selectors.request_list(user=user, period=period.pk)),
            can_manage=can_manage,
            is_periodic=period.kind in PERIODIC_KINDS,
            history=history_entries(period) if core_permissions.sees_whole_committee(user) else None,
        )
        return context


class PeriodCreateView(ReportFormView):
    """A new period. "Xem khung thời gian" shows the window, name and deadline the committee's
    convention gives, without saving."""

    form_class = forms.PeriodForm
    template_name = "reports/period_form.html"
    page_title = gettext_lazy("Kỳ báo cáo mới")

    def has_permission(self) -> bool:
        return permissions.can_manage_reporting(self.request.user)

    def get_breadcrumbs(self):
        return _crumbs(PERIODS, reverse("reports:period-list"), (self.get_page_title(), None))

    def get_cancel_url(self) -> str:
        return reverse("reports:period-list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["conventions"] = [
            (c, c.get_reporting_convention_display()) for c in form.fields["committee"].queryset
        ]
        return context

    def preview(self, form) -> dict[str, Any]:
        data = form.cleaned_data
        committee = data["committee"]
        if data["kind"] in PERIODIC_KINDS:
            start, end = period_window(
                data["kind"], data["year"], committee.reporting_convention, data.get("quarter")
            )
            name = period_name(data["kind"], data["year"], data.get("quarter"))
        else:
            start, end, name = data["start_date"], data["end_date"], data["name"]
        return {
            "committee": committee,
            "convention": committee.get_reporting_convention_display(),
            "name": name,
            "start": start,
            "end": end,
            "deadline": data.get("submission_deadline") or default_submission_deadline(end),
        }

    def form_valid(self, form) -> HttpResponse:
        if "preview" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form, preview=self.preview(form)))
        return super().form_valid(form)

    def perform(self, form) -> ReportingPeriod:
        return services.period_create(actor=self.request.user, **form.service_data())

    def get_success_message(self, saved: ReportingPeriod) -> str:
        return _("Đã tạo kỳ báo cáo “%(name)s” (%(start)s – %(end)s).") % {
            "name": saved.name,
            "start": date_format(saved.start_date, "d/m/Y"),
            "end": date_format(saved.end_date, "d/m/Y"),
        }


class PeriodUpdateView(ReportFormView):
    form_class = forms.PeriodUpdateForm
    page_title = gettext_lazy("Sửa kỳ báo cáo")

    def get_object(self) -> ReportingPeriod:
        return selectors.period_get(user=self.request.user, pk=self.kwargs["pk"])

    def has_permission(self) -> bool:
        return permissions.can_manage_reporting(self.request.user, self.object.committee_id)

    def get_breadcrumbs(self):
        return _crumbs(
            PERIODS,
            reverse("reports:period-list"),
            (self.object.name, self.object.get_absolute_url()),
            (self.get_page_title(), None),
        )

    def perform(self, form) -> ReportingPeriod:
        return services.period_update(
            actor=self.request.user,
            period=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, saved: ReportingPeriod) -> str:
        return _("Đã lưu kỳ báo cáo “%(name)s”.") % {"name": saved.name}


# --- Templates ("đề cương") --------------------------------------------------------------------------


class TemplateListView(PaginatedListMixin, ReadPage):
    template_name = "reports/template_list.html"

    def get_breadcrumbs(self):
        return [(TEMPLATES, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.CommitteeFilterForm(self.request.GET, user=user)
        form.is_valid()
        committee = getattr(form, "cleaned_data", {}).get("committee")
        templates = selectors.template_list(
            user=user, committee=committee.pk if committee else None
        ).annotate(
            request_count=Count("requests", distinct=True),
            section_count=Count("sections", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        context.update(self.paginate(templates))
        can_create = permissions.can_manage_reporting(user)
        # "Sao từ đề cương kỳ trước": the outline of each committee's latest request, one click away.
        copy_sources = []
        if can_create:
            for each in forms.managed_committees(user):
                latest = selectors.latest_template(committee=each)
                if latest is not None:
                    copy_sources.append((each, latest))
        context.update(
            filter_form=form,
            filtered=bool(committee),
            can_create=can_create,
            copy_sources=copy_sources,
            tabs=tabs("templates"),
        )
        return context


class TemplateDetailView(ReadPage):
    """The outline; once a request uses it, read-only, with the button that copies it."""

    template_name = "reports/template_detail.html"

    def get_breadcrumbs(self):
        return _crumbs(TEMPLATES, reverse("reports:template-list"), (self.template.name, None))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.template = template = selectors.template_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        can_manage = permissions.can_manage_reporting(user, template.committee_id)
        context.update(
            template=template,
            sections=list(template.sections.all()),
            indicators=list(template.indicators.all()),
            sources={key: source.label for key, source in indicators.COMPUTED.items()},
            in_use=services.template_in_use(template),
            can_manage=can_manage,
            history=history_entries(template) if core_permissions.sees_whole_committee(user) else None,
        )
        return context


class TemplateFormPage(ReportFormView):
    template_name = "reports/template_form.html"

    def has_permission(self) -> bool:
        committee = self.object.committee_id if self.object is not None else None
        return permissions.can_manage_reporting(self.request.user, committee)

    def get_breadcrumbs(self):
        crumbs = [(TEMPLATES, reverse("reports:template-list"))]
        if self.object is not None:
            crumbs.append((self.object.name, self.object.get_absolute_url()))
        return [*crumbs, (self.get_page_title(), None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sources"] = [
            {"key": key, "label": source.label, "unit": source.unit_of_measure}
            for key, source in indicators.COMPUTED.items()
        ]
        return context

    def get_success_message(self, saved: ReportTemplate) -> str:
        return _("Đã lưu đề cương “%(name)s”.") % {"name": saved.name}


class TemplateCreateView(TemplateFormPage):
    form_class = forms.TemplateForm
    page_title = gettext_lazy("Đề cương mới")

    def get_cancel_url(self) -> str:
        return reverse("reports:template-list")

    def perform(self, form) -> ReportTemplate:
        return services.template_create(actor=self.request.user, **form.service_data())


class TemplateUpdateView(TemplateFormPage):
    form_class = forms.TemplateUpdateForm
    page_title = gettext_lazy("Sửa đề cương")

    def get_object(self) -> ReportTemplate:
        return selectors.template_get(user=self.request.user, pk=self.kwargs["pk"])

    def in_use(self) -> HttpResponse | None:
        if services.template_in_use(self.object):
            messages.info(self.request, services.TEMPLATE_IN_USE)
            return HttpResponseRedirect(self.object.get_absolute_url())
        return None

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.in_use() or super().get(request, *args, **kwargs)

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.in_use() or super().post(request, *args, **kwargs)

    def perform(self, form) -> ReportTemplate:
        return services.template_update(
            actor=self.request.user,
            template=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )


class TemplateCopyView(ActionView):
    """ "Sao từ đề cương kỳ trước": one click makes the copy and opens it for editing."""

    def get_object(self) -> ReportTemplate:
        return selectors.template_get(user=self.request.user, pk=self.kwargs["pk"])

    def has_permission(self) -> bool:
        return permissions.can_manage_reporting(self.request.user, self.object.committee_id)

    def act(self) -> str:
        self.copy = services.template_copy(actor=self.request.user, template=self.object)
        return _("Đã sao thành đề cương “%(name)s”; sửa lại cho kỳ mới rồi lưu.") % {"name": self.copy.name}

    def get_success_url(self) -> str:
        return reverse("reports:template-update", args=[self.copy.pk])


# --- Requests ----------------------------------------------------------------------------------------


class RequestListView(PaginatedListMixin, ReadPage):
    """The requests: for the secretariat and leaders with how many units sent; for a unit officer with
    their own unit's submission."""

    template_name = "reports/request_list.html"

    def get_breadcrumbs(self):
        return [(REQUESTS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.RequestFilterForm(self.request.GET, user=user)
        form.is_valid()
        committee = getattr(form, "cleaned_data", {}).get("committee")
        waiting = getattr(form, "cleaned_data", {}).get("waiting") or None
        whole = core_permissions.sees_whole_committee(user)
        requests = selectors.request_list(
            user=user, committee=committee.pk if committee else None, waiting=waiting
        )
        if whole:
            requests = requests.annotate(
                unit_count=Count("submissions", distinct=True),
                sent_count=Count(
                    "submissions", filter=Q(submissions__first_submitted_at__isnull=False), distinct=True
                ),
            )
        context.update(self.paginate(requests))
        own: dict[int, Submission] = {}
        if not whole:
            ids = [request.pk for request in context["object_list"]]
            own = {s.request_id: s for s in selectors.submission_list(user=user).filter(request__in=ids)}
        context.update(
            filter_form=form,
            filtered=bool(committee or waiting),
            sees_whole=whole,
            rows=[(request, own.get(request.pk)) for request in context["object_list"]],
            can_create=permissions.can_manage_reporting(user),
            today=timezone.localdate(),
            tabs=tabs("requests"),
        )
        return context


class RequestCreateView(ReportFormView):
    """A new request, for a period chosen first (its committee gives the outlines and the units): the
    latest outline, every member unit ticked, the period's deadline proposed."""

    form_class = forms.RequestForm
    template_name = "reports/request_form.html"
    page_title = gettext_lazy("Gửi đề nghị báo cáo")
    period: ReportingPeriod | None = None

    def get_object(self) -> ReportingPeriod | None:
        raw = self.request.POST.get("period") or self.request.GET.get("period")
        if raw and raw.isdigit():
            self.period = selectors.period_get(user=self.request.user, pk=int(raw))
        return self.period

    def has_permission(self) -> bool:
        committee = self.period.committee_id if self.period is not None else None
        return permissions.can_manage_reporting(self.request.user, committee)

    def get_form_instance(self) -> None:
        return None

    def get_breadcrumbs(self):
        return _crumbs(REQUESTS, reverse("reports:request-list"), (self.get_page_title(), None))

    def get_cancel_url(self) -> str:
        return self.period.get_absolute_url() if self.period else reverse("reports:request-list")

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.period is None:
            return self.choose_period()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.period is None:
            return self.choose_period()
        return super().post(request, *args, **kwargs)

    def choose_period(self) -> HttpResponse:
        context = {
            "chooser": forms.RequestPeriodForm(user=self.request.user),
            "page_title": self.get_page_title(),
            "breadcrumbs": self.get_breadcrumbs(),
            "cancel_url": self.get_cancel_url(),
        }
        return render(self.request, self.template_name, context)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "period": self.period}

    def perform(self, form) -> ReportRequest:
        data = form.cleaned_data
        return services.request_create(
            actor=self.request.user,
            committee=self.period.committee,
            period=self.period,
            template=data["template"],
            units=list(data["units"]),
            deadline=data["deadline"],
            title=data["title"],
            message=data.get("message") or "",
        )

    def get_success_message(self, saved: ReportRequest) -> str:
        return _("Đã gửi đề nghị “%(title)s” tới %(n)s đơn vị.") % {
            "title": saved.title,
            "n": saved.submissions.count(),
        }


class RequestDetailView(ReadPage):
    """The status page: every unit's submission, its dates, days late and returns, with the figures."""

    template_name = "reports/request_detail.html"

    def get_breadcrumbs(self):
        return _crumbs(REQUESTS, reverse("reports:request-list"), (self.report_request.title, None))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.report_request = req = selectors.request_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        status = selectors.request_status(request=req)
        whole = core_permissions.sees_whole_committee(user)
        rows = status.rows
        if not whole:
            # A unit officer sees their own unit's line, never the others'.
            rows = [row for row in rows if row.submission.unit_id == user.organisation_id]
        # Once the deadline has passed, what matters is who is latest: most days late first.
        sort = self.request.GET.get("sort")
        if sort not in ("unit", "days_late"):
            sort = "days_late" if req.deadline < timezone.localdate() else "unit"
        if sort == "days_late":
            rows = sorted(rows, key=lambda row: -row.days_late)  # stable: by name within a day count
        can_manage = permissions.can_manage_reporting(user, req.committee_id)
        context.update(
            report_request=req,
            status=status,
            rows=rows,
            sees_whole=whole,
            can_manage=can_manage,
            can_remind=can_manage
            and not req.is_withdrawn
            and (status.total > status.submitted or status.returned > 0),
            can_withdraw=permissions.can_withdraw_request(user, req),
            sort=sort,
            committee_report=selectors.report_of_period(user=user, period=req.period) if whole else None,
            today=timezone.localdate(),
        )
        return context


class RequestWithdrawView(ReportFormView):
    """Withdraw a request sent by mistake, with the reason the units will read."""

    form_class = forms.WithdrawForm
    page_title = gettext_lazy("Rút đề nghị báo cáo")

    def get_object(self) -> ReportRequest:
        return selectors.request_get(user=self.request.user, pk=self.kwargs["pk"])

    def has_permission(self) -> bool:
        return permissions.can_withdraw_request(self.request.user, self.object)

    def get_breadcrumbs(self):
        return _crumbs(
            REQUESTS,
            reverse("reports:request-list"),
            (self.object.title, self.object.get_absolute_url()),
            (self.get_page_title(), None),
        )

    def perform(self, form) -> ReportRequest:
        return services.request_withdraw(
            actor=self.request.user,
            request=self.object,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self, saved: ReportRequest) -> str:
        return _("Đã rút đề nghị “%(title)s”.") % {"title": saved.title}


class RequestRemindView(ActionView):
    """ "Nhắc đơn vị chưa gửi": an in-app note and an e-mail to every unit not yet sent (or returned)."""

    def get_object(self) -> ReportRequest:
        return selectors.request_get(user=self.request.user, pk=self.kwargs["pk"])

    def has_permission(self) -> bool:
        return permissions.can_manage_reporting(self.request.user, self.object.committee_id)

    def act(self) -> str:
        count = services.submission_remind(actor=self.request.user, request=self.object)
        if not count:
            return _("Mọi đơn vị đã gửi báo cáo; không cần nhắc.")
        return _("Đã nhắc %(n)s đơn vị chưa gửi báo cáo.") % {"n": count}


# --- Submissions -------------------------------------------------------------------------------------


def _submission_crumbs(submission: Submission, *rest: tuple[Any, str | None]) -> list[tuple[Any, str | None]]:
    req = submission.request
    return _crumbs(
        REQUESTS,
        reverse("reports:request-list"),
        (req.title, req.get_absolute_url()),
        (submission.unit.name, submission.get_absolute_url() if rest else None),
        *rest,
    )


class SubmissionDetailView(ReadPage):
    """A unit's report: its texts under the outline's sections (with the guidance), its figures (the
    computed ones read-only), its files and its life (submitted, returned with comments, accepted)."""

    template_name = "reports/submission_detail.html"

    def get_breadcrumbs(self):
        return _submission_crumbs(self.submission)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.submission = submission = selectors.submission_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        read = selectors.submission_read(user=user, submission=submission)
        whole = core_permissions.sees_whole_committee(user)
        returns = [event for event in read.events if event.kind == SubmissionEventKind.RETURNED]
        context.update(
            submission=submission,
            report_request=submission.request,
            sections=read.sections,
            indicator_rows=read.indicator_rows,
            files=read.files,
            events=read.events,
            last_return=returns[-1] if returns else None,
            days_late=read.days_late,
            can_edit=permissions.can_edit_submission(user, submission),
            can_review=permissions.can_review_submission(user, submission),
            can_return=permissions.can_return_submission(user, submission),
            return_form=forms.ReturnForm(),
            history=history_entries(submission) if whole else None,
        )
        return context


class SubmissionFormMixin:
    """The unit's own officer on their unit's editable submission (404 outside their view, 403 else)."""

    def get_object(self) -> Submission:
        return selectors.submission_get(user=self.request.user, pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def has_permission(self) -> bool:
        return permissions.can_edit_submission(self.request.user, self.object)  # type: ignore[attr-defined]

    def submission_form(self, data: Any = None) -> forms.SubmissionForm:
        submission = self.object  # type: ignore[attr-defined]
        template = submission.request.template
        return forms.SubmissionForm(
            data,
            submission=submission,
            sections=list(selectors.section_list(template=template)),
            indicators=list(selectors.indicator_list(template=template)),
            texts=selectors.submission_texts(submission=submission),
            values=selectors.submission_values(submission=submission),
        )


class SubmissionEditView(SubmissionFormMixin, ReportFormView):
    """The unit's form: a text per section, a number per entered indicator; saved as a draft every few
    seconds by reports/submission_autosave.js, and in full by "Lưu nháp" or "Lưu và gửi"."""

    template_name = "reports/submission_form.html"
    page_title = gettext_lazy("Soạn báo cáo")

    def get_breadcrumbs(self):
        return _submission_crumbs(self.object, (self.get_page_title(), None))

    def get_form(self, form_class=None) -> forms.SubmissionForm:
        return self.submission_form(self.request.POST if self.request.method == "POST" else None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            submission=self.object,
            report_request=self.object.request,
            autosave_url=reverse("reports:submission-autosave", args=[self.object.pk]),
            # The unit writes with the system's figures for it in view (read-only here).
            computed_rows=selectors.submission_read(
                user=self.request.user, submission=self.object
            ).computed_rows,
            ask_confirm_empty=getattr(form, "empty_sections", False)
            or bool(form.is_bound and form.data.get("confirm_empty")),
        )
        return context

    def perform(self, form) -> Submission:
        self.submitted = "submit" in self.request.POST
        with transaction.atomic():
            # Saved and sent together, or neither: a refused send (empty sections) keeps the page's text
            # in the form and the draft as it was, and the autosave keeps it anyway.
            saved = services.submission_save(
                actor=self.request.user,
                submission=self.object,
                expected_version=form.cleaned_data["version"],
                texts=form.texts(),
                values=form.values(),
            )
            if self.submitted:
                try:
                    saved = services.submission_submit(
                        actor=self.request.user,
                        submission=saved,
                        expected_version=saved.version,
                        confirm_empty=form.cleaned_data.get("confirm_empty", False),
                    )
                except ValidationError as error:
                    codes = [e.code for e in getattr(error, "error_dict", {}).get("texts", [])]
                    form.empty_sections = "empty_sections" in codes
                    raise
        return saved

    def get_success_message(self, saved: Submission) -> str:
        if self.submitted:
            return _("Đã gửi báo cáo của %(unit)s.") % {"unit": saved.unit.name}
        return _("Đã lưu bản nháp.")


def _saved_message(submission: Submission) -> dict[str, Any]:
    saved_at = timezone.localtime(submission.last_saved_at or timezone.now())
    return {
        "saved_at": saved_at.isoformat(),
        "version": submission.version,
        "message": _("Đã lưu nháp lúc %(time)s") % {"time": saved_at.strftime("%H:%M")},
    }


class SubmissionAutosaveView(SubmissionFormMixin, LoginRequiredMixin, View):
    """The draft saved in the background: JSON {"saved_at", "version", "message"}; 409 with the conflict
    message when someone saved in between; 400 with the problems when a value is wrong; 403 once the
    submission is no longer editable."""

    http_method_names = ["post"]

    def dispatch(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            # Like every page: to the login form (the script sees a redirect and stops autosaving).
            return self.handle_no_permission()
        try:
            self.object = self.get_object()
        except Http404:
            return JsonResponse({"error": _("Không tìm thấy báo cáo.")}, status=404)
        if not self.has_permission():
            return JsonResponse({"error": services.NOT_EDITABLE}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.submission_form(request.POST)
        if not form.is_valid():
            problems = [
                f"{form.fields[name].label}: {errors[0]}" if name in form.fields else errors[0]
                for name, errors in form.errors.items()
            ]
            return JsonResponse({"error": " ".join(str(p) for p in problems)}, status=400)
        try:
            saved = services.submission_save(
                actor=request.user,
                submission=self.object,
                expected_version=form.cleaned_data["version"],
                texts=form.texts(),
                values=form.values(),
            )
        except EditConflict:
            return JsonResponse({"error": str(EDIT_CONFLICT)}, status=409)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(_saved_message(saved))


class SubmissionSubmitView(SubmissionFormMixin, ActionView):
    def act(self) -> str:
        saved = services.submission_submit(
            actor=self.request.user,
            submission=self.object,
            expected_version=_version(self.request),
            confirm_empty=bool(self.request.POST.get("confirm_empty")),
        )
        return _("Đã gửi báo cáo của %(unit)s.") % {"unit": saved.unit.name}


class ReviewMixin:
    def get_object(self) -> Submission:
        return selectors.submission_get(user=self.request.user, pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def get_success_url(self) -> str:
        return self.object.request.get_absolute_url()  # type: ignore[attr-defined]


class SubmissionAcceptView(ReviewMixin, ActionView):
    def has_permission(self) -> bool:
        return permissions.can_review_submission(self.request.user, self.object)

    def act(self) -> str:
        saved = services.submission_accept(actor=self.request.user, submission=self.object)
        return _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": saved.unit.name}


class SubmissionReturnView(ReviewMixin, ReportFormView):
    """Back to the unit, with the comment it needs (required)."""

    form_class = forms.ReturnForm
    page_title = gettext_lazy("Trả lại báo cáo")

    def has_permission(self) -> bool:
        return permissions.can_return_submission(self.request.user, self.object)

    def get_form_instance(self) -> None:
        return None

    def get_breadcrumbs(self):
        return _submission_crumbs(self.object, (self.get_page_title(), None))

    def perform(self, form) -> Submission:
        return services.submission_return(
            actor=self.request.user, submission=self.object, comment=form.cleaned_data["comment"]
        )

    def get_success_message(self, saved: Submission) -> str:
        return _("Đã trả lại báo cáo cho %(unit)s.") % {"unit": saved.unit.name}

    def get_success_redirect(self, saved: Submission) -> str:
        return self.get_success_url()


class SubmissionFileAddView(SubmissionFormMixin, ReportFormView):
    form_class = forms.SubmissionFileForm
    page_title = gettext_lazy("Đính kèm tệp")
    multipart = True

    def get_form_instance(self) -> None:
        return None

    def get_breadcrumbs(self):
        return _submission_crumbs(self.object, (self.get_page_title(), None))

    def perform(self, form) -> SubmissionFile:
        return services.submission_file_add(
            actor=self.request.user, submission=self.object, upload=form.cleaned_data["file"]
        )

    def get_success_message(self, saved: SubmissionFile) -> str:
        return _("Đã đính kèm “%(name)s”.") % {"name": saved.original_name}

    def get_success_redirect(self, saved: SubmissionFile) -> str:
        return self.object.get_absolute_url()


class FileDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int) -> HttpResponse:
        record = selectors.submission_file_get(user=request.user, pk=pk)
        return serve_stored(record.file, filename=record.original_name)


class FileDeleteView(ReportFormView):
    form_class = forms.ConfirmForm
    template_name = "reports/confirm_delete.html"
    page_title = gettext_lazy("Xóa tệp đính kèm")

    def get_object(self) -> SubmissionFile:
        return selectors.submission_file_get(user=self.request.user, pk=self.kwargs["pk"])

    def has_permission(self) -> bool:
        return permissions.can_edit_submission(self.request.user, self.object.submission)

    def get_form_instance(self) -> None:
        return None

    def get_cancel_url(self) -> str:
        return self.object.submission.get_absolute_url()

    def get_breadcrumbs(self):
        submission = selectors.submission_get(user=self.request.user, pk=self.object.submission_id)
        return _submission_crumbs(submission, (self.get_page_title(), None))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "target": self.object.original_name}

    def perform(self, form) -> SubmissionFile:
        services.submission_file_delete(actor=self.request.user, file=self.object)
        return self.object

    def get_success_message(self, saved: SubmissionFile) -> str:
        return _("Đã xóa tệp “%(name)s”.") % {"name": saved.original_name}

    def get_success_redirect(self, saved: SubmissionFile) -> str:
        return self.get_cancel_url()
