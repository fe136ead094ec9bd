"""Parses what the API queued: a thread in the ``poshuk serve`` process that works the
queue (``ingest.queue_worker``) until it is empty whenever it is woken. A team deployment
turns it off (``POSHUK_INPROCESS_WORKER=0``) and runs ``poshuk worker`` processes instead.

It opens the index for writing only while it works, so a ``poshuk ingest`` can run in
between. When the index cannot be opened (another ingest holds it, Elasticsearch is
down) the uploads are still parsed into the catalog and left pending for the index,
exactly as ``poshuk ingest`` does; the next run, that ingest or ``reindex`` indexes them.
"""

from __future__ import annotations

import logging
import threading

from ingest.queue_worker import QueueWorker
from poshuk.core.config import Settings

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
        # Woken by each upload, and every few seconds regardless (items queued by a
        # server that stopped before parsing them, or by a queued ingest).
        worker = QueueWorker(self.settings)
        try:
            while not self._stop.is_set():
                self._wake.wait(timeout=RETRY_SECONDS)
                self._wake.clear()
                if not self._stop.is_set():
                    try:
                        worker.run(self._stop, once=True)
                    except Exception:  # the catalog busy past its timeout: next round
                        log.exception("the upload worker failed; trying again")
        finally:
            worker.close()
