"""A team deployment under fire, on loopback: PostgreSQL, a three-node Elasticsearch
cluster (an index with a replica of every shard), two ``poshuk serve`` processes that leave
uploads to the queue, and two ``poshuk worker`` processes. Statements are uploaded through
both APIs while searches run on both; mid-way one worker is killed with ``kill -9`` and so
is one Elasticsearch node; both are started again later. At the end every upload is
indexed exactly once, both APIs give the same totals and facets, no search failed, and
``poshuk fsck`` finds nothing to repair."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from poshuk import esnode
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from tests.conftest import drop_indices, unique_alias
from tests.pg import PgServer
from tests.processes import ROOT, serve, stop
from tests.test_workers import worker as start_worker

DOCS = int(os.environ.get("POSHUK_FAULT_DOCS", "2000"))  # the figure
PASSWORD = "a long passphrase for the archivist"
TYPES = ("verdict", "statement", "appeal")


def statement(n: int) -> bytes:
    return (f"{TYPES[n % 3].capitalize()} number {n} of the monitoring group: activist "
            f"{n} was detained in Hrodna on {n % 28 + 1} May 2024 and held for {n % 15 + 1} "
            f"days.\n").encode()


def catalog_counts(url: str) -> tuple[int, int, int]:
    """Catalogued documents, those parsed and indexed, and parse items done."""
    catalog = Catalog(url)
    try:
        db = catalog.db
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        indexed = db.execute(
            "SELECT count(*) FROM documents WHERE status = 'ok' AND indexed = 1").fetchone()[0]
        done = db.execute("SELECT count(*) FROM work_items WHERE kind = 'parse' AND "
                          "state = 'done'").fetchone()[0]
        return int(documents), int(indexed), int(done)
    finally:
        catalog.close()


def worker(env: dict[str, str], home: Path, log: str) -> subprocess.Popen[bytes]:
    return start_worker({**os.environ, **env, "POSHUK_HOME": str(home)}, home.parent / log,
                        "--lease", "10", "--batch", "16")


@pytest.fixture
def deployment(pg_server: PgServer, es_cluster: esnode.LocalCluster, tmp_path: Path
               ) -> Iterator[dict[str, str]]:
    url = pg_server.new_database_with_admin("archivist", PASSWORD)
    alias = unique_alias("team")
    env = {"POSHUK_CATALOG_URL": url, "POSHUK_ENGINE": "elasticsearch",
           "POSHUK_ES_URL": es_cluster.url, "POSHUK_ES_INDEX": alias,
           "POSHUK_ES_SHARDS": "3", "POSHUK_ES_REPLICAS": "1",
           "POSHUK_BLOBS": str(tmp_path / "blobs"), "POSHUK_AUDIT_KEY_FILE":
           str(tmp_path / "audit.key"), "POSHUK_INPROCESS_WORKER": "0",
           "POSHUK_API_WORKERS": "1", "POSHUK_WORKERS": "1", "POSHUK_OCR": "false"}
    open_engine(Settings(home=tmp_path, engine="elasticsearch", es_url=es_cluster.url,
                         es_index=alias, es_shards=3, es_replicas=1),
                writable=True).close()  # the empty index, a replica of every shard
    es_cluster.health(wait_for_status="green")
    yield env
    drop_indices(es_cluster.nodes[0].url, alias)
    pg_server.drop_database(url)


@pytest.mark.timeout(2400)
def test_uploads_survive_a_killed_worker_and_a_killed_node(
    deployment: dict[str, str], es_cluster: esnode.LocalCluster, tmp_path: Path
) -> None:
    env = deployment
    servers = [serve(tmp_path / name, env, tmp_path / f"{name}.log") for name in ("a", "b")]
    workers = [worker(env, tmp_path / f"w{i}", f"w{i}.log") for i in (1, 2)]
    token = httpx.post(f"{servers[0][1]}/session",
                       json={"name": "archivist", "password": PASSWORD}).json()["token"]
    clients = [httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"},
                            timeout=120) for _, base in servers]
    failures: list[str] = []
    searches = 0
    done = threading.Event()

    def search_loop() -> None:
        nonlocal searches
        while not done.is_set():
            client = clients[searches % 2]
            try:
                found = client.get("/search", params={"q": "monitoring group", "size": 5})
                if found.status_code != 200:
                    failures.append(f"search {searches}: {found.status_code} {found.text}")
            except httpx.HTTPError as err:
                failures.append(f"search {searches}: {err!r}")
            searches += 1
            time.sleep(0.05)

    def upload(n: int) -> str:
        answer = clients[n % 2].post("/documents", files={
            "file": (f"statement-{n:05d}.txt", statement(n), "text/plain")})
        assert answer.status_code == 202, answer.text
        return str(answer.json()["id"])

    searching = threading.Thread(target=search_loop)
    searching.start()
    victim = es_cluster.nodes[1]
    try:
        with ThreadPoolExecutor(4) as pool:
            ids = list(pool.map(upload, range(DOCS)))
        assert len(set(ids)) == DOCS

        def wait_indexed(at_least: int, seconds: float) -> None:
            deadline = time.monotonic() + seconds
            while catalog_counts(env["POSHUK_CATALOG_URL"])[1] < at_least:
                assert time.monotonic() < deadline, (
                    f"{catalog_counts(env['POSHUK_CATALOG_URL'])} after {seconds:.0f} s, "
                    f"waiting for {at_least} indexed")
                assert all(w.poll() is None for w in workers[1:]), "a worker died"
                time.sleep(1)

        wait_indexed(DOCS // 4, 900)
        workers[0].send_signal(signal.SIGKILL)  # mid-batch: its leases run out
        workers[0].wait()
        victim.kill()
        at_kill = searches
        wait_indexed(DOCS // 2, 900)
        deadline = time.monotonic() + 120
        while searches < at_kill + 10:  # searches run while the node is down, and succeed
            assert time.monotonic() < deadline, "searches stalled while the node was down"
            time.sleep(0.2)
        victim.start()
        workers[0] = worker(env, tmp_path / "w1", "w1-again.log")
        wait_indexed(DOCS, 1200)
        es_cluster.health(wait_for_status="green", wait_for_nodes="3", timeout=300)
    finally:
        done.set()
        searching.join(60)
        for process in workers:
            stop(process)
        for process, _ in servers:
            stop(process)
    assert failures == [], failures[:5]

    documents, indexed, parsed = catalog_counts(env["POSHUK_CATALOG_URL"])
    assert documents == indexed == parsed == DOCS  # each upload catalogued and done once
    totals = []
    for client in clients:  # both APIs, with their servers gone: read the engine directly
        client.close()
    engine = open_engine(Settings(home=tmp_path / "check", engine="elasticsearch",
                                  es_url=env["POSHUK_ES_URL"], es_index=env["POSHUK_ES_INDEX"]))
    assert engine.count() == DOCS  # indexed exactly once: ids are the documents'
    engine.close()
    servers = [serve(tmp_path / name, env, tmp_path / f"{name}-again.log") for name in "ab"]
    try:
        for _, base in servers:
            answer = httpx.get(f"{base}/search", params={"q": "activist detained"},
                               headers={"Authorization": f"Bearer {token}"}, timeout=120)
            assert answer.status_code == 200, answer.text
            body = answer.json()
            totals.append((body["total"], body["facets"]))
    finally:
        for process, _ in servers:
            stop(process)
    assert totals[0] == totals[1] and totals[0][0] == DOCS

    checked = subprocess.run(
        [sys.executable, "-m", "poshuk.cli", "fsck", "--json"], cwd=ROOT, capture_output=True,
        text=True, env={**os.environ, **env, "POSHUK_HOME": str(tmp_path / "check")},
        timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    findings = json.loads(checked.stdout)
    print(f"team fault test: {DOCS} uploads, {searches} searches, fsck {findings}")
