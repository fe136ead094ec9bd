"""Real server processes for tests: ``poshuk`` commands run as a user runs them, each
server on a free port with its output in a log file whose tail is shown on failure."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0  # seconds for a server to answer its health check


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_for(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    ready: Callable[[httpx.Response], bool] = lambda response: True,
) -> None:
    """Poll ``url`` until it answers 200 and ``ready``, bounded by START_TIMEOUT."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} exited with {process.returncode}:\n{_tail(log)}")
        try:
            response = httpx.get(url, timeout=2.0)
            if response.status_code == 200 and ready(response):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    pytest.fail(f"{url} did not come up within {START_TIMEOUT:.0f} s:\n{_tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def start(
    args: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )


def cli(env: dict[str, str], *args: str) -> None:
    """Run ``poshuk ARGS`` to completion; a failure fails the test with its output."""
    result = subprocess.run(
        [sys.executable, "-m", "poshuk.cli", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **env},
    )
    if result.returncode != 0:
        pytest.fail(f"{args[0]} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def serve(data_dir: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``poshuk serve`` on ``data_dir``, once its health check says ok: (process, URL)."""
    port = free_port()
    process = start(
        [sys.executable, "-m", "poshuk.cli", "serve", "--data-dir", str(data_dir),
         "--port", str(port)],
        log,
        env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/health", process, log, lambda r: r.json().get("status") == "ok")
    except BaseException:
        stop(process)
        raise
    return process, url
