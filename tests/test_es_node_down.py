"""Elasticsearch stops mid-ingest: nothing accepted is lost, the API says so, and the next
run (or ``poshuk reindex``) catches up. Uses a node of its own, because it kills it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from poshuk import esnode
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from tests.api.conftest import serve
from tests.conftest import unique_alias

ROOT = Path(__file__).resolve().parent.parent
FILES = 1200
PENDING_EXIT = 3


@pytest.fixture
def own_node(es_url: str) -> Iterator[esnode.LocalNode]:
    """A second node, started the way the session's is (``es_url`` proves one can run)."""
    with esnode.temporary_node(f"pytest-down-{os.getpid()}") as node:
        yield node


def poshuk(*args: str, alias: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSHUK_ENGINE": "elasticsearch", "POSHUK_ES_INDEX": alias}
    return subprocess.run(
        [sys.executable, "-m", "poshuk.cli", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=900,
    )


def marked_indexed(catalog_path: Path) -> int:
    """Documents the running ingest has marked indexed (after the engine committed them)."""
    if not catalog_path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{catalog_path}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM documents WHERE indexed = 1").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is still being created
        return 0


def indexed(url: str, alias: str) -> int:
    try:
        response = httpx.post(f"{url}/{alias}/_count", json={"query": {"term": {"kind": "doc"}}})
    except httpx.HTTPError:
        return -1
    return int(response.json().get("count", 0)) if response.status_code == 200 else 0


def test_node_killed_mid_ingest_loses_nothing(
    own_node: esnode.LocalNode, tmp_path: Path
) -> None:
    folder, home = tmp_path / "files", tmp_path / "home"
    folder.mkdir()
    for i in range(FILES):
        (folder / f"statement-{i:05d}.txt").write_text(
            f"Statement {i}: the court in Minsk sentenced prisoner number {i} to prison.\n",
            encoding="utf-8",
        )
    alias = unique_alias("down")
    env = {**os.environ, "POSHUK_ENGINE": "elasticsearch", "POSHUK_ES_INDEX": alias}
    command = [sys.executable, "-m", "poshuk.cli", "ingest", "--json", "--data-dir", str(home),
               "--es-url", own_node.url, str(folder)]
    ingest = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while marked_indexed(home / "catalog.sqlite3") == 0 and ingest.poll() is None:
        assert time.monotonic() < deadline, "the first batch was never indexed"
        time.sleep(0.02)
    own_node.kill()  # SIGKILL, mid-ingest
    out, err = ingest.communicate(timeout=900)

    # 1. the ingest finished, accepted every file, and says what is waiting
    assert ingest.returncode == PENDING_EXIT, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["accepted"] == FILES
    assert 0 < summary["pending_index"] < FILES
    assert "Elasticsearch" in summary["index_problem"]
    catalog = Catalog(home / "catalog.sqlite3")
    try:
        assert catalog.count_ok() == FILES
        assert catalog.count_pending() == summary["pending_index"]
    finally:
        catalog.close()

    # 2. with the node down the API answers at once, and clearly
    settings = Settings(home=home, engine="elasticsearch", es_url=own_node.url, es_index=alias)
    with serve(settings) as base_url:
        health = httpx.get(f"{base_url}/health", timeout=20)
        assert health.status_code == 503
        assert "Elasticsearch" in health.json()["detail"]
        search = httpx.get(f"{base_url}/search", params={"q": "court"}, timeout=20)
        assert search.status_code == 503
        assert search.json()["detail"].startswith("search is unavailable: Elasticsearch")

    # 3. node back (same data): the same command catches up, then a reindex rebuilds
    restarted = esnode.start(own_node.home, own_node.port)
    esnode.wait_until_ready(restarted)
    own_node.process = restarted.process
    again = poshuk("ingest", "--json", "--data-dir", str(home), "--es-url", own_node.url,
                   str(folder), alias=alias)
    assert again.returncode == 0, again.stderr
    resumed = json.loads(again.stdout.strip().splitlines()[-1])
    assert resumed["duplicates"] == FILES and resumed["pending_index"] == 0
    assert resumed["indexed"] == summary["pending_index"]
    assert indexed(own_node.url, alias) == FILES
    rebuilt = poshuk("reindex", "--data-dir", str(home), "--es-url", own_node.url, alias=alias)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert indexed(own_node.url, alias) == FILES
