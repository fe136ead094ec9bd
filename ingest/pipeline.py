"""The ingest pipeline: files → blob store + catalog (committed first) → index.

Parsing runs in a pool of worker processes (``ingest.pool``), each within the per-file
limits; everything that writes to the catalog or the index runs here, in one process.

Order matters for durability: the original is fsynced into the blob store before its
task is handed out, the catalog commits finished documents in batches, then (every
``INDEX_EVERY`` documents, in a thread beside the parsing, and at the end) the engine
commits, the new documents are matched against the watches, and the catalog marks what
it committed indexed. A container is catalogued only after
all its members are, so a run killed at any moment (``kill -9``) and started again with
the same command re-reads only what the catalog lacks: nothing is lost or doubled.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.document import Outcome, Task
from ingest.pool import WorkerPool
from ingest.sources import iter_files, read_files
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import Engine, EngineUnavailable
from poshuk.core.index_chunks import even_chunks
from poshuk.core.model import Document, Status
from poshuk.core.watch_matching import watch_matcher

BATCH_SIZE = 64
INDEX_EVERY = 1024  # catalogued documents per index commit (and at the end of a run)

__all__ = ["BATCH_SIZE", "INDEX_EVERY", "IngestSummary", "Pipeline", "iter_files"]


@dataclass(slots=True)
class IngestSummary:
    files: int = 0
    accepted: int = 0
    duplicates: int = 0
    pages: int = 0
    ocr_pages: int = 0
    indexed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    index_problem: str | None = None  # why documents were left waiting to be indexed

    def failures_by_reason(self) -> dict[str, int]:
        """Failures counted by kind: the part of each reason before its first colon."""
        return dict(Counter(reason.split(":")[0] for _path, reason in self.failed))


class Pipeline:
    """Accepts files into the catalog and indexes them; with ``engine=None``, or once the
    engine fails (a stopped Elasticsearch node), it keeps accepting into the catalog and
    leaves the documents pending for the next run or ``poshuk reindex``."""

    def __init__(
        self,
        catalog: Catalog,
        blobs: BlobStore,
        engine: Engine | None,
        settings: Settings | None = None,
        batch_size: int = BATCH_SIZE,
        collection: str = "default",
        on_indexed: Callable[[Engine, list[Document]], object] | None = None,
    ) -> None:
        """``collection``: where the files named to :meth:`ingest` go (it must exist);
        ``on_indexed``: called after each index commit, before the catalog marks the
        documents indexed (default: matching them against the watches)."""
        self.catalog = catalog
        self.blobs = blobs
        self.engine = engine
        self.settings = settings or Settings(home=catalog.path.parent)
        if blobs.root.resolve() != self.settings.blob_dir.resolve():
            raise ValueError("the blob store must be at settings.blob_dir: workers read there")
        self.batch_size = batch_size
        self.collection = collection
        self._summary = IngestSummary()
        self._on_file: Callable[[str], None] | None = None
        self._pending: set[str] = set()  # hashes handed out and not yet catalogued
        self._containers: dict[str, tuple[Outcome, int]] = {}  # id → (outcome, members left)
        self._batch: list[Outcome] = []
        self._unindexed = 0  # catalogued in this run since the last index commit
        self.index_problem: str | None = None
        self.on_indexed = on_indexed or watch_matcher(catalog)
        self._in_run = False  # parsing: index passes run in a thread beside it
        self._indexer: threading.Thread | None = None
        self._index_error: BaseException | None = None

    def ingest(
        self,
        paths: Iterable[Path],
        on_file: Callable[[str], None] | None = None,
        *,
        retry_failed: bool = False,
    ) -> IngestSummary:
        """Ingest ``paths``, and whatever is queued (uploads) or, with ``retry_failed``,
        failed before; ``on_file`` is called with each top-level file once it is done."""
        started = time.perf_counter()
        self._summary, self._on_file = IngestSummary(), on_file
        self._summary.indexed += self.index_pending()
        tasks = itertools.chain(self._stored_tasks(retry_failed), self._file_tasks(paths))
        first = next(tasks, None)
        if first is not None:
            with WorkerPool(self.settings) as pool:
                self._run(pool, itertools.chain([first], tasks))
        return self._end(started)

    def parse_stored(self, docs: Iterable[Document], pool: WorkerPool) -> IngestSummary:
        """Parse these catalogued documents (queued work items) with a pool the caller
        keeps, then index whatever is pending."""
        started = time.perf_counter()
        self._summary, self._on_file = IngestSummary(), None
        self._run(pool, self._tasks_for(docs))
        return self._end(started)

    def _end(self, started: float) -> IngestSummary:
        self._flush()
        self._summary.indexed += self.index_pending()
        self._summary.seconds = time.perf_counter() - started
        self._summary.index_problem = self.index_problem
        return self._summary

    def _run(self, pool: WorkerPool, tasks: Iterator[Task]) -> None:
        """Parse ``tasks``; index passes run beside the parsing meanwhile, the last one
        has finished when this returns (and what it raised is raised here)."""
        self._in_run = True
        try:
            self._parse(pool, tasks)
        except BaseException:
            self._wait_for_index(reraise=False)  # never leave a pass running behind an error
            raise
        finally:
            self._in_run = False
        self._wait_for_index()

    def _parse(self, pool: WorkerPool, tasks: Iterator[Task]) -> None:
        members: deque[Task] = deque()  # unpacked files go first: their container waits
        while True:
            while pool.idle:
                task = members.popleft() if members else next(tasks, None)
                if task is None:
                    break
                pool.submit(task)
            if not pool.busy:
                return
            self._accept(pool.next_outcome(), members)

    # --- producing tasks -----------------------------------------------------------

    def _stored_tasks(self, retry_failed: bool) -> Iterator[Task]:
        """Catalogued documents to parse (again): queued uploads, failures on request."""
        statuses: tuple[Status, ...] = ("queued", "failed") if retry_failed else ("queued",)
        for status in statuses:
            yield from self._tasks_for(self.catalog.with_status(status))

    def _tasks_for(self, docs: Iterable[Document]) -> Iterator[Task]:
        for doc in docs:
            if not self.blobs.exists(doc.sha256):
                continue  # nothing to re-read; it stays listed with its reason
            paths = self.catalog.paths_of(doc.sha256)
            self._pending.add(doc.sha256)
            yield Task(
                doc.sha256, doc.file_name, doc.size, paths[0] if paths else doc.file_name,
                parent_id=doc.parent_id, replace=True, collection=doc.collection,
            )

    def _file_tasks(self, paths: Iterable[Path]) -> Iterator[Task]:
        summary = self._summary
        for found in read_files(paths, self.blobs, self.settings.max_file_mb << 20):
            summary.files += 1
            if found.error:
                summary.failed.append((found.path, found.error))
            elif self._is_known(found.sha256):
                summary.duplicates += 1
                self.catalog.record_path(found.sha256, found.path)
            else:
                self._pending.add(found.sha256)
                yield Task(found.sha256, Path(found.path).name, found.size, found.path,
                           collection=self.collection)
                continue
            if self._on_file:
                self._on_file(found.path)

    def _is_known(self, sha256: str) -> bool:
        return sha256 in self._pending or self.catalog.has_sha256(sha256)

    # --- taking results ------------------------------------------------------------

    def _accept(self, outcome: Outcome, members: deque[Task]) -> None:
        task, doc = outcome.task, outcome.doc
        new = 0
        for member in outcome.members:
            if self._is_known(member.sha256):
                self._summary.duplicates += 1
                self.catalog.record_path(member.sha256, member.path)
                continue
            self._pending.add(member.sha256)
            members.append(Task(
                member.sha256, member.name, member.size, member.path,
                depth=task.depth + 1, parent_id=doc.id, collection=task.collection,
            ))
            new += 1
        if new:
            self._containers[doc.id] = (outcome, new)
        else:
            self._finish(outcome)

    def _finish(self, outcome: Outcome) -> None:
        doc, summary = outcome.doc, self._summary
        if doc.status == "failed":
            summary.failed.append((outcome.task.path, doc.error or "failed"))
        else:
            summary.accepted += 1
            summary.pages += len(doc.pages)
            summary.ocr_pages += sum(1 for page in doc.pages if page.ocr)
        self._batch.append(outcome)
        if outcome.task.depth == 0 and self._on_file:
            self._on_file(outcome.task.path)
        if doc.parent_id in self._containers:
            container, left = self._containers.pop(doc.parent_id)
            if left > 1:
                self._containers[doc.parent_id] = (container, left - 1)
            else:
                self._finish(container)
        if len(self._batch) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        for outcome in self._batch:
            outcome.doc.collection = outcome.task.collection
        docs: list[Document] = [outcome.doc for outcome in self._batch]
        self.catalog.add_many(
            docs,
            {outcome.doc.sha256: outcome.task.path for outcome in self._batch},
            replace={outcome.doc.id for outcome in self._batch if outcome.task.replace},
        )
        self._pending.difference_update(doc.sha256 for doc in docs)
        self._batch = []
        # An index commit costs far more than a catalog one, so the index follows in
        # larger steps; whatever is catalogued and not yet indexed stays marked pending.
        self._unindexed += len(docs)
        if self._unindexed < INDEX_EVERY:
            return
        if not self._in_run:
            self._unindexed = 0
            self._summary.indexed += self.index_pending()
        elif not self._index_running():  # the parsers go on meanwhile
            self._unindexed = 0
            self._indexer = threading.Thread(target=self._index_beside, name="poshuk-index",
                                             daemon=True)
            self._indexer.start()

    # --- indexing ------------------------------------------------------------------

    def _index_beside(self) -> None:
        """One index pass in its own thread (engine commits and watch matching wait on
        the engine, not on this process's parsers). Only this thread touches the engine
        while it runs; the catalog gives each thread its own connection, and a pass
        takes only parsed documents, which the parsing thread does not rewrite."""
        try:
            self._summary.indexed += self.index_pending()
        except BaseException as err:  # raised again in the parsing thread
            self._index_error = err

    def _index_running(self) -> bool:
        """Whether an index pass is still running; raises what a finished one raised."""
        if self._indexer is not None and self._indexer.is_alive():
            return True
        self._indexer, error, self._index_error = None, self._index_error, None
        if error is not None:
            raise error
        return False

    def _wait_for_index(self, reraise: bool = True) -> None:
        if self._indexer is not None:
            self._indexer.join()
        if reraise:
            self._index_running()
        else:
            self._indexer = self._index_error = None

    def index_pending(self) -> int:
        """Index the catalogued documents not yet marked indexed, as many as there are
        when it starts (those catalogued meanwhile wait for the next pass); returns how
        many. They go in even chunks (``poshuk.core.index_chunks``), each one commit and
        one pass of watch matching."""
        pending = self.catalog.count_pending()
        return sum(self._index(chunk) for chunk in even_chunks(
            self.catalog.iter_documents(pending_only=True), pending))

    def _index(self, docs: list[Document]) -> int:
        if not docs or self.engine is None:
            return 0
        try:
            self.engine.add(docs)
            self.engine.commit()
            self.on_indexed(self.engine, docs)  # killed here: indexed and matched again
        except EngineUnavailable as err:
            self.index_problem = str(err)
            self.engine = None  # stop trying for this run; the documents stay pending
            return 0
        self.catalog.mark_indexed(doc.id for doc in docs)
        return len(docs)
