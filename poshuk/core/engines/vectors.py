"""Passage vectors for the engine in use, behind one interface: in Elasticsearch (a nested
``dense_vector`` on each document record, kNN with the rights inside its filter) or, for
the embedded engine, a ``usearch`` index beside tantivy's (rights applied by tantivy to
an over-fetched candidate list before anything is returned).

Needs the ``semantic`` extra; nothing here is imported by the lexical search path."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from poshuk.core.config import Settings
from poshuk.core.engines.base import Engine, SearchRequest
from poshuk.core.model import Document

CANDIDATES = 100  # documents a vector search hands to fusion (and /similar's ceiling)


class VectorStore(Protocol):
    model: str  # the embedding model's name (semantic.model_name): others' vectors are stale

    def stale(self, docs: list[Document]) -> list[Document]:
        """Those of ``docs`` with no vectors from this model for their current content."""

    def put(self, embedded: list[tuple[Document, np.ndarray]]) -> None:
        """Store each document's passage vectors (one row per passage), replacing any."""

    def commit(self) -> None:
        """Make everything put so far durable and searchable."""

    def count(self) -> int:
        """Documents with vectors from this model."""

    def nearest(self, vector: np.ndarray, request: SearchRequest, size: int) -> list[str]:
        """Up to ``size`` documents, nearest passage first, among those ``request`` allows:
        its scope (the caller's rights), filters and dates are applied before any id is
        returned."""

    def close(self) -> None: ...


def open_vectors(settings: Settings, engine: Engine, *, writable: bool = False) -> VectorStore:
    """The vector store of ``engine`` (opened on the settings' data dir)."""
    from poshuk.core import semantic

    if engine.name == "tantivy":
        from poshuk.core.engines.usearch_vectors import UsearchVectors

        return UsearchVectors(settings.index_dir.parent / "vectors", engine,
                              semantic.model_name(), writable=writable)
    from poshuk.core.engines.es_engine import ElasticsearchEngine
    from poshuk.core.engines.es_vectors import ElasticsearchVectors

    assert isinstance(engine, ElasticsearchEngine)
    return ElasticsearchVectors(engine, semantic.model_name())
