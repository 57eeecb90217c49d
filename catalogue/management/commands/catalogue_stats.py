import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue import services


class Command(BaseCommand):
    help = "Print catalogue KPIs over live, in-use items (optionally one region)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", help="Region code; includes the regions below it."
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, region=None, format="text", **options):
        region_obj = None
        if region:
            region_obj = services.region_by_code(region)
            if region_obj is None:
                raise CommandError(
                    _("Unknown region code: %(code)s") % {"code": region}
                )
        report = services.catalogue_kpis(region=region_obj).as_dict()
        if format == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        for key, value in report.items():
            self.stdout.write(f"{key}: {value}")
