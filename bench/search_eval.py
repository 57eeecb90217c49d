"""Relevance of the embedded search on the demo catalogue.

Usage: .venv/bin/python bench/search_eval.py [QUERIES_JSON] [--all-kinds]
(default ../shared/data/dev-queries.json relative to the repository root).
Searches service items only (the labelled answers are items), as the type
filter ``?type=item`` does; ``--all-kinds`` searches every document type.
Loads the demo catalogue into a fresh SQLite database, rebuilds the index and
prints one JSON line: queries, recall@10, MRR and the ids of queries whose
recall is below 1 (metrics as the query file defines them).
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_QUERIES = ROOT.parent / "shared" / "data" / "dev-queries.json"
TOP = 10
# The labelled answers are service items; guides, videos and forms from the
# demo site would only take places in the top ten (see --all-kinds).
KINDS = ("item",)


def main(path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/eval.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from cms.demo import load_demo
        from search import services

        load_demo()
        services.rebuild_index()
        queries = json.loads(path.read_text("utf-8"))["queries"]
        print(json.dumps(score(queries, services), ensure_ascii=False))


def score(queries, services) -> dict:
    from search.query import SearchRequest

    recalls, ranks, misses = [], [], []
    for query in queries:
        request = SearchRequest(q=query["query"], kinds=KINDS, per_page=TOP)
        hits = services.search(request).hits
        codes = [hit.code for hit in hits[:TOP]]
        relevant = set(query["relevant"])
        recall = len(relevant & set(codes)) / len(relevant)
        first = next((n for n, code in enumerate(codes, 1) if code in relevant), None)
        recalls.append(recall)
        ranks.append(1 / first if first else 0.0)
        if recall < 1:
            misses.append(query["id"])
    return {
        "queries": len(queries),
        "kinds": list(KINDS) or "all",
        "recall_at_10": round(sum(recalls) / len(recalls), 4),
        "mrr": round(sum(ranks) / len(ranks), 4),
        "misses": misses,
    }


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all-kinds"]
    if "--all-kinds" in sys.argv:
        KINDS = ()
    main(Path(args[0]) if args else DEFAULT_QUERIES)
