"""Conclusion notice pages: draft, edit, issue (and issue again), key tasks.

The notice is fetched through selectors.conclusions_visible_to (a unit officer reads issued notices
only; anything else answers 404) and written through the services; the meeting's secretariat edits.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from giaoban.core.audit import history_entries
from giaoban.core.documents import pdf_available
from giaoban.core.forms import add_service_errors
from giaoban.core.views_mixins import BreadcrumbsMixin

from . import conclusions, drafting, forms, permissions, proposing, selectors, services
from .models import ConclusionNotice, KeyTask, Meeting
from .views import MEETINGS, DeletePage, MeetingFormPage

NOTICE = gettext_lazy("Thông báo kết luận")


class ConclusionDetailView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """The notice as it will read, its key tasks with the Tasks that follow them, and the issue button."""

    template_name = "meetings/conclusion_detail.html"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        self.notice = selectors.conclusion_get(user=request.user, pk=kwargs["pk"])
        self.meeting = self.notice.meeting
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (MEETINGS, reverse("meetings:meeting-list")),
            (self.meeting.title, self.meeting.get_absolute_url()),
            (NOTICE, None),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice, user = self.notice, self.request.user
        key_tasks = list(selectors.key_task_list(notice=notice))
        context.update(
            meeting=self.meeting,
            notice=notice,
            symbol=services.notice_symbol(notice),
            key_tasks=key_tasks,
            visible_tasks=selectors.visible_task_ids(user=user, key_tasks=key_tasks),
            can_manage=permissions.can_manage_meeting(user, self.meeting),
            can_follow_up=permissions.can_follow_up(user),
            can_sign_off=permissions.can_sign_off_notice(user, notice),
            paragraphs={
                "opening": _lines(notice.opening),
                "assessment": _lines(notice.assessment),
                "limitations": _lines(notice.limitations),
                "closing": _lines(notice.closing),
                "recipients": _lines(notice.recipients),
            },
            pdf=pdf_available(),
            history=history_entries(notice) if permissions.sees_everything(user) else [],
        )
        return context


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ConclusionPage(MeetingFormPage):
    """A form on a notice: the meeting's secretariat only."""

    def get_meeting(self) -> Meeting:
        self.notice = selectors.conclusion_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.notice.meeting

    def get_breadcrumbs(self):
        return [
            (MEETINGS, reverse("meetings:meeting-list")),
            (self.meeting.title, self.meeting.get_absolute_url()),
            (NOTICE, self.notice.get_absolute_url()),
            (str(self.page_title), None),
        ]

    def get_cancel_url(self) -> str:
        return self.notice.get_absolute_url()


class ConclusionCreateView(MeetingFormPage):
    """The first draft, prefilled from the meeting (summary, opening, signer)."""

    form_class = forms.ConclusionForm
    page_title = gettext_lazy("Soạn thông báo kết luận")

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        existing = ConclusionNotice.objects.filter(meeting=self.meeting).first()
        if existing is not None:
            return HttpResponseRedirect(existing.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        initial = drafting.notice_defaults(self.meeting)
        initial["signer"] = self.meeting.chair_id
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form) -> ConclusionNotice:
        return services.conclusion_create(
            actor=self.request.user, meeting=self.meeting, **form.service_data()
        )

    def get_success_message(self, result: ConclusionNotice) -> str:
        return _("Đã lưu dự thảo thông báo kết luận. Thêm các nhiệm vụ trọng tâm rồi ban hành.")

    def get_success_redirect(self, result: ConclusionNotice) -> str:
        return result.get_absolute_url()


class ConclusionUpdateView(ConclusionPage):
    form_class = forms.ConclusionUpdateForm
    page_title = gettext_lazy("Sửa thông báo kết luận")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": copy.copy(self.notice)}

    def perform(self, form) -> ConclusionNotice:
        return services.conclusion_update(
            actor=self.request.user,
            notice=self.notice,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, result: ConclusionNotice) -> str:
        return _("Đã lưu thông báo kết luận.")


class ConclusionIssueView(ConclusionPage):
    """Issue the notice (its number and date), or issue it again to push every key task to its Task."""

    form_class = forms.ConclusionIssueForm
    template_name = "meetings/conclusion_issue.html"

    @property
    def page_title(self) -> str:  # type: ignore[override]
        return _("Ban hành lại") if self.notice.is_issued else _("Ban hành thông báo kết luận")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "notice": self.notice}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        key_tasks = list(selectors.key_task_list(notice=self.notice))
        return {
            **super().get_context_data(**kwargs),
            "notice": self.notice,
            "key_tasks": key_tasks,
            "new_tasks": sum(1 for key_task in key_tasks if key_task.task_id is None),
            "today": timezone.localdate(),
        }

    def perform(self, form) -> ConclusionNotice:
        data = form.cleaned_data
        return services.conclusion_issue(
            actor=self.request.user,
            notice=self.notice,
            expected_version=data["version"],
            number=data.get("number"),
            date=data.get("date"),
        )

    def get_success_message(self, result: ConclusionNotice) -> str:
        return _("Đã ban hành thông báo số %(symbol)s; các nhiệm vụ trọng tâm đã được giao và theo dõi.") % {
            "symbol": services.notice_symbol(result)
        }

    def get_success_redirect(self, result: ConclusionNotice) -> str:
        return result.get_absolute_url()


