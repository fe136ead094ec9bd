"""``/similar/{doc_id}``: documents near this one in meaning, in any language (a
Belarusian statement finds its Russian and English counterparts), from the passage
vectors; only documents the caller may read, and 404 for one they may not."""

from __future__ import annotations

import time
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Query

from poshuk.core.engines import SearchRequest
from poshuk.core.hybrid import fetch
from poshuk.core.query import MatchAll
from poshuk.core.semantic import centroid, document_passages
from search_api.auth import CallerDep, record
from search_api.deps import ServicesDep
from search_api.errors import Conflict
from search_api.routers.documents import DocId, load
from search_api.routers.search import result_json
from search_api.schemas import SimilarOut
from search_api.vectors import vector_store

router = APIRouter(tags=["documents"])
SAMPLE_PASSAGES = 3  # of the document's opening passages embedded per request


@router.get("/similar/{doc_id}", response_model=SimilarOut)
def similar_across_languages(
    services: ServicesDep,
    caller: CallerDep,
    doc_id: DocId,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, object]:
    """The documents whose passages lie nearest this document's opening, best first,
    itself left out; ``/documents/{id}/similar`` finds shared wording instead."""
    started = time.perf_counter()
    doc = load(services, doc_id, caller)
    store = vector_store(services)
    if not store.count():
        raise Conflict(f"no document has vectors from {store.model} yet: run `poshuk embed`")
    # the document read as a query (its opening passages): the model was trained to match
    # queries to passages, and that finds other languages' versions better than comparing
    # passage with passage (0.89 against 0.79 of the counterparts in the top 4 on
    # benchmarks/crosslang)
    opening = document_passages(doc)[:SAMPLE_PASSAGES]
    if not opening:
        return {"total": 0, "took_ms": 0.0, "hits": []}
    vector = centroid(np.stack([services.embedder.query(text) for text in opening]))
    readable = SearchRequest(MatchAll(), scope=caller.scope(), size=size, highlights=False)
    nearest = [i for i in store.nearest(vector, readable, size + 1) if i != doc.id]
    ranked = [(i, 1 / rank) for rank, i in enumerate(nearest[:size], 1)]
    result = fetch(services.engine(), readable, ranked)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    record(services, caller, "similar", document_id=doc.id, collection=doc.collection,
           count=result.total)
    body = result_json(result, took_ms)
    return {"total": body["total"], "took_ms": took_ms, "hits": body["hits"]}
