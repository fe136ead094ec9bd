from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from search_api.deps import ServicesDep
from search_api.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(services: ServicesDep) -> JSONResponse:
    """Engine and catalog state; 503 when the engine cannot answer searches."""
    engine, problem = services.engine_or_none()
    body = HealthOut(
        status="ok" if engine else "unavailable",
        engine=services.settings.engine,
        documents=engine.count() if engine else 0,
        catalog=services.catalog.count_ok(),
        pending_index=services.catalog.count_pending(),
        detail=problem,
    )
    return JSONResponse(body.model_dump(), status_code=200 if engine else 503)
