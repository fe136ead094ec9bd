"""What a keyword filter costs on the embedded engine, in its two forms: tantivy's
term-set query (every posting of every value read into a bitset first) and the union of
term queries that ``QueryCompiler.keyword_in`` builds for a few values (postings read
lazily, skipping to the other clauses' matches).

Each filter is timed alone and beside a rare word, on the index ``benchmarks/rights.py
--keep DIR`` builds (documents spread over 50 collections):

    python benchmarks/keyword_filters.py --home DIR/100000-50 [--repeat 200] [--write]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tantivy  # noqa: E402

from benchmarks.report import machine, table, write_section  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines.tantivy_engine import TantivyEngine  # noqa: E402
from poshuk.core.engines.tantivy_query import FEW_VALUES, all_of  # noqa: E402


def median_ms(searcher: tantivy.Searcher, query: tantivy.Query, repeat: int) -> tuple[float, int]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = searcher.search(query, limit=10, count=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), found.count or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--write", action="store_true", help="record in docs/benchmarks.md")
    args = parser.parse_args()
    engine = TantivyEngine(Settings(home=args.home).index_dir)
    searcher = engine.index.searcher()
    compiler = engine.doc_query
    names = [f"c{i:02d}" for i in range(50)]
    # a word of a few documents: the case where a filter should cost next to nothing
    rare = compiler.keyword_in("title", ["poshuk-no-such-title"])
    for word in ("суд", "court", "приговор", "верховный"):
        query = tantivy.Query.term_query(engine.schema, "body", word)
        if 0 < (searcher.search(query, limit=1, count=True).count or 0) < 5000:
            rare = query
            break
    cases = [("kind = doc", "kind", ["doc"]), ("collection in 5 of 50", "collection", names[:5]),
             ("collection in 20 of 50", "collection", names[:20]),
             ("collection in 45 of 50", "collection", names[:45])]
    rows = []
    for label, field, values in cases:
        for form, make in (("term set", compiler.term_set), ("term union", compiler.keyword_in)):
            alone, matched = median_ms(searcher, make(field, values), args.repeat)
            beside, _ = median_ms(searcher, all_of(rare, make(field, values)), args.repeat)
            rows.append([label, form, f"{matched:,}", f"{alone:.2f}", f"{beside:.2f}"])
    rare_count = searcher.search(rare, limit=1, count=True).count
    body = (
        f"`benchmarks/keyword_filters.py --home DIR/100000-50 --repeat {args.repeat}`, "
        f"{time.strftime('%Y-%m-%d')}, {machine()}, {searcher.num_docs:,} records "
        f"({engine.count():,} documents, their pages the rest). Median ms of one search "
        f"(10 hits, counted) for the filter alone and beside a word of {rare_count:,} "
        f"records; the engine uses the term union up to {FEW_VALUES} values.\n\n"
        + table(["filter", "form", "records", "alone ms", "beside a rare word ms"], rows)
    )
    print(body)
    if args.write:
        write_section("Keyword filters (embedded engine)", body)


if __name__ == "__main__":
    main()
