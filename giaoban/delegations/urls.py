from django.urls import path

from . import views

app_name = "delegations"
urlpatterns = [
    path("", views.DelegationListView.as_view(), name="delegation-list"),
    path("new/", views.DelegationCreateView.as_view(), name="delegation-create"),
    path("missing-reports/", views.MissingReportListView.as_view(), name="missing-reports"),
    path("stats/", views.DelegationStatsView.as_view(), name="delegation-stats"),
    path("reported-totals/new/", views.ReportedTotalCreateView.as_view(), name="reported-total-create"),
    path("export.xlsx", views.DelegationExportView.as_view(), name="delegation-export"),
    path("import/", views.DelegationImportView.as_view(), name="delegation-import"),
    path("import/template.xlsx", views.ImportTemplateView.as_view(), name="import-template"),
    path("import-jobs/<int:pk>/", views.ImportJobView.as_view(), name="import-job"),
    path("import-jobs/<int:pk>/errors.xlsx", views.ImportJobErrorsView.as_view(), name="import-job-errors"),
    path("<int:pk>/", views.DelegationDetailView.as_view(), name="delegation-detail"),
    path("<int:pk>/edit/", views.DelegationUpdateView.as_view(), name="delegation-update"),
    path("<int:pk>/status/", views.DelegationTransitionView.as_view(), name="delegation-transition"),
    path("<int:pk>/report/", views.DelegationReportView.as_view(), name="delegation-report"),
    path("report-files/<int:pk>/", views.ReportFileView.as_view(), name="report-file"),
]
