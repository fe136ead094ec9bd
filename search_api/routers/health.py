from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from poshuk.core.engines import EngineUnavailable, SearchRequest
from poshuk.core.query import MatchAll
from search_api.auth import CallerDep
from search_api.deps import ServicesDep
from search_api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(services: ServicesDep, caller: CallerDep) -> JSONResponse:
    """Engine and catalog state; 503 when the engine cannot answer searches. The counts
    are of what the caller may read."""
    engine, problem = services.engine_or_none()
    documents, cluster = 0, None
    if engine is not None:
        try:
            scope = caller.scope()
            documents = engine.count() if not scope else engine.search(SearchRequest(
                MatchAll(), scope=scope, size=1, facet_size=1, highlights=False)).total
            cluster = engine.health()
        except EngineUnavailable as err:  # opened earlier, gone since (a stopped node)
            engine, problem = None, str(err)
    if cluster == "red":
        engine = None
        problem = ("a shard of the index has no copy on a live node: searches would miss "
                   "documents until its node returns")
    body = HealthOut(
        status="ok" if engine else "unavailable",
        engine=services.settings.engine,
        documents=documents,
        catalog=services.catalog.count_ok() if caller.admin else documents,
        pending_index=services.catalog.count_pending() if caller.admin else 0,
        detail=problem,
        cluster=cluster,
    )
    return JSONResponse(body.model_dump(), status_code=200 if engine else 503)
