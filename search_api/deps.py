"""Services the routers share, opened once per app and handed out as dependencies."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated

from fastapi import Depends, Request

from poshuk.core.accounts import Accounts
from poshuk.core.audit import AuditLog
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import Engine, EngineUnavailable, open_engine
from poshuk.core.engines.vectors import VectorStore, open_vectors
from poshuk.core.saved_searches import SavedSearches
from poshuk.core.semantic import Embedder


@dataclass
class Services:
    settings: Settings
    catalog: Catalog
    blobs: BlobStore
    # Called after an upload is stored and queued: wakes whatever parses queued files
    # (``poshuk serve`` wires the ingest worker here; the API itself never parses).
    on_upload: Callable[[], None] | None = None
    _engine: Engine | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _vectors: VectorStore | None = None

    def engine(self) -> Engine:
        """The index engine, opened on first use (and retried while it is unavailable)."""
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = open_engine(self.settings)
        return self._engine

    def vectors(self) -> VectorStore:
        """The engine's passage vectors (the ``semantic`` extra), opened on first use."""
        if self._vectors is None:
            engine = self.engine()
            with self._lock:
                if self._vectors is None:
                    self._vectors = open_vectors(self.settings, engine)
        return self._vectors

    @cached_property
    def embedder(self) -> Embedder:
        return Embedder()

    @cached_property
    def saved_searches(self) -> SavedSearches:
        return SavedSearches(self.catalog.db)

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self.catalog.db)

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.catalog.db, self.settings.audit_key)

    def engine_or_none(self) -> tuple[Engine | None, str | None]:
        try:
            return self.engine(), None
        except EngineUnavailable as err:
            return None, str(err)

    def close(self) -> None:
        if self._vectors is not None:
            self._vectors.close()
        if self._engine is not None:
            self._engine.close()
        if "audit" in self.__dict__:
            self.audit.close()
        self.catalog.close()


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
