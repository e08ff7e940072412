"""Following tasks up: the dashboard (as of a date), a unit's bulk update."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from giaoban.core import permissions as roles
from giaoban.core.views_mixins import BreadcrumbsMixin
from giaoban.core.xlsx import XLSX_CONTENT_TYPE

from . import forms, permissions, selectors, services, stats, xlsx
from .models import TaskStatus
from .views import TASKS, decorate

DASHBOARD = gettext_lazy("Thống kê nhiệm vụ")
BULK = gettext_lazy("Cập nhật tiến độ hàng loạt")
OVERDUE_SHOWN = 50


class DashboardMixin(LoginRequiredMixin):
    """Reads the dashboard's filters: committee, lead unit, date range, as-of date, table order."""

    def dashboard(self) -> dict[str, Any]:
        user = self.request.user  # type: ignore[attr-defined]
        params = self.request.GET.copy()  # type: ignore[attr-defined]
        if roles.is_unit_officer(user) and "unit" not in params and user.organisation_id:
            params["unit"] = str(user.organisation_id)
        form = forms.DashboardForm(params, user=user)
        form.is_valid()
        data = form.cleaned_data
        try:
            period = stats.stats_range(data.get("date_from"), data.get("date_to"), data.get("as_of"))
        except ValueError:
            period = stats.stats_range()
        scope = {
            "committee": data["committee"].pk if data.get("committee") else None,
            "unit": data["unit"].pk if data.get("unit") else None,
        }
        figures = stats.task_stats(user=user, period=period, **scope)
        sort = data.get("sort") or "name"
        by_unit = stats.task_stats_by_unit(
            user=user, period=period, sort=sort, descending=bool(data.get("desc")), **scope
        )
        overdue = list(stats.overdue_list(user=user, period=period, **scope)[:OVERDUE_SHOWN])
        overdue_rows = [(task, (period.as_of - task.deadline_as_of).days) for task in overdue]
        return {
            "form": form,
            "period": period,
            "scope": scope,
            "stats": figures,
            "sentence": stats.stats_sentence(figures),
            "by_unit": by_unit,
            "sort": sort,
            "descending": bool(data.get("desc")),
            "overdue": overdue_rows,
            "committee": data.get("committee"),
            "unit": data.get("unit"),
        }


class DashboardView(DashboardMixin, BreadcrumbsMixin, TemplateView):
    template_name = "tasks/dashboard.html"

    def get_breadcrumbs(self):
        return [(TASKS, reverse("tasks:task-list")), (DASHBOARD, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        board = self.dashboard()
        figures = board["stats"]
        counts = figures.counts()
        params = self.request.GET.copy()
        for key in ("sort", "desc"):
            params.pop(key, None)
        columns = [("name", _("Đơn vị chủ trì")), ("total", _("Tổng số"))]
        columns += [(status.value, status.label) for status in TaskStatus]
        columns += [("extended", _("Được gia hạn")), ("on_time_rate", _("Tỷ lệ đúng hạn"))]
        context.update(board)
        context.update(
            classes=[(status, counts[status.value]) for status in TaskStatus],
            columns=columns,
            base_query=params.urlencode(),
            chart={
                "labels": [str(status.label) for status in TaskStatus],
                "values": [counts[status.value] for status in TaskStatus],
                "units": [row.unit.short_name or row.unit.name for row in board["by_unit"]],
                "series": [
                    {
                        "label": str(status.label),
                        "key": status.value,
                        "data": [row.stats.counts()[status.value] for row in board["by_unit"]],
                    }
                    for status in TaskStatus
                    if status != TaskStatus.CANCELLED
                ],
            },
        )
        return context


class DashboardExportView(DashboardMixin, View):
    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        board = self.dashboard()
        title = _("Thống kê nhiệm vụ")
        if board["committee"]:
            title += f" — {board['committee'].short_name}"
        if board["unit"]:
            title += f" — {board['unit'].name}"
        overdue = [(task, days) for task, days in board["overdue"]]
        data = xlsx.dashboard_workbook(
            title=title,
            period=board["period"],
            stats=board["stats"],
            by_unit=board["by_unit"],
            overdue=overdue,
        )
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        name = f"thong-ke-nhiem-vu-{board['period'].as_of.isoformat()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- Bulk update -------------------------------------------------------------------------------------------


class BulkMixin(LoginRequiredMixin):
    """A unit officer's open tasks (led or coordinated by their unit)."""

    def dispatch(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not roles.is_unit_officer(request.user) or not request.user.organisation_id:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def open_tasks(self) -> list:
        user = self.request.user  # type: ignore[attr-defined]
        tasks = list(
            selectors.open_tasks_of_unit(user=user, unit_id=user.organisation_id).prefetch_related(
                "coordinating_units"
            )
        )
        for task in tasks:
            task.role = permissions.unit_role(user, task)
        return decorate(tasks)


class BulkUpdateView(BulkMixin, BreadcrumbsMixin, TemplateView):
    template_name = "tasks/bulk.html"

    def get_breadcrumbs(self):
        return [(TASKS, reverse("tasks:task-list")), (BULK, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", forms.BulkProgressForm(tasks=self.open_tasks()))
        context.setdefault("upload_form", forms.UploadForm())
        return context

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.BulkProgressForm(request.POST, tasks=self.open_tasks())
        if form.is_valid():
            rows = form.service_rows()
            if not rows:
                form.add_error(None, _("Chưa có dòng nào được điền."))
            else:
                try:
                    created = services.progress_bulk_create(actor=request.user, rows=rows)
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error(None, message)
                else:
                    messages.success(
                        request, _("Đã cập nhật tiến độ %(count)s nhiệm vụ.") % {"count": len(created)}
                    )
                    return HttpResponseRedirect(reverse("tasks:bulk-update"))
        return self.render_to_response(self.get_context_data(form=form))


class BulkExportView(BulkMixin, View):
    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        tasks = self.open_tasks()
        role_names = {permissions.LEAD: _("Chủ trì"), permissions.COORDINATING: _("Phối hợp")}
        data = xlsx.bulk_workbook(
            unit_name=request.user.organisation.name,
            tasks=tasks,
            roles={task.pk: role_names.get(task.role, "") for task in tasks},
        )
        response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="cap-nhat-tien-do.xlsx"'
        return response


class BulkUploadView(BulkMixin, BreadcrumbsMixin, TemplateView):
    template_name = "tasks/bulk.html"

    def get_breadcrumbs(self):
        return [(TASKS, reverse("tasks:task-list")), (BULK, None)]

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(reverse("tasks:bulk-update"))

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        tasks = self.open_tasks()
        upload = forms.UploadForm(request.POST, request.FILES)
        errors: list[str] = []
        if upload.is_valid():
            parsed = xlsx.parse_bulk_upload(
                upload.cleaned_data["file"].read(), tasks={t.pk: t for t in tasks}
            )
            errors = parsed.errors
            if not errors and not parsed.rows:
                errors = [_("Tệp không có dòng nào được điền.")]
            if not errors:
                try:
                    created = services.progress_bulk_create(actor=request.user, rows=parsed.rows)
                except ValidationError as error:
                    errors = list(error.messages)
                else:
                    messages.success(
                        request, _("Đã cập nhật tiến độ %(count)s nhiệm vụ từ tệp.") % {"count": len(created)}
                    )
                    return HttpResponseRedirect(reverse("tasks:bulk-update"))
        context = self.get_context_data(
            form=forms.BulkProgressForm(tasks=tasks), upload_form=upload, upload_errors=errors
        )
        return self.render_to_response(context, status=200)
