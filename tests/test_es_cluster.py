"""A three-node Elasticsearch cluster loses its elected master to ``kill -9`` while
searches and a bulk index run: no search fails or miscounts (a replica holds every shard),
indexing carries on through the other nodes (the client retries there), and the node,
restarted, rejoins until the cluster is green again with every document in place."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from poshuk import esnode
from poshuk.core.config import Settings
from poshuk.core.engines import SearchRequest
from poshuk.core.engines.es_engine import ElasticsearchEngine
from poshuk.core.model import Document, Page
from poshuk.core.query import parse_query
from tests.api.conftest import serve
from tests.conftest import drop_indices, unique_alias

BEFORE = 1500  # documents indexed before the fault: they all say "baseline"
DURING = 1500  # indexed while a node dies: they say "latecomer"
BATCH = 50
SHARDS, REPLICAS = 3, 1


def statements(word: str, n: int) -> list[Document]:
    return [
        Document(
            id=f"{word}{i:05d}", sha256=f"{word}{i:05d}".ljust(64, "0"),
            file_name=f"{word}-{i}.txt", media_type="text/plain", size=1,
            title=f"Statement {i}", type=("verdict", "statement", "letter")[i % 3],
            pages=[Page(1, f"The {word} statement {i} on the court in Minsk."),
                   Page(2, f"Prisoner number {i} was sentenced.")],
        )
        for i in range(n)
    ]


@pytest.fixture
def alias(es_cluster: esnode.LocalCluster) -> Iterator[str]:
    name = unique_alias("cluster")
    yield name
    drop_indices(es_cluster.nodes[0].url, name)
    drop_indices(es_cluster.nodes[0].url, f"{name}-bare")


class Clock:
    """Seconds each phase took (printed with -s, to keep the test's cost in view)."""

    def __init__(self) -> None:
        self.start, self.laps = time.monotonic(), list[str]()

    def lap(self, name: str) -> None:
        self.laps.append(f"{name} {time.monotonic() - self.start:.0f}s")

    def __str__(self) -> str:
        return ", ".join(self.laps)


def shard_copies(url: str, alias: str) -> list[dict[str, str]]:
    response = httpx.get(f"{url}/_cat/shards/{alias}", params={"format": "json"}, timeout=30)
    response.raise_for_status()
    rows: list[dict[str, str]] = response.json()
    return rows


def elected_master(cluster: esnode.LocalCluster) -> esnode.LocalNode:
    response = httpx.get(f"{cluster.nodes[0].url}/_cat/master", params={"format": "json"})
    [row] = response.json()
    [node] = [n for n in cluster.nodes if n.home.name == row["node"]]
    return node


def reader_health(tmp_path: Path, url: str, alias: str) -> tuple[int, str]:
    """``/health`` of a real API process serving ``alias``: its status and cluster state."""
    settings = Settings(home=tmp_path / alias, engine="elasticsearch", es_url=url,
                        es_index=alias)
    with serve(settings) as base_url:
        response = httpx.get(f"{base_url}/health", timeout=60)
    return response.status_code, str(response.json()["cluster"])


# Three JVMs start in ~40 s on an idle 2-core machine but take minutes when it is busy.
@pytest.mark.timeout(900)
def test_losing_a_node_fails_no_search_and_loses_no_document(
    es_cluster: esnode.LocalCluster, alias: str, tmp_path: Path
) -> None:
    url = es_cluster.url
    clock = Clock()
    writer = ElasticsearchEngine(url, alias, writable=True, shards=SHARDS, replicas=REPLICAS)
    writer.add(statements("baseline", BEFORE))
    writer.commit()
    es_cluster.health(wait_for_status="green")
    copies = shard_copies(es_cluster.nodes[0].url, alias)
    assert len(copies) == SHARDS * (1 + REPLICAS)
    assert {row["state"] for row in copies} == {"STARTED"}
    assert len({row["node"] for row in copies}) == 3  # spread over every node

    unreplicated = f"{alias}-bare"
    ElasticsearchEngine(url, unreplicated, writable=True, shards=SHARDS, replicas=0)
    assert ElasticsearchEngine(url, unreplicated).health() == "green"

    request = SearchRequest(parse_query("baseline"), size=5, highlights=False)
    clock.lap("indexed before")
    before = ElasticsearchEngine(url, alias).search(request)
    assert before.total == BEFORE

    failures: list[str] = []
    searches = 0
    indexed = 0
    done = threading.Event()

    def search_loop() -> None:
        nonlocal searches
        reader = ElasticsearchEngine(url, alias)
        while not done.is_set():
            try:
                found = reader.search(request)
                if found.total != BEFORE or found.facets != before.facets:
                    failures.append(f"search {searches}: total {found.total}")
            except Exception as err:  # any failure at all is what this test is about
                failures.append(f"search {searches}: {err!r}")
            searches += 1

    def index_loop() -> None:
        nonlocal indexed
        docs = statements("latecomer", DURING)
        for start in range(0, DURING, BATCH):
            writer.add(docs[start:start + BATCH])
            writer.commit()
            indexed += BATCH

    searching = threading.Thread(target=search_loop)
    indexing = threading.Thread(target=index_loop)
    searching.start()
    indexing.start()
    deadline = time.monotonic() + 60
    while indexed < DURING // 3 and indexing.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert indexing.is_alive(), "indexing ended before the node was killed: raise DURING"
    victim = elected_master(es_cluster)
    searches_at_kill = searches
    victim.kill()
    clock.lap("killed")
    indexing.join(150)
    done.set()
    searching.join(60)
    assert not indexing.is_alive()
    assert indexed == DURING
    assert searches - searches_at_kill > 10  # searches did run while the node was down
    assert failures == []
    clock.lap("indexed during")
    # the node is still down: a replica missing (yellow) still serves; a shard with no copy
    # at all (red, in an index made without replicas) does not, and /health says so
    assert reader_health(tmp_path, url, alias) == (200, "yellow")
    assert reader_health(tmp_path, url, unreplicated) == (503, "red")

    victim.start()
    clock.lap("health checked")
    health = es_cluster.health(wait_for_status="green", wait_for_nodes="3", timeout=150)
    assert health["status"] == "green"
    clock.lap("green again")
    reader = ElasticsearchEngine(url, alias)
    after = reader.search(request)
    assert (after.total, after.facets) == (before.total, before.facets)
    assert reader.search(SearchRequest(parse_query("latecomer"), size=1)).total == DURING
    assert reader.count() == BEFORE + DURING
    clock.lap("counted")

    # A rebuild on the cluster: a new index with the same layout, swapped in atomically.
    rebuilt = ElasticsearchEngine(url, alias, rebuild=True, shards=SHARDS, replicas=REPLICAS)
    rebuilt.rebuild(statements("baseline", BEFORE) + statements("latecomer", DURING))
    assert reader.count() == BEFORE + DURING
    assert len(shard_copies(es_cluster.nodes[0].url, alias)) == SHARDS * (1 + REPLICAS)
    clock.lap("rebuilt")
    print(f"cluster test: {clock} ({searches} searches, {searches - searches_at_kill} "
          f"after the kill of {victim.home.name})")
