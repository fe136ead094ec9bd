"""Re-enrichment: recompute what the text gives (entities, citations, dates mentioned,
figures; the document date unless the file's metadata gave it) for catalogued documents,
from the pages the catalog holds — no file is parsed again.

Used when the enrichment rules change (``ENRICHMENT_VERSION``): a catalog built by an
older version lacks what was added since (its rows carry the older version). Documents
stream from the catalog and are written back in batches, each batch one transaction, so
an interrupted run keeps what it finished and the next resumes with the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.enrich import ENRICHMENT_VERSION, enrich_text
from poshuk.core.catalog import Catalog
from poshuk.core.model import Document

__all__ = ["reenrich", "to_reenrich"]

BATCH = 100


def _before(stale_only: bool) -> int:
    """Documents enriched by a version below this are taken: the stale ones, or all."""
    return ENRICHMENT_VERSION if stale_only else ENRICHMENT_VERSION + 1


def to_reenrich(catalog: Catalog, *, stale_only: bool = True) -> int:
    """How many documents :func:`reenrich` would take."""
    return catalog.count_enriched_before(_before(stale_only))


def reenrich(
    catalog: Catalog,
    *,
    stale_only: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Re-enrich the documents an older version enriched (or every parsed one, with
    ``stale_only=False``); returns how many. They are left marked for indexing: rebuild
    the index afterwards. ``on_batch`` is told how many each written batch held."""
    done = 0
    batch: list[Document] = []
    for doc in catalog.iter_documents(enriched_before=_before(stale_only), batch=BATCH):
        enrich_text(doc)
        batch.append(doc)
        if len(batch) == BATCH:
            done += _write(catalog, batch, on_batch)
    return done + _write(catalog, batch, on_batch)


def _write(catalog: Catalog, batch: list[Document], on_batch: Callable[[int], None] | None) -> int:
    count = len(batch)
    if count:
        catalog.update_enrichment(batch)
        batch.clear()
        if on_batch:
            on_batch(count)
    return count
