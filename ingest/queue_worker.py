"""A worker of the queue (``poshuk.core.work_queue``): claims items, does them with the
ingest pipeline, completes them; ``poshuk worker`` runs one per process, ``poshuk serve``
one in a thread unless a team deployment leaves the queue to ``poshuk worker`` processes.

Item kinds: ``parse`` (key: the sha256 of an original in the blob store, catalogued as
queued), ``reenrich`` and ``reindex`` (payload ``{"ids": [...]}``, a batch of documents).
A heartbeat thread extends the leases of the items in hand, on its own connection, so a
slow file never loses its lease while a dead worker's items come back when it runs out.

The index is opened for writing per batch and closed after it: tantivy has one writer at a
time, so a worker that finds it busy parses into the catalog and leaves the documents
pending; whichever worker next holds the writer (or is idle) indexes everything pending.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from ingest.enrich import enrich_text
from ingest.pipeline import Pipeline
from ingest.pool import WorkerPool
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog, document_id
from poshuk.core.config import Settings
from poshuk.core.engines import Engine, EngineUnavailable, open_engine
from poshuk.core.model import Document
from poshuk.core.work_queue import WorkItem, WorkQueue

log = logging.getLogger("poshuk.worker")

LEASE_S = 60.0
IDLE_S = 1.0
PRUNE_EVERY_S = 3600.0  # an idle worker forgets week-old done items this often


def open_catalog(settings: Settings) -> Catalog:
    """The catalog the settings name (one place to change for another backend)."""
    return Catalog(settings.catalog_url)


class _Heartbeat:
    """Extends the leases of the items in hand every third of the lease, and says the
    worker is alive; on its own connection (the worker's may be inside a transaction)."""

    def __init__(self, settings: Settings, worker: str, lease_s: float) -> None:
        self.worker, self.lease_s = worker, lease_s
        self.settings = settings
        self.held: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
        self._thread.start()

    def hold(self, ids: list[int]) -> None:
        with self._lock:
            self.held = set(ids)

    def _beat(self) -> None:
        catalog = open_catalog(self.settings)
        queue = WorkQueue(catalog.db)
        try:
            while not self._stop.wait(self.lease_s / 3):
                with self._lock:
                    held = sorted(self.held)
                try:
                    queue.extend(self.worker, held, self.lease_s)
                    queue.seen(self.worker)
                except Exception:  # a busy catalog: the next beat tries again
                    log.exception("heartbeat failed")
        finally:
            catalog.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


class QueueWorker:
    def __init__(
        self, settings: Settings, *, lease_s: float = LEASE_S, batch: int | None = None,
        idle_s: float = IDLE_S,
    ) -> None:
        self.settings = settings
        self.lease_s, self.idle_s = lease_s, idle_s
        # enough to keep the parser pool busy and to spread an index commit over several
        # documents; few enough that other workers get a share of a short queue
        self.batch = batch or max(8, settings.workers * 4)
        self.catalog = open_catalog(settings)
        self.queue = WorkQueue(self.catalog.db)
        self.blobs = BlobStore(settings.blob_dir)
        self.id = self.queue.register_worker()
        self.done = 0
        self._pruned_at = 0.0
        self._pool: WorkerPool | None = None
        self._heartbeat = _Heartbeat(settings, self.id, lease_s)

    def run(
        self, stop: threading.Event, *, once: bool = False, max_items: int | None = None,
        on_done: Callable[[int], None] | None = None,
    ) -> int:
        """Work until ``stop`` is set (or, with ``once``, until the queue is empty, or
        ``max_items`` are done); returns how many items this call completed."""
        done_before = self.done
        while not stop.is_set():
            left = None if max_items is None else max_items - (self.done - done_before)
            if left is not None and left <= 0:
                break
            self.queue.reclaim_expired()
            items = self.queue.claim(self.id, min(self.batch, left or self.batch), self.lease_s)
            if items:
                self._heartbeat.hold([item.id for item in items])
                count = self._do(items)
                self._heartbeat.hold([])
                if on_done:
                    on_done(count)
                continue
            self.index_pending()  # what a busy index left behind, here or elsewhere
            if time.monotonic() - self._pruned_at > PRUNE_EVERY_S:
                self._pruned_at = time.monotonic()
                self.queue.prune_done()
            if once:
                break
            stop.wait(self.idle_s)
        self._close_pool()
        return self.done - done_before

    def close(self) -> None:
        self._close_pool()
        self._heartbeat.stop()
        self.queue.stopped(self.id)
        self.catalog.close()

    # --- doing items -----------------------------------------------------------------

    def _do(self, items: list[WorkItem]) -> int:
        by_kind: dict[str, list[WorkItem]] = {}
        for item in items:
            by_kind.setdefault(item.kind, []).append(item)
        handlers = {"parse": self._parse, "reenrich": self._reenrich, "reindex": self._reindex}
        count = 0
        for kind, group in by_kind.items():
            try:
                finished = handlers[kind](group)
            except Exception as err:  # a bug or a lost catalog: retried, then kept failed
                log.exception("%s items failed", kind)
                for item in group:
                    self.queue.fail(self.id, item.id, f"{type(err).__name__}: {err}")
                continue
            for item in finished:
                count += self.queue.complete(self.id, item.id)
        self.done += count
        return count

    def _parse(self, items: list[WorkItem]) -> list[WorkItem]:
        """Parse the queued originals; items whose document is parsed already (by an
        earlier run of this item, or a local ``poshuk ingest``) are simply completed."""
        docs = self.catalog.get_many([document_id(item.key) for item in items],
                                     with_pages=False)
        todo: list[Document] = []
        finished: list[WorkItem] = []
        for item in items:
            doc = docs.get(document_id(item.key))
            if doc is None:
                self.queue.fail(self.id, item.id, "no catalog row for these bytes", retry=False)
            elif doc.status != "queued":
                finished.append(item)
            elif not self.blobs.exists(doc.sha256):
                self.queue.fail(self.id, item.id, "the original is missing from the blob "
                                "store (poshuk fsck)", retry=False)
            else:
                todo.append(doc)
                finished.append(item)
        if todo:
            if self._pool is None:
                self._pool = WorkerPool(self.settings)
            with self._engine() as engine:
                pipeline = Pipeline(self.catalog, self.blobs, engine.opened, self.settings)
                pipeline.parse_stored(todo, self._pool)
        return finished

    def _reenrich(self, items: list[WorkItem]) -> list[WorkItem]:
        for item in items:
            docs = self.catalog.get_many(list(item.payload.get("ids", [])))
            parsed = [doc for doc in docs.values() if doc.status == "ok"]
            for doc in parsed:
                enrich_text(doc)
            self.catalog.update_enrichment(parsed)  # left pending for the index
        self.index_pending()
        return items

    def _reindex(self, items: list[WorkItem]) -> list[WorkItem]:
        with self._engine() as engine:
            if engine.opened is None:
                raise EngineUnavailable(engine.problem)
            for item in items:
                docs = self.catalog.get_many(list(item.payload.get("ids", [])))
                parsed = [doc for doc in docs.values() if doc.status == "ok"]
                engine.opened.add(parsed)
                engine.opened.commit()
                self.catalog.mark_indexed(doc.id for doc in parsed)
        return items

    # --- the index -------------------------------------------------------------------

    def index_pending(self) -> int:
        """Index what the catalog holds as not yet indexed, if the index is free."""
        if not self.catalog.count_pending():
            return 0
        with self._engine() as engine:
            if engine.opened is None:
                return 0
            pipeline = Pipeline(self.catalog, self.blobs, engine.opened, self.settings)
            return pipeline.index_pending()

    def _engine(self) -> _OpenEngine:
        return _OpenEngine(self.settings)

    def _close_pool(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


class _OpenEngine:
    """The index opened for writing for one batch (None when busy or down), then closed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.opened: Engine | None = None
        self.problem = ""

    def __enter__(self) -> _OpenEngine:
        try:
            self.opened = open_engine(self.settings, writable=True)
        except EngineUnavailable as err:
            self.problem = str(err)
            log.info("not indexing now: %s", err)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.opened is not None:
            try:
                self.opened.close()
            except EngineUnavailable as err:  # what it could not commit stays pending
                log.warning("closing the index: %s", err)
