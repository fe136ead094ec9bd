from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from poshuk.core.engines import EngineUnavailable
from search_api.deps import ServicesDep
from search_api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(services: ServicesDep) -> JSONResponse:
    """Engine and catalog state; 503 when the engine cannot answer searches."""
    engine, problem = services.engine_or_none()
    documents = 0
    if engine is not None:
        try:
            documents = engine.count()
        except EngineUnavailable as err:  # opened earlier, gone since (a stopped node)
            engine, problem = None, str(err)
    body = HealthOut(
        status="ok" if engine else "unavailable",
        engine=services.settings.engine,
        documents=documents,
        catalog=services.catalog.count_ok(),
        pending_index=services.catalog.count_pending(),
        detail=problem,
    )
    return JSONResponse(body.model_dump(), status_code=200 if engine else 503)
