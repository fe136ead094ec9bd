"""Ingest through the work queue with 1 and then 2 ``poshuk worker`` processes: generated
statements queued by ``poshuk ingest --queue``, timed until every one is indexed.

    python benchmarks/workers.py [--docs 400] [--engine tantivy]

Each worker runs one parser process (``POSHUK_WORKERS=1``), so 2 workers are 2 parsers;
the catalog is the SQLite file in the data dir (rerun after the PostgreSQL catalog lands).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.archive_ingest import make_archive  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402

TIMEOUT_S = 3600


def _indexed(home: Path) -> int:
    db = sqlite3.connect(home / "catalog.sqlite3", timeout=30)
    try:
        return int(db.execute(
            "SELECT COUNT(*) FROM documents WHERE status = 'ok' AND indexed = 1"
        ).fetchone()[0])
    finally:
        db.close()


def run(files: Path, home: Path, docs: int, workers: int, env: dict[str, str]) -> list[object]:
    env = {**env, "POSHUK_HOME": str(home)}
    command = [sys.executable, "-m", "poshuk.cli"]
    started = time.perf_counter()
    subprocess.run([*command, "ingest", "--queue", str(files)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    queued = time.perf_counter() - started
    processes = [subprocess.Popen([*command, "worker"], env=env, stdout=subprocess.DEVNULL)
                 for _ in range(workers)]
    try:
        while _indexed(home) < docs:
            if time.perf_counter() - started > TIMEOUT_S:
                raise SystemExit(f"not indexed within {TIMEOUT_S} s")
            time.sleep(0.5)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=120)
    seconds = time.perf_counter() - started
    return [workers, f"{queued:.1f}", f"{seconds:.1f}", f"{docs / seconds:.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--engine", default="tantivy")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="poshuk-workers-bench-"))
    env = {**os.environ, "POSHUK_ENGINE": args.engine, "POSHUK_WORKERS": "1",
           "POSHUK_INPROCESS_WORKER": "0"}
    if args.engine == "elasticsearch":
        env["POSHUK_ES_INDEX"] = f"bench-workers-{os.getpid()}"
    rows: list[list[object]] = []
    try:
        make_archive(work / "files", args.docs)
        for workers in (1, 2):
            rows.append(run(work / "files", work / f"home-{workers}", args.docs, workers, env))
            print(rows[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = (
        f"`benchmarks/workers.py --docs {args.docs} --engine {args.engine}`, "
        f"{time.strftime('%Y-%m-%d')}, {machine()}, SQLite catalog. {args.docs} generated "
        "text statements (~150 words each) queued by `poshuk ingest --queue`, then parsed, "
        "enriched and indexed by N `poshuk worker` processes of one parser each, timed from "
        "the start of the queuing until the catalog marks every document indexed (worker "
        "start-up included: each loads the language models). The machine was shared with "
        f"other engineers' work (load average at the end {os.getloadavg()[0]:.1f} on 2 "
        "cores): read the ratio, not the absolute figures.\n\n"
        + table(["workers", "queuing s", "total s", "documents/s"], rows)
    )
    print(body)
    write_section("Work queue: 1 vs 2 workers (benchmarks/workers.py)", body)


if __name__ == "__main__":
    main()
