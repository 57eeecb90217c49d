"""``manage.py export_items PATH [--region CODE]``: items to a canonical workbook."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from catalogue import services
from imports.export import export_items


class Command(BaseCommand):
    help = "Export service items to an xlsx workbook in the canonical import layout."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write the .xlsx file.")
        parser.add_argument(
            "--region",
            default="",
            help="Only this region code and the regions below it.",
        )

    def handle(self, *args, path, region, **options):
        if region and services.region_by_code(region) is None:
            raise CommandError(f"Unknown region code: {region}")
        try:
            counts = export_items(services.items_for_export(region_code=region), path)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stdout.write(json.dumps({"path": path, **counts}, ensure_ascii=False))
