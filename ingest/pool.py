"""A pool of parser processes that survives the files it parses.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies; here
each worker is watched on its own: a worker that dies (a crash in C code, the memory
limit) or runs past the time limit is killed with its process group and replaced, and
its file comes back as a failed document with the reason. Workers are new interpreters
(``python -m ingest.worker``), not forks: the pipeline's process holds SQLite and
index-writer threads, and multiprocessing's "spawn" would re-run the caller's main script.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection, wait
from types import TracebackType

from ingest.document import Outcome, Task, failed, new_document
from poshuk.core.config import Settings

# One thread per worker for the numeric libraries the enrichment models run on (numpy's
# BLAS, lingua's Rust pool): the pool is the parallelism, and each worker spreading over
# every core made two workers no faster than one (measured: 119 vs 176 pages/s).
_ONE_THREAD = {
    name: "1"
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS")
}


class _Worker:
    def __init__(self, settings: Settings) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ingest.worker", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            start_new_session=True,  # its own process group: killed with what it starts
            env={**os.environ, **_ONE_THREAD},
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(settings)
        self.task: Task | None = None
        self.deadline = 0.0
        self.ready = False

    def wait_ready(self) -> None:
        """Block until the worker has imported everything and limited itself, so that its
        start-up never counts against a file's time limit."""
        if self.ready:
            return
        try:
            self.conn.recv()
        except EOFError as err:
            raise RuntimeError(
                f"a parser process could not start ({self.exit()}); is the memory limit "
                "(POSHUK_MEMORY_LIMIT_MB) too low?"
            ) from err
        self.ready = True

    def exit(self) -> str:
        """How the process ended: ``SIGABRT``, ``exit 1`` …"""
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            return "still running"
        return signal.Signals(-code).name if code < 0 else f"exit {code}"

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait(timeout=10)
        self.conn.close()


class WorkerPool:
    def __init__(self, settings: Settings, size: int | None = None) -> None:
        self.settings = settings
        self.workers = [_Worker(settings) for _ in range(size or settings.workers)]
        for worker in self.workers:
            worker.wait_ready()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            worker.kill()

    @property
    def idle(self) -> int:
        return sum(1 for w in self.workers if w.task is None)

    @property
    def busy(self) -> int:
        return len(self.workers) - self.idle

    def submit(self, task: Task) -> None:
        index = next(i for i, w in enumerate(self.workers) if w.task is None)
        worker = self.workers[index]
        worker.wait_ready()
        try:
            worker.conn.send(task)
        except OSError:  # it died while idle (killed from outside): start another
            worker.kill()
            worker = self.workers[index] = _Worker(self.settings)
            worker.wait_ready()
            worker.conn.send(task)
        worker.task = task
        worker.deadline = time.monotonic() + self.settings.time_limit_s

    def next_outcome(self) -> Outcome:
        """The next finished task (waits for one); call only while ``busy``."""
        while True:
            busy = [w for w in self.workers if w.task is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=timeout)
            for worker in busy:
                if worker.conn in ready:
                    return self._receive(worker)
            for worker in busy:
                if time.monotonic() >= worker.deadline:
                    limit = f"{self.settings.time_limit_s:g} s (POSHUK_TIME_LIMIT_S)"
                    return self._replace(worker, f"exceeded time limit of {limit}")

    def _receive(self, worker: _Worker) -> Outcome:
        try:
            outcome: Outcome = worker.conn.recv()
        except (EOFError, ConnectionResetError):
            return self._replace(
                worker,
                f"parser process died ({worker.exit()}), most likely over the memory limit of "
                f"{self.settings.memory_limit_mb} MiB (POSHUK_MEMORY_LIMIT_MB)",
            )
        worker.task = None
        return outcome

    def _replace(self, worker: _Worker, reason: str) -> Outcome:
        task = worker.task
        assert task is not None
        worker.kill()
        self.workers[self.workers.index(worker)] = _Worker(self.settings)
        doc = new_document(task.sha256, task.file_name, task.size, task.parent_id)
        return Outcome(task, failed(doc, reason))

