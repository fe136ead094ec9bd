"""Index engines behind one interface: embedded tantivy (default) and Elasticsearch."""

from __future__ import annotations

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
    "open_engine",
]


def open_engine(settings: Settings, *, writable: bool = False, rebuild: bool = False) -> Engine:
    """The engine the settings name, opened on the data dir (``rebuild``: only to rebuild
    it, which an index from another version of the schema does not prevent)."""
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
