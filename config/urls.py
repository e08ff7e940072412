from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from giaoban.api.api import api
from giaoban.core import views as core_views
from giaoban.org import views as org_views
from giaoban.site import views as site_views

urlpatterns = [
    path("", site_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        core_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/tokens/", org_views.ApiTokenListView.as_view(), name="api-tokens"),
    path("org/", include("giaoban.org.urls")),
    path("delegations/", include("giaoban.delegations.urls")),
    path("", include("giaoban.tasks.urls")),
    path("", include("giaoban.notifications.urls")),
    path("", include("giaoban.meetings.urls")),
    path("reports/", include("giaoban.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# 503 with Retry-After while the database is unreachable; a plain 500 otherwise.
handler500 = "giaoban.core.views.server_error"

# No route serves MEDIA_ROOT, in any mode: a stored file leaves the app only through its record's own
# download view, after the record's visibility check (giaoban.core.uploads.serve_stored).
