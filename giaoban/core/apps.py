from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        from .vietnamese import SQLITE_COLLATION, collation_compare

        connection.connection.create_collation(SQLITE_COLLATION, collation_compare)


class CoreConfig(AppConfig):
    name = "giaoban.core"
    label = "core"
    verbose_name = "Giao Ban"

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_collation, dispatch_uid="giaoban-vi-collation")
