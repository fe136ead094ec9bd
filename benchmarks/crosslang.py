"""Cross-language search: recall@10 and nDCG@10 of queries typed in one language whose
relevant documents are in the others, through the real ``/search`` of a real ``poshuk
serve`` on each engine: lexical (``expand=false``), lexical + thesaurus, semantic
(``mode=semantic``) and hybrid (``mode=hybrid``: thesaurus and vectors fused by rank).

The documents and judged queries (``benchmarks/crosslang/``) were written for the project:
short texts on 21 topics of the field in en/ru/be/uk/pl and 63 queries, three per topic,
split by topic into a ``tune`` half and a held-out ``held`` half. A query's relevant
documents are its topic's documents in the four languages it was not typed in. The
documents are ingested by the real pipeline and embedded by ``poshuk embed``'s stage
(pages/s reported); each layer's HTTP latency is reported too. Without the semantic
extra only the lexical layers are measured. ``--existing`` also runs the judged set of
``benchmarks/relevance.py`` with expansion on, to check it loses nothing there. An engine
that cannot be reached is reported as skipped.

    python benchmarks/crosslang.py [--engine tantivy|elasticsearch|all] [--existing]
                                   [--no-write]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import load as load_bench  # noqa: E402
from benchmarks import relevance  # noqa: E402
from benchmarks.report import QUALITY, table, write_section  # noqa: E402
from benchmarks.search_latency import percentile  # noqa: E402
from ingest.demo import build_demo_archive  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from poshuk.core import semantic  # noqa: E402
from poshuk.core.blobs import BlobStore  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import EngineUnavailable, open_engine  # noqa: E402
from poshuk.core.model import Document, Page  # noqa: E402

HERE = Path(__file__).resolve().parent / "crosslang"
K = relevance.K
ES_URL = os.environ.get("POSHUK_ES_URL", "http://127.0.0.1:9200")
Scored = dict[str, dict["Query", relevance.Scores]]


@dataclass(frozen=True, slots=True)
class Query:
    half: str
    lang: str
    topic: str
    text: str
    relevant: frozenset[str]


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def load() -> tuple[list[Document], list[Query]]:
    docs = [
        Document(id=doc_id, sha256=doc_id.ljust(64, "0"), file_name=f"{doc_id}.txt",
                 media_type="text/plain", size=len(text), title=None, language=lang,
                 pages=[Page(1, text, lang)])
        for doc_id, lang, text in _rows(HERE / "documents.tsv")
    ]
    by_topic: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for doc in docs:
        by_topic[doc.id.split("-")[0]].add((doc.id, doc.language or ""))
    queries = [
        Query(half, lang, topic, text,
              frozenset(d for d, doc_lang in by_topic[topic] if doc_lang != lang))
        for half, lang, topic, text in _rows(HERE / "queries.tsv")
    ]
    return docs, queries


def drop_alias(alias: str) -> None:
    """Delete the indices made for ``alias`` on the node (by name: no wildcard deletes)."""
    with httpx.Client(base_url=ES_URL, timeout=30) as client:
        found = client.get(f"/{alias}-*", params={"expand_wildcards": "all"})
        for index in found.json() if found.status_code == 200 else []:
            client.delete(f"/{index}")


LayerParams = dict[str, dict[str, str]]
LEXICAL: LayerParams = {
    "lexical": {"expand": "false"},
    "lexical + thesaurus": {"expand": "true"},
}
SEMANTIC: LayerParams = {
    "semantic": {"mode": "semantic", "expand": "false"},
    "hybrid (thesaurus + semantic, RRF)": {"mode": "hybrid", "expand": "true"},
}


@dataclass(slots=True)
class Built:
    home: Path
    names: dict[str, str]  # document id -> its documents.tsv id
    cost: str  # what embedding cost, or why it was not done


def build(engine_name: str, docs: list[Document], home: Path, alias: str) -> Built:
    """The documents written as files, ingested by the real pipeline into a fresh archive
    on ``engine_name``, and embedded (with the semantic extra)."""
    files = home.parent / "files"
    files.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (files / f"{doc.id}.txt").write_text(doc.pages[0].text + "\n", encoding="utf-8")
    settings = Settings(home=home, engine=engine_name, es_url=ES_URL,  # type: ignore[arg-type]
                        es_index=alias)
    catalog = Catalog(settings.catalog_path)
    engine = open_engine(settings, writable=True)
    try:
        Pipeline(catalog, BlobStore(settings.blob_dir), engine).ingest([files])
        names = {doc.id: doc.file_name.rsplit(".", 1)[0] for doc in catalog.iter_documents()}
        cost = "semantic extra not installed: not embedded"
        if semantic.available():
            from poshuk.core.embedding import embed_catalog
            from poshuk.core.engines.vectors import open_vectors

            store = open_vectors(settings, engine, writable=True)
            embedder = semantic.Embedder()
            embedder.query("load the model")
            started = time.perf_counter()
            done = embed_catalog(catalog, store, embedder)
            wall = time.perf_counter() - started
            store.close()
            pages = sum(len(d.pages) for d in catalog.iter_documents())
            cost = (f"{done.documents} documents ({pages} pages, {done.passages} passages) "
                    f"embedded and stored in {wall:.1f} s: {pages / wall:.1f} pages/s, "
                    f"{done.passages / done.seconds:.1f} passages/s in the model")
    finally:
        engine.close()
        catalog.close()
    return Built(home, names, cost)


def measure(base: str, built: Built, queries: list[Query], layers: LayerParams,
            ) -> tuple[Scored, dict[str, list[float]]]:
    """Each layer's scores and HTTP latencies (ms), every query through ``/search``."""
    results: Scored = {}
    latencies: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for layer, params in layers.items():
            results[layer], latencies[layer] = {}, []
            for q in queries:
                for _attempt in range(5):  # 503: the index is busy (a catch-up), retry
                    started = time.perf_counter()
                    found = client.get("/search", params={"q": q.text, "size": K, **params})
                    if found.status_code != 503:
                        break
                    time.sleep(2)
                latencies[layer].append((time.perf_counter() - started) * 1000)
                if found.status_code != 200:
                    raise SystemExit(f"{layer}: {found.status_code} {found.text[:300]}")
                ranked = [built.names.get(hit["id"], hit["id"]) for hit in found.json()["hits"]]
                results[layer][q] = relevance.score(ranked, q.relevant)
    return results, latencies


