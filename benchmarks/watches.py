"""Matching cost of watched searches: 10,000 watches against batches of 500 new
documents, on the embedded engine and on Elasticsearch, beside the time the same batch
takes to index (catalog + engine add + commit, without parsing).

The watches are a lawyer's mix: citation watches (4,000 over 400 provisions), entity
watches (3,000 over 1,000 people), and text watches (3,000: words, phrases, and words
with a citation). Documents are generated (synthetic words, citations, entities), so the
batch is the same on both engines.

    python benchmarks/watches.py [--engine tantivy|elasticsearch|both] [--batches 3]
                                 [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.engines import elasticsearch_for  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402
from poshuk.core.accounts import Accounts  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import Engine, open_engine  # noqa: E402
from poshuk.core.model import Citation, Document, Entity, Page  # noqa: E402
from poshuk.core.watch_matching import match_new  # noqa: E402
from poshuk.core.watches import Watches  # noqa: E402

BATCH = 500
WATCHES = 10_000
CITATIONS = [f"BY-CC-{n}" for n in range(100, 500)]
PEOPLE = [f"person:name{n}" for n in range(1000)]
VOCABULARY = [f"w{n}" for n in range(50_000)]


def _documents(rng: random.Random, start: int, count: int) -> list[Document]:
    docs = []
    for n in range(start, start + count):
        text = " ".join(rng.choice(VOCABULARY) for _ in range(300))
        doc_id = f"{n:016x}"
        docs.append(Document(
            id=doc_id, sha256=doc_id.ljust(64, "0"), file_name=f"{doc_id}.txt",
            media_type="text/plain", size=len(text), pages=[Page(1, text, language="en")],
            text_sha256=doc_id.ljust(64, "1"), title=f"Document {n}", type="verdict",
            language="en", ingested_at=dt.datetime.now(dt.UTC),
            citations=[Citation(c, c) for c in rng.sample(CITATIONS, rng.randint(1, 3))],
            entities=[Entity("person", p, [p]) for p in rng.sample(PEOPLE, rng.randint(2, 5))],
        ))
    return docs


def mix(rng: random.Random, citations: Sequence[str], entities: Sequence[str],
        words: Sequence[str], phrase: Callable[[], str]) -> list[str]:
    """A lawyer's mix of :data:`WATCHES` queries: 4,000 on a citation, 3,000 on an entity,
    1,500 on a word, 1,000 on a phrase (``phrase()`` draws one), 500 a word and a citation."""
    queries = []
    for n in range(WATCHES):
        if n < 4000:
            queries.append(f"citation:{rng.choice(citations)}")
        elif n < 7000:
            queries.append(f'entity:"{rng.choice(entities)}"')
        elif n < 8500:
            queries.append(rng.choice(words))
        elif n < 9500:
            queries.append(f'"{phrase()}"')
        else:
            queries.append(f"{rng.choice(words)} citation:{rng.choice(citations)}")
    return queries


def insert_watches(store: Watches, queries: Sequence[str]) -> None:
    """Anonymous watches made long ago (everything ingested after is new to them)."""
    store.db.execute("BEGIN")
    for n, query in enumerate(queries):
        store.db.execute(
            "INSERT INTO watches (owner, name, kind, query, filters, created_at, "
            "feed_secret_hash) VALUES ('', ?, 'search', ?, '{}', ?, ?)",
            (f"w{n}", query, "2000-01-01T00:00:00+00:00", f"h{n}"))
    store.db.execute("COMMIT")


def run(engine_name: str, batches: int, es_url: str) -> list[tuple[float, float, int]]:
    """(index seconds, matching seconds, matches) per batch."""
    rng = random.Random(18)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(home=Path(tmp), engine=engine_name,  # type: ignore[arg-type]
                            es_url=es_url or "http://127.0.0.1:9200",  # unused on tantivy
                            es_index=f"bench-watches-{os.getpid()}")
        catalog = Catalog(settings.catalog_path)
        engine: Engine = open_engine(settings, writable=True)
        store, accounts = Watches(catalog.db), Accounts(catalog.db)
        background = _documents(rng, 0, 2000)
        catalog.add_many(background)
        engine.add(background)
        engine.commit()
        insert_watches(store, mix(rng, CITATIONS, PEOPLE, VOCABULARY, lambda: (
            f"{rng.choice(VOCABULARY)} {rng.choice(VOCABULARY)}")))
        results = []
        for batch in range(batches):
            docs = _documents(rng, 10_000 * (batch + 1), BATCH)
            started = time.perf_counter()
            catalog.add_many(docs)
            fresh = list(catalog.get_many([d.id for d in docs], with_pages=True).values())
            engine.add(fresh)
            engine.commit()
            indexed = time.perf_counter() - started
            started = time.perf_counter()
            recorded = match_new(store, accounts, engine, fresh)
            results.append((indexed, time.perf_counter() - started, recorded))
            print(f"{engine_name} batch {batch + 1}: index {indexed:.2f} s, "
                  f"matching {results[-1][1]:.2f} s, {recorded} matches", flush=True)
        if engine_name == "elasticsearch":
            from tests.conftest import drop_indices

            drop_indices(settings.es_url, settings.es_index)
        engine.close()
        catalog.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="both",
                        choices=["tantivy", "elasticsearch", "both"])
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    engines = ["tantivy", "elasticsearch"] if args.engine == "both" else [args.engine]
    rows = []
    with elasticsearch_for(engines, heap_mb=2048) as es_url:
        for name in engines:
            results = run(name, args.batches, es_url)
            index_s = statistics.median(r[0] for r in results)
            match_s = statistics.median(r[1] for r in results)
            rows.append([name, f"{index_s:.2f}", f"{match_s:.2f}",
                         f"{statistics.median(r[2] for r in results):.0f}"])
    body = (
        f"`benchmarks/watches.py`, {machine()}. {WATCHES:,} watches (4,000 citation, 3,000 "
        f"entity, 1,500 one-word, 1,000 phrase, 500 word + citation) matched against "
        f"{args.batches} batches of {BATCH} new generated documents (300 words, 1-3 "
        "citations, 2-5 entities each) over 2,000 indexed ones; median seconds per batch. "
        "The index column is catalog + engine add + commit only (no parsing or "
        f"enrichment). Each engine found the same matches. Load average "
        f"{os.getloadavg()[0]:.1f} at the end (2 cores: above 2, other work shared them).\n\n"
        + table(["engine", "index a batch (s)", "match 10,000 watches (s)", "matches"], rows)
    )
    print(body)
    if not args.no_write:
        write_section("Watched searches: matching 10,000 watches per batch", body)


if __name__ == "__main__":
    main()
