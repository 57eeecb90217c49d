"""Rebuild the search index from every configured document source (or some kinds)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import services
from search.index import kind_labels


class Command(BaseCommand):
    help = (
        "Rebuild the search index from all SEARCH_DOCUMENT_SOURCES, or re-index "
        "only the documents of the kinds given with --kind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            help="Re-index only this kind (item, guide, video, form …); repeatable.",
        )

    def handle(self, *args, **options):
        kinds = options["kind"]
        unknown = sorted(set(kinds) - set(kind_labels()))
        if unknown:
            raise CommandError(
                _("Unknown kind %(kinds)s; known kinds: %(known)s.")
                % {"kinds": ", ".join(unknown), "known": ", ".join(kind_labels())}
            )
        count = services.rebuild_index(kinds)
        self.stdout.write(_("Indexed %(count)d documents.") % {"count": count})
