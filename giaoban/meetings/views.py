"""Meeting pages: list, calendar, detail, create and edit; agenda, invitees, attendance, minutes. Files,
the .ics file, the official documents and the news brief are in views_documents.py; conclusion notices
in views_conclusions.py.

Meetings are fetched only through the selectors (outside the user's view: 404) and written only through
the services; permissions.py says who may act on a meeting they see (403 otherwise).
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from giaoban.core.audit import history_entries
from giaoban.core.documents import pdf_available
from giaoban.core.views_mixins import BreadcrumbsMixin, ManageFormView, PaginatedListMixin

from . import drafting, forms, permissions, selectors, services
from .documents import document_symbol
from .models import AgendaItem, Attendance, Invitee, Meeting, MeetingDocumentKind

MEETINGS = gettext_lazy("Hội nghị")


class MeetingListView(LoginRequiredMixin, BreadcrumbsMixin, PaginatedListMixin, TemplateView):
    template_name = "meetings/meeting_list.html"

    def get_breadcrumbs(self):
        return [(MEETINGS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.MeetingFilterForm(self.request.GET, user=user)
        form.is_valid()
        data = form.cleaned_data
        meetings = selectors.meeting_list(
            user=user,
            query=data.get("q"),
            committee=data["committee"].pk if data.get("committee") else None,
            kind=data.get("kind") or None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        ).prefetch_related("committees")
        context.update(self.paginate(meetings))
        context.update(
            filter_form=form,
            filtered=any(data.get(name) for name in ("q", "committee", "kind", "date_from", "date_to")),
            can_create=permissions.can_manage_meetings(user),
        )
        return context


class CalendarView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    """Upcoming meetings, month by month."""

    template_name = "meetings/calendar.html"
    LIMIT = 200

    def get_breadcrumbs(self):
        return [(MEETINGS, reverse("meetings:meeting-list")), (_("Lịch hội nghị sắp tới"), None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        upcoming = list(selectors.upcoming_meetings(user=self.request.user)[: self.LIMIT])
        context["months"] = [
            (month, list(items)) for month, items in groupby(upcoming, key=lambda m: m.date.replace(day=1))
        ]
        context["today"] = timezone.localdate()
        return context


class MeetingDetailView(LoginRequiredMixin, BreadcrumbsMixin, TemplateView):
    template_name = "meetings/meeting_detail.html"

    def get_breadcrumbs(self):
        return [(MEETINGS, reverse("meetings:meeting-list")), (self.meeting.title, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        self.meeting = meeting = selectors.meeting_get(user=user, pk=self.kwargs["pk"])
        context = super().get_context_data(**kwargs)
        invitees = list(selectors.invitee_list(meeting=meeting))
        files = list(selectors.file_list(meeting=meeting))
        notice = selectors.conclusion_of(user=user, meeting=meeting)
        everything = permissions.sees_everything(user)
        key_tasks = list(selectors.key_task_list(notice=notice)) if notice else []
        numbers = {document.kind: document_symbol(document) for document in meeting.issued_documents.all()}
        context.update(
            meeting=meeting,
            committees=list(meeting.committees.all()),
            chair_text=drafting.person_with_titles(
                meeting.chair, meeting.date, drafting.meeting_committees(meeting)
            )
            if meeting.chair
            else "",
            agenda=list(selectors.agenda_list(meeting=meeting)),
            invitees=invitees,
            attendance_counts={
                value: sum(1 for i in invitees if i.attendance == value) for value in Attendance.values
            },
            confirmation_counts=selectors.confirmation_counts(invitees),
            my_invitation=(mine := selectors.invitation_of(user=user, meeting=meeting)),
            can_confirm=permissions.can_confirm(user, mine) and timezone.localdate() <= meeting.date,
            photos=[f for f in files if f.is_photo],
            documents=[f for f in files if not f.is_photo],
            notice=notice,
            key_tasks=key_tasks,
            visible_tasks=selectors.visible_task_ids(user=user, key_tasks=key_tasks),
            can_manage=permissions.can_manage_meeting(user, meeting),
            sees_everything=everything,
            can_news_brief=permissions.can_draft_news_brief(user),
            downloads=[
                (kind, label, numbers.get(kind))
                for kind, label in DOCUMENT_LABELS
                if permissions.can_download(user, meeting, kind, notice)
            ],
            pdf=pdf_available(),
            history=history_entries(meeting) if everything else [],
        )
        return context


DOCUMENT_LABELS = [
    (permissions.INVITATION, gettext_lazy("Giấy mời")),
    (permissions.CONCLUSION, gettext_lazy("Thông báo kết luận")),
    (permissions.MINUTES, gettext_lazy("Biên bản")),
]


# --- Forms -------------------------------------------------------------------------------------------


class MeetingFormPage(ManageFormView):
    """A form that writes through a service, with ManageFormView's checks (anonymous → login; meeting
    outside the user's view → 404; a user who sees it but may not act → 403) and error handling (a
    service's ValidationError or EditConflict shows the form again with the user's input, nothing saved).
    Subclasses name the meeting (`get_meeting`), the rule (`has_permission`) and the write (`perform`)."""

    template_name = "meetings/form_page.html"
    page_title: Any = ""
    meeting: Meeting | None = None

    def get_meeting(self) -> Meeting | None:
        return selectors.meeting_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_object(self) -> Meeting | None:
        self.meeting = self.get_meeting()
        return self.meeting

    def has_permission(self) -> bool:
        return self.meeting is not None and permissions.can_manage_meeting(self.request.user, self.meeting)

    def get_breadcrumbs(self):
        crumbs = [(MEETINGS, reverse("meetings:meeting-list"))]
        if self.meeting is not None:
            crumbs.append((self.meeting.title, self.meeting.get_absolute_url()))
        return [*crumbs, (str(self.page_title), None)]

    def get_cancel_url(self) -> str:
        return self.meeting.get_absolute_url() if self.meeting else reverse("meetings:meeting-list")

    def get_form_instance(self) -> None:
        return None  # each form takes its own arguments (get_form_kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return FormView.get_form_kwargs(self)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.meeting
        return context

    def get_success_redirect(self, saved: Any) -> str:
        return self.get_cancel_url()


class MeetingCreateView(MeetingFormPage):
    form_class = forms.MeetingForm
    page_title = gettext_lazy("Hội nghị mới")

    def get_meeting(self) -> None:
        return None

    def has_permission(self) -> bool:
        return permissions.can_manage_meetings(self.request.user)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form) -> Meeting:
        data = form.service_data()
        return services.meeting_create(
            actor=self.request.user, committee=form.cleaned_data["committee"], **data
        )

    def get_success_message(self, result: Meeting) -> str:
        return _("Đã tạo hội nghị “%(title)s”.") % {"title": result.title}

    def get_success_redirect(self, result: Meeting) -> str:
        return result.get_absolute_url()


class MeetingUpdateView(MeetingFormPage):
    form_class = forms.MeetingUpdateForm
    page_title = gettext_lazy("Sửa thông tin hội nghị")

    def get_form_kwargs(self) -> dict[str, Any]:
        import copy

        return {**super().get_form_kwargs(), "user": self.request.user, "instance": copy.copy(self.meeting)}

    def perform(self, form) -> Meeting:
        return services.meeting_update(
            actor=self.request.user,
            meeting=self.meeting,
            expected_version=form.cleaned_data["version"],
            **form.service_data(),
        )

    def get_success_message(self, result: Meeting) -> str:
        return _("Đã lưu hội nghị “%(title)s”.") % {"title": result.title}


class MinutesView(MeetingFormPage):
    form_class = forms.MinutesForm
    page_title = gettext_lazy("Biên bản hội nghị")

    def get_form_kwargs(self) -> dict[str, Any]:
        import copy

        return {**super().get_form_kwargs(), "user": self.request.user, "instance": copy.copy(self.meeting)}

    def perform(self, form) -> Meeting:
        data = form.cleaned_data
        return services.meeting_update(
            actor=self.request.user,
            meeting=self.meeting,
            expected_version=data["version"],
            minutes=data["minutes"],
            minutes_conclusion=data["minutes_conclusion"],
            minutes_taker=data["minutes_taker"],
        )

    def get_success_message(self, result: Meeting) -> str:
        return _("Đã lưu biên bản.")


class DocumentNumberView(MeetingFormPage):
    """Give the invitation or the minutes its number in the committee's series, and its date."""

    form_class = forms.DocumentNumberForm
    kind = ""

    @property
    def page_title(self) -> str:  # type: ignore[override]
        label = MeetingDocumentKind(self.kind).label
        return _("Cấp số: %(document)s") % {"document": str(label).lower()}

    def get_form_kwargs(self) -> dict[str, Any]:
        current = next((d for d in self.meeting.issued_documents.all() if d.kind == self.kind), None)
        return {**super().get_form_kwargs(), "current": current}

    def perform(self, form) -> Meeting:
        data = form.cleaned_data
        self.numbered = services.meeting_document_number(
            actor=self.request.user,
            meeting=self.meeting,
            kind=self.kind,
            number=data.get("number"),
            date=data.get("date"),
        )
        return self.meeting

    def get_success_message(self, result: Meeting) -> str:
        return _("Đã cấp số %(number)s.") % {"number": self.numbered.number}


