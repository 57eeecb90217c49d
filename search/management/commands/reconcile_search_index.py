"""Repair the search index where it disagrees with its sources (no rebuild)."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search import services


class Command(BaseCommand):
    help = (
        "Re-index documents missing from the index or older there than in their "
        "source, and drop entries no source publishes. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        result = services.reconcile_index()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict()))
            return
        self.stdout.write(
            _(
                "Checked %(checked)d documents: re-indexed %(reindexed)d, removed %(removed)d."
            )
            % result.as_dict()
        )
