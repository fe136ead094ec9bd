"""The worker pool on its own: workers that die are replaced, their file is reported."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from ingest.document import Task
from ingest.pool import WorkerPool
from ingest.support.pdfwrite import write_scanned_pdf
from poshuk.core.blobs import BlobStore
from poshuk.core.config import Settings


def stored(settings: Settings, data: bytes, name: str) -> Task:
    sha = BlobStore(settings.blob_dir).put(data)
    return Task(sha, name, len(data), name)


def test_a_worker_killed_while_idle_is_replaced(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, workers=1)
    task = stored(settings, b"A note from the colony about the appeal.", "note.txt")
    with WorkerPool(settings) as pool:
        first = pool.workers[0].process
        first.send_signal(signal.SIGKILL)
        first.wait()
        pool.submit(task)
        outcome = pool.next_outcome()
        assert pool.workers[0].process is not first
    assert (outcome.doc.status, outcome.doc.pages[0].text) == (
        "ok", "A note from the colony about the appeal."
    )


def test_a_worker_killed_mid_file_fails_that_file_only(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, workers=1)
    scan = stored(settings, write_scanned_pdf(["A page that takes a while to read."]), "s.pdf")
    note = stored(settings, b"The next file is parsed by a new worker.", "next.txt")
    with WorkerPool(settings) as pool:
        pool.submit(scan)
        os.killpg(pool.workers[0].process.pid, signal.SIGKILL)
        died = pool.next_outcome()
        pool.submit(note)
        after = pool.next_outcome()
    assert died.task == scan and died.doc.status == "failed"
    assert died.doc.error and died.doc.error.startswith("parser process died (SIGKILL)")
    assert after.doc.status == "ok"
