"""Reporting routes (mounted at /reports/): periods, outlines, requests, submissions and their files;
the committee report's routes come from urls_reports.py."""

from django.urls import path

from . import views
from .urls_reports import report_urlpatterns

app_name = "reports"

urlpatterns = [
    path("periods/", views.PeriodListView.as_view(), name="period-list"),
    path("periods/new/", views.PeriodCreateView.as_view(), name="period-create"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period-detail"),
    path("periods/<int:pk>/edit/", views.PeriodUpdateView.as_view(), name="period-update"),
    path("templates/", views.TemplateListView.as_view(), name="template-list"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template-create"),
    path("templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template-detail"),
    path("templates/<int:pk>/edit/", views.TemplateUpdateView.as_view(), name="template-update"),
    path("templates/<int:pk>/copy/", views.TemplateCopyView.as_view(), name="template-copy"),
    path("", views.RequestListView.as_view(), name="request-list"),
    path("requests/new/", views.RequestCreateView.as_view(), name="request-create"),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path("requests/<int:pk>/remind/", views.RequestRemindView.as_view(), name="request-remind"),
    path("requests/<int:pk>/withdraw/", views.RequestWithdrawView.as_view(), name="request-withdraw"),
    path("submissions/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission-detail"),
    path("submissions/<int:pk>/edit/", views.SubmissionEditView.as_view(), name="submission-edit"),
    path(
        "submissions/<int:pk>/autosave/", views.SubmissionAutosaveView.as_view(), name="submission-autosave"
    ),
    path("submissions/<int:pk>/submit/", views.SubmissionSubmitView.as_view(), name="submission-submit"),
    path("submissions/<int:pk>/return/", views.SubmissionReturnView.as_view(), name="submission-return"),
    path("submissions/<int:pk>/accept/", views.SubmissionAcceptView.as_view(), name="submission-accept"),
    path(
        "submissions/<int:pk>/files/new/", views.SubmissionFileAddView.as_view(), name="submission-file-add"
    ),
    path("submission-files/<int:pk>/", views.FileDownloadView.as_view(), name="file-download"),
    path("submission-files/<int:pk>/delete/", views.FileDeleteView.as_view(), name="file-delete"),
]
urlpatterns += report_urlpatterns
