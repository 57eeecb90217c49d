"""Search from the command line: ``search_items QUERY [--region] [--type] [--limit] [--format]``."""

import json

from django.core.management.base import BaseCommand

from search import services
from search.query import MAX_PER_PAGE, SearchRequest


class Command(BaseCommand):
    help = "Print search results for QUERY (text or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--region", default="", help="Preferred region code.")
        parser.add_argument(
            "--type", dest="kind", default="", help="Document kind, e.g. item."
        )
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        request = SearchRequest(
            q=options["query"],
            region=options["region"],
            kinds=(options["kind"],) if options["kind"] else (),
            per_page=max(1, min(options["limit"], MAX_PER_PAGE)),
        )
        results = services.search(request)
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(results), ensure_ascii=False))
        else:
            for hit in results.hits:
                self.stdout.write(
                    f"{hit.score:9.3f}  {hit.code}  {hit.title}  {hit.url}"
                )


def as_json(results) -> dict:
    return {
        "count": results.count,
        "results": [
            {
                "code": hit.code,
                "title": hit.title,
                "type": hit.kind,
                "url": hit.url,
                "score": hit.score,
                "highlight": hit.highlight,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [list(pair) for pair in pairs]
            for name, pairs in results.facets.items()
        },
    }
