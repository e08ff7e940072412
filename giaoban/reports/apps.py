from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "giaoban.reports"
    label = "reports"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from giaoban.org.services import register_reorganisation_handler

        from .services import submissions_transfer_on_reorganisation

        register_reorganisation_handler(submissions_transfer_on_reorganisation)