def latency_rows(latencies: dict[str, list[float]]) -> list[list[object]]:
    rows: list[list[object]] = []
    for layer, found in latencies.items():
        found = sorted(found)
        rows.append([layer, len(found), f"{percentile(found, 0.5):.0f}",
                     f"{percentile(found, 0.95):.0f}"])
    return rows


def summary(results: Scored) -> list[list[object]]:
    """Rows per layer: recall@10 and nDCG@10 of the tuned half, the held-out half, each
    query language, and all."""
    rows: list[list[object]] = []
    for layer, scores in results.items():
        groups: dict[str, list[relevance.Scores]] = defaultdict(list)
        for q, s in scores.items():
            groups[q.half].append(s)
            groups[q.lang].append(s)
            groups["all"].append(s)
        for group in ("tune", "held", "en", "ru", "be", "uk", "pl", "all"):
            found = groups[group]
            recall = sum(s.recall for s in found) / len(found)
            ndcg = sum(s.ndcg for s in found) / len(found)
            rows.append([layer, group, len(found), f"{recall:.3f}", f"{ndcg:.3f}"])
    return rows


def misses(results: Scored, layer: str) -> list[list[object]]:
    best = results[layer]
    return [[q.half, q.lang, f"`{q.text}`", f"{s.recall:.2f}"]
            for q, s in best.items() if s.recall < 1]  # fmt: skip


def existing(engines: list[str]) -> str:
    """The judged set of ``benchmarks/relevance.py``, with and without expansion."""
    judged = relevance.load_queries()
    # its own alias on the node, not the default one another run may be using
    alias = os.environ["POSHUK_ES_INDEX"] = f"poshuk-crosslang-{uuid.uuid4().hex[:8]}"
    root = Path(tempfile.mkdtemp(prefix="poshuk-crosslang-existing-"))
    parts = []
    try:
        files = root / "files"
        build_demo_archive(files / "demo")
        if relevance.NEWS.exists():
            shutil.copytree(relevance.NEWS, files / "news")
        for name in engines:
            try:
                engine, names = relevance.build(name, files, root / name)
            except EngineUnavailable as err:
                parts.append(f"{name}: not measured ({err})")
                continue
            try:
                for widen in (False, True):
                    rows = relevance.summarise(judged, relevance.evaluate(engine, names, judged,
                                                                          widen))
                    layer = "lexical + thesaurus" if widen else "lexical"
                    parts.append(f"{name}, {layer}:\n\n" + table(
                        ["category", "queries", "recall@10", "nDCG@10", "P@1", "target"], rows))
            finally:
                engine.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
        if "elasticsearch" in engines:
            drop_alias(alias)
    return "\n\n".join(parts)


