"""Index engines behind one interface: embedded tantivy (default) and Elasticsearch."""

from __future__ import annotations

import time

from poshuk.core.config import Settings
from poshuk.core.engines.base import (
    Engine,
    EngineUnavailable,
    FacetValue,
    Highlight,
    HistogramBucket,
    Hit,
    SearchMode,
    SearchRequest,
    SearchResult,
    SearchTimedOut,
    SortOrder,
    WriterBusy,
)

__all__ = [
    "Engine",
    "EngineUnavailable",
    "FacetValue",
    "Highlight",
    "Hit",
    "HistogramBucket",
    "SearchRequest",
    "SearchMode",
    "SearchResult",
    "SearchTimedOut",
    "SortOrder",
    "WriterBusy",
    "WRITER_WAIT_S",
    "open_engine",
]


WRITER_WAIT_S = 5.0  # a parse of a few uploads; past it the index is reported busy


def open_engine(
    settings: Settings, *, writable: bool = False, rebuild: bool = False, wait_s: float = 0.0
) -> Engine:
    """The engine the settings name, opened on the data dir (``rebuild``: only to rebuild
    it, which an index from another version of the schema does not prevent). For writing,
    a writer held by another process is waited for up to ``wait_s`` seconds, then
    :class:`WriterBusy`."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return _open(settings, writable, rebuild)
        except WriterBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


def _open(settings: Settings, writable: bool, rebuild: bool) -> Engine:
    if settings.engine == "tantivy":
        from poshuk.core.engines.tantivy_engine import TantivyEngine

        return TantivyEngine(settings.index_dir, writable=writable, rebuild=rebuild)
    from poshuk.core.engines.es_engine import ElasticsearchEngine

    engine = ElasticsearchEngine(
        settings.es_url, settings.es_index, writable=writable, rebuild=rebuild,
        shards=settings.es_shards, replicas=settings.es_replicas,
    )
    engine.budget_s = settings.search_budget_s
    return engine