# --- Agenda ------------------------------------------------------------------------------------------


class AgendaItemCreateView(MeetingFormPage):
    form_class = forms.AgendaItemForm
    page_title = gettext_lazy("Thêm mục chương trình")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "meeting": self.meeting}

    def perform(self, form) -> AgendaItem:
        data = form.cleaned_data
        return services.agenda_item_create(
            actor=self.request.user,
            meeting=self.meeting,
            position=data.get("position"),
            title=data["title"],
            presenter=data.get("presenter"),
            presenter_unit=data.get("presenter_unit"),
            duration_minutes=data.get("duration_minutes"),
            record=data.get("record", ""),
        )

    def get_success_message(self, result: AgendaItem) -> str:
        return _("Đã thêm mục %(n)s vào chương trình.") % {"n": result.position}


class AgendaItemMixin:
    def get_meeting(self) -> Meeting:
        self.item = selectors.agenda_item_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.item.meeting


class AgendaItemUpdateView(AgendaItemMixin, MeetingFormPage):
    form_class = forms.AgendaItemUpdateForm
    page_title = gettext_lazy("Sửa mục chương trình")

    def get_form_kwargs(self) -> dict[str, Any]:
        import copy

        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "meeting": self.meeting,
            "instance": copy.copy(self.item),
        }

    def perform(self, form) -> AgendaItem:
        data = form.cleaned_data
        return services.agenda_item_update(
            actor=self.request.user,
            item=self.item,
            expected_version=data["version"],
            position=data.get("position"),
            title=data["title"],
            presenter=data.get("presenter"),
            presenter_unit=data.get("presenter_unit"),
            duration_minutes=data.get("duration_minutes"),
            record=data.get("record", ""),
        )

    def get_success_message(self, result: AgendaItem) -> str:
        return _("Đã lưu mục chương trình.")


