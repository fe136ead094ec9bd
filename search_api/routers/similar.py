"""``/similar/{doc_id}``: documents near this one in meaning, in any language (a
Belarusian statement finds its Russian and English counterparts), from the passage
vectors; only documents the caller may read, and 404 for one they may not."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query

from poshuk.core.engines import SearchRequest
from poshuk.core.hybrid import fetch
from poshuk.core.query import MatchAll
from poshuk.core.semantic import centroid
from search_api.auth import CallerDep, record
from search_api.deps import ServicesDep
from search_api.errors import Conflict
from search_api.routers.documents import DocId, load
from search_api.routers.search import result_json
from search_api.schemas import SimilarOut
from search_api.vectors import vector_store

router = APIRouter(tags=["documents"])


@router.get("/similar/{doc_id}", response_model=SimilarOut)
def similar_across_languages(
    services: ServicesDep,
    caller: CallerDep,
    doc_id: DocId,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, object]:
    """The documents whose passages lie nearest this document's (its passages' mean
    vector), best first, itself left out; ``/documents/{id}/similar`` finds shared
    wording instead."""
    started = time.perf_counter()
    doc = load(services, doc_id, caller)
    store = vector_store(services)
    vectors = store.vectors_of(doc.id)
    if vectors is None:
        raise Conflict(f"document {doc.id!r} has no vectors from {store.model} yet: run "
                       "`poshuk embed`")
    readable = SearchRequest(MatchAll(), scope=caller.scope(), size=size, highlights=False)
    nearest = [i for i in store.nearest(centroid(vectors), readable, size + 1) if i != doc.id]
    ranked = [(i, 1 / rank) for rank, i in enumerate(nearest[:size], 1)]
    result = fetch(services.engine(), readable, ranked)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    record(services, caller, "similar", document_id=doc.id, collection=doc.collection,
           count=result.total)
    body = result_json(result, took_ms)
    return {"total": body["total"], "took_ms": took_ms, "hits": body["hits"]}
