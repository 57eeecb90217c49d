"""The jieba segmenter, loaded once per process with the government terms.

``get_segmenter()`` is the process-wide instance; ``build_segmenter()`` takes
dictionary paths so editors' dictionaries can be added later.  rjieba is
imported by the first build, not at import time, so processes that never
segment text (an Excel import, a migration) do not pay for it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import rjieba

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GOVERNMENT_TERMS = DATA_DIR / "gov_terms.txt"
DEFAULT_FREQUENCY = 3000

_lock = threading.Lock()
_segmenter: rjieba.Jieba | None = None


def read_dictionary(path: Path) -> Iterable[tuple[str, int]]:
    """``word [frequency]`` lines; ``#`` starts a comment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 else DEFAULT_FREQUENCY
            yield parts[0], freq


def build_segmenter(dictionaries: Iterable[Path] = (GOVERNMENT_TERMS,)) -> rjieba.Jieba:
    import rjieba

    segmenter = rjieba.Jieba()
    for path in dictionaries:
        for word, freq in read_dictionary(path):
            segmenter.add_word(word, freq, None)
    return segmenter


def get_segmenter() -> rjieba.Jieba:
    """The shared instance; loading costs ~0.2 s and tens of MB, so only once."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = build_segmenter()
    return _segmenter
