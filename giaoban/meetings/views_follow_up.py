"""The follow-up of a conclusion notice as of a date ("Tình hình thực hiện kết luận"): the page and its DOCX.

The notice comes through selectors.conclusion_get (404 outside the user's view); the follow-up reports
every unit's progress, so only those who see the whole committee read it (403 otherwise).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from giaoban.core.views_mixins import BreadcrumbsMixin

from . import documents, follow_up, forms, permissions, selectors
from .models import ConclusionNotice
from .views import MEETINGS
from .views_conclusions import NOTICE
from .views_documents import attachment

FOLLOW_UP = gettext_lazy("Tình hình thực hiện kết luận")


class FollowUpMixin(LoginRequiredMixin):
    notice: ConclusionNotice

    def read(self, request) -> tuple[forms.FollowUpForm, dt.date | None]:
        """The notice (404 outside the user's view, 403 for a unit officer) and the date asked for: None
        when it is not a valid one (the form says why)."""
        pk = self.kwargs["pk"]  # type: ignore[attr-defined]
        self.notice = selectors.conclusion_get(user=request.user, pk=pk)
        if not permissions.can_follow_up(request.user):
            raise PermissionDenied
        data = request.GET.copy()
        if not data.get("on"):
            data["on"] = timezone.localdate().isoformat()
        form = forms.FollowUpForm(data, notice=self.notice)
        return form, form.cleaned_data["on"] if form.is_valid() else None


class FollowUpView(FollowUpMixin, BreadcrumbsMixin, TemplateView):
    template_name = "meetings/follow_up.html"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form, self.on = self.read(request)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs(self):
        meeting = self.notice.meeting
        return [
            (MEETINGS, reverse("meetings:meeting-list")),
            (meeting.title, meeting.get_absolute_url()),
            (NOTICE, self.notice.get_absolute_url()),
            (FOLLOW_UP, None),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(notice=self.notice, form=self.form, on=self.on)
        if self.on is not None:
            report = follow_up.follow_up(notice=self.notice, on=self.on)
            context.update(
                report=report,
                groups=report.groups(),
                visible_tasks=selectors.visible_task_ids(
                    user=self.request.user, key_tasks=[row.key_task for row in report.rows]
                ),
                docx_url=reverse("meetings:follow-up-docx", args=[self.notice.pk])
                + "?"
                + urlencode({"on": self.on.isoformat()}),
            )
        return context


class FollowUpDocxView(FollowUpMixin, View):
    """The follow-up as a report in the committee's official layout; an invalid date: back to the page."""

    def get(self, request, pk: int) -> HttpResponse:
        form, on = self.read(request)
        if on is None:
            return FollowUpView.as_view()(request, pk=pk)
        document = documents.follow_up_document(follow_up.follow_up(notice=self.notice, on=on))
        rendered = documents.rendered(document, "docx")
        return attachment(rendered.content, rendered.filename, rendered.content_type)
