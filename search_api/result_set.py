"""The whole result set of a search, document by document, for export and counting.

Ids come from the engine in the search's order, in batches and past the paging window
(``Engine.ids``); the documents from the catalog, the source of truth (without their
page text, which neither use needs).
"""

from __future__ import annotations

from collections.abc import Iterator

from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.model import Document
from search_api.deps import Services

_BATCH = 500


def documents(
    services: Services, engine: Engine, request: SearchRequest
) -> Iterator[Document]:
    """The documents of the whole result set, in order, read from the catalog in batches."""
    batch: list[str] = []
    for doc_id in engine.ids(request, batch=_BATCH * 2):
        batch.append(doc_id)
        if len(batch) == _BATCH:
            yield from _catalogued(services, batch)
            batch = []
    yield from _catalogued(services, batch)


def _catalogued(services: Services, ids: list[str]) -> Iterator[Document]:
    found = services.catalog.get_many(ids, with_pages=False)
    yield from (found[i] for i in ids if i in found)
