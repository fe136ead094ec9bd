"""``mode=semantic`` and ``mode=hybrid`` for both engines: the query's nearest documents
by passage vector (the rights filter inside, see ``poshuk.core.engines.vectors``), fused
by reciprocal rank with the engine's own lexical ranking (thesaurus included) in hybrid
mode, then one engine search over just the fused documents for the hits, totals, facets
and histogram, so the answer has the shape, rights and filters of a lexical one.

The result set is the fused candidates (at most ``CANDIDATES`` + ``LEXICAL`` documents):
a vector search has no natural end, so its total counts what was ranked, not "every
document that matches"."""

from __future__ import annotations

import dataclasses
from itertools import islice

from poshuk.core.engines.base import Engine, SearchRequest, SearchResult
from poshuk.core.engines.vectors import CANDIDATES, VectorStore
from poshuk.core.query import MatchAll
from poshuk.core.semantic import Embedder, fuse

LEXICAL = 50  # lexical hits fusion reads


class NoVectors(RuntimeError):
    """The index has no vectors from the current model (the API answers 409)."""


def search(engine: Engine, store: VectorStore, embedder: Embedder,
           request: SearchRequest) -> SearchResult:
    if not store.count():
        raise NoVectors(f"no document has vectors from {store.model} yet: run `poshuk embed`")
    rankings = [store.nearest(embedder.query(request.text), request, CANDIDATES)]
    if request.mode == "hybrid":
        lexical = dataclasses.replace(request, sort="relevance")
        rankings.insert(0, list(islice(engine.ids(lexical, batch=LEXICAL), LEXICAL)))
    return fetch(engine, request, fuse(rankings))


def fetch(engine: Engine, request: SearchRequest, ranked: list[tuple[str, float]],
          ) -> SearchResult:
    """The page ``request`` asks for of the ``ranked`` documents (id, score), with facets
    and totals over all of them; every id passes the request's scope and filters again."""
    if not ranked:
        return SearchResult(total=0, hits=[])
    score = dict(ranked)
    every = engine.search(dataclasses.replace(
        request, query=MatchAll(), scope={**request.scope, "id": list(score)},
        page=1, size=len(score), highlights=False,
    ))
    hits = every.hits
    for hit in hits:
        hit.score = round(score[hit.id], 6)
    if request.sort == "relevance":  # else the engine's date order stands
        hits.sort(key=lambda hit: -score[hit.id])
    start = (request.page - 1) * request.size
    shown = hits[start:start + request.size]
    if request.highlights and shown and not isinstance(request.query, MatchAll):
        # the words as typed marked on this page's hits (vector-only hits may have none)
        marked = engine.search(dataclasses.replace(
            request, scope={**request.scope, "id": [hit.id for hit in shown]},
            page=1, size=len(shown), facet_size=1,
        ))
        highlights = {hit.id: hit.highlights for hit in marked.hits}
        for hit in shown:
            hit.highlights = highlights.get(hit.id, [])
    return SearchResult(total=every.total, hits=shown, facets=every.facets,
                        date_histogram=every.date_histogram)
