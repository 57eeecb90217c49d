"""Import a workbook, telling when its write phase starts and ends.

Usage: slow_import.py WORKBOOK HOLD_SECONDS

Prints ``writing`` when the import's transaction starts writing items, then
holds the transaction (and, on SQLite, the write lock) ``HOLD_SECONDS``
longer once the items are written, so that requests sent meanwhile meet a
write phase at least that long on any machine; prints ``committed`` with the
import's outcome at the end.
"""

import json
import sys
import time

import django

django.setup()

from catalogue import services  # noqa: E402
from imports import services as imports  # noqa: E402

workbook, hold = sys.argv[1], float(sys.argv[2])
real_write = services.bulk_write_items


def announced_write(*args, **kwargs):
    print("writing", flush=True)
    started = time.monotonic()
    result = real_write(*args, **kwargs)
    time.sleep(hold)
    print(
        json.dumps({"write_seconds": round(time.monotonic() - started, 2)}), flush=True
    )
    return result


services.bulk_write_items = announced_write
outcome = imports.import_file(workbook)
print("committed", json.dumps({"applied": outcome.applied}), flush=True)
