"""The engine interface and the request/result shapes every engine speaks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from poshuk.core.model import Document
from poshuk.core.query import Node

SortOrder = Literal["relevance", "date_desc", "date_asc"]
# lexical: the engine's ranking; semantic: nearest passage vectors; hybrid: both, fused
SearchMode = Literal["lexical", "hybrid", "semantic"]


class EngineUnavailable(RuntimeError):
    """The index cannot be reached or opened (the API answers 503)."""


class WriterBusy(EngineUnavailable):
    """Another process holds the index's writer (an ingest, an upload being parsed)."""


class SearchTimedOut(RuntimeError):
    """The engine gave up on a search at its time budget (the API answers 504)."""


# The record field that holds who may read a document: the callers' rights arrive as
# ``scope[RIGHTS_FIELD]`` (``poshuk.core.accounts.Caller.scope``). One value per document.
RIGHTS_FIELD = "collection"


@dataclass(slots=True)
class SearchRequest:
    query: Node
    filters: dict[str, list[str]] = field(default_factory=dict)
    # Keyword constraints every count obeys, facets included (unlike ``filters``, whose
    # facet ignores its own selection): "within this entity's documents".
    scope: dict[str, list[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mentioned_from: dt.date | None = None  # the dates a document talks about, not its own
    mentioned_to: dt.date | None = None
    sort: SortOrder = "relevance"
    page: int = 1
    size: int = 10
    facet_size: int = 20
    highlights: bool = True
    # One hit per near-duplicate group (its first document, with ``copies``); totals and
    # facets then count each group once.
    fold_copies: bool = False
    # Read by poshuk.core.hybrid, not by the engines (they rank lexically): which rankings
    # to fuse, and the query as typed, which the embedding model reads.
    mode: SearchMode = "lexical"
    text: str = ""


@dataclass(slots=True)
class Highlight:
    page: int
    text: str  # HTML: escaped text with <mark> around matched words


@dataclass(slots=True)
class Hit:
    id: str
    title: str | None
    date: str | None
    language: str | None
    type: str | None
    source: str | None
    score: float | None
    highlights: list[Highlight] = field(default_factory=list)
    copies: int = 1  # documents in its near-duplicate group


@dataclass(slots=True)
class FacetValue:
    value: str
    count: int


@dataclass(slots=True)
class HistogramBucket:
    key: str
    count: int


@dataclass(slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    date_histogram: list[HistogramBucket] = field(default_factory=list)


class Engine(Protocol):
    """What ingest, reindex and the API need from an index."""

    name: str

    def add(self, docs: Iterable[Document]) -> int:
        """Add or replace documents (not visible until ``commit``); returns how many."""

    def commit(self) -> None:
        """Make everything added so far durable and searchable."""

    def delete(self, ids: list[str]) -> None:
        """Remove these documents and their pages for good (committed, and expunged from
        the index files where the engine can)."""

    def rebuild(self, docs: Iterable[Document]) -> int:
        """Build a fresh index from ``docs`` and switch readers to it when complete."""

    def search(self, request: SearchRequest) -> SearchResult: ...

    def similar(
        self, doc: Document, size: int, scope: dict[str, list[str]] | None = None
    ) -> SearchResult:
        """More-like-this candidates among the documents ``scope`` allows (as
        ``SearchRequest.scope``)."""

    def ids(self, request: SearchRequest, batch: int = 1000) -> Iterator[str]:
        """Every matching document's id in the request's order (ties by id where the engine
        can), fetched ``batch`` at a time: the whole result set, past the paging window
        (``page``, ``size``, facets and highlights are ignored)."""

    def count(self) -> int:
        """Documents (not pages) in the index."""

    def health(self) -> str | None:
        """A cluster's state for this index: ``green`` (every copy in place), ``yellow`` (a
        replica missing, searches whole), ``red`` (a shard has no copy: searches would miss
        documents); None for an engine that is no cluster."""

    def close(self) -> None: ...


def order_facet(counts: dict[str, int], selected: list[str], size: int) -> list[FacetValue]:
    """Top ``size`` values by count (ties by value), plus any selected value left out."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = [FacetValue(value, count) for value, count in ranked[:size]]
    shown = {fv.value for fv in top}
    top += [FacetValue(v, counts.get(v, 0)) for v in selected if v not in shown]
    return top
