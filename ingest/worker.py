"""The parser process: limits itself, then turns tasks into outcomes until its pipe closes.

Limits are enforced here, where a hostile file is read, so that it can take down only
this process: the address space is capped with ``RLIMIT_AS`` (an allocation past it
raises ``MemoryError``, answered as a failure; a crash in C code kills the process and
the pool reports it), and the pool starts it as the leader of its own process group, so
that it can kill it together with a Tesseract it started when the time limit runs out.
"""

from __future__ import annotations

import ctypes
import resource
import signal
import sys
from multiprocessing.connection import Connection

from ingest.document import Outcome, Task, failed, new_document, process
from ingest.enrich import language
from poshuk.core.config import Settings

_PR_SET_PDEATHSIG = 1


def _limit_self(settings: Settings) -> None:
    limit = settings.memory_limit_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if sys.platform.startswith("linux"):  # die with the pipeline, even on its kill -9
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def memory_failure(task: Task, settings: Settings) -> Outcome:
    doc = new_document(task.sha256, task.file_name, task.size, task.parent_id)
    reason = f"exceeded memory limit of {settings.memory_limit_mb} MiB (POSHUK_MEMORY_LIMIT_MB)"
    return Outcome(task, failed(doc, reason))


def _warm_up() -> None:
    """Load the language models now, so that loading them (a second or two) is part of
    start-up rather than of the first file's time limit."""
    language.warm()


def serve(conn: Connection) -> None:
    """Worker main loop: settings first, then tasks until the pipe closes."""
    settings: Settings = conn.recv()
    _limit_self(settings)
    _warm_up()
    conn.send(None)  # ready: start-up is not part of any file's time limit
    while True:
        try:
            task: Task = conn.recv()
        except EOFError:
            return
        try:
            outcome = process(task, settings)
        except MemoryError:
            outcome = memory_failure(task, settings)
        conn.send(outcome)


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
