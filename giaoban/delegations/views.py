"""The delegation pages: register, record, workflow, post-trip reports, statistics, Excel export and import.

Records come only through the selectors (a delegation the user may not see answers 404) and are written
only through the services. The secretariat edits every delegation of its committees, a unit officer
their own unit's; leaders and system admins read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from giaoban.core.audit import history_entries
from giaoban.core.db import vietnamese_order
from giaoban.core.forms import add_service_errors
from giaoban.core.services import EditConflict
from giaoban.core.uploads import serve_stored
from giaoban.core.vietnamese import format_number
from giaoban.core.views_mixins import (
    BreadcrumbsMixin,
    ManageFormView,
    ManageMixin,
    PaginatedListMixin,
    ReadPageMixin,
)
from giaoban.core.xlsx import XLSX_CONTENT_TYPE
from giaoban.org import selectors as org_selectors

from . import countries, forms, selectors, services, xlsx
from . import localities as locality_data
from .imports import ImportResult
from .models import Delegation, Direction, Purpose, Status

DELEGATIONS = gettext_lazy("Đoàn ra, đoàn vào")
IMPORT_SALT = "giaoban.delegations.import"
IMPORT_MAX_AGE = 3600  # seconds between the preview and the confirmation
IMPORT_PREVIEW_ROWS = 20
IMPORT_ERRORS_SHOWN = 500
STATS_UNITS_SHOWN = 50  # the rest are in the API's by_unit and the exported list


class DelegationPageMixin(ReadPageMixin):
    """Read pages of the register; `can_register` tells templates whether to offer registration."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_register"] = selectors.can_manage_delegations(self.request.user)
        return context


class DelegationManageMixin:
    """Writes: the secretariat and unit officers (each within their rights, checked per record)."""

    def has_permission(self) -> bool:
        return selectors.can_manage_delegations(self.request.user)  # type: ignore[attr-defined]


def _decorate(delegations: Any) -> list[Delegation]:
    """Display helpers for rows: place names and purpose labels, without further queries."""
    rows = list(delegations)
    for delegation in rows:
        delegation.country_display = ", ".join(countries.country_names(delegation.country_code_list, None))
        delegation.purpose_display = ", ".join(str(Purpose(p).label) for p in delegation.purpose_list)
    return rows


# --- Lists ---------------------------------------------------------------------------------------


class DelegationListView(DelegationPageMixin, PaginatedListMixin, TemplateView):
    template_name = "delegations/delegation_list.html"
    page_title = gettext_lazy("Đoàn ra, đoàn vào")
    nav_active = "list"

    def get_breadcrumbs(self):
        return [(DELEGATIONS, None)]

    def get_queryset(self, form: forms.DelegationFilterForm):
        return selectors.delegation_list(user=self.request.user, **form.filters())

    def export_url(self) -> str:
        """The export of what the list shows: the same filters, every page."""
        query = self.query_string().rstrip("&")
        return reverse("delegations:delegation-export") + (f"?{query}" if query else "")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms.DelegationFilterForm(self.request.GET, user=self.request.user)
        page = self.paginate(self.get_queryset(form))
        page["object_list"] = _decorate(page["object_list"])
        context.update(page)
        context.update(
            filter_form=form,
            filtered=any(value for key, value in form.filters().items() if key != "sort"),
            page_title=self.page_title,
            nav_active=self.nav_active,
            export_url=self.export_url(),
        )
        return context


class MissingReportListView(DelegationListView):
    """Delegations whose post-trip report is overdue: the same list, filtered on that status."""

    page_title = gettext_lazy("Đoàn quá hạn nộp báo cáo")
    nav_active = "missing"

    def get_breadcrumbs(self):
        return [(DELEGATIONS, reverse("delegations:delegation-list")), (self.page_title, None)]

    def export_url(self) -> str:
        params = self.request.GET.copy()
        params["status"] = selectors.OVERDUE
        params.pop("page", None)
        return f"{reverse('delegations:delegation-export')}?{params.urlencode()}"

    def get_queryset(self, form: forms.DelegationFilterForm):
        filters = {**form.filters(), "status": selectors.OVERDUE}
        if not form.filters().get("sort"):
            filters["sort"] = "start"
        return selectors.delegation_list(user=self.request.user, **filters)


class DelegationExportView(ReadPageMixin, View):
    """The filtered list (every page) as an .xlsx file."""

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.DelegationFilterForm(request.GET, user=request.user)
        delegations = selectors.delegation_list(user=request.user, **form.filters())
        output = xlsx.write_export(delegations)
        filename = f"doan-ra-doan-vao-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


