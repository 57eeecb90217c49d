"""Rebuild the search index from every configured document source."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search import services


class Command(BaseCommand):
    help = "Rebuild the search index from all SEARCH_DOCUMENT_SOURCES."

    def handle(self, *args, **options):
        count = services.rebuild_index()
        self.stdout.write(_("Indexed %(count)d documents.") % {"count": count})
