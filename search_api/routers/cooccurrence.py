"""Which entities appear together in the documents a search finds (for researchers)."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query, Request

from search_api import params
from search_api.auth import CallerDep, record, request_query
from search_api.budget import BudgetedRequestDep
from search_api.deps import ServicesDep
from search_api.entity_names import labels
from search_api.result_set import documents
from search_api.search_params import KNOWN

router = APIRouter(tags=["export"])

MAX_DOCUMENTS = params.MAX_WINDOW  # counted over the best this many of the result set


@router.get("/cooccurrence")
def cooccurrence(
    services: ServicesDep,
    request: Request,
    criteria: BudgetedRequestDep,
    caller: CallerDep,
    size: Annotated[int, Query(ge=1, le=200, description="pairs and entities listed")] = 25,
) -> dict[str, object]:
    """The entities of the matching documents and the pairs that share documents, most
    frequent first: ``{"documents", "complete", "entities": [{"value", "name", "count"}],
    "pairs": [{"a", "b", "a_name", "b_name", "count"}]}``, each entity by its id
    (``value``, ``a``, ``b``) and its display name. Counted over the first 10,000 documents in the
    search's order; ``complete`` says whether that was all of them."""
    params.check_known(request.query_params.keys(), (*KNOWN, "size"))
    singles: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    scanned = 0
    complete = True
    for doc in documents(services, services.engine(), criteria):
        if scanned == MAX_DOCUMENTS:
            complete = False
            break
        scanned += 1
        keys = sorted({entity.key for entity in doc.entities})
        singles.update(keys)
        pairs.update(itertools.combinations(keys, 2))
    top_singles, top_pairs = _top(singles, size), _top(pairs, size)
    keys = [k for k, _ in top_singles] + [k for p, _ in top_pairs for k in p]
    names = labels(services, keys, caller.collections())
    q, filters = request_query(request)
    record(services, caller, "search", query=q, detail=f"cooccurrence {filters or ''}".strip(),
           count=scanned)
    return {
        "documents": scanned,
        "complete": complete,
        "entities": [{"value": k, "name": names[k], "count": n} for k, n in top_singles],
        "pairs": [{"a": a, "b": b, "a_name": names[a], "b_name": names[b], "count": n}
                  for (a, b), n in top_pairs],
    }


K = TypeVar("K", str, tuple[str, str])


def _top(counts: Counter[K], size: int) -> list[tuple[K, int]]:
    """Most frequent first, ties in alphabetical order (stable across engines)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size]
