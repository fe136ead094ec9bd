"""Parses what the API queued: a thread in the ``poshuk serve`` process that runs the
ingest pipeline over queued uploads whenever it is woken.

It opens the index for writing only while it works, so a ``poshuk ingest`` can run in
between. When the index cannot be opened (another ingest holds it, Elasticsearch is
down) the uploads are still parsed into the catalog and left pending for the index,
exactly as ``poshuk ingest`` does; the next run, that ingest or ``reindex`` indexes them.
"""

from __future__ import annotations

import logging
import threading

from ingest.pipeline import Pipeline
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import WRITER_WAIT_S, Engine, EngineUnavailable, open_engine

log = logging.getLogger("poshuk.uploads")
RETRY_SECONDS = 5.0


class UploadWorker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="uploads", daemon=True)

    def start(self) -> UploadWorker:
        self._wake.set()  # uploads queued while no server ran
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=60)

    def _loop(self) -> None:
        # Woken by each upload, and every few seconds regardless (uploads queued by a
        # server that stopped before parsing them).
        while not self._stop.is_set():
            self._wake.wait(timeout=RETRY_SECONDS)
            self._wake.clear()
            if not self._stop.is_set():
                self._run_once()

    def _run_once(self) -> None:
        """Parse everything queued, and index it unless the index cannot be opened."""
        catalog = Catalog(self.settings.catalog_path)
        try:
            if not catalog.with_status("queued"):
                return
            engine: Engine | None
            try:
                engine = open_engine(self.settings, writable=True, wait_s=WRITER_WAIT_S)
            except EngineUnavailable as err:
                log.info("uploads parsed but not indexed yet: %s", err)
                engine = None
            pipeline = Pipeline(catalog, BlobStore(self.settings.blob_dir), engine, self.settings)
            try:
                pipeline.ingest([])
            finally:
                if pipeline.engine is not None:
                    pipeline.engine.close()
        finally:
            catalog.close()
