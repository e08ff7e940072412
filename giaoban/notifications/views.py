"""Notification pages: the list, opening one (marks it read), marking all read, the e-mail setting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from giaoban.core.services import EditConflict
from giaoban.core.views_mixins import BreadcrumbsMixin, PaginatedListMixin

from . import selectors, services
from .forms import SettingsForm
from .messages import notification_context, notification_text, notification_url

NOTIFICATIONS = gettext_lazy("Thông báo")
SETTINGS = gettext_lazy("Cách nhận thông báo")


class NotificationListView(LoginRequiredMixin, BreadcrumbsMixin, PaginatedListMixin, TemplateView):
    template_name = "notifications/notification_list.html"

    def get_breadcrumbs(self):
        return [(NOTIFICATIONS, None)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unread = self.request.GET.get("unread") == "1"
        context.update(self.paginate(selectors.notification_list(user=self.request.user, unread=unread)))
        for notification in context["object_list"]:
            notification.text = notification_text(notification)
            notification.context = notification_context(notification)
        context["unread_only"] = unread
        context["email_mode"] = selectors.settings_get(user=self.request.user).get_email_mode_display()
        return context


class NotificationReadView(LoginRequiredMixin, View):
    """POST: mark one notification read and open its record (or go back)."""

    def post(self, request, pk: int) -> HttpResponse:
        notification = selectors.notification_get(user=request.user, pk=pk)
        services.notification_mark_read(user=request.user, notification=notification)
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        target = target or notification_url(notification)
        return HttpResponseRedirect(target or reverse("notifications:notification-list"))


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request) -> HttpResponse:
        count = services.notifications_mark_all_read(user=request.user)
        messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
        return HttpResponseRedirect(reverse("notifications:notification-list"))


class SettingsView(LoginRequiredMixin, BreadcrumbsMixin, FormView):
    template_name = "notifications/settings.html"
    form_class = SettingsForm

    def get_breadcrumbs(self):
        return [(NOTIFICATIONS, reverse("notifications:notification-list")), (SETTINGS, None)]

    def get_initial(self) -> dict[str, Any]:
        row = selectors.settings_get(user=self.request.user)
        return {"email_mode": row.email_mode, "version": row.version}

    def form_valid(self, form: SettingsForm) -> HttpResponse:
        try:
            services.settings_update(
                actor=self.request.user,
                user=self.request.user,
                email_mode=form.cleaned_data["email_mode"],
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.messages[0])
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu cách nhận thông báo."))
        return HttpResponseRedirect(reverse("notifications:notification-list"))
