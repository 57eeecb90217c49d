"""Speed and memory of the Excel import (issue 3), printed as one JSON line.

Usage: .venv/bin/python bench/import_bench.py [--sizes 20000,100000] [--quick]

For each N it writes a canonical-layout workbook of N items (about three
material rows each, cloned from the demo catalogue with fresh codes) and
measures, each in a fresh subprocess:

- ``read``: openpyxl read-only mode stream-reading every cell (the yardstick);
- ``import``: the whole ``manage.py import_items`` command into an empty,
  already migrated SQLite database (migration not timed);
- ``reimport``: the same command on the unchanged file (plans nothing);
- ``peak_mb``: peak resident memory (ru_maxrss) of the import process.

Targets (issue 3): import/read ≤ 1.0 and reimport/read ≤ 0.6 at 20,000 items;
peak memory < 400 MB at 100,000 items.  Search indexing runs after commit in
a background worker in production; the bench uses django-tasks' dummy
backend so it times the import, not the search engine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "cms" / "demo" / "catalogue.json"
CLEAN = ROOT.parent / "shared" / "data" / "catalogue-clean.xlsx"


# Test settings, with search index updates queued but not run: in production a
# worker indexes after the import commits, which is not the import's time.
BENCH_SETTINGS = """
from cms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
"""


def _template_rows() -> tuple[list, list[list], list, dict[str, list[list]]]:
    """Headers and rows of the clean demo workbook, the layout our export writes."""
    from openpyxl import load_workbook

    workbook = load_workbook(CLEAN, read_only=True)
    item_rows = list(workbook["事项清单"].iter_rows(values_only=True))
    material_rows = list(workbook["材料信息"].iter_rows(values_only=True))
    workbook.close()
    materials: dict[str, list[list]] = {}
    for row in material_rows[1:]:
        materials.setdefault(row[0], []).append(list(row))
    return (
        list(item_rows[0]),
        [list(r) for r in item_rows[1:]],
        list(material_rows[0]),
        materials,
    )


def generate(path: Path, count: int) -> None:
    """A workbook of ``count`` items, streamed with openpyxl's write-only mode."""
    from openpyxl import Workbook

    item_header, items, material_header, materials = _template_rows()
    workbook = Workbook(write_only=True)
    item_sheet = workbook.create_sheet("事项清单")
    material_sheet = workbook.create_sheet("材料信息")
    item_sheet.append(item_header)
    material_sheet.append(material_header)
    for number in range(count):
        row = list(items[number % len(items)])
        source_code = row[0]
        row[0] = f"BX-{number:07d}"
        item_sheet.append(row)
        for material in materials.get(source_code, [])[:3] or []:
            material_sheet.append([row[0], *material[1:]])
    workbook.save(path)


def read_every_cell(path: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    workbook.close()


def _child(args: list[str], env: dict) -> dict:
    """Run this script in a subprocess; it prints one JSON line."""
    done = subprocess.run(  # noqa: S603 - this script, with our own arguments
        [sys.executable, __file__, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child_main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    started = time.perf_counter()
    code = 0
    if mode == "read":
        read_every_cell(path)
    elif mode == "migrate":
        _django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    else:
        _django()
        from django.core.management import call_command

        started = time.perf_counter()
        with open(os.devnull, "w") as sink:
            try:
                call_command("import_items", path, "--format", "json", stdout=sink)
            except SystemExit as exc:
                code = exc.code or 0
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "exit": code}))


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()


def measure(count: int, tmp: Path) -> dict:
    workbook = tmp / f"items-{count}.xlsx"
    generate(workbook, count)
    (tmp / "bench_settings.py").write_text(BENCH_SETTINGS, encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/bench-{count}.sqlite3",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
    }
    read = _child(["read", str(workbook)], env)
    _child(["migrate", str(workbook)], env)
    first = _child(["import", str(workbook)], env)
    again = _child(["import", str(workbook)], env)
    if first["exit"] or again["exit"]:
        raise SystemExit(f"import_items failed: {first} {again}")
    return {
        "items": count,
        "file_mb": round(workbook.stat().st_size / 2**20, 1),
        "read_s": round(read["seconds"], 2),
        "import_s": round(first["seconds"], 2),
        "reimport_s": round(again["seconds"], 2),
        "import_ratio": round(first["seconds"] / read["seconds"], 2),
        "reimport_ratio": round(again["seconds"] / read["seconds"], 2),
        "peak_mb": round(max(first["peak_mb"], again["peak_mb"]), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--quick", action="store_true", help="small N (1000)")
    options = parser.parse_args()
    sizes = [1000] if options.quick else [int(s) for s in options.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        runs = [measure(n, Path(tmp)) for n in sizes]
    result = {
        "runs": runs,
        "targets": {"import_ratio": 1.0, "reimport_ratio": 0.6, "peak_mb": 400},
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] in {"read", "migrate", "import"}:
        _child_main(sys.argv[1:])
    else:
        main()
