"""Reload the partner localities from giaoban/delegations/data/localities.json."""

from django.core.management.base import BaseCommand

from giaoban.delegations import services


class Command(BaseCommand):
    help = "Nạp danh mục địa phương đối tác (tỉnh, khu tự trị của nước láng giềng) từ tệp dữ liệu."

    def handle(self, *args, **options):
        count = services.localities_load()
        self.stdout.write(f"{count} địa phương đối tác.")
