"""Speed and memory of the Excel import (issue 3), printed as one JSON line.

Usage: .venv/bin/python bench/import_bench.py [--sizes 20000,100000] [--quick] [--admin]
       [--indexing] [--database-url postgres://…/NAME] [--clean PATH]

For each N it writes a canonical-layout workbook of N items (about three
material rows each, cloned from the demo catalogue with fresh codes) and
measures, each in a fresh subprocess:

- ``read``: openpyxl read-only mode stream-reading every cell (the yardstick);
- ``import``: the whole ``manage.py import_items`` command into an empty,
  already migrated SQLite database (migration not timed);
- ``reimport``: the same command on the unchanged file (plans nothing);
- ``peak_mb``: peak resident memory (ru_maxrss) of the import process;
- ``calamine_s``: python-calamine reading every cell (the stretch yardstick);
- with ``--indexing``, ``indexed_s`` / ``indexed_ratio``: the import into
  another empty database in the default configuration, search indexing
  included (django-tasks' immediate backend indexes at commit, in process);
- with ``--database-url``, ``pg_s`` / ``pg_ratio`` / ``pg_peak_mb``: the
  import into that (scratch) PostgreSQL database, which is dropped and
  created again per size (indexing included with ``--indexing``);
- with ``--admin``, ``admin_s`` / ``admin_peak_mb``: the same file imported
  into another empty database the way the admin does it (an ``ImportRun``,
  ``run_import`` with its per-row outcomes), then its report workbook
  written (``report_s``).

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
# Uploaded workbooks on disk, as in production (the test settings keep them in memory).
STORAGES = {
    **STORAGES,  # noqa: F405
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private" / "imports"},  # noqa: F405
    },
}
"""
INDEXING_SETTINGS = BENCH_SETTINGS.replace(
    "django_tasks.backends.dummy.DummyBackend",
    "django_tasks.backends.immediate.ImmediateBackend",
)


def _template_rows() -> tuple[list, list[list], list, dict[str, list[list]]]:
    """Headers and rows of the clean demo workbook, the layout our export writes."""
    from openpyxl import load_workbook

    workbook = load_workbook(os.environ.get("BENCH_CLEAN") or CLEAN, read_only=True)
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


def read_calamine(path: str) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(path)
    cells = 0
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).iter_rows():
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
    elif mode == "calamine":
        read_calamine(path)
    elif mode == "migrate":
        _django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    elif mode == "admin":
        _django()
        seconds = _admin_import(path)
        print(json.dumps({**seconds, "peak_mb": _peak_mb(), "exit": 0}))
        return
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
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "exit": code}))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _admin_import(path: str) -> dict:
    from imports import services
    from imports.report import write_report

    started = time.perf_counter()
    with open(path, "rb") as upload:
        run = services.create_run(uploaded_file=upload, file_name="bench.xlsx")
    run = services.run_import(run.pk)
    if run.status != "applied":
        raise SystemExit(f"admin import ended {run.status}: {run.message}")
    imported = time.perf_counter()
    with run.file.open("rb") as source, open(os.devnull, "wb") as sink:
        write_report(source, run.outcomes.all().iterator(), sink)
    return {"seconds": imported - started, "report_s": time.perf_counter() - imported}


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()


def measure(count: int, tmp: Path, admin: bool = False, indexing=False, pg="") -> dict:
    workbook = tmp / f"items-{count}.xlsx"
    generate(workbook, count)
    (tmp / "bench_settings.py").write_text(BENCH_SETTINGS, encoding="utf-8")
    (tmp / "bench_indexing.py").write_text(INDEXING_SETTINGS, encoding="utf-8")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp}/bench-{count}.sqlite3",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT)]),
    }
    read = _child(["read", str(workbook)], env)
    calamine = _child(["calamine", str(workbook)], env)
    _child(["migrate", str(workbook)], env)
    first = _child(["import", str(workbook)], env)
    again = _child(["import", str(workbook)], env)
    if first["exit"] or again["exit"]:
        raise SystemExit(f"import_items failed: {first} {again}")
    figures = {
        "items": count,
        "file_mb": round(workbook.stat().st_size / 2**20, 1),
        "read_s": round(read["seconds"], 2),
        "import_s": round(first["seconds"], 2),
        "reimport_s": round(again["seconds"], 2),
        "import_ratio": round(first["seconds"] / read["seconds"], 2),
        "reimport_ratio": round(again["seconds"] / read["seconds"], 2),
        "peak_mb": round(max(first["peak_mb"], again["peak_mb"]), 1),
        "calamine_s": round(calamine["seconds"], 2),
    }
    if indexing:
        figures.update(_measure_other(workbook, env, read, "indexed", tmp, count))
    if pg:
        figures.update(
            _measure_other(workbook, env, read, "pg", tmp, count, pg, indexing)
        )
    if admin:
        figures.update(_measure_admin(workbook, tmp, env, count))
    return figures


def _measure_other(workbook, env, read, prefix, tmp, count, pg="", indexing=True):
    """The import into another empty database: SQLite with indexing, or PostgreSQL."""
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench_indexing" if indexing else "bench_settings",
        "DATABASE_URL": pg or f"sqlite:///{tmp}/bench-{prefix}-{count}.sqlite3",
    }
    if pg:
        _recreate_database(pg)
    _child(["migrate", str(workbook)], env)
    run = _child(["import", str(workbook)], env)
    again = _child(["import", str(workbook)], env)
    if run["exit"] or again["exit"]:
        raise SystemExit(f"import_items failed: {run} {again}")
    return {
        f"{prefix}_s": round(run["seconds"], 2),
        f"{prefix}_ratio": round(run["seconds"] / read["seconds"], 2),
        f"{prefix}_reimport_ratio": round(again["seconds"] / read["seconds"], 2),
        f"{prefix}_peak_mb": round(max(run["peak_mb"], again["peak_mb"]), 1),
    }


def _recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _measure_admin(workbook: Path, tmp: Path, env: dict, count: int) -> dict:
    env = {
        **env,
        "DATABASE_URL": f"sqlite:///{tmp}/bench-admin-{count}.sqlite3",
        "BANSHI_VAR_DIR": str(tmp / "var"),
    }
    _child(["migrate", str(workbook)], env)
    run = _child(["admin", str(workbook)], env)
    return {
        "admin_s": round(run["seconds"], 2),
        "admin_peak_mb": round(run["peak_mb"], 1),
        "report_s": round(run["report_s"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--quick", action="store_true", help="small N (1000)")
    parser.add_argument(
        "--admin", action="store_true", help="also import as the admin does"
    )
    parser.add_argument(
        "--indexing", action="store_true", help="also with search indexing"
    )
    parser.add_argument(
        "--database-url", default="", help="a scratch PostgreSQL database"
    )
    parser.add_argument("--clean", default="", help="the clean demo workbook to clone")
    options = parser.parse_args()
    if options.clean:
        os.environ["BENCH_CLEAN"] = options.clean
    sizes = [1000] if options.quick else [int(s) for s in options.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        runs = [
            measure(n, Path(tmp), options.admin, options.indexing, options.database_url)
            for n in sizes
        ]
    result = {
        "runs": runs,
        "targets": {"import_ratio": 1.0, "reimport_ratio": 0.6, "peak_mb": 400},
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] in {
        "read",
        "calamine",
        "migrate",
        "import",
        "admin",
    }:
        _child_main(sys.argv[1:])
    else:
        main()
