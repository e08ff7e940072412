"""`giaoban demo`: load the demo world of domain.md §7, idempotently (running it twice changes nothing).

Each domain app contributes a `demo.py` module with `load(world: dict, stdout)`; they run in
INSTALLED_APPS order, so later apps find what earlier ones made in `world`.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def demo_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("giaoban.") and find_spec(f"{config.name}.demo"):
            yield import_module(f"{config.name}.demo")


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Lạng Sơn, hai ban chỉ đạo, năm 2017). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Chỉ nạp khi cơ sở dữ liệu chưa có đơn vị nào."
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Dữ liệu mẫu chỉ nạp ở chế độ thử nghiệm (GIAOBAN_DEMO=1).")
        from giaoban.org.models import Organisation

        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu.")
            return
        world: dict = {}
        with transaction.atomic():
            for module in demo_modules():
                module.load(world, self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
