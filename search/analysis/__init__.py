"""Chinese text analysis shared by every search backend.

Public: ``analyze_document`` / ``AnalyzedDocument`` / ``COLUMNS`` (index side),
``analyze_query`` / ``QueryPlan`` (query side), ``SynonymIndex``,
``get_segmenter``.  Backends receive plain space-separated token strings, so
an Elasticsearch index can use a whitespace analyzer and rank alike.
"""

from .documents import COLUMNS, AnalyzedDocument, analyze_document
from .querying import QueryPlan, analyze_query
from .segmenter import get_segmenter
from .synonyms import SynonymIndex, read_groups

__all__ = [
    "COLUMNS",
    "AnalyzedDocument",
    "QueryPlan",
    "SynonymIndex",
    "analyze_document",
    "analyze_query",
    "get_segmenter",
    "read_groups",
]
