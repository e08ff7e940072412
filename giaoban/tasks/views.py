"""Task pages: list, detail, create and edit, cancel; progress, completion and extension flows.

Tasks are fetched only through the selectors (outside the user's view: 404) and written only through
the services; permissions.py says who may act on a task they see (403 otherwise). Dashboards, the
bulk update and notifications are in views_follow_up.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from giaoban.core.audit import history_entries
from giaoban.core.uploads import serve_stored
from giaoban.core.views_mixins import BreadcrumbsMixin, ManageFormView, PaginatedListMixin

from . import forms, permissions, selectors, services
from .models import ReviewState, Task
from .status import days_overdue, deadline_on, task_status

TASKS = gettext_lazy("Nhiệm vụ")


def decorate(tasks: list[Task], on=None) -> list[Task]:
    """Give each task its status and days overdue for display (the same function as everywhere)."""
    on = on or timezone.localdate()
    for task in tasks:
        task.status = task_status(task, on)
        task.overdue_days = days_overdue(task, on)
    return tasks


class TaskListView(LoginRequiredMixin, BreadcrumbsMixin, PaginatedListMixin, TemplateView):
    template_name = "tasks/task_list.html"

    def get_breadcrumbs(self):
        return [(TASKS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.TaskFilterForm(self.request.GET, user=user)
        form.is_valid()
        data = form.cleaned_data
        tasks = selectors.task_list(
            user=user,
            query=data.get("q"),
            committee=data["committee"].pk if data.get("committee") else None,
            unit=data["unit"].pk if data.get("unit") else None,
            status=data.get("status") or None,
            due_by=data.get("due_by"),
            assigned_from=data.get("assigned_from"),
            review=data.get("review") or None,
        )
        context.update(self.paginate(tasks))
        context["object_list"] = decorate(list(context["object_list"]))
        context.update(
            filter_form=form,
            filtered=any(
                data.get(name)
                for name in ("q", "committee", "unit", "status", "review", "due_by", "assigned_from")
            ),
            can_create=permissions.can_manage_task(user),
            reviews=selectors.pending_reviews(user=user),
        )
        return context


class TaskDetailView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    template_name = "tasks/task_detail.html"

    def get_breadcrumbs(self):
        return [(TASKS, reverse("tasks:task-list")), (self.task.code, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.task = task = selectors.task_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        progress = list(selectors.progress_list(task=task))
        for update in progress:
            update.can_edit = permissions.can_edit_progress(user, update)
        context.update(
            task=task,
            status=task_status(task, today),
            overdue_days=days_overdue(task, today),
            deadline=deadline_on(task, today),
            role=permissions.unit_role(user, task),
            subtasks=decorate(list(selectors.tasks_visible_to(user).filter(parent=task).order_by("number"))),
            progress=progress,
            completions=list(selectors.completion_list(task=task)),
            extensions=list(selectors.extension_list(task=task)),
            can_manage=permissions.can_manage_task(user, task),
            can_post_progress=permissions.can_post_progress(user, task),
            can_report_completion=permissions.can_report_completion(user, task),
            can_request_extension=permissions.can_request_extension(user, task),
            pending=ReviewState.PENDING,
            history=history_entries(task),
        )
        return context


# --- Forms -------------------------------------------------------------------------------------------


class TaskFormPage(ManageFormView):
    """A form that writes through a service, with ManageFormView's checks (anonymous → login; task
    outside the user's view → 404; a user who sees it but may not act → 403) and error handling (a
    service's ValidationError or EditConflict shows the form again with the user's input, nothing saved).
    Subclasses name the task (`get_task`), the rule (`has_permission`) and the write (`perform`)."""

    template_name = "tasks/form_page.html"
    page_title: Any = ""
    task: Task | None = None

    def get_task(self) -> Task | None:
        return selectors.task_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_object(self) -> Task | None:
        self.task = self.get_task()
        return self.task

    def has_permission(self) -> bool:
        return False

    def get_breadcrumbs(self):
        crumbs = [(TASKS, reverse("tasks:task-list"))]
        if self.task is not None:
            crumbs.append((self.task.code, self.task.get_absolute_url()))
        return [*crumbs, (str(self.page_title), None)]

    def get_cancel_url(self) -> str:
        return self.task.get_absolute_url() if self.task else reverse("tasks:task-list")

    def get_form_instance(self) -> None:
        return None  # each form takes its own arguments (get_form_kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return FormView.get_form_kwargs(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["task"] = self.task
        return context

    def get_success_redirect(self, saved: Any) -> str:
        return self.get_cancel_url()


class TaskCreateView(TaskFormPage):
    form_class = forms.TaskForm
    page_title = gettext_lazy("Giao nhiệm vụ mới")

    def get_task(self) -> None:
        return None

    def has_permission(self) -> bool:
        return permissions.can_manage_task(self.request.user)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form) -> Task:
        data = form.service_data()
        return services.task_create(actor=self.request.user, committee=form.cleaned_data["committee"], **data)

    def get_success_message(self, result: Task) -> str:
        return _("Đã giao nhiệm vụ %(code)s.") % {"code": result.code}

    def get_success_redirect(self, result: Task) -> str:
        return result.get_absolute_url()


class TaskUpdateView(TaskFormPage):
    form_class = forms.TaskUpdateForm
    page_title = gettext_lazy("Sửa nhiệm vụ")

    def has_permission(self) -> bool:
        return permissions.can_manage_task(self.request.user, self.task)

    def get_form_kwargs(self) -> dict[str, Any]:
        import copy

        return {**super().get_form_kwargs(), "user": self.request.user, "instance": copy.copy(self.task)}

    def perform(self, form) -> Task:
        return services.task_update(
            actor=self.request.user,
            task=self.task,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, result: Task) -> str:
        return _("Đã lưu nhiệm vụ %(code)s.") % {"code": result.code}


class TaskCancelView(TaskFormPage):
    form_class = forms.TaskCancelForm
    page_title = gettext_lazy("Dừng thực hiện nhiệm vụ")

    def has_permission(self) -> bool:
        return permissions.can_manage_task(self.request.user, self.task) and not self.task.is_closed

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "task": self.task}

    def perform(self, form) -> Task:
        data = form.cleaned_data
        return services.task_cancel(
            actor=self.request.user,
            task=self.task,
            reason=data["reason"],
            on=data["on"],
            expected_version=data["version"],
        )

    def get_success_message(self, result: Task) -> str:
        return _("Nhiệm vụ %(code)s đã dừng thực hiện.") % {"code": result.code}


class ProgressCreateView(TaskFormPage):
    form_class = forms.ProgressForm
    page_title = gettext_lazy("Cập nhật tiến độ")

    def has_permission(self) -> bool:
        return permissions.can_post_progress(self.request.user, self.task)

    def get_initial(self) -> dict[str, Any]:
        return {"percent": self.task.percent}

    def perform(self, form) -> Any:
        data = form.cleaned_data
        return services.progress_create(
            actor=self.request.user,
            task=self.task,
            text=data["text"],
            percent=data["percent"],
            reported_on=data["reported_on"],
            attachment=data.get("attachment"),
        )

    def get_success_message(self, result: Any) -> str:
        return _("Đã cập nhật tiến độ nhiệm vụ %(code)s.") % {"code": self.task.code}


class ProgressUpdateView(TaskFormPage):
    form_class = forms.ProgressUpdateForm
    page_title = gettext_lazy("Sửa cập nhật tiến độ")

    def get_task(self) -> Task:
        self.progress = selectors.progress_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.progress.task

    def has_permission(self) -> bool:
        return permissions.can_edit_progress(self.request.user, self.progress)

    def get_initial(self) -> dict[str, Any]:
        p = self.progress
        return {"reported_on": p.reported_on, "percent": p.percent, "text": p.text, "version": p.version}

    def perform(self, form) -> Any:
        data = form.cleaned_data
        return services.progress_update(
            actor=self.request.user,
            progress=self.progress,
            expected_version=data["version"],
            text=data["text"],
            percent=data["percent"],
            reported_on=data["reported_on"],
            attachment=data.get("attachment"),
        )

    def get_success_message(self, result: Any) -> str:
        return _("Đã lưu cập nhật tiến độ nhiệm vụ %(code)s.") % {"code": self.task.code}


class ProgressAttachmentView(LoginRequiredMixin, View):
    """A progress update's file, to whoever sees the update (progress_get: the task's visibility)."""

    def get(self, request, pk: int) -> HttpResponse:
        return serve_stored(selectors.progress_get(user=request.user, pk=pk).attachment)


class CompletionEvidenceView(LoginRequiredMixin, View):
    """A completion report's evidence, to whoever sees the report (completion_get)."""

    def get(self, request, pk: int) -> HttpResponse:
        return serve_stored(selectors.completion_get(user=request.user, pk=pk).evidence)


