from django.urls import path

from . import views, views_conclusions, views_documents, views_follow_up
from .models import MeetingDocumentKind
from .permissions import DOCUMENT_KINDS

app_name = "meetings"

# One route per document and format (…/conclusion.docx, …/minutes.pdf), so each names only its meeting.
document_routes = [
    path(
        f"meetings/<int:pk>/{kind}.{fmt}",
        views_documents.DocumentView.as_view(kind=kind, fmt=fmt),
        name=f"document-{kind}-{fmt}",
    )
    for kind in DOCUMENT_KINDS
    for fmt in ("docx", "pdf")
]

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/calendar/", views.CalendarView.as_view(), name="calendar"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    *(
        path(
            f"meetings/<int:pk>/{kind}/number/",
            views.DocumentNumberView.as_view(kind=kind),
            name=f"document-{kind}-number",
        )
        for kind in MeetingDocumentKind.values
    ),
    path("meetings/<int:pk>/agenda/new/", views.AgendaItemCreateView.as_view(), name="agenda-create"),
    path("meetings/<int:pk>/invitees/new/", views.InviteesAddView.as_view(), name="invitees-add"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/confirmation/", views.ConfirmationView.as_view(), name="confirmation"),
    path("meetings/<int:pk>/files/new/", views_documents.FileCreateView.as_view(), name="file-create"),
    path("meetings/<int:pk>/meeting.ics", views_documents.MeetingIcsView.as_view(), name="meeting-ics"),
    path("meetings/<int:pk>/news-brief/", views_documents.NewsBriefView.as_view(), name="news-brief"),
    path(
        "meetings/<int:pk>/conclusion/new/",
        views_conclusions.ConclusionCreateView.as_view(),
        name="conclusion-create",
    ),
    *document_routes,
    path("agenda-items/<int:pk>/edit/", views.AgendaItemUpdateView.as_view(), name="agenda-update"),
    path("agenda-items/<int:pk>/delete/", views.AgendaItemDeleteView.as_view(), name="agenda-delete"),
    path("invitees/<int:pk>/delete/", views.InviteeDeleteView.as_view(), name="invitee-delete"),
    path("meeting-files/<int:pk>/", views_documents.FileDownloadView.as_view(), name="file-download"),
    path("meeting-files/<int:pk>/delete/", views_documents.FileDeleteView.as_view(), name="file-delete"),
    path("conclusions/<int:pk>/", views_conclusions.ConclusionDetailView.as_view(), name="conclusion-detail"),
    path(
        "conclusions/<int:pk>/edit/",
        views_conclusions.ConclusionUpdateView.as_view(),
        name="conclusion-update",
    ),
    path(
        "conclusions/<int:pk>/issue/",
        views_conclusions.ConclusionIssueView.as_view(),
        name="conclusion-issue",
    ),
    path(
        "conclusions/<int:pk>/sign-off/",
        views_conclusions.ConclusionSignOffView.as_view(),
        name="conclusion-sign-off",
    ),
    path(
        "conclusions/<int:pk>/key-tasks/new/",
        views_conclusions.KeyTaskCreateView.as_view(),
        name="key-task-create",
    ),
    path("conclusions/<int:pk>/follow-up/", views_follow_up.FollowUpView.as_view(), name="follow-up"),
    path(
        "conclusions/<int:pk>/follow-up.docx",
        views_follow_up.FollowUpDocxView.as_view(),
        name="follow-up-docx",
    ),
    path(
        "conclusions/<int:pk>/key-tasks/propose/",
        views_conclusions.KeyTaskProposeView.as_view(),
        name="key-task-propose",
    ),
    path("key-tasks/<int:pk>/edit/", views_conclusions.KeyTaskUpdateView.as_view(), name="key-task-update"),
    path("key-tasks/<int:pk>/delete/", views_conclusions.KeyTaskDeleteView.as_view(), name="key-task-delete"),
]
