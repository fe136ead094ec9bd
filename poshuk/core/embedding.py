"""The embedding stage (``poshuk embed``): every catalogued document's passages embedded
and stored for the engine in use, resumably: a document whose vectors are current (same
model, same content) is skipped, so a run stopped half-way continues where it was, and a
second run embeds nothing. Needs the ``semantic`` extra."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np

from poshuk.core.catalog import Catalog
from poshuk.core.engines.vectors import VectorStore
from poshuk.core.model import Document
from poshuk.core.semantic import Embedder, document_passages

BATCH = 16  # documents embedded per model call (their passages together)
SAVE_EVERY_S = 60.0  # a stopped run loses at most this much work


@dataclass(slots=True)
class EmbedSummary:
    documents: int = 0  # embedded now
    skipped: int = 0  # already current
    passages: int = 0
    seconds: float = 0.0  # spent in the model


def _batches(docs: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while batch := list(islice(docs, size)):
        yield batch


def embed_catalog(
    catalog: Catalog, store: VectorStore, embedder: Embedder,
    on_batch: Callable[[int], None] = lambda n: None,
) -> EmbedSummary:
    """Embed what is stale; ``on_batch(n)`` after every ``n`` documents looked at."""
    summary = EmbedSummary()
    saved = time.monotonic()
    for batch in _batches(catalog.iter_documents(), BATCH):
        todo = store.stale(batch)
        summary.skipped += len(batch) - len(todo)
        if todo:
            texts = [document_passages(doc) for doc in todo]
            started = time.perf_counter()
            vectors = embedder.passages([text for parts in texts for text in parts])
            summary.seconds += time.perf_counter() - started
            rows, embedded = 0, []
            for doc, parts in zip(todo, texts, strict=True):
                embedded.append((doc, np.asarray(vectors[rows:rows + len(parts)])))
                rows += len(parts)
            store.put(embedded)
            summary.documents += len(todo)
            summary.passages += rows
            if time.monotonic() - saved > SAVE_EVERY_S:
                store.commit()
                saved = time.monotonic()
        on_batch(len(batch))
    store.commit()
    return summary
