"""What the audit trail costs a read: every search and document view appends one
HMAC-chained entry in its own transaction. This times appends from several processes at
once into one catalog, as several ``poshuk serve --workers`` processes do.

    python benchmarks/audit_append.py [--processes 1 2 4] [--appends 500]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table  # noqa: E402
from benchmarks.search_latency import percentile  # noqa: E402
from poshuk.core.audit import AuditLog  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402


def appender(path: str, appends: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    log = AuditLog(Path(path))
    times = []
    for i in range(appends):
        start = time.perf_counter()
        log.append("search", user="bench", query=f"query {i}", count=i)
        times.append(time.perf_counter() - start)
    log.close()
    out.put(times)


def run(processes: int, appends: int) -> tuple[float, list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.sqlite3"
        Catalog(path).close()  # the schema
        out: mp.Queue = mp.Queue()  # type: ignore[type-arg]
        workers = [mp.Process(target=appender, args=(str(path), appends, out))
                   for _ in range(processes)]
        start = time.perf_counter()
        for w in workers:
            w.start()
        times = [t for _ in workers for t in out.get()]
        for w in workers:
            w.join()
        wall = time.perf_counter() - start
        log = AuditLog(path)
        problems = log.verify()
        log.close()
        assert not problems, f"the chain broke under concurrent appends: {problems[:3]}"
    return processes * appends / wall, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--appends", type=int, default=500)
    args = parser.parse_args()
    rows = []
    for n in args.processes:
        rate, times = run(n, args.appends)
        rows.append([n, f"{rate:.0f}", f"{1000 * percentile(times, 0.5):.2f}",
                     f"{1000 * percentile(times, 0.99):.2f}"])
    print(machine())
    print(table(["processes", "appends/s (all)", "p50 ms", "p99 ms"], rows))


if __name__ == "__main__":
    main()
