from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "giaoban.org"
    label = "org"
    verbose_name = _("Tổ chức, ban chỉ đạo")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the token revocation on password changes