# --- A delegation --------------------------------------------------------------------------------


def _readable_history(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Codes in the history ("CN,LA") shown as names ("Trung Quốc, Lào")."""
    fields = {
        str(Delegation._meta.get_field("country_codes").verbose_name): lambda value: ", ".join(
            countries.country_names([c for c in value.split(",") if c], None)
        ),
        str(Delegation._meta.get_field("purpose_codes").verbose_name): lambda value: ", ".join(
            str(Purpose(p).label) for p in value.split(",") if p in Purpose.values
        ),
    }
    for entry in entries:
        for change in entry["changes"]:
            show = fields.get(str(change["field"]))
            if show:
                change["old"], change["new"] = show(change["old"]), show(change["new"])
    return entries


class DelegationDetailView(DelegationPageMixin, TemplateView):
    template_name = "delegations/delegation_detail.html"

    def get_breadcrumbs(self):
        return [(DELEGATIONS, reverse("delegations:delegation-list")), (self.delegation.name, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.delegation = delegation = selectors.delegation_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        _decorate([delegation])
        can_edit = selectors.can_edit_delegation(user, delegation)
        context.update(
            delegation=delegation,
            country_names=[countries.country_name(code, None) for code in delegation.country_code_list],
            locality_names=[
                name for code, (name, _country) in locality_data.names(delegation.locality_code_list).items()
            ],
            participants=list(delegation.participating_units.order_by(vietnamese_order("name"), "pk")),
            purpose_labels=[Purpose(p).label for p in delegation.purpose_list],
            can_edit=can_edit,
            transitions=services.allowed_transitions(delegation.status) if can_edit else [],
            can_report=can_edit and delegation.status != Status.CANCELLED,
            report_due=selectors.report_due_date(delegation),
            report_overdue=selectors.is_report_overdue(delegation),
            report_files=list(delegation.report_files.order_by("uploaded_at", "pk")),
            warnings=selectors.warnings_for(delegation),
            unit_visible=org_selectors.organisations_visible_to(user)
            .filter(pk=delegation.lead_unit_id)
            .exists(),
            history=_readable_history(history_entries(delegation)),
        )
        return context


class ReportFileView(ReadPageMixin, View):
    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        report_file = selectors.report_file_get(user=request.user, pk=kwargs["pk"])
        return serve_stored(report_file.file, filename=report_file.name)


# --- Register and edit ---------------------------------------------------------------------------


class DelegationFormPage(DelegationManageMixin, ManageFormView):
    template_name = "delegations/delegation_form.html"

    def get_breadcrumbs(self):
        crumbs = [(DELEGATIONS, reverse("delegations:delegation-list"))]
        if self.object is not None:
            crumbs.append((self.object.name, self.object.get_absolute_url()))
        return [*crumbs, (self.get_page_title(), None)]

    def form_valid(self, form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # Rules the service checks (unit rights, lists) come back on their fields.
            for field, problems in error.message_dict.items():
                target = {"country_codes": "countries", "purpose_codes": "purposes"}.get(field, field)
                form.add_error(target if target in form.fields else None, problems)
            return self.form_invalid(form)

    def warn(self, saved: Delegation) -> None:
        for warning in selectors.warnings_for(saved):
            messages.warning(self.request, warning)


class DelegationCreateView(DelegationFormPage):
    form_class = forms.DelegationCreateForm
    page_title = gettext_lazy("Đăng ký đoàn")

    def get_cancel_url(self) -> str:
        return reverse("delegations:delegation-list")

    def get_initial(self) -> dict[str, Any]:
        direction = self.request.GET.get("direction")
        return {"direction": direction if direction in Direction.values else Direction.OUTBOUND}

    def perform(self, form) -> Delegation:
        data = form.service_data()
        saved = services.delegation_create(actor=self.request.user, **data)
        self.warn(saved)
        return saved

    def get_success_message(self, saved: Delegation) -> str:
        return _("Đã đăng ký “%(name)s”.") % {"name": saved.name}


class ReportedTotalCreateView(DelegationFormPage):
    """A unit's delegations reported as a number for a period; they enter the period's statistics."""

    form_class = forms.ReportedTotalForm
    template_name = "delegations/form_page.html"
    page_title = gettext_lazy("Ghi số đoàn đơn vị báo cáo tổng số")

    def get_cancel_url(self) -> str:
        return reverse("delegations:delegation-stats")

    def perform(self, form) -> Any:
        data = form.service_data()
        return services.reported_total_create(
            actor=self.request.user, countries=data.pop("countries"), **data
        )

    def get_success_message(self, saved: Any) -> str:
        return _("Đã ghi %(count)s đoàn của %(unit)s.") % {
            "count": format_number(saved.delegations),
            "unit": saved.unit.name,
        }

    def get_success_redirect(self, saved: Any) -> str:
        period = f"date_from={saved.date_from.isoformat()}&date_to={saved.date_to.isoformat()}"
        return f"{reverse('delegations:delegation-stats')}?{period}"


class DelegationUpdateView(DelegationFormPage):
    form_class = forms.DelegationUpdateForm
    page_title = gettext_lazy("Sửa thông tin đoàn")

    def get_object(self) -> Delegation:
        return selectors.delegation_get_for_edit(user=self.request.user, pk=self.kwargs["pk"])

    def perform(self, form) -> Delegation:
        saved = services.delegation_update(
            actor=self.request.user,
            delegation=self.object,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )
        self.warn(saved)
        return saved

    def get_success_message(self, saved: Delegation) -> str:
        return _("Đã lưu “%(name)s”.") % {"name": saved.name}


class DelegationActionPage(DelegationManageMixin, ManageMixin, BreadcrumbsMixin, FormView):
    """A form acting on one delegation (status, report): 404 if unseen, 403 if the user may not edit."""

    template_name = "delegations/action_form.html"
    page_title = ""

    def get_object(self) -> Delegation:
        return selectors.delegation_get_for_edit(user=self.request.user, pk=self.kwargs["pk"])

    def get_breadcrumbs(self):
        return [
            (DELEGATIONS, reverse("delegations:delegation-list")),
            (self.object.name, self.object.get_absolute_url()),
            (self.page_title, None),
        ]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "delegation": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object, page_title=self.page_title, cancel_url=self.object.get_absolute_url()
        )
        return context

    def act(self, form) -> str:
        raise NotImplementedError

    def form_valid(self, form) -> HttpResponse:
        try:
            message = self.act(form)
        except EditConflict as conflict:
            form.add_error(None, conflict)
            return self.form_invalid(form)
        except ValidationError as error:
            for field, problems in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, problems)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return HttpResponseRedirect(self.object.get_absolute_url())


class DelegationTransitionView(DelegationActionPage):
    form_class = forms.TransitionForm
    page_title = gettext_lazy("Chuyển trạng thái")

    def act(self, form) -> str:
        saved = services.delegation_transition(
            actor=self.request.user,
            delegation=self.object,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
        return _("Đoàn đã chuyển sang “%(status)s”.") % {"status": saved.get_status_display()}


class DelegationReportView(DelegationActionPage):
    form_class = forms.ReportForm
    page_title = gettext_lazy("Báo cáo kết quả")
    template_name = "delegations/report_form.html"

    def act(self, form) -> str:
        services.delegation_report_submit(
            actor=self.request.user,
            delegation=self.object,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
            report_date=form.cleaned_data["report_date"],
            expected_version=form.cleaned_data["version"],
        )
        return _("Đã lưu báo cáo kết quả của đoàn.")


# --- Statistics ----------------------------------------------------------------------------------


class DelegationStatsView(DelegationPageMixin, TemplateView):
    template_name = "delegations/stats.html"

    def get_breadcrumbs(self):
        return [(DELEGATIONS, reverse("delegations:delegation-list")), (_("Thống kê"), None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.StatsFilterForm(self.request.GET, user=user)
        date_from, date_to = form.period()
        committee = form.cleaned_data.get("committee") if form.is_valid() else None
        stats = selectors.delegation_stats(
            user=user, date_from=date_from, date_to=date_to, committee=committee
        )
        chart = {
            "labels": {"outbound": _("Đoàn ra"), "inbound": _("Đoàn vào")},
            "by_country": stats.by_country[:20],
            "by_month": stats.by_month,
            "by_purpose": stats.by_purpose,
        }
        context.update(
            filter_form=form,
            stats=stats,
            sentence=stats.sentence,
            committee=committee,
            date_from=date_from,
            date_to=date_to,
            chart_data=chart,
            unit_rows=stats.by_unit[:STATS_UNITS_SHOWN],
            units_not_shown=max(0, len(stats.by_unit) - STATS_UNITS_SHOWN),
            month_rows=[
                {"label": f"{int(row['month'][5:])}/{row['month'][:4]}", **row}
                for row in stats.by_month
                if len(stats.by_month) <= 36 or row["outbound"] or row["inbound"]
            ],
            can_report_totals=selectors.can_manage_delegations(user),
            list_url=reverse("delegations:delegation-list")
            + f"?date_from={date_from.isoformat()}&date_to={date_to.isoformat()}",
        )
        return context


# --- Import --------------------------------------------------------------------------------------


def template_response(user: Any) -> FileResponse:
    """The import template, its unit list holding the units the user may import for (page and API)."""
    names = list(selectors.units_for_registration(user).values_list("name", flat=True))
    return FileResponse(
        xlsx.template_file(unit_names=names),
        as_attachment=True,
        filename=xlsx.TEMPLATE_FILENAME,
        content_type=XLSX_CONTENT_TYPE,
    )


class ImportTemplateView(DelegationManageMixin, ManageMixin, View):
    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        return template_response(request.user)


class DelegationImportView(DelegationManageMixin, ManageMixin, BreadcrumbsMixin, TemplateView):
    """Upload → preview (every error, or the first rows) → confirm; nothing is written before confirming."""

    template_name = "delegations/import.html"

    def get_breadcrumbs(self):
        return [(DELEGATIONS, reverse("delegations:delegation-list")), (_("Nhập từ Excel"), None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.ImportUploadForm())
        context["errors_shown_slice"] = f":{IMPORT_ERRORS_SHOWN}"
        return context

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if "token" in request.POST:
            return self.confirm(request)
        form = forms.ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        name = upload.name
        try:
            rows = services.delegation_import_large_rows(upload)
            if rows is not None:
                job = services.delegation_import_job_start(
                    actor=request.user, upload=upload, dry_run=True, rows_estimated=rows
                )
                return HttpResponseRedirect(job.get_absolute_url())
            result, stored = services.delegation_import_stage(
                actor=request.user, upload=upload, preview_rows=IMPORT_PREVIEW_ROWS
            )
        except ValidationError as invalid:
            add_service_errors(form, invalid)
            return self.render_to_response(self.get_context_data(form=form))
        token = None
        if stored is not None:
            token = signing.dumps({"file": stored, "name": name, "user": request.user.pk}, salt=IMPORT_SALT)
        return self.render_to_response(
            self.get_context_data(form=form, result=result, token=token, source_name=name)
        )

    def confirm(self, request) -> HttpResponse:
        try:
            data = signing.loads(request.POST["token"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, _("Phiên nhập đã hết hạn. Hãy tải tệp lên lại."))
            return HttpResponseRedirect(reverse("delegations:delegation-import"))
        if data.get("user") != request.user.pk or not default_storage.exists(data["file"]):
            raise PermissionDenied
        result = services.delegation_import_staged(
            actor=request.user, stored=data["file"], source_name=data["name"]
        )
        if not result.ok:
            return self.render_to_response(self.get_context_data(result=result, source_name=data["name"]))
        messages.success(
            request,
            _("Đã nhập %(count)s đoàn từ tệp “%(name)s”.") % {"count": result.created, "name": data["name"]},
        )
        return HttpResponseRedirect(reverse("delegations:delegation-list"))


class ImportJobView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """A large import in the task worker: its progress while it runs (the page reloads itself), then its
    result: the preview and the confirmation of a clean check, the count imported, or every error."""

    template_name = "delegations/import_job.html"

    def get_breadcrumbs(self):
        return [
            (DELEGATIONS, reverse("delegations:delegation-list")),
            (_("Nhập từ Excel"), reverse("delegations:delegation-import")),
            (self.job.source_name or _("Lượt nhập"), None),
        ]

    def dispatch(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.job = selectors.import_job_get(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.job
        context["job"] = job
        context["errors_shown_slice"] = f":{IMPORT_ERRORS_SHOWN}"
        if job.finished:
            context["result"] = ImportResult.from_job(job)
            context["source_name"] = job.source_name
            if job.error_count:
                context["errors_download_url"] = reverse("delegations:import-job-errors", args=[job.pk])
            if job.ok and job.dry_run and job.stored:
                context["confirm_url"] = job.get_absolute_url()
        return context

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            follow = services.delegation_import_job_confirm(actor=request.user, job=self.job)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.job.get_absolute_url())
        return HttpResponseRedirect(follow.get_absolute_url())


class ImportJobErrorsView(LoginRequiredMixin, View):
    """Every error of an import job as a workbook: the page lists the first ones, the file all."""

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        job = selectors.import_job_get(user=request.user, pk=kwargs["pk"])
        return FileResponse(
            xlsx.write_errors(job.errors, source_name=job.source_name),
            as_attachment=True,
            filename=f"loi-nhap-doan-{job.pk}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
