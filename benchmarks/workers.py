"""Ingest through the work queue with 1 and then 2 ``poshuk worker`` processes: generated
statements queued by ``poshuk ingest --queue``, timed until every one is indexed.

    python benchmarks/workers.py [--docs 400] [--engine tantivy] [--catalogs sqlite postgresql]

Each worker runs one parser process (``POSHUK_WORKERS=1``), so 2 workers are 2 parsers;
the catalog is the SQLite file in the data dir, or a database on a PostgreSQL server
started for the run (the tests' ``tests/pg.py``, Debian's binaries).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.archive_ingest import make_archive  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.db import sqlite_url  # noqa: E402

TIMEOUT_S = 3600


def _indexed(url: str) -> int:
    catalog = Catalog(url)
    try:
        return int(catalog.db.execute(
            "SELECT COUNT(*) FROM documents WHERE status = 'ok' AND indexed = 1"
        ).fetchone()[0])
    finally:
        catalog.close()


def run(files: Path, home: Path, url: str, docs: int, workers: int, env: dict[str, str]
        ) -> list[object]:
    env = {**env, "POSHUK_HOME": str(home), "POSHUK_CATALOG_URL": url}
    command = [sys.executable, "-m", "poshuk.cli"]
    started = time.perf_counter()
    subprocess.run([*command, "ingest", "--queue", str(files)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    queued = time.perf_counter() - started
    processes = [subprocess.Popen([*command, "worker"], env=env, stdout=subprocess.DEVNULL)
                 for _ in range(workers)]
    try:
        while _indexed(url) < docs:
            if time.perf_counter() - started > TIMEOUT_S:
                raise SystemExit(f"not indexed within {TIMEOUT_S} s")
            time.sleep(0.5)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=120)
    seconds = time.perf_counter() - started
    return [url.partition(":")[0], workers, f"{queued:.1f}", f"{seconds:.1f}",
            f"{docs / seconds:.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--engine", default="tantivy")
    parser.add_argument("--catalogs", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="poshuk-workers-bench-"))
    env = {**os.environ, "POSHUK_ENGINE": args.engine, "POSHUK_WORKERS": "1",
           "POSHUK_INPROCESS_WORKER": "0"}
    if args.engine == "elasticsearch":
        env["POSHUK_ES_INDEX"] = f"bench-workers-{os.getpid()}"
    rows: list[list[object]] = []
    try:
        make_archive(work / "files", args.docs)
        with ExitStack() as stack:
            server = None
            for backend in args.catalogs:
                for workers in (1, 2):
                    home = work / f"home-{backend}-{workers}"
                    if backend == "sqlite":
                        url = sqlite_url(home / "catalog.sqlite3")
                    else:
                        if server is None:
                            from tests.pg import temporary_server

                            server = stack.enter_context(temporary_server())
                        url = server.new_database(template="template1")
                    rows.append(run(work / "files", home, url, args.docs, workers, env))
                    print(rows[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = (
        f"`benchmarks/workers.py --docs {args.docs} --engine {args.engine}`, "
        f"{time.strftime('%Y-%m-%d')}, {machine()}, catalogs {' and '.join(args.catalogs)} "
        f"(PostgreSQL 15 on loopback, fsync off as in the tests). {args.docs} generated "
        "text statements (~150 words each) queued by `poshuk ingest --queue`, then parsed, "
        "enriched and indexed by N `poshuk worker` processes of one parser each, timed from "
        "the start of the queuing until the catalog marks every document indexed (worker "
        "start-up included: each loads the language models); load average at the end "
        f"{os.getloadavg()[0]:.1f} on 2 cores.\n\n"
        + table(["catalog", "workers", "queuing s", "total s", "documents/s"], rows)
    )
    print(body)
    write_section("Work queue: 1 vs 2 workers (benchmarks/workers.py)", body)


if __name__ == "__main__":
    main()
