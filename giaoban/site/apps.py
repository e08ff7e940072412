from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The home page ("việc cần làm") and what reads across every app for it; nothing imports it."""

    name = "giaoban.site"
    label = "site"
    verbose_name = _("Trang chủ")
