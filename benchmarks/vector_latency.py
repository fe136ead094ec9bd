"""Query latency with vectors at a size embedding could not reach here: ``--docs`` generated
documents (``benchmarks/synthetic.py``) in a fresh index of each engine, each given three
passage vectors drawn at random around 200 topic centres (the model would take days to
embed them on two cores; its own cost is measured by ``benchmarks/crosslang.py``), then
``mode=semantic`` and ``mode=hybrid`` searches (``poshuk.core.hybrid``, the code behind
``/search``) with real query vectors from the packaged model, with and without a
collection scope. Reports the time to store the vectors, their size on disk and the
latency p50/p95. The machine is shared: the load average is printed with the figures.

    python benchmarks/vector_latency.py [--docs 10000] [--engine tantivy|elasticsearch|all]
                                        [--queries 20] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import crosslang, synthetic  # noqa: E402
from benchmarks.crosslang import drop_alias, load  # noqa: E402
from benchmarks.engines import elasticsearch_for  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402
from benchmarks.search_latency import percentile  # noqa: E402
from poshuk.core import hybrid, semantic  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import SearchRequest, open_engine  # noqa: E402
from poshuk.core.engines.vectors import open_vectors  # noqa: E402
from poshuk.core.query import parse_query  # noqa: E402
from poshuk.core.thesaurus import expand  # noqa: E402

ES_URL = os.environ.get("POSHUK_ES_URL", "http://127.0.0.1:9200")
HEADING = "Vectors: query latency at scale"
PASSAGES = 3
CENTRES = 200


def vectors_for(n: int, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(CENTRES, semantic.DIMENSIONS))
    rows = centres[rng.integers(0, CENTRES, n * PASSAGES)] + rng.normal(
        scale=0.6, size=(n * PASSAGES, semantic.DIMENSIONS))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows.astype(np.float32).reshape(n, PASSAGES, semantic.DIMENSIONS)


def es_size(alias: str) -> int:
    with httpx.Client(base_url=ES_URL, timeout=60) as client:
        found = client.get(f"/{alias}/_stats/store").json()
    return int(found["_all"]["primaries"]["store"]["size_in_bytes"])


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(name: str, n: int, queries: list[str]) -> list[list[object]]:
    home = Path(tempfile.mkdtemp(prefix="poshuk-vectors-"))
    alias = f"poshuk-vectors-{uuid.uuid4().hex[:8]}"
    settings = Settings(home=home, engine=name, es_url=ES_URL, es_index=alias)  # type: ignore[arg-type]
    rows: list[list[object]] = []
    try:
        engine = open_engine(settings, writable=True)
        docs = list(synthetic.generate(n, words=150))
        for i, doc in enumerate(docs):
            doc.collection = "a" if i % 2 else "b"
        engine.add(docs)
        engine.commit()
        before = es_size(alias) if name == "elasticsearch" else 0
        store = open_vectors(settings, engine, writable=True)
        started = time.perf_counter()
        vectors = vectors_for(n)
        for start in range(0, n, 500):
            store.put([(doc, vectors[start + i]) for i, doc in enumerate(docs[start:start + 500])])
        store.commit()
        stored = time.perf_counter() - started
        size = (es_size(alias) - before if name == "elasticsearch"
                else folder_size(settings.index_dir.parent / "vectors"))
        embedder = semantic.Embedder()
        embedder.query("load the model")
        for scoped in (False, True):
            for mode in ("semantic", "hybrid"):
                took = []
                for text in queries:
                    request = SearchRequest(expand(parse_query(text)), mode=mode, text=text,
                                            scope={"collection": ["a"]} if scoped else {})
                    started = time.perf_counter()
                    hybrid.search(engine, store, embedder, request)
                    took.append((time.perf_counter() - started) * 1000)
                took.sort()
                rows.append([name, n, f"{n * PASSAGES / stored:.0f}", f"{size / 2**20:.0f}",
                             mode, "one of two collections" if scoped else "all",
                             len(took), f"{percentile(took, 0.5):.0f}",
                             f"{percentile(took, 0.95):.0f}"])
                print(" | ".join(map(str, rows[-1])), flush=True)
        store.close()
        engine.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if name == "elasticsearch":
            drop_alias(alias)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--engine", choices=["tantivy", "elasticsearch", "all"], default="all")
    parser.add_argument("--queries", type=int, default=20, help="of the cross-language set")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--es-heap-mb", type=int, default=2048,
                        help="heap of the node started when POSHUK_ES_URL is not set")
    args = parser.parse_args()
    if not semantic.available():
        raise SystemExit("needs the semantic extra: pip install '.[semantic]'")
    engines = ["tantivy", "elasticsearch"] if args.engine == "all" else [args.engine]
    queries = sorted({q.text for q in load()[1]})[:args.queries]
    global ES_URL
    with elasticsearch_for(engines, args.es_heap_mb) as url:
        if url:  # es_size and drop_alias read the module's URL
            ES_URL = crosslang.ES_URL = url
        rows = [row for name in engines for row in run(name, args.docs, queries)]
    body = (
        f"Written by `benchmarks/vector_latency.py`: {args.docs} generated documents, "
        f"{PASSAGES} random passage vectors each (not model output: only the cost is "
        "measured), searched through `poshuk.core.hybrid` (what `/search?mode=` runs, "
        f"without HTTP) with {len(queries)} of the cross-language queries embedded by the "
        f"model (its time included), in one process, {time.strftime('%Y-%m-%d')}. Load "
        f"average {os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} cores (above "
        f"{os.cpu_count()}: other work shared them and the figures are upper bounds).\n\n"
        + table(["engine", "documents", "vectors stored/s", "vector MB", "mode", "scope",
                 "queries", "p50 ms", "p95 ms"], rows)
    )
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