class CompletionCreateView(TaskFormPage):
    form_class = forms.CompletionForm
    page_title = gettext_lazy("Báo cáo hoàn thành")

    def has_permission(self) -> bool:
        return permissions.can_report_completion(self.request.user, self.task)

    def perform(self, form) -> Any:
        data = form.cleaned_data
        return services.completion_report(
            actor=self.request.user,
            task=self.task,
            text=data["text"],
            reported_on=data["reported_on"],
            evidence=data.get("evidence"),
        )

    def get_success_message(self, result: Any) -> str:
        return _("Đã gửi báo cáo hoàn thành nhiệm vụ %(code)s; chờ cơ quan thường trực xác nhận.") % {
            "code": self.task.code
        }


class CompletionDecideView(TaskFormPage):
    form_class = forms.DecisionForm
    page_title = gettext_lazy("Xác nhận hoàn thành")
    template_name = "tasks/decision_page.html"

    def get_task(self) -> Task:
        self.report = selectors.completion_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.report.task

    def has_permission(self) -> bool:
        return permissions.can_manage_task(self.request.user, self.task)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "approve_label": _("Xác nhận hoàn thành"),
            "reject_label": _("Trả lại, yêu cầu bổ sung"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "request_object": self.report, "kind": "completion"}

    def perform(self, form) -> Any:
        data = form.cleaned_data
        if data["decision"] == forms.DecisionForm.APPROVE:
            return services.completion_confirm(
                actor=self.request.user, report=self.report, comment=data["note"]
            )
        return services.completion_return(actor=self.request.user, report=self.report, comment=data["note"])

    def get_success_message(self, result: Any) -> str:
        if isinstance(result, Task):
            return _("Đã xác nhận hoàn thành nhiệm vụ %(code)s.") % {"code": self.task.code}
        return _("Đã trả lại báo cáo hoàn thành nhiệm vụ %(code)s.") % {"code": self.task.code}


