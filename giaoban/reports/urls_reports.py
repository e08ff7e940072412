"""The committee report pages' routes; giaoban/reports/urls.py appends them to the app's urlpatterns.

The document has one route per format (…/document.docx, …/document.pdf) sharing the name
"report-document", told apart by their `fmt` default: reverse it with keywords,
`reverse("reports:report-document", kwargs={"pk": report.pk, "fmt": "docx"})` or, in a template,
`{% url 'reports:report-document' pk=report.pk fmt='docx' %}`. Each route then names only its report,
as the URL sweep (tests/test_url_sweep.py) expects.
"""

from django.urls import path

from . import views_reports

document_routes = [
    path(
        f"reports/<int:pk>/document.{fmt}",
        views_reports.ReportDocumentView.as_view(),
        {"fmt": fmt},
        name="report-document",
    )
    for fmt in views_reports.DOCUMENT_FORMATS
]

report_urlpatterns = [
    path("reports/", views_reports.ReportListView.as_view(), name="report-list"),
    path("reports/new/", views_reports.ReportCreateView.as_view(), name="report-create"),
    path("reports/<int:pk>/", views_reports.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views_reports.ReportUpdateView.as_view(), name="report-update"),
    path("reports/<int:pk>/rebuild/", views_reports.ReportRebuildView.as_view(), name="report-rebuild"),
    path("reports/<int:pk>/approve/", views_reports.ReportApproveView.as_view(), name="report-approve"),
    path("reports/<int:pk>/return/", views_reports.ReportReturnView.as_view(), name="report-return"),
    path("reports/<int:pk>/resubmit/", views_reports.ReportResubmitView.as_view(), name="report-resubmit"),
    path("reports/<int:pk>/reopen/", views_reports.ReportReopenView.as_view(), name="report-reopen"),
    path(
        "reports/<int:pk>/versions/<int:number>/",
        views_reports.ReportVersionView.as_view(),
        name="report-version",
    ),
    path("reports/<int:pk>/diff/", views_reports.ReportDiffView.as_view(), name="report-diff"),
    *document_routes,
    path("reports/<int:pk>/annex.xlsx", views_reports.ReportAnnexView.as_view(), name="report-annex"),
]
