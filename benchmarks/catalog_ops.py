"""Catalog operations per second on SQLite and on PostgreSQL: inserting documents in
batches (``add_many``), reading one document with its pages (``get``), fetching one page
of search results (``get_many`` of 20 ids, without pages, as ``/search`` does) and
appending to the audit chain. Generated documents (``benchmarks/synthetic.py``).

PostgreSQL is a temporary server started from Debian's binaries (``tests/pg.py``, over
loopback TCP, ``fsync=off`` like the tests: a server with ``fsync=on`` and a real disk
commits slower), or ``--pg-url`` for an existing database (it must be empty).

    python benchmarks/catalog_ops.py [--docs 2000] [--batch 100] [--reads 2000]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402
from poshuk.core.audit import AuditLog  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.db import sqlite_url  # noqa: E402

ROUND_TRIPS = (
    "Each PostgreSQL statement is a loopback round trip (a bare psycopg `SELECT` by key "
    "took 0.3–0.4 ms here) where a SQLite statement is a function call in the process: "
    "`get` is three statements (the document, its pages, its copies), adding a document "
    "about ten (duplicate lookup, near-duplicate bands, pages, entity names). What "
    "PostgreSQL buys is many processes and machines on one catalog, not speed for one."
)


def rate(count: int, action: Callable[[int], None]) -> float:
    started = time.perf_counter()
    for i in range(count):
        action(i)
    return count / (time.perf_counter() - started)


def measure(url: str, key: Path, args: argparse.Namespace) -> list[float]:
    docs = list(generate(args.docs, pages=(1, 3), words=150))
    catalog = Catalog(url)
    batches = [docs[i : i + args.batch] for i in range(0, len(docs), args.batch)]
    added = rate(len(batches), lambda i: catalog.add_many(batches[i])) * args.batch
    rng = random.Random(3)
    ids = [doc.id for doc in docs]
    got = rate(args.reads, lambda i: catalog.get(rng.choice(ids)))
    pages = rate(args.reads // 4, lambda i: catalog.get_many(rng.sample(ids, 20),
                                                             with_pages=False))
    log = AuditLog(catalog.db, key)
    appended = rate(args.reads // 2, lambda i: log.append(
        "search", user="bench", query=f"word{i}", count=i))
    assert log.verify() == []
    catalog.close()
    return [added, got, pages, appended]


@contextlib.contextmanager
def postgres(given: str | None) -> Iterator[str]:
    if given:
        yield given
        return
    from tests import pg

    with pg.temporary_server() as server:
        server.sql("CREATE DATABASE bench")
        yield server.url("bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--pg-url")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        key = Path(folder) / "audit.key"
        rows.append(["SQLite (WAL, file on local disk)",
                     *measure(sqlite_url(Path(folder) / "catalog.sqlite3"), key, args)])
        with postgres(args.pg_url) as url:
            rows.append(["PostgreSQL 15 (loopback TCP, fsync=off)", *measure(url, key, args)])
    body = (
        f"`benchmarks/catalog_ops.py`, {time.strftime('%Y-%m-%d')}, {machine()}. "
        f"{args.docs} generated documents of 1–3 pages (~150 words each) added in batches "
        f"of {args.batch}; {args.reads} reads of one document with its pages; "
        f"{args.reads // 4} fetches of a result page (20 random ids, no pages); "
        f"{args.reads // 2} audit appends (each its own serialised transaction). One "
        "process, one thread, operations per second. Load average "
        f"{os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} cores (above "
        f"{os.cpu_count()}: other work shared them, and the rates are lower bounds).\n\n"
        + table(["backend", "documents added/s", "get/s", "result pages/s",
                 "audit appends/s"],
                [[name, *(f"{v:,.0f}" for v in values)] for name, *values in rows])
        + "\n\n" + ROUND_TRIPS
    )
    print(body)
    if not args.no_write:
        write_section("Catalog operations: SQLite vs PostgreSQL", body)


if __name__ == "__main__":
    main()
