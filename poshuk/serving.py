"""``poshuk serve``: the API under uvicorn, in one process or several, with the one
ingest worker that parses uploads.

With several processes uvicorn's supervisor restarts any that dies (a crash takes one
process's requests, never the service). The upload worker runs once, in the supervising
process: an API process that queues an upload touches ``<home>/uploads.wake``, which the
supervisor watches, so each upload is parsed once, by one pipeline, at once (and any left
queued is found by the worker's periodic look anyway). The supervisor also delivers what
watched searches matched (``poshuk.core.delivery``).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from ingest.uploads import UploadWorker
from poshuk.core.config import Settings
from poshuk.core.delivery import DeliveryLoop
from search_api.main import create_app

WAKE_FILE = "uploads.wake"
_WATCH_SECONDS = 0.2
# Past uvicorn's 5 s: a client reusing a connection just as the server closes it gets a
# reset it did not cause; proxies and browsers keep connections about this long.
_KEEP_ALIVE_S = 65
# The supervisor kills a process that does not answer its health check in time. Its
# default 5 s is missed by a busy but healthy process on a loaded machine (the answering
# thread waits for the interpreter lock), and the kill resets every request in flight.
_HEALTHCHECK_S = 30


def default_workers() -> int:
    """One API process per core (searches are CPU-bound), at most eight."""
    return max(1, min(os.cpu_count() or 1, 8))


def worker_app() -> FastAPI:
    """The app of one API process among several (settings from the environment)."""
    settings = Settings()
    wake = settings.home / WAKE_FILE
    return create_app(settings, on_upload=wake.touch)


def _watch(wake: Path, uploads: UploadWorker, stop: threading.Event) -> None:
    seen: int | None = None
    while not stop.wait(_WATCH_SECONDS):
        try:
            stamp = wake.stat().st_mtime_ns
        except FileNotFoundError:
            continue
        if stamp != seen:
            seen = stamp
            uploads.wake()


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    # a team deployment leaves the queue to `poshuk worker` processes
    uploads = UploadWorker(settings).start() if settings.inprocess_worker else None
    delivery = DeliveryLoop(settings).start()  # watch matches: webhooks and e-mail
    stop = threading.Event()
    try:
        if workers == 1:
            app = create_app(settings, on_upload=uploads.wake if uploads else None)
            uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                        timeout_keep_alive=_KEEP_ALIVE_S)
            return
        # the processes read their settings from the environment: pass on what the
        # command line chose
        os.environ.update(
            POSHUK_HOME=str(settings.home), POSHUK_ENGINE=settings.engine,
            POSHUK_ES_URL=settings.es_url,
        )
        settings.home.mkdir(parents=True, exist_ok=True)
        if uploads is not None:
            threading.Thread(
                target=_watch, args=(settings.home / WAKE_FILE, uploads, stop), daemon=True
            ).start()
        uvicorn.run(
            "poshuk.serving:worker_app", factory=True, workers=workers,
            host=host, port=port, log_level="warning", access_log=False,
            timeout_keep_alive=_KEEP_ALIVE_S, timeout_worker_healthcheck=_HEALTHCHECK_S,
        )
    finally:
        stop.set()
        if uploads is not None:
            uploads.stop()
        delivery.stop()


def wait_until_serving(base_url: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether a started ``poshuk serve`` answers ``/health`` (with any status: 503 while
    there is no index yet) within ``seconds``; False at once if the process exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"{base_url}/health", timeout=5)
            return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False
