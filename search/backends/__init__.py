"""Search backends behind ``search.protocols.SearchBackend``.

``embedded.EmbeddedBackend`` (the site's database) is the default; an
Elasticsearch backend can be added here later and chosen in ``search.index``.
"""
