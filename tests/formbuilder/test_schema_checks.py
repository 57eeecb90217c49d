"""Meta-schema and project limits, with errors pointing at the JSON path."""

import copy

import pytest
from django.utils import translation

from formbuilder.compiler import compile_document
from formbuilder.schema_checks import check_pair, pattern_problem

from .documents import document


@pytest.fixture
def pair():
    return compile_document(document())


def problems(pair):
    with translation.override("en"):
        return check_pair(pair["schema"], pair["ui_schema"])


def test_compiled_pair_passes(pair):
    assert problems(pair) == []


def test_meta_schema_violation_points_at_path(pair):
    pair["schema"]["properties"]["f_name"]["maxLength"] = -1
    found = problems(pair)
    assert found[0]["path"] == "/schema/properties/f_name/maxLength"


def test_remote_ref_rejected(pair):
    pair["schema"]["properties"]["f_name"] = {
        "$ref": "https://evil.example/schema.json"
    }
    found = problems(pair)
    assert {
        "path": "/schema/properties/f_name/$ref",
        "message": "Only references inside the document (“#/…”) are allowed.",
    } in found


def test_local_ref_allowed(pair):
    pair["schema"]["$defs"] = {"name": {"type": "string"}}
    pair["schema"]["properties"]["f_name"] = {"$ref": "#/$defs/name"}
    assert problems(pair) == []


@pytest.mark.parametrize(
    "pattern", ["(a+)+$", "^(\\d*)*x", "(a|b{2,})+", "(x+x+)+y", "(.*a){2,}", "(a)\\1"]
)
def test_pathological_patterns_rejected(pair, pattern):
    pair["schema"]["properties"]["f_zip"]["pattern"] = pattern
    found = problems(pair)
    assert [p["path"] for p in found] == ["/schema/properties/f_zip/pattern"]


@pytest.mark.parametrize(
    "pattern", ["^[0-9]{6}$", "^[A-Z]{2}\\d+$", "^(0|[1-9][0-9]*)$"]
)
def test_ordinary_patterns_allowed(pattern):
    assert pattern_problem(pattern) is None


def test_long_and_broken_patterns_rejected():
    # The messages are lazy: read them in English whatever an earlier test
    # of this worker left active.
    with translation.override("en"):
        assert "longer" in str(pattern_problem("a" * 500))
        assert "not a valid" in str(pattern_problem("([a-z]"))


def test_size_limit(pair, settings):
    settings.FORMBUILDER_MAX_SCHEMA_BYTES = 1000
    found = problems(pair)
    assert found[0]["path"] == "/"
    assert "limit is 1000" in found[0]["message"]


def test_depth_limit(pair, settings):
    settings.FORMBUILDER_MAX_SCHEMA_DEPTH = 4
    found = problems(pair)
    assert found[0]["path"].startswith("/schema/properties/")
    assert "deeply" in found[0]["message"]


def test_ui_schema_must_place_every_property(pair):
    broken = copy.deepcopy(pair)
    broken["ui_schema"]["steps"][0]["fields"].remove("f_name")
    assert {
        "path": "/schema/properties/f_name",
        "message": "The field is not placed in any step.",
    } in problems(broken)


def test_ui_schema_unknown_type(pair):
    pair["ui_schema"]["fields"]["f_name"]["type"] = "rocket"
    assert problems(pair)[0]["path"] == "/ui_schema/fields/f_name/type"