class ExtensionCreateView(TaskFormPage):
    form_class = forms.ExtensionForm
    page_title = gettext_lazy("Đề nghị gia hạn")

    def has_permission(self) -> bool:
        return permissions.can_request_extension(self.request.user, self.task)

    def perform(self, form) -> Any:
        data = form.cleaned_data
        return services.extension_request(
            actor=self.request.user, task=self.task, new_deadline=data["new_deadline"], reason=data["reason"]
        )

    def get_success_message(self, result: Any) -> str:
        return _("Đã gửi đề nghị gia hạn nhiệm vụ %(code)s.") % {"code": self.task.code}


class ExtensionDecideView(TaskFormPage):
    form_class = forms.DecisionForm
    page_title = gettext_lazy("Quyết định gia hạn")
    template_name = "tasks/decision_page.html"

    def get_task(self) -> Task:
        self.extension = selectors.extension_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.extension.task

    def has_permission(self) -> bool:
        return permissions.can_manage_task(self.request.user, self.task)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "approve_label": _("Chấp thuận gia hạn"),
            "reject_label": _("Không chấp thuận"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "request_object": self.extension, "kind": "extension"}

    def perform(self, form) -> Any:
        data = form.cleaned_data
        if data["decision"] == forms.DecisionForm.APPROVE:
            return services.extension_approve(
                actor=self.request.user, extension=self.extension, note=data["note"]
            )
        return services.extension_reject(actor=self.request.user, extension=self.extension, note=data["note"])

    def get_success_message(self, result: Any) -> str:
        if isinstance(result, Task):
            return _("Đã chấp thuận gia hạn nhiệm vụ %(code)s.") % {"code": self.task.code}
        return _("Đã không chấp thuận đề nghị gia hạn nhiệm vụ %(code)s.") % {"code": self.task.code}