class DeletePage(MeetingFormPage):
    """GET asks for confirmation, POST deletes."""

    form_class = forms.ConfirmForm
    template_name = "meetings/confirm_delete.html"
    question: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "question": self.question, "target": self.target()}

    def target(self) -> str:
        raise NotImplementedError


class AgendaItemDeleteView(AgendaItemMixin, DeletePage):
    page_title = gettext_lazy("Xóa mục chương trình")
    question = gettext_lazy("Xóa mục này khỏi chương trình hội nghị?")

    def target(self) -> str:
        return str(self.item)

    def perform(self, form) -> None:
        services.agenda_item_delete(actor=self.request.user, item=self.item)

    def get_success_message(self, result: None) -> str:
        return _("Đã xóa mục chương trình.")


# --- Invitees and attendance -------------------------------------------------------------------------


class InviteesAddView(MeetingFormPage):
    form_class = forms.InviteesForm
    page_title = gettext_lazy("Thêm thành phần mời")
    template_name = "meetings/invitees_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "meeting": self.meeting}

    def perform(self, form) -> list[Invitee]:
        data = form.cleaned_data
        return services.invitees_add(
            actor=self.request.user,
            meeting=self.meeting,
            units=list(data.get("units") or []),
            persons=list(data.get("persons") or []),
        )

    def get_success_message(self, result: list[Invitee]) -> str:
        return _("Đã mời thêm %(n)s thành phần.") % {"n": len(result)}


class InviteeDeleteView(DeletePage):
    page_title = gettext_lazy("Bỏ khỏi thành phần mời")
    question = gettext_lazy("Bỏ thành phần này khỏi danh sách mời?")

    def get_meeting(self) -> Meeting:
        self.invitee = selectors.invitee_get(user=self.request.user, pk=self.kwargs["pk"])
        return self.invitee.meeting

    def target(self) -> str:
        return self.invitee.name

    def perform(self, form) -> None:
        services.invitee_remove(actor=self.request.user, invitee=self.invitee)

    def get_success_message(self, result: None) -> str:
        return _("Đã bỏ khỏi thành phần mời.")


class AttendanceView(MeetingFormPage):
    """The attendance sheet: every invitee on one page, recorded by the secretariat."""

    form_class = forms.AttendanceForm
    page_title = gettext_lazy("Điểm danh")
    template_name = "meetings/attendance_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        self.invitees = list(selectors.invitee_list(meeting=self.meeting))
        return {**super().get_form_kwargs(), "invitees": self.invitees}

    def perform(self, form) -> int:
        from django.db import transaction

        with transaction.atomic():
            for entry in form.entries():
                services.attendance_record(actor=self.request.user, **entry)
        return len(self.invitees)

    def get_success_message(self, result: int) -> str:
        return _("Đã ghi nhận tham dự của %(n)s thành phần.") % {"n": result}


class ConfirmationView(MeetingFormPage):
    """An invited unit's officer answers the invitation: who attends, a substitute, or why not."""

    form_class = forms.ConfirmationForm
    page_title = gettext_lazy("Trả lời giấy mời")
    template_name = "meetings/confirmation_form.html"

    def get_object(self) -> Meeting | None:
        meeting = super().get_object()
        self.invitee = selectors.invitation_of(user=self.request.user, meeting=meeting)
        return meeting

    def has_permission(self) -> bool:
        return permissions.can_confirm(self.request.user, self.invitee)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "invitee": self.invitee}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            invitee=self.invitee,
            people=selectors.people_of_unit(unit_id=self.invitee.unit_id, on=self.meeting.date),
        )
        return context

    def perform(self, form) -> Invitee:
        data = form.cleaned_data
        return services.invitation_confirm(
            actor=self.request.user,
            invitee=self.invitee,
            answer=data["answer"],
            name=data.get("name") or "",
            title=data.get("title") or "",
            reason=data.get("reason") or "",
            expected_version=data["version"],
        )

    def get_success_message(self, result: Invitee) -> str:
        return _("Đã gửi trả lời: %(answer)s.") % {"answer": result.get_confirmation_display()}
