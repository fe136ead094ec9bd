"""``poshuk worker`` processes on one catalog, as a team deployment runs them: disjoint
claims, a worker killed with ``kill -9`` whose items come back and are done exactly once,
and a queued ``poshuk ingest --wait`` that reports like a local one. On both engines."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from poshuk.core.config import Settings
from poshuk.core.engines import SearchRequest, open_engine
from poshuk.core.query import MatchAll
from tests.conftest import drop_indices, unique_alias
from tests.processes import ROOT, serve, stop

TIMEOUT_S = 240.0


@pytest.fixture(params=["tantivy", "elasticsearch"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A data dir on one engine (a fresh alias on the test node for Elasticsearch), with
    one parser process per worker: the machine is shared."""
    base = {**os.environ, "POSHUK_HOME": str(tmp_path / "home"), "POSHUK_WORKERS": "1",
            "COLUMNS": "200"}
    if request.param == "tantivy":
        yield {**base, "POSHUK_ENGINE": "tantivy"}
        return
    url, alias = request.getfixturevalue("es_url"), unique_alias("work")
    yield {**base, "POSHUK_ENGINE": "elasticsearch", "POSHUK_ES_URL": url,
           "POSHUK_ES_INDEX": alias}
    drop_indices(url, alias)


# The engine matters to a worker only where it indexes: the kill -9 test runs on both, and
# tests/test_team_fault.py runs workers against an Elasticsearch cluster.
TANTIVY_ONLY = pytest.mark.parametrize("env", ["tantivy"], indirect=True)


def files(folder: Path, count: int) -> Path:
    """``count`` statements, each with its own text."""
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"statement-{n:03d}.txt").write_text(
            f"Statement {n} of the monitoring group on the detention of activist number {n} "
            f"in Hrodna, {n % 28 + 1} May 2024.\n", encoding="utf-8")
    return folder


