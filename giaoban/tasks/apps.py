from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "giaoban.tasks"
    label = "tasks"
    verbose_name = _("Nhiệm vụ")

    def ready(self) -> None:
        from giaoban.org.services import register_reorganisation_handler

        from .services import tasks_transfer_on_reorganisation

        register_reorganisation_handler(tasks_transfer_on_reorganisation)
