"""The pinyin and segmenter libraries load on first use, once per process.

Every process imports ``search`` at start-up (its signal handlers); pypinyin
and rjieba cost about 90 MB, so a process that never analyses text (an
Excel import, a migration) must not load them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import django
django.setup()
heavy = ("pypinyin", "rjieba")
print(",".join(m for m in heavy if m in sys.modules) or "none")
from search.analysis import analyze_document, get_segmenter
from search.analysis.pinyin import _converter, syllables
print(",".join(m for m in heavy if m in sys.modules) or "none")
print(" ".join(syllables("银行")))
print(get_segmenter() is get_segmenter(), _converter() is _converter())
"""


def test_django_start_up_loads_neither_library_until_used():
    done = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "PYTHONPATH": str(ROOT),
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    before, after_import, spelled, shared = done.stdout.strip().splitlines()
    assert before == "none"
    assert after_import == "none"  # importing the package is still cheap
    assert spelled == "yin hang"
    assert shared == "True True"  # built once, then reused by every caller
