"""``poshuk serve --workers 2`` as a real process: an upload through either API process
is parsed exactly once, and a killed API process is replaced while the other answers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ingest.support.pdfwrite import write_pdf
from poshuk.serving import WAKE_FILE, wait_until_serving
from tests.support import free_port

WORD = "kaptsiuhserved"


def api_processes(supervisor: int) -> set[int]:
    """The supervisor's children that serve the API (not multiprocessing's tracker)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if f"\nPPid:\t{supervisor}\n" in text and b"spawn_main" in command:
            found.add(int(status.parent.name))
    return found


def test_uploads_are_parsed_once_and_a_dead_process_is_replaced(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "POSHUK_HOME": str(tmp_path), "POSHUK_ENGINE": "tantivy",
           "POSHUK_WORKERS": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "poshuk.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until_serving(base, process, 120)
        assert len(api_processes(process.pid)) == 2
        with httpx.Client(base_url=base, timeout=30) as client:
            pdf = write_pdf([f"Statement on the detention of {WORD}."])
            sent = client.post("/documents", files={"file": ("s.pdf", pdf, "application/pdf")})
            assert sent.status_code == 202
            doc_id = sent.json()["id"]
            assert (tmp_path / WAKE_FILE).exists()  # the API process woke the supervisor
            deadline = time.monotonic() + 120
            while client.get(f"/documents/{doc_id}").json()["status"] == "queued":
                assert time.monotonic() < deadline, "the upload was never parsed"
                time.sleep(0.2)
            while client.get("/search", params={"q": WORD}).json().get("total") != 1:
                assert time.monotonic() < deadline, "the upload was never indexed"
                time.sleep(0.2)
            time.sleep(6)  # past the upload worker's periodic look: nothing parses it again
            rows = sqlite3.connect(tmp_path / "catalog.sqlite3").execute(
                "SELECT status FROM documents").fetchall()
            assert rows == [("ok",)]
            hits = [client.get("/search", params={"q": WORD}).json()["total"] for _ in range(6)]
            assert hits == [1] * 6  # whichever process answers

            victim = min(api_processes(process.pid))
            os.kill(victim, signal.SIGKILL)
            # new connections (one kept alive to the killed process is reset with it)
            answers = [httpx.get(f"{base}/search", params={"q": WORD}).status_code
                       for _ in range(10)]
            assert answers == [200] * 10
            deadline = time.monotonic() + 60
            while len(api_processes(process.pid) - {victim}) < 2:
                assert time.monotonic() < deadline, "the dead API process was not replaced"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=60)
