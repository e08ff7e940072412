"""Django admin is the system admin's tool for accounts; business data is kept on the app's own pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, User

admin.site.site_header = _("Giao Ban — quản trị hệ thống")
admin.site.site_title = _("Giao Ban")


@admin.register(User)
class GiaoBanUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active", "committees")
    search_fields = ("username", "first_name", "last_name", "email")
    filter_horizontal = ("committees", "groups", "user_permissions")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Giao Ban"), {"fields": ("role", "organisation", "committees", "person")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Giao Ban"), {"fields": ("role", "organisation", "committees")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "key_digest", "prefix", "created_at", "expires_at", "last_used_at")

    def has_add_permission(self, request):
        return False
