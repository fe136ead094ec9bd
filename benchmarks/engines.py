"""Both engines in one run: bulk indexing rate, then search latency with facets.

For each size: generate one-page documents (real sentences, see synthetic.py), index them
into the embedded engine and into Elasticsearch (``rebuild``: bulk from Python, as
``poshuk reindex`` does), then run the same request mix on both in-process (every request
computes all facets and the monthly histogram). Elasticsearch is ``POSHUK_ES_URL`` if set,
else a local node started for the run (``poshuk.esnode``, heap ``--es-heap-mb``).

    python benchmarks/engines.py [--sizes 10000 100000] [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.search_latency import percentile, request_mix, to_request  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from poshuk import esnode  # noqa: E402
from poshuk.core.engines import Engine  # noqa: E402
from poshuk.core.engines.es_engine import ElasticsearchEngine  # noqa: E402
from poshuk.core.engines.tantivy_engine import TantivyEngine  # noqa: E402
from poshuk.core.model import Document  # noqa: E402


@contextmanager
def elasticsearch(heap_mb: int) -> Iterator[str]:
    if url := os.environ.get("POSHUK_ES_URL"):
        yield url
        return
    with esnode.temporary_node(f"bench-{os.getpid()}", heap_mb=heap_mb) as node:
        yield node.url


@contextmanager
def elasticsearch_for(engines: Sequence[str], heap_mb: int) -> Iterator[str]:
    """:func:`elasticsearch`'s URL when ``engines`` include it, else "" (no node)."""
    if "elasticsearch" not in engines:
        yield ""
        return
    with elasticsearch(heap_mb) as url:
        yield url


def index_size(url: str, alias: str) -> float:
    stats = httpx.get(f"{url}/{alias}/_stats/store", timeout=30).json()
    return float(stats["_all"]["primaries"]["store"]["size_in_bytes"]) / 1e6


def timed_build(build: Callable[[], object]) -> float:
    started = time.perf_counter()
    build()
    return time.perf_counter() - started


def _add_and_commit(engine: Engine, docs: Iterable[Document]) -> None:
    engine.add(docs)
    engine.commit()


def latencies(engine: Engine, mix: list[dict[str, object]], warmup: int) -> list[float]:
    out: list[float] = []
    for i, params in enumerate(mix):
        request = to_request(params)
        started = time.perf_counter()
        engine.search(request)
        if i >= warmup:
            out.append((time.perf_counter() - started) * 1000)
    return out


def measure(url: str, n: int, mix: list[dict[str, object]], warmup: int) -> list[list[object]]:
    """Index ``n`` documents into each engine, time it, then time the request mix."""

    def docs() -> Iterator[Document]:
        return generate(n, seed=2, pages=(1, 1), words=150)

    rows: list[list[object]] = []
    folder = Path(tempfile.mkdtemp(prefix="poshuk-bench-"))
    alias = f"bench-{os.getpid()}-{n}"
    try:
        tantivy = TantivyEngine(folder, writable=True)
        t_seconds = timed_build(lambda: _add_and_commit(tantivy, docs()))
        t_size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
        es = ElasticsearchEngine(url, alias, writable=True)
        e_seconds = timed_build(lambda: es.rebuild(docs()))
        e_size = index_size(url, alias)
        for name, engine, seconds, size in (
            ("tantivy", tantivy, t_seconds, t_size),
            ("Elasticsearch", es, e_seconds, e_size),
        ):
            times = latencies(engine, mix, warmup)
            rows.append([
                f"{n:,}", name, f"{n / seconds:,.0f}", f"{size:,.0f} MB",
                f"{statistics.median(times):.1f} ms", f"{percentile(times, 0.95):.1f} ms",
            ])
            print(rows[-1], flush=True)
        tantivy.close()
        es.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for index in httpx.get(f"{url}/_alias/{alias}", timeout=30).json():
            httpx.delete(f"{url}/{index}", timeout=60)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--es-heap-mb", type=int, default=1024)
    args = parser.parse_args()
    mix = request_mix(args.requests + args.warmup)
    load_before = os.getloadavg()[0]
    rows: list[list[object]] = []
    with elasticsearch(args.es_heap_mb) as url:
        for n in args.sizes:
            rows += measure(url, n, mix, args.warmup)
    body = (
        f"`python benchmarks/engines.py --sizes {' '.join(map(str, args.sizes))} "
        f"--requests {args.requests}` on {machine()}, {time.strftime('%Y-%m-%d')}; "
        f"Elasticsearch {esnode.ES_VERSION} single node, heap {args.es_heap_mb} MB, on the same "
        "machine. One-page generated documents (150 words of real sentences, 5 languages). "
        "Indexing: documents/s from Python through each engine's interface (Elasticsearch: "
        "`_bulk` with 500 records per request, one request in flight), including building "
        "the records (folding, per-language fields) and the final commit/refresh. Search: "
        "in-process latency of the same request mix as the API benchmark; every request "
        "computes 6 facets and the monthly histogram, text requests also highlights. "
        f"Load average (1 min) {load_before:.1f} before the run and {os.getloadavg()[0]:.1f} "
        "after it: anything above 2 means other work shared the two cores.\n\n"
        + table(["documents", "engine", "indexing docs/s", "index size", "search p50",
                 "search p95"], rows)
    )
    write_section("Both engines: indexing and search (benchmarks/engines.py)", body)


if __name__ == "__main__":
    main()
