"""Meeting files and downloads: photos and documents, the .ics file, the official documents (DOCX, PDF)
and the news brief.

Meetings are fetched only through the selectors (outside the user's view: 404) and written only through
the services; permissions.py says who may act on a meeting they see (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from giaoban.core.documents import PdfConversionError
from giaoban.core.uploads import serve_stored
from giaoban.core.views_mixins import BreadcrumbsMixin

from . import documents, forms, ics, news, permissions, selectors, services
from .models import Meeting, MeetingFile
from .views import MEETINGS, DeletePage, MeetingFormPage


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A generated file as a download that the browser neither sniffs nor runs."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Files -------------------------------------------------------------------------------------------


class FileCreateView(MeetingFormPage):
    form_class = forms.MeetingFileForm
    page_title = gettext_lazy("Thêm ảnh, tài liệu")

    def perform(self, form) -> MeetingFile:
        data = form.cleaned_data
        return services.meeting_file_add(
            actor=self.request.user,
            meeting=self.meeting,
            kind=data["kind"],
            upload=data["file"],
            caption=data["caption"],
        )

    def get_success_message(self, result: MeetingFile) -> str:
        return _("Đã thêm “%(caption)s”.") % {"caption": result.caption}


class FileDownloadView(LoginRequiredMixin, View):
    """A photo (shown in the page by an <img>, kept an hour by the browser) or a document: an attachment
    typed by its content and sandboxed, like every stored file (giaoban.core.uploads.serve_stored)."""

    def get(self, request, pk: int) -> HttpResponse:
        record = selectors.file_get(user=request.user, pk=pk)
        return serve_stored(
            record.file, filename=record.original_name, max_age=3600 if record.is_photo else 0
        )


class FileDeleteView(DeletePage):
    page_title = gettext_lazy("Xóa ảnh, tài liệu")
    question = gettext_lazy("Xóa tệp này khỏi hội nghị?")

    def get_meeting(self) -> Meeting:
        self.record = selectors.file_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.record.meeting

    def target(self) -> str:
        return self.record.caption

    def perform(self, form) -> None:
        services.meeting_file_delete(actor=self.request.user, file=self.record)

    def get_success_message(self, result: None) -> str:
        return _("Đã xóa tệp.")


# --- Calendar file, documents, news brief ------------------------------------------------------------


class MeetingIcsView(LoginRequiredMixin, View):
    def get(self, request, pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        return attachment(
            ics.meeting_calendar(meeting, base_url=request.build_absolute_uri("/")).encode(),
            f"hoi-nghi-{meeting.pk}.ics",
            ics.CONTENT_TYPE,
        )


class DocumentView(LoginRequiredMixin, View):
    """The invitation, conclusion notice or minutes as DOCX or PDF, in the host committee's layout."""

    kind = ""
    fmt = "docx"

    def get(self, request, pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        notice = selectors.conclusion_of(user=request.user, meeting=meeting)
        if self.kind == permissions.CONCLUSION and notice is None:
            raise Http404
        if not permissions.can_download(request.user, meeting, self.kind, notice):
            raise PermissionDenied
        try:
            rendered = documents.render(self.kind, meeting, notice, self.fmt)
        except PdfConversionError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(meeting.get_absolute_url())
        return attachment(rendered.content, rendered.filename, rendered.content_type)


class NewsBriefView(LoginRequiredMixin, BreadcrumbsMixin, FormView):
    """The draft news brief, editable; POST exports the edited text as .txt or .docx."""

    template_name = "meetings/news_brief.html"
    form_class = forms.NewsBriefForm

    def dispatch(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = selectors.meeting_get(user=request.user, pk=kwargs["pk"])
        if not permissions.can_draft_news_brief(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (MEETINGS, reverse("meetings:meeting-list")),
            (self.meeting.title, self.meeting.get_absolute_url()),
            (_("Tin bài"), None),
        ]

    def get_initial(self) -> dict[str, Any]:
        draft = news.news_brief(self.meeting, user=self.request.user)
        return {"title": draft.title, "text": draft.text}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "meeting": self.meeting}

    def form_valid(self, form) -> HttpResponse:
        data = form.cleaned_data
        brief = news.NewsBrief(title=data.get("title") or "", text=data["text"])
        if data.get("export") == forms.NewsBriefForm.DOCX:
            return attachment(
                news.brief_docx(brief), news.brief_filename(brief.title, "docx"), documents.DOCX_CONTENT_TYPE
            )
        return attachment(
            news.brief_text(brief).encode("utf-8"),
            news.brief_filename(brief.title, "txt"),
            "text/plain; charset=utf-8",
        )
