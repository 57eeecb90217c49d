"""Bulk actions: one ``SearchDocument`` becomes one Elasticsearch source.

Documents are analysed by ``search.analysis`` here, in the app, so the index
holds the same tokens as the embedded backend.  Non-public documents (a
source may mark one with ``public = False``) are never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...analysis import analyze_document
from ...analysis.segmenter import get_segmenter
from ...analysis.spelling import spell
from ...analysis.text import is_cjk
from ..base import SUGGEST_TITLE_WEIGHT as TITLE_WEIGHT
from ..base import is_public

# Completion weights are integers; boosts are small floats (1.0, 1.5).
WEIGHT_SCALE = 10
MIN_SUFFIX = 2


def source(document) -> dict:
    """The ``_source`` of a document: display fields, facets, tokens, suggestions."""
    facets = {name: list(values) for name, values in document.facets.items()}
    return {
        "doc_id": document.doc_id,
        "kind": document.kind,
        "code": document.code,
        "url": document.url,
        "title": document.title,
        "aliases": list(document.aliases),
        "keywords": list(document.keywords),
        "body": document.body or "",
        "summary": document.summary or "",
        "region_code": document.region_code or "",
        "region_name": document.region_name or "",
        "department": next(iter(facets.get("department") or ()), ""),
        "facets": facets,
        "tokens": analyze_document(document).columns(),
        "boost": float(document.boost or 1.0),
        "variant": getattr(document, "variant", "") or "",
        "public": True,
        "updated_at": document.updated_at.isoformat() if document.updated_at else None,
        **suggestion_fields(document),
    }


def suggestion_fields(document) -> dict:
    """Completion inputs (text, word-boundary suffixes, pinyin, initials)."""
    inputs, texts = [], []
    for text in dict.fromkeys([document.title, *document.aliases]):
        if not text:
            continue
        sound, first = spell(text)
        weight = (document.boost or 1.0) * (
            TITLE_WEIGHT if text == document.title else 1.0
        )
        keys = [text, *word_suffixes(text), sound, first]
        inputs.append(
            {
                "input": [k[:50] for k in dict.fromkeys(keys) if k],
                "weight": max(1, round(weight * WEIGHT_SCALE)),
            }
        )
        texts.append([text, sound, first])
    return {"suggest": inputs, "suggest_texts": {"items": texts}}


def word_suffixes(text: str) -> list[str]:
    """Tails of ``text`` starting at a word: 往来港澳通行证 → 港澳通行证, 通行证, ….

    Completion matches prefixes only; these tails let a word inside a title
    (通行证 in 往来港澳通行证) complete it too, as the embedded backend's
    "contains" lookup does.
    """
    starts = set()
    for word in get_segmenter().cut_for_search(text):
        position = text.find(word)
        while position > 0:
            starts.add(position)
            position = text.find(word, position + 1)
    return [
        text[start:]
        for start in sorted(starts)
        if len(text) - start >= MIN_SUFFIX and is_cjk(text[start])
    ]


def index_actions(index: str, documents: Iterable) -> Iterator[dict]:
    """``helpers.bulk`` actions writing every public document into ``index``."""
    for document in documents:
        if is_public(document):
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": document.doc_id,
                "_source": source(document),
            }
