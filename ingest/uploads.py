"""Parses what the API queued: a thread in the ``poshuk serve`` process that runs the
ingest pipeline over queued uploads whenever it is woken.

It opens the index for writing only while it works, so a ``poshuk ingest`` can run in
between; when that ingest holds the index, the thread tries again a little later (and
that ingest picks the queued files up itself anyway).
"""

from __future__ import annotations

import logging
import threading

from ingest.pipeline import Pipeline
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import EngineUnavailable, open_engine

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
        # Woken by each upload, and every few seconds regardless: that retries a run
        # that found the index busy.
        while not self._stop.is_set():
            self._wake.wait(timeout=RETRY_SECONDS)
            self._wake.clear()
            if not self._stop.is_set():
                self._run_once()

    def _run_once(self) -> None:
        """Parse and index everything queued, unless another process holds the index."""
        catalog = Catalog(self.settings.catalog_path)
        try:
            if not catalog.with_status("queued"):
                return
            try:
                engine = open_engine(self.settings, writable=True)
            except EngineUnavailable as err:
                log.info("queued uploads wait: %s", err)
                return
            try:
                blobs = BlobStore(self.settings.blob_dir)
                Pipeline(catalog, blobs, engine, self.settings).ingest([])
            finally:
                engine.close()
        finally:
            catalog.close()
