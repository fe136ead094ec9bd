"""The FastAPI application (OpenAPI at ``/docs``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from search_api.deps import Services
from search_api.errors import install_handlers
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
            catalog=Catalog(settings.catalog_path),
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
    )
    install_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(documents.router)
    app.include_router(entities.router)
    app.include_router(previews.router)
    app.include_router(export.router)
    app.include_router(cooccurrence.router)
    app.include_router(saved_searches.router)
    app.include_router(accounts.router)
    app.include_router(audit.router)
    app.include_router(deletion.router)
    return app