def poshuk(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "poshuk.cli", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "poshuk.cli", "worker", *args],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def rows(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    """The catalog's answer to ``sql`` ([] while there is no catalog yet)."""
    path = Path(env["POSHUK_HOME"]) / "catalog.sqlite3"
    if not path.exists():
        return []
    db = sqlite3.connect(path, timeout=30)
    try:
        return db.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not migrated yet
        return []
    finally:
        db.close()


def count(env: dict[str, str], sql: str) -> int:
    found = rows(env, sql)
    return int(found[0][0]) if found else 0


def wait_until(what: str, test: object, log: Path | None = None) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if test():  # type: ignore[operator]
            return
        time.sleep(0.3)
    tail = log.read_text(errors="replace")[-3000:] if log else ""
    pytest.fail(f"timed out waiting for {what}\n{tail}")


def all_indexed(env: dict[str, str], expected: int) -> bool:
    return count(env, "SELECT COUNT(*) FROM documents WHERE status = 'ok' AND indexed = 1"
                 ) == expected


def index_ids(env: dict[str, str]) -> list[str]:
    settings = Settings(home=Path(env["POSHUK_HOME"]), engine=env["POSHUK_ENGINE"],  # type: ignore[arg-type]
                        es_url=env.get("POSHUK_ES_URL", "http://127.0.0.1:9200"),
                        es_index=env.get("POSHUK_ES_INDEX", "poshuk"))
    engine = open_engine(settings)
    try:
        return list(engine.ids(SearchRequest(query=MatchAll())))
    finally:
        engine.close()


def exactly_once(env: dict[str, str], expected: int) -> None:
    """Every file one parsed document, one index entry, no duplicates anywhere."""
    assert dict(rows(env, "SELECT status, COUNT(*) FROM documents GROUP BY status")) == {
        "ok": expected}
    assert dict(rows(env, "SELECT state, COUNT(*) FROM work_items GROUP BY state")) == {
        "done": expected}
    ids = index_ids(env)
    assert len(ids) == len(set(ids)) == expected


@TANTIVY_ONLY
def test_two_workers_claim_disjoint_items(env: dict[str, str], tmp_path: Path) -> None:
    total = 12
    poshuk(env, "status")  # creates the catalog: the workers below start on it together
    logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
    workers = [worker(env, log, "--batch", "2") for log in logs]
    try:
        wait_until("both workers registered",
                   lambda: count(env, "SELECT COUNT(*) FROM workers") == 2, logs[0])
        poshuk(env, "ingest", "--queue", str(files(tmp_path / "in", total)))
        wait_until("every document indexed", lambda: all_indexed(env, total), logs[0])
    finally:
        for process in workers:
            stop(process)
    assert [process.returncode for process in workers] == [0, 0]  # SIGTERM: a clean stop
    exactly_once(env, total)
    attempts = Counter(a for (a,) in rows(env, "SELECT attempts FROM work_items"))
    done = [n for (n,) in rows(env, "SELECT items_done FROM workers")]
    assert attempts == {1: total}  # no item was ever claimed twice
    assert sum(done) == total and min(done) > 0, done  # both took a share
    assert count(env, "SELECT COUNT(*) FROM workers WHERE stopped_at IS NOT NULL") == 2
    status = json.loads(poshuk(env, "status", "--json").stdout)
    assert status["queue"]["parse"]["done"] == total
    assert sorted(w["items_done"] for w in status["workers"]) == sorted(done)


def test_a_worker_killed_mid_item_loses_nothing(env: dict[str, str], tmp_path: Path) -> None:
    total = 8
    poshuk(env, "ingest", "--queue", str(files(tmp_path / "in", total)))
    log = tmp_path / "doomed.log"
    doomed = worker(env, log, "--lease", "3", "--batch", str(total))
    leased = "SELECT id FROM work_items WHERE state = 'leased'"
    wait_until("the first worker to take items", lambda: rows(env, leased), log)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    held = {i for (i,) in rows(env, leased)}
    assert held  # it died holding items
    log2 = tmp_path / "heir.log"
    heir = worker(env, log2, "--lease", "3")
    try:
        wait_until("every document indexed after the lease ran out",
                   lambda: all_indexed(env, total), log2)
        wait_until("every item done", lambda: count(
            env, "SELECT COUNT(*) FROM work_items WHERE state = 'done'") == total, log2)
    finally:
        stop(heir)
    exactly_once(env, total)
    attempts = dict(rows(env, "SELECT id, attempts FROM work_items"))
    assert {i for i, a in attempts.items() if a == 2} == held  # taken back once each
    assert set(attempts.values()) <= {1, 2}


@TANTIVY_ONLY
def test_queued_ingest_waits_and_summarises(env: dict[str, str], tmp_path: Path) -> None:
    folder = files(tmp_path / "in", 3)
    (folder / "noise.bin").write_bytes(bytes(range(256)) * 4)
    log = tmp_path / "worker.log"
    process = worker(env, log)
    try:
        result = poshuk(env, "ingest", "--queue", "--wait", "--json", str(folder))
        again = poshuk(env, "ingest", "--queue", "--wait", str(folder))
    finally:
        stop(process)
    summary = json.loads(result.stdout)
    assert (summary["files"], summary["accepted"], summary["indexed"]) == (4, 3, 3)
    assert summary["pending_index"] == 0
    [failure] = summary["failed"]
    assert Path(failure["path"]).name == "noise.bin" and "unsupported format" in failure["reason"]
    assert "Ingest summary" in again.stdout
    assert "duplicates (already in the catalog) │ 4" in again.stdout


@TANTIVY_ONLY
def test_a_team_server_leaves_uploads_to_the_workers(env: dict[str, str], tmp_path: Path
                                                     ) -> None:
    team = {**env, "POSHUK_INPROCESS_WORKER": "0"}
    poshuk(team, "ingest", "--local", str(files(tmp_path / "in", 1)))
    server, url = serve(Path(team["POSHUK_HOME"]), team, tmp_path / "serve.log")
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            text = b"Appeal on behalf of the detained journalist Zmitserwidget, 3 June 2024."
            sent = client.post("/documents", files={"file": ("appeal.txt", text, "text/plain")})
            assert sent.status_code == 202
            doc_id = sent.json()["id"]
            time.sleep(3)  # an in-process worker would have parsed it by now
            assert client.get(f"/documents/{doc_id}").json()["status"] == "queued"
            assert rows(team, "SELECT kind, state FROM work_items") == [("parse", "queued")]
            done = poshuk(team, "worker", "--once")
            assert "1 items done" in done.stdout
            assert client.get(f"/documents/{doc_id}").json()["status"] == "ok"
            found = client.get("/search", params={"q": "Zmitserwidget"}).json()
            assert [hit["id"] for hit in found["hits"]] == [doc_id]
    finally:
        stop(server)


@TANTIVY_ONLY
def test_reindex_and_reenrich_batches_through_the_queue(env: dict[str, str], tmp_path: Path
                                                        ) -> None:
    poshuk(env, "ingest", "--local", str(files(tmp_path / "in", 5)))
    poshuk(env, "reindex", "--queue")
    poshuk(env, "reindex", "--queue")  # queued already: not doubled
    poshuk(env, "reindex", "--enrich", "--queue")
    assert sorted(rows(env, "SELECT kind, state FROM work_items")) == [
        ("reenrich", "queued"), ("reindex", "queued")]
    rows_before = rows(env, "SELECT COUNT(*) FROM documents WHERE indexed = 1")
    assert rows_before == [(5,)]
    assert "2 items done" in poshuk(env, "worker", "--once").stdout
    assert sorted(rows(env, "SELECT kind, state, attempts FROM work_items")) == [
        ("reenrich", "done", 1), ("reindex", "done", 1)]
    assert all_indexed(env, 5)  # re-enriched documents went back into the index
    ids = index_ids(env)
    assert len(ids) == len(set(ids)) == 5
