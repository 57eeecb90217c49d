"""Relevance of the embedded search on the demo catalogue.

Usage: .venv/bin/python bench/search_eval.py [QUERIES_JSON ...] [--all-kinds] [--misses]

Scores the dev set (default ../shared/data/dev-queries.json relative to the
repository root, skipped when absent) and the project's own labelled set
``bench/data/spoken_queries.json`` — long, spoken and question-shaped
queries, reported separately as its ``check`` part and its ``holdout`` part
(never tuned on) — and ``bench/data/report_queries.json`` (``own_report``), a
second set of such queries labelled before the engine ran on them, only
reported.  Further query files given on the command line are scored
under their file names.  Searches service items only (the labelled answers
are items), as the type filter ``?type=item`` does; ``--all-kinds`` searches
every document type.  Loads the demo catalogue into a fresh SQLite database,
rebuilds the index and prints one JSON line: per set the number of queries,
recall@10, MRR, the share of queries whose first hit is relevant, and the
ids of queries whose recall is below 1 (``--misses`` adds the ids whose first
hit is wrong).
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV_QUERIES = ROOT.parent / "shared" / "data" / "dev-queries.json"
OWN_QUERIES = ROOT / "bench" / "data" / "spoken_queries.json"
# A second own set, labelled before the engine ran on it and only reported.
REPORT_QUERIES = ROOT / "bench" / "data" / "report_queries.json"
TOP = 10
# The labelled answers are service items; guides, videos and forms from the
# demo site would only take places in the top ten (see --all-kinds).
KINDS = ("item",)


def query_sets(paths: list[Path]) -> dict[str, list[dict]]:
    sets = {}
    if not paths and DEV_QUERIES.exists():
        sets["dev"] = _load(DEV_QUERIES)
    own = _load(OWN_QUERIES)
    for split in ("check", "holdout"):
        sets[f"own_{split}"] = [q for q in own if q.get("split") == split]
    sets["own_report"] = _load(REPORT_QUERIES)
    for path in paths:
        sets["dev" if path.stem == "dev-queries" else path.stem] = _load(path)
    return sets


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["queries"]


def main(paths: list[Path], *, show_first_misses: bool) -> None:
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
        report = {"kinds": list(KINDS) or "all"}
        for name, queries in query_sets(paths).items():
            report[name] = score(queries, services, show_first_misses)
        print(json.dumps(report, ensure_ascii=False))


def score(queries, services, show_first_misses=False) -> dict:
    from search.query import SearchRequest

    recalls, ranks, misses, wrong_first = [], [], [], []
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
        if first != 1:
            wrong_first.append(query["id"])
    result = {
        "queries": len(queries),
        "recall_at_10": round(sum(recalls) / len(recalls), 4),
        "mrr": round(sum(ranks) / len(ranks), 4),
        "first_hit": round(sum(r == 1.0 for r in ranks) / len(ranks), 4),
        "misses": misses,
    }
    if show_first_misses:
        result["first_wrong"] = wrong_first
    return result


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--all-kinds" in sys.argv:
        KINDS = ()
    main([Path(a) for a in args], show_first_misses="--misses" in sys.argv)
