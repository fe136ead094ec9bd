"""Search quality on judged queries: recall@10, nDCG@10 and precision@1 per category and
per engine, printed and written to docs/quality.md.

Builds the archive (the demo documents and the shared news corpus) through the real
pipeline into each engine, then runs every query of ``benchmarks/relevance/queries.tsv``
through the ``Engine`` protocol. An engine that cannot be opened here (Elasticsearch with
no node at ``POSHUK_ES_URL``) is reported as skipped.

recall@10 = relevant documents in the first 10 / min(relevant, 10); nDCG@10 with binary
gains; P@1 = the first hit is relevant.

    python benchmarks/relevance.py [--engine tantivy|elasticsearch|all] [--no-write]
                                   [--shared DIR]
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import QUALITY, table, write_section  # noqa: E402
from ingest.demo import build_demo_archive  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from poshuk.core.blobs import BlobStore  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import EngineName, Settings  # noqa: E402
from poshuk.core.engines import Engine, EngineUnavailable, SearchRequest, open_engine  # noqa: E402
from poshuk.core.query import parse_query  # noqa: E402
from poshuk.core.thesaurus import expand  # noqa: E402

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "relevance" / "queries.tsv"
NEWS = HERE.parents[1] / "shared" / "corpus" / "news"
K = 10
TARGETS = {"name-script": ("recall@10", 0.95), "inflected": ("recall@10", 0.95),
           "cross-script": ("recall@10", 0.95), "exact": ("P@1", 0.95)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Judged:
    category: str
    query: str
    relevant: frozenset[str]  # document names without extension


@dataclass(frozen=True, slots=True)
class Scores:
    recall: float
    ndcg: float
    p1: float


def load_queries(path: Path = QUERIES) -> list[Judged]:
    judged = []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        if line.startswith("#") or line.startswith("category\t"):
            continue
        category, query, relevant = line.split("\t")
        judged.append(Judged(category, query, frozenset(relevant.split(","))))
    return judged


def score(ranked: list[str], relevant: frozenset[str]) -> Scores:
    top = ranked[:K]
    found = [name in relevant for name in top]
    ideal = min(len(relevant), K)
    dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(found) if hit)
    idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
    return Scores(sum(found) / ideal, dcg / idcg, float(bool(found and found[0])))


def build(engine_name: str, files: Path, home: Path) -> tuple[Engine, dict[str, str]]:
    """Ingest ``files`` into a fresh engine; return it and each document id's name."""
    settings = Settings(home=home, engine=engine_name)  # type: ignore[arg-type]
    catalog = Catalog(settings.catalog_url)
    engine = open_engine(settings, writable=True)
    try:
        Pipeline(catalog, BlobStore(settings.blob_dir), engine).ingest([files])
        names = {doc.id: doc.file_name.rsplit(".", 1)[0] for doc in catalog.iter_documents()}
    finally:
        catalog.close()
    return engine, names


def ranked_names(
    engine: Engine, names: dict[str, str], query: str, widen: bool = False
) -> list[str]:
    """The first hits' names, the query expanded through the thesaurus if ``widen``."""
    node = expand(parse_query(query)) if widen else parse_query(query)
    request = SearchRequest(node, size=K * 2, highlights=False, facet_size=1)
    ranked: list[str] = []
    for hit in engine.search(request).hits:
        name = names.get(hit.id, hit.id)
        if name not in ranked:  # a document in two formats counts once
            ranked.append(name)
    return ranked


def evaluate(
    engine: Engine, names: dict[str, str], judged: list[Judged], widen: bool = False
) -> dict[str, Scores]:
    return {j.query + "\t" + j.category:
            score(ranked_names(engine, names, j.query, widen), j.relevant)
            for j in judged}  # fmt: skip