def per_engine(engines: list[str], docs: list[Document], queries: list[Query]) -> list[str]:
    """A section per engine: its layers' scores, latencies and the best layer's misses."""
    layers = {**LEXICAL, **(SEMANTIC if semantic.available() else {})}
    best = list(layers)[-1]
    sections = []
    for name in engines:
        alias = f"poshuk-crosslang-{uuid.uuid4().hex[:8]}"
        folder = Path(tempfile.mkdtemp(prefix="poshuk-crosslang-"))
        try:
            try:
                built = build(name, docs, folder / "home", alias)
            except EngineUnavailable as err:
                sections.append(f"### {name}\n\nnot measured: {err}")
                continue
            process, base = load_bench.serve(built.home, name, ES_URL, alias)
            try:
                results, latencies = measure(base, built, queries, layers)
            finally:
                process.terminate()
                process.wait(timeout=60)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if name == "elasticsearch":
                drop_alias(alias)
        sections.append(f"### {name}\n\nEmbedding: {built.cost}.\n\n" + table(
            ["layer", "queries", "n", "recall@10", "nDCG@10"], summary(results)))
        sections.append(f"HTTP latency of `/search` on {name} (ms, one client, "
                        f"{len(docs)} documents):\n\n"
                        + table(["layer", "queries", "p50", "p95"], latency_rows(latencies)))
        missed = misses(results, best)
        if missed:
            sections.append(f"Queries where {name}, {best}, missed a relevant "
                            "document in the first 10:\n\n"
                            + table(["half", "lang", "query", "recall@10"], missed))
    return sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["tantivy", "elasticsearch", "all"],
                        default="tantivy")
    parser.add_argument("--existing", action="store_true",
                        help="also run benchmarks/relevance.py's judged set, expanded or not")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    engines = ["tantivy", "elasticsearch"] if args.engine == "all" else [args.engine]
    docs, queries = load()
    sections = [
        f"Written by `benchmarks/crosslang.py` from {len(queries)} judged queries over "
        f"{len(docs)} short documents written for the project (`benchmarks/crosslang/`): "
        "21 topics of the field, one document per topic in each of en/ru/be/uk/pl, plus "
        "unrelated ones. Each query is typed in one language; its relevant documents are its "
        "topic's documents in the four others (so recall@10 counts only cross-language "
        "finds). The queries are split by topic into a `tune` half and a held-out `held` "
        "half. The first run printed both halves; what changed after it was chosen on the "
        "`tune` half and on the judged set of `benchmarks/relevance.py` only: verb and idiom "
        "forms for four tune topics (disbarment, liquidation, visit bans, days of arrest), "
        "slop 2 in added phrases, and the added terms' weight. A one-off sweep of that weight "
        "on the embedded engine (inflected recall@10 on the existing set / tune recall@10 "
        "here): 0.5 → 0.734 / 0.894, 0.2 → 0.862 / 0.894, 0.1 → 0.899 / 0.894, "
        "0.05 → 0.955 / 0.894, 0.02 → 0.977 / 0.894 (lexical alone: 0.975); on "
        "Elasticsearch 0.02 → 0.951, 0.01 → 0.972, 0.005 → 0.977 / 0.894 (lexical alone: "
        "0.969); 0.01 was kept."
    ]
    sections.append(f"Measured through the real `/search` of `poshuk serve` at load average "
                    f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores shared with other "
                    "work.")
    sections += per_engine(engines, docs, queries)
    if args.existing:
        sections.append("### The existing judged set with expansion\n\n" + existing(engines))
    print(body := "\n\n".join(sections))
    if not args.no_write:
        write_section("Cross-language search", body, QUALITY)


if __name__ == "__main__":
    main()
