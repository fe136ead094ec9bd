from __future__ import annotations

import dataclasses
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from poshuk.core.engines import SearchResult
from poshuk.core.thesaurus import expansions
from search_api import params
from search_api.auth import CallerDep, record, request_query
from search_api.budget import BudgetedRequestDep
from search_api.deps import Services, ServicesDep
from search_api.entity_names import labels
from search_api.schemas import SearchOut
from search_api.search_params import KNOWN
from search_api.vectors import run_search

router = APIRouter(tags=["search"])


def result_json(result: SearchResult, took_ms: float) -> dict[str, Any]:
    """The engine's result in the contract's JSON shape (shared with /similar)."""
    return {
        "total": result.total,
        "took_ms": took_ms,
        "hits": [dataclasses.asdict(hit) for hit in result.hits],
        "facets": {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
        "date_histogram": [{"key": b.key, "count": b.count} for b in result.date_histogram],
    }


@router.get("/search", response_model=SearchOut)
def search(
    services: ServicesDep,
    request: Request,
    criteria: BudgetedRequestDep,
    caller: CallerDep,
    page: Annotated[int, Query(ge=1, description="1-based")] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 10,
    facet_size: Annotated[int, Query(ge=1, le=200, description="values per facet")] = 20,
) -> JSONResponse:
    """Faceted search: filters of one name are OR-ed, different names AND-ed; each
    facet's counts ignore that facet's own selection. ``mode=semantic|hybrid`` ranks by
    meaning across languages too; its result set is the ranked candidates (409 until
    ``poshuk embed`` has run)."""
    started = time.perf_counter()
    params.check_known(request.query_params.keys(), (*KNOWN, "page", "size", "facet_size"))
    params.check_window(page, size)
    search_request = dataclasses.replace(
        criteria, page=page, size=size, facet_size=facet_size
    )
    result = run_search(services, search_request)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    # Returned as a ready response: the engine's result already has the contract's shape,
    # and re-validating it through the response model would cost more than the search.
    body = result_json(result, took_ms)
    _label_entities(services, body, caller.collections())
    q, filters = request_query(request)
    record(services, caller, "search", query=q, detail=filters, count=result.total)
    return JSONResponse(
        {**body, "page": page, "size": size, "expanded": expansions(criteria.query)}
    )


def _label_entities(
    services: Services, body: dict[str, Any], collections: list[str] | None
) -> None:
    """Give each ``entity`` facet value its display name (the value stays the key), from
    the spellings of the documents in ``collections`` (None: all)."""
    values = body["facets"].get("entity", [])
    names = labels(services, [v["value"] for v in values], collections)
    for value in values:
        value["label"] = names[value["value"]]
