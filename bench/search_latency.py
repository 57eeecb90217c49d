"""Latency and build rate of the embedded backend at synthetic scale.

Usage: .venv/bin/python bench/search_latency.py [N ...] [--database-url URL]
(default 10000 documents on a fresh SQLite file; ``--help`` lists options).
Replicates the demo catalogue's items as search documents with new codes,
indexes them straight through the backend on a fresh database (SQLite, or
the PostgreSQL database ``--database-url`` names, created and dropped) and
prints one JSON line: per size, build rate (docs/s) and query p50/p95 (ms)
over a fixed list of query strings (after one warm-up pass), plus the p95 of
process CPU time and the 1-minute load average (wall times on a busy shared
machine include waiting for a core).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEMO = ROOT / "cms" / "demo" / "catalogue.json"
ROUNDS = 3
QUERIES = [
    "身份证",
    "居民身份证换领",
    "驾照到期换证",
    "公积金提取",
    "社保卡补办",
    "怎么办理营业执照",
    "生孩子上户口",
    "退休了养老金怎么领",
    "异地就医备案",
    "港澳通行证续签",
    "shebao",
    "gongjijin tiqu",
    "sfz",
    "yyzz",
    "公基金贷款",
    "离昏登记",
    "海川 结婚登记",
    "青禾 不动产登记",
    "开饭店需要什么许可证",
    "失业金",
    '" OR *',
    "x" * 200,
    # Spoken and question-shaped (issue 15): fillers, question parts, cases, codes.
    "您好，我们想在小区楼下开一家奶茶店，要先去办哪些证啊？",
    "请问一下身份证丢了怎么补办需要带什么材料",
    "护照多久能拿到",
    "个体户不干了要注销在哪里办",
    "HC-SJ-001",
    "您好请问",
]


def main(sizes: list[int], database_url: str = "") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp}/latency.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        created = _create_database(connection) if database_url else None
        try:
            call_command("migrate", verbosity=0)
            results = [measure(size) for size in sizes]
        finally:
            if created:
                created()
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "queries": len(QUERIES),
                "rounds": ROUNDS,
                "sizes": results,
            }
        )
    )


def _create_database(connection):
    """A scratch PostgreSQL database under the URL's name; returns its dropper."""
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_latency_{os.getpid()}"
    admin = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    settings["NAME"] = name

    def drop():
        connection.close()
        with psycopg.connect(**admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return drop


def measure(size: int) -> dict:
    from search.analysis import get_segmenter
    from search.backends.embedded import EmbeddedBackend
    from search.query import SearchRequest

    get_segmenter()
    backend = EmbeddedBackend()
    start = time.perf_counter()
    backend.rebuild(synthetic_documents(size))
    build = time.perf_counter() - start
    for query in QUERIES:
        backend.search(SearchRequest(q=query))
    timings, cpu = [], []
    for _round in range(ROUNDS):
        for query in QUERIES:
            began, began_cpu = time.perf_counter(), time.process_time()
            backend.search(SearchRequest(q=query))
            timings.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    return {
        "docs": size,
        "build_docs_per_s": round(size / build, 1),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": percentile95(timings),
        # CPU time of this process: the same measure with less noise from
        # other work on a shared machine (see load_average).
        "cpu_p95_ms": percentile95(cpu),
        "load_average": round(os.getloadavg()[0], 2),
    }


def percentile95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[int(len(ordered) * 0.95) - 1], 2)


def synthetic_documents(size: int):
    from search.tasks import IndexedDocument

    data = json.loads(DEMO.read_text("utf-8"))
    regions = {r["code"]: r["name"] for r in data["regions"]}
    items = data["items"]
    for n in range(size):
        item = items[n % len(items)]
        code = f"{item['implementation_code']}-{n}"
        yield IndexedDocument(
            doc_id=f"item:{code}",
            kind="item",
            code=code,
            title=item["name"],
            url=f"/items/{code}/",
            aliases=tuple(item["aliases"]),
            keywords=(*item["life_events"], *item["bundles"], item["department_name"]),
            body="\n".join(
                [m["name"] for m in item["materials"]] + [item["accept_conditions"]]
            ),
            summary=item["accept_conditions"][:140],
            region_code=item["region_code"],
            region_name=regions[item["region_code"]],
            facets={
                "region": (item["region_code"],),
                "department": (item["department_name"],),
                "online_depth": (item["online_depth"],),
                "channel": tuple(item["channels"]),
            },
        )


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "sizes", nargs="*", type=int, default=[10_000], help="documents per run"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL; a scratch database named after it is created "
        "and dropped (default: a temporary SQLite file)",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = arguments()
    main(options.sizes, options.database_url)
