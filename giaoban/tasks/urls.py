from django.urls import path

from . import views, views_follow_up

app_name = "tasks"
urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/new/", views.TaskCreateView.as_view(), name="task-create"),
    path("tasks/dashboard/", views_follow_up.DashboardView.as_view(), name="dashboard"),
    path(
        "tasks/dashboard/export.xlsx", views_follow_up.DashboardExportView.as_view(), name="dashboard-export"
    ),
    path("tasks/bulk/", views_follow_up.BulkUpdateView.as_view(), name="bulk-update"),
    path("tasks/bulk/export.xlsx", views_follow_up.BulkExportView.as_view(), name="bulk-export"),
    path("tasks/bulk/upload/", views_follow_up.BulkUploadView.as_view(), name="bulk-upload"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("tasks/<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task-update"),
    path("tasks/<int:pk>/cancel/", views.TaskCancelView.as_view(), name="task-cancel"),
    path("tasks/<int:pk>/progress/new/", views.ProgressCreateView.as_view(), name="progress-create"),
    path("tasks/<int:pk>/completion/", views.CompletionCreateView.as_view(), name="completion-create"),
    path("tasks/<int:pk>/extend/", views.ExtensionCreateView.as_view(), name="extension-create"),
    path("progress/<int:pk>/edit/", views.ProgressUpdateView.as_view(), name="progress-update"),
    path("progress/<int:pk>/attachment/", views.ProgressAttachmentView.as_view(), name="progress-attachment"),
    path("completions/<int:pk>/decide/", views.CompletionDecideView.as_view(), name="completion-decide"),
    path(
        "completions/<int:pk>/evidence/", views.CompletionEvidenceView.as_view(), name="completion-evidence"
    ),
    path("extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="extension-decide"),
]
