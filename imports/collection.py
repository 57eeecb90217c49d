"""Fewer garbage-collector passes while a workbook is imported.

An import allocates millions of small objects (cells, row dicts, model
instances, index tokens) that are nearly all freed by reference counting;
with CPython's default thresholds the collector still walked the young
generations every 700 allocations, and the whole heap — Django, Wagtail and
the analysis dictionaries included — whenever enough survived: about a sixth
of a 20,000-item import's time.  Objects alive when the import starts are
frozen (left out of every pass) and the young generation is collected every
50,000 allocations; both are undone when the import ends, so cyclic garbage
is still collected, only less often.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)

_lock = threading.Lock()
_depth = [0]
_saved: list[tuple[int, int, int]] = []


@contextmanager
def fewer_collections():
    """Run the block with the settings above (nested or threaded uses share them)."""
    with _lock:
        if _depth[0] == 0:
            _saved[:] = [gc.get_threshold()]
            gc.freeze()
            gc.set_threshold(*THRESHOLDS)
        _depth[0] += 1
    try:
        yield
    finally:
        with _lock:
            _depth[0] -= 1
            if _depth[0] == 0:
                gc.set_threshold(*_saved[0])
                gc.unfreeze()
