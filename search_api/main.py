"""The FastAPI application (OpenAPI at ``/docs``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from search_api.deps import Services
from search_api.docs_page import install_docs
from search_api.errors import install_handlers, responses
from search_api.middleware import BodyLimit, SecurityHeaders
from search_api.routers import (
    accounts,
    audit,
    cooccurrence,
    deletion,
    documents,
    entities,
    export,
    health,
    previews,
    saved_searches,
    search,
    similar,
    watches,
)
from search_api.schemas import HealthOut

BODY_LIMIT = 1 << 20  # any request but an upload: JSON bodies are small
_MULTIPART_SLACK = 64 << 10  # part headers and boundaries around an uploaded file

# Each router with the error statuses its routes answer (documents and saved searches
# declare theirs per route); they are what /openapi.json documents.
_EXPORT_200: dict[int | str, dict[str, Any]] = {200: {
    "description": "every matching document, as CSV or as a JSON array",
    "content": {"text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
}}
_AUDIT_200: dict[int | str, dict[str, Any]] = {200: {
    "description": "the audit entries, oldest first, as a JSON array or as CSV",
    "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
                "text/csv": {"schema": {"type": "string"}}},
}}
ROUTERS: tuple[tuple[APIRouter, dict[int | str, dict[str, Any]]], ...] = (
    (health.router, {503: {"model": HealthOut, "description": "the engine cannot answer"}}),
    (search.router, responses(400, 409, 422, 503)),
    (similar.router, responses(404, 409, 422, 503)),
    (documents.router, {}),
    (entities.router, responses(400, 404, 422, 503)),
    (previews.router, responses(400, 404, 422)),
    (export.router, {**_EXPORT_200, **responses(400, 422, 503)}),
    (cooccurrence.router, responses(400, 422, 503)),
    (saved_searches.router, {}),
    (accounts.router, responses(400, 403, 404, 422)),
    (audit.router, {**_AUDIT_200, **responses(400, 403, 422)}),
    (deletion.router, responses(403, 404, 409, 422, 503)),
    (watches.router, {}),
    (watches.feeds, {}),
    (watches.mail, {}),
)


def create_app(
    settings: Settings | None = None, on_upload: Callable[[], None] | None = None
) -> FastAPI:
    """The app; ``on_upload`` is called after each new upload is queued (see ``deps``)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services(
            settings=settings,
            catalog=Catalog(settings.catalog_url),
            blobs=BlobStore(settings.blob_dir),
            on_upload=on_upload,
        )
        app.state.services = services
        try:
            yield
        finally:
            services.close()

    app = FastAPI(
        title="Poshuk",
        description="Faceted search over archives of human-rights documents.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    install_handlers(app)
    install_docs(app)
    upload_limit = (settings.upload_max_mb << 20) + _MULTIPART_SLACK

    def body_limit(method: str, path: str) -> int:
        return upload_limit if (method, path) == ("POST", "/documents") else BODY_LIMIT

    app.add_middleware(BodyLimit, limit=body_limit)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so on every answer
    for router, errors in ROUTERS:  # every route knows its caller: a bad token, a flood
        app.include_router(router, responses={**responses(401, 429), **errors})
    return app
