"""Poshuk: a search engine for document archives of human-rights work.

``poshuk.core`` holds what ingest and the search API share (document model, schema,
catalog, blob store, engines); ``poshuk.cli`` is the composition root behind the
``poshuk`` console script.
"""

__all__: list[str] = []