def summarise(judged: list[Judged], results: dict[str, Scores]) -> list[list[object]]:
    by_category: dict[str, list[Scores]] = defaultdict(list)
    for j in judged:
        by_category[j.category].append(results[j.query + "\t" + j.category])
    by_category["all"] = list(results.values())
    rows: list[list[object]] = []
    for category, scores in by_category.items():
        n = len(scores)
        recall = sum(s.recall for s in scores) / n
        ndcg = sum(s.ndcg for s in scores) / n
        p1 = sum(s.p1 for s in scores) / n
        target = TARGETS.get(category)
        note = f"{target[0]} ≥ {target[1]}" if target else ""
        rows.append([category, n, f"{recall:.3f}", f"{ndcg:.3f}", f"{p1:.3f}", note])
    return rows


def misses(judged: list[Judged], results: dict[str, Scores]) -> list[list[object]]:
    rows: list[list[object]] = []
    for j in judged:
        s = results[j.query + "\t" + j.category]
        if s.recall < 1 or s.p1 < 1:
            rows.append([j.category, f"`{j.query}`", f"{s.recall:.2f}", f"{s.ndcg:.2f}", s.p1])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=[*get_args(EngineName), "all"], default="tantivy")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--shared", type=Path, default=NEWS.parents[1],
                        help="the shared folder (its corpus/news is ingested too)")
    args = parser.parse_args()
    engines = list(get_args(EngineName)) if args.engine == "all" else [args.engine]
    judged = load_queries()

    root = Path(tempfile.mkdtemp(prefix="poshuk-relevance-"))
    sections = [
        f"Written by `benchmarks/relevance.py` from {len(judged)} judged queries "
        "(`benchmarks/relevance/queries.tsv`, judgments written before measuring) over the "
        "demo archive and the shared news corpus. recall@10 = relevant documents in the "
        "first 10 / min(relevant, 10); nDCG@10 with binary gains; P@1 = the first hit is "
        "relevant. Targets: recall@10 ≥ 0.95 for `name-script`, `inflected` and "
        "`cross-script`, P@1 ≥ 0.95 "
        "for `exact`. Caveat: the set is also the one the analysis was developed on. Its "
        "first run on the embedded engine gave recall@10 0.996 (`name-script`) and 0.928 "
        "(`inflected`); two changes followed from its misses (the Belarusian stemmer's "
        "fleeting vowel, палітвязень; Belarusian/Russian letters swapped for the other "
        "language's field, Савіцкая → Савицкой), so the figures below may flatter unseen "
        "queries. The judgments themselves were not changed; the two remaining misses are "
        "derived words (журналістка, адвокатура) that the judgments count and no stemmer "
        "joins. The `cross-script` queries (17: a surname in another script and another "
        "grammatical case than the documents', Навицкого, Nawickiego, Савіцкай, Лазовську) "
        "were added and judged before the query-side change they measure (a case form also "
        "looks for its nominative in the fold fields); on the embedded engine they scored "
        "recall@10 0.594 / nDCG@10 0.696 / P@1 0.941 before it."
    ]
    try:
        files = root / "files"
        build_demo_archive(files / "demo")
        shutil.copytree(args.shared / "corpus" / "news", files / "news")
        for name in engines:
            try:
                engine, names = build(name, files, root / name)
            except EngineUnavailable as err:
                sections.append(f"### {name}\n\nnot measured: {err}")
                continue
            try:
                results = evaluate(engine, names, judged)
            finally:
                engine.close()
            header = ["category", "queries", "recall@10", "nDCG@10", "P@1", "target"]
            sections.append(f"### {name}\n\n" + table(header, summarise(judged, results)))
            missed = misses(judged, results)
            if missed:
                sections.append(
                    f"Queries where {name} missed a relevant document in the first 10 or "
                    "ranked an irrelevant one first:\n\n"
                    + table(["category", "query", "recall@10", "nDCG@10", "P@1"], missed)
                )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    body = "\n\n".join(sections)
    print(body)
    if not args.no_write:
        write_section("Relevance", body, QUALITY)


if __name__ == "__main__":
    main()
