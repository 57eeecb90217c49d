"""The Elasticsearch backend (elasticsearch-dsl 8).

Public: ``ElasticBackend``; ``mapping.build_index`` and ``queries`` produce
the index definition and request bodies (tested without a server).
"""

from .backend import ElasticBackend

__all__ = ["ElasticBackend"]
