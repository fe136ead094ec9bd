"""CPU per search on the embedded engine, in one process: what bounds requests/s on a
machine's cores, and meaningful even when other work shares the machine (CPU time, not
wall time). The index is the one ``benchmarks/load.py --keep DIR`` builds and keeps.

    python benchmarks/search_cpu.py --home DIR/100000-tantivy [--requests 400]
        [--profile N] [--shared ../shared]

``--profile N`` prints cProfile's N costliest functions; the digest is a hash of every
result (hits, totals, facets, histogram, highlights), equal before and after a change that
must not change results.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synthetic  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.search_latency import percentile, request_mix, to_request  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines.tantivy_engine import TantivyEngine  # noqa: E402

WARMUP = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="a data dir with an index")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--shared", type=Path, default=synthetic.SHARED)
    parser.add_argument("--write", action="store_true", help="record in docs/benchmarks.md")
    args = parser.parse_args()
    synthetic.SHARED = args.shared
    engine = TantivyEngine(Settings(home=args.home).index_dir)
    requests = [to_request(params) for params in request_mix(args.requests + WARMUP)]
    for request in requests[:WARMUP]:
        engine.search(request)
    digest = hashlib.sha256()
    cpu_ms: list[float] = []
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    for request in requests[WARMUP:]:
        if profiler:
            profiler.enable()
        started = time.process_time()
        result = engine.search(request)
        cpu_ms.append((time.process_time() - started) * 1000)
        if profiler:
            profiler.disable()
        digest.update(json.dumps(dataclasses.asdict(result), sort_keys=True).encode())
    mean = sum(cpu_ms) / len(cpu_ms)
    figures = [f"{mean:.1f}", f"{percentile(cpu_ms, 0.5):.1f}", f"{percentile(cpu_ms, 0.95):.1f}",
               f"{2000 / mean:.0f}"]
    print(f"CPU ms per search: mean {figures[0]}, p50 {figures[1]}, p95 {figures[2]}; "
          f"two cores' worth: {figures[3]} searches/s; results digest "
          f"{digest.hexdigest()[:16]}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    if args.write:
        write_section("Search CPU per request (embedded engine)", (
            f"`benchmarks/search_cpu.py --home DIR --requests {args.requests}`, "
            f"{time.strftime('%Y-%m-%d')}, {machine()}: CPU time of `TantivyEngine.search` in "
            f"one process over the ordinary mix of `search_latency.py` ({WARMUP} warm-up "
            f"requests first; all facets, the histogram and highlights computed), on "
            f"{engine.count():,} documents. CPU time, not wall time: other work on the "
            "machine does not inflate it. The last column is what two cores could serve "
            "if nothing but these searches ran.\n\n"
            + table(["documents", "mean CPU ms", "p50", "p95", "searches/s on 2 cores"],
                    [[f"{engine.count():,}", *figures]])
        ))


if __name__ == "__main__":
    main()
