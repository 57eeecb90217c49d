"""Validation time of a 50-field submission once warm, printed as one JSON line.

Usage: .venv/bin/python bench/form_bench.py [--runs 2000]

Compiles a 50-field form (text, ID numbers, phones, numbers, dates, emails,
credit codes — every custom format checked), builds its validator once as
a published version would (cached), then times ``validate_answers`` on a
valid submission and on one with five errors.  Target (issue 5): median
valid-submission time ≤ 1 ms.  No database is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")


def _timings(call, runs: int) -> tuple[float, float]:
    """Median and p95 of ``call()`` in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def _answers():
    from tests.formbuilder.documents import fifty_field_answers

    good = fifty_field_answers()
    bad = dict(good, f_01="110105194912310021", f_02="123", f_03=-1.5)
    bad.pop("f_00")
    bad["f_05"] = "no-at-sign"
    return good, bad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    runs = parser.parse_args().runs

    import django

    django.setup()
    from django.utils import translation

    from formbuilder.compiler import compile_document
    from formbuilder.models import FormVersion
    from formbuilder.processing import validate_submission
    from formbuilder.validation import VersionRef, compiled_version, validate_answers
    from tests.formbuilder.documents import fifty_field_document

    translation.activate("zh-hans")
    pair = compile_document(fifty_field_document())
    ref = VersionRef(1, "bench", pair["schema"], pair["ui_schema"])
    good, bad = _answers()
    assert validate_answers(compiled_version(ref), good) == []
    assert len(validate_answers(compiled_version(ref), bad)) >= 3
    # The path the wizard and API take: size check, context key, cached validator.
    version = FormVersion(pk=1, checksum="bench", **pair)
    assert validate_submission(version, good) == []

    service_median, _ = _timings(lambda: validate_submission(version, good), runs)
    valid_median, valid_p95 = _timings(
        lambda: validate_answers(compiled_version(ref), good), runs
    )
    invalid_median, invalid_p95 = _timings(
        lambda: validate_answers(compiled_version(ref), bad), runs
    )
    print(
        json.dumps(
            {
                "bench": "form_validation",
                "fields": len(good),
                "runs": runs,
                "valid_median_ms": round(valid_median, 4),
                "valid_p95_ms": round(valid_p95, 4),
                "invalid_median_ms": round(invalid_median, 4),
                "invalid_p95_ms": round(invalid_p95, 4),
                "service_valid_median_ms": round(service_median, 4),
                "target_ms": 1.0,
                "meets_target": max(valid_median, service_median) <= 1.0,
            }
        )
    )


if __name__ == "__main__":
    main()