class ConclusionSignOffView(ConclusionPage):
    """A leader's "Đồng ý ban hành" on a draft whose committee asks for it; the secretariat then issues."""

    form_class = forms.ConclusionSignOffForm
    page_title = gettext_lazy("Đồng ý ban hành thông báo kết luận")

    def has_permission(self) -> bool:
        return permissions.can_sign_off_notice(self.request.user, self.notice)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "notice": self.notice}

    def perform(self, form) -> ConclusionNotice:
        return services.conclusion_sign_off(
            actor=self.request.user, notice=self.notice, expected_version=form.cleaned_data["version"]
        )

    def get_success_message(self, result: ConclusionNotice) -> str:
        return _("Đã đồng ý ban hành; cơ quan thường trực có thể ban hành thông báo.")

    def get_success_redirect(self, result: ConclusionNotice) -> str:
        return result.get_absolute_url()


# --- Key tasks ---------------------------------------------------------------------------------------


class KeyTaskCreateView(ConclusionPage):
    form_class = forms.KeyTaskForm
    page_title = gettext_lazy("Thêm nhiệm vụ trọng tâm")
    template_name = "meetings/key_task_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "notice": self.notice}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "notice": self.notice}

    def perform(self, form) -> KeyTask:
        return services.key_task_create(actor=self.request.user, notice=self.notice, **form.service_data())

    def get_success_message(self, result: KeyTask) -> str:
        if result.task_id:
            return _("Đã thêm nhiệm vụ %(n)s và giao nhiệm vụ %(code)s.") % {
                "n": result.position,
                "code": result.task.code,
            }
        return _("Đã thêm nhiệm vụ %(n)s.") % {"n": result.position}


class KeyTaskMixin:
    def get_meeting(self) -> Meeting:
        self.key_task = selectors.key_task_get(user=self.request.user, pk=self.kwargs["pk"])
        self.notice = self.key_task.notice
        return self.notice.meeting


class KeyTaskUpdateView(KeyTaskMixin, ConclusionPage):
    form_class = forms.KeyTaskUpdateForm
    page_title = gettext_lazy("Sửa nhiệm vụ trọng tâm")
    template_name = "meetings/key_task_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "notice": self.notice, "instance": copy.copy(self.key_task)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "notice": self.notice, "key_task": self.key_task}

    def perform(self, form) -> KeyTask:
        return services.key_task_update(
            actor=self.request.user,
            key_task=self.key_task,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, result: KeyTask) -> str:
        if result.task_id:
            return _("Đã lưu nhiệm vụ %(n)s và cập nhật nhiệm vụ %(code)s.") % {
                "n": result.position,
                "code": result.task.code,
            }
        return _("Đã lưu nhiệm vụ %(n)s.") % {"n": result.position}


class KeyTaskDeleteView(KeyTaskMixin, DeletePage, ConclusionPage):
    page_title = gettext_lazy("Xóa nhiệm vụ trọng tâm")
    question = gettext_lazy("Xóa nhiệm vụ này khỏi thông báo kết luận?")

    def target(self) -> str:
        return str(self.key_task)

    def perform(self, form) -> None:
        services.key_task_delete(actor=self.request.user, key_task=self.key_task)

    def get_success_message(self, result: None) -> str:
        return _("Đã xóa nhiệm vụ trọng tâm.")


class KeyTaskProposeView(ConclusionPage):
    """Key tasks from a text: paste the conclusion (or upload its DOCX, or an appendix table), correct the
    proposed tasks, confirm; they are then added through services.key_tasks_create, all or none."""

    form_class = forms.ProposeForm
    page_title = gettext_lazy("Thêm nhiệm vụ từ văn bản")
    template_name = "meetings/key_task_propose.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user", None)
        return kwargs

    def _units(self):
        return selectors.units_of([self.notice.committee])

    def _formset(self, data=None, initial=None):
        return forms.ProposalFormSet(
            data, initial=initial, prefix="items", form_kwargs={"units": self._units()}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "notice": self.notice}

    def post(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if "confirm" not in request.POST:
            return super().post(request, *args, **kwargs)
        formset = self._formset(data=request.POST)
        if formset.is_valid():
            items = [form.service_data() for form in formset.forms if form.cleaned_data.get("include")]
            try:
                created = services.key_tasks_create(actor=request.user, notice=self.notice, items=items)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(
                    request, _("Đã thêm %(count)s nhiệm vụ trọng tâm.") % {"count": len(created)}
                )
                return HttpResponseRedirect(self.notice.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=self.get_form(), formset=formset))

    def form_valid(self, form) -> HttpResponse:
        try:
            if form.cleaned_data.get("file"):
                found = proposing.key_task_proposals_from_docx(
                    notice=self.notice, upload=form.cleaned_data["file"]
                )
            else:
                found = proposing.key_task_proposals(notice=self.notice, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        allowed = conclusions.allowed_unit_ids(self.notice.committee)
        formset = self._formset(initial=[forms.proposal_initial(proposal, allowed) for proposal in found])
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
