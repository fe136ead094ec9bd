"""Elasticsearch on one node vs a 3-node cluster: index size per document and page,
bulk indexing rate, search latency — the figures docs/scaling.md extrapolates from.

Both layouts run on this machine, one after the other, each started for the run
(``poshuk.esnode``, the same heap per node, the full JIT): one node with 1 shard and no
replica (the defaults), then three nodes with 3 shards and 1 replica (the team profile).
The same generated documents go into each (``rebuild``: bulk from Python, as
``poshuk reindex`` does), then the same request mix as benchmarks/engines.py.

    python benchmarks/es_cluster.py [--docs 10000] [--pages 3 7] [--requests 200]
                                    [--heap-mb 512]

Documents are generated as they are sent (100,000 of them do not fit in memory at once);
the catalog's size is measured on the first ``--catalog-docs`` of them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.engines import latencies  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.search_latency import percentile, request_mix  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from poshuk import esnode  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.engines.es_engine import ElasticsearchEngine  # noqa: E402
from poshuk.core.model import Document  # noqa: E402

HEADING = "Elasticsearch: one node vs a 3-node cluster (benchmarks/es_cluster.py)"


@contextmanager
def layout(nodes: int, heap_mb: int) -> Iterator[str]:
    """The comma-separated node addresses of a fresh node or cluster."""
    name = f"bench-{os.getpid()}"
    if nodes == 1:
        with esnode.temporary_node(name, heap_mb=heap_mb) as node:
            yield node.url
    else:
        with esnode.temporary_cluster(name, n=nodes, heap_mb=heap_mb, java_opts="") as cluster:
            cluster.health(wait_for_status="green")
            yield cluster.url


def corpus(n: int, pages: tuple[int, int]) -> Iterator[Document]:
    """The same ``n`` documents on every call (one seed)."""
    return generate(n, seed=5, pages=pages, words=300)


class Counted:
    """Documents passed through, their pages counted on the way."""

    def __init__(self, docs: Iterator[Document]) -> None:
        self.docs, self.pages = docs, 0

    def __iter__(self) -> Iterator[Document]:
        for doc in self.docs:
            self.pages += len(doc.pages)
            yield doc


def store_bytes(url: str, alias: str) -> tuple[int, int]:
    """Bytes on disk of the primaries and of every copy (replicas included)."""
    stats = httpx.get(f"{url.split(',')[0]}/{alias}/_stats/store", timeout=60).json()["_all"]
    return (int(stats["primaries"]["store"]["size_in_bytes"]),
            int(stats["total"]["store"]["size_in_bytes"]))


def catalog_bytes(docs: Iterator[Document]) -> int:
    """The SQLite catalog's size holding ``docs`` (documents, pages, entity names)."""
    with tempfile.TemporaryDirectory() as folder:
        catalog = Catalog(Path(folder) / "catalog.sqlite3")
        catalog.add_many(docs)
        catalog.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        catalog.close()
        return sum(path.stat().st_size for path in Path(folder).iterdir())


def measure(nodes: int, shards: int, replicas: int, args: argparse.Namespace,
            mix: list[dict[str, object]]) -> list[object]:
    docs = Counted(corpus(args.docs, tuple(args.pages)))
    alias = f"bench-cluster-{os.getpid()}"
    with layout(nodes, args.heap_mb) as url:
        engine = ElasticsearchEngine(url, alias, rebuild=True, shards=shards, replicas=replicas)
        started = time.perf_counter()
        engine.rebuild(iter(docs))
        seconds = time.perf_counter() - started
        pages = docs.pages
        if replicas:
            httpx.get(f"{url.split(',')[0]}/_cluster/health",
                      params={"wait_for_status": "green", "timeout": "120s"}, timeout=130)
        primaries, total = store_bytes(url, alias)
        engine.commit()
        times = latencies(engine, mix, args.warmup)
        engine.close()
    row: list[object] = [
        f"{nodes} × {args.heap_mb} MB", f"{shards}/{replicas}", f"{args.docs:,}", f"{pages:,}",
        f"{args.docs / seconds:,.0f}", f"{pages / seconds:,.0f}",
        f"{primaries / 1e6:,.0f} MB", f"{total / 1e6:,.0f} MB",
        f"{primaries / args.docs / 1024:.1f} KiB", f"{primaries / pages / 1024:.2f} KiB",
        f"{statistics.median(times):.1f} ms", f"{percentile(times, 0.95):.1f} ms",
    ]
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--heap-mb", type=int, default=512)
    parser.add_argument("--pages", type=int, nargs=2, default=[3, 7], metavar=("MIN", "MAX"),
                        help="pages per generated document")
    parser.add_argument("--catalog-docs", type=int, default=10_000)
    args = parser.parse_args()
    mix = request_mix(args.requests + args.warmup)
    load_before = os.getloadavg()[0]
    sample = Counted(corpus(min(args.docs, args.catalog_docs), tuple(args.pages)))
    catalog = catalog_bytes(iter(sample))
    sampled, pages = min(args.docs, args.catalog_docs), sample.pages
    rows = [measure(1, 1, 0, args, mix), measure(3, 3, 1, args, mix)]
    low, high = args.pages
    body = (
        f"`python benchmarks/es_cluster.py --docs {args.docs} --pages {low} {high} "
        f"--requests {args.requests} --heap-mb {args.heap_mb}` on {machine()}, "
        f"{time.strftime('%Y-%m-%d')}; "
        f"Elasticsearch {esnode.ES_VERSION} (the integ-test distribution), every node on this "
        "one machine, so the cluster has three times the heap but no more CPU: its latency "
        "shows the cost of spreading a request over shards and nodes, not the gain of more "
        f"machines. Generated documents of {low}–{high} pages of 300 words of real "
        "sentences in 5 languages, with entities, citations, type, source and date. "
        "Indexing: `rebuild` (bulk from Python, records built in Python: folding and "
        "per-language fields), until searchable. Size: the store of the primaries (one copy) "
        "and of all copies. Search: in-process latency of the request mix of "
        f"benchmarks/engines.py ({args.requests} after {args.warmup} warm-up; every request "
        "computes 6 facets and the monthly histogram, text requests also highlights). "
        f"Load average (1 min) {load_before:.1f} before and {os.getloadavg()[0]:.1f} after: "
        "above 2 means other work shared the two cores, and latencies then measure the "
        "queue for CPU as much as the engine: compare the two rows with each other, not "
        "with sections measured at another load.\n\n"
        + table(["nodes × heap", "shards/replicas", "documents", "pages", "docs/s", "pages/s",
                 "primaries", "all copies", "per document", "per page", "search p50",
                 "search p95"], rows)
        + f"\n\nThe first {sampled:,} of these documents in the SQLite catalog "
        f"(`Catalog.add_many`: documents, pages, entity names; no near-duplicate bands): "
        f"{catalog / 1e6:,.0f} MB, {catalog / sampled / 1024:.1f} KiB per document, "
        f"{catalog / pages / 1024:.2f} KiB per page."
    )
    write_section(HEADING, body)


if __name__ == "__main__":
    main()
