from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created


def _register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        from .vietnamese import SQLITE_COLLATION, collation_compare

        connection.connection.create_collation(SQLITE_COLLATION, collation_compare)


def check_pdf_font(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """An operator hint, not a fault: PDFs are still right (metric-compatible font), so INFO, which
    `check --deploy --fail-level WARNING` lets pass."""
    from .documents import pdf_available, pdf_font_stand_in

    font = pdf_font_stand_in() if pdf_available() else None
    if font is None:
        return []
    return [
        checks.Info(
            f"Times New Roman is not installed: PDF copies use {font} instead (same metrics).",
            hint="Install the Times New Roman font files on the server (docs/deployment.md, 'Fonts').",
            id="giaoban.I001",
        )
    ]


class CoreConfig(AppConfig):
    name = "giaoban.core"
    label = "core"
    verbose_name = "Giao Ban"

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_collation, dispatch_uid="giaoban-vi-collation")
        checks.register(check_pdf_font)
