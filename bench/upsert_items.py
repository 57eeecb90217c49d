"""Throughput of catalogue.services.upsert_items on a fresh SQLite database.

Usage: .venv/bin/python bench/upsert_items.py [N]
Prints one JSON line: items written per second on first load and on an
unchanged re-run (the idempotent path), plus their ratio.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from catalogue import services

        data = json.loads((ROOT / "cms" / "demo" / "catalogue.json").read_text("utf-8"))
        services.sync_reference_data(data)
        rows = (data["items"] * (count // len(data["items"]) + 1))[:count]
        rows = [
            {**row, "implementation_code": f"{row['implementation_code']}-{n}"}
            for n, row in enumerate(rows)
        ]
        first = _timed(services.upsert_items, rows)
        again = _timed(services.upsert_items, rows)
    print(
        json.dumps(
            {
                "items": count,
                "first_load_items_per_s": round(count / first, 1),
                "unchanged_rerun_items_per_s": round(count / again, 1),
                "rerun_speedup": round(first / again, 2),
            }
        )
    )


def _timed(function, rows):
    start = time.perf_counter()
    function(rows)
    return time.perf_counter() - start


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
