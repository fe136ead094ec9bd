"""Load on a real ``poshuk serve`` over loopback: many clients at once, with and without a
stream of the costliest queries the limits allow.

For each archive (the demo archive, or N generated documents) and engine: start
``poshuk serve`` (one process per core), send a fixed mix of ordinary searches (the mix of
``search_latency.py``) at each concurrency, first alone, then while two clients send
costly queries back to back (eight distinct fuzzy words, or eight two-letter prefixes:
``QueryLimits.max_expanding``). Bounded: ``--requests`` per run, loopback only, every
request with a timeout; it stops by itself.

    python benchmarks/load.py --archive demo 100000 --engines tantivy elasticsearch \\
        [--concurrency 16 64] [--requests 2000] [--shared ../shared] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synthetic  # noqa: E402
from benchmarks.report import DOC, machine, table, write_section  # noqa: E402
from benchmarks.search_latency import free_port, percentile, request_mix  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import open_engine  # noqa: E402
from poshuk.core.query_limits import LIMITS  # noqa: E402
from poshuk.serving import wait_until_serving  # noqa: E402

ES_ALIAS = f"poshuk-load-{os.getpid()}"
HEADING = "Load: many clients, with and without costly queries"
COSTLY_CLIENTS = 2
TIMEOUT_S = 60.0
HEADER = ["archive", "engine", "clients", "costly", "req/s", "p50", "p95", "p99", "errors",
          "p95 ratio", "costly queries done", "load", "server alive", "server CPU ms/req"]


def costly_queries() -> list[str]:
    """The costliest queries the limits allow: as many distinct fuzzy words (distance 2)
    or short prefixes as ``max_expanding`` lets through."""
    n = LIMITS.max_expanding
    names = ["navitskiy", "bialiatski", "lukashenka", "kalesnikava", "tsikhanouskaya",
             "prisoners", "statement", "political", "belarusian", "detention"]
    prefixes = ["pa", "po", "pr", "co", "de", "st", "be", "th", "пр", "па", "на", "по"]
    return [" ".join(f"{w}~2" for w in names[:n]), " OR ".join(f"{p}*" for p in prefixes[:n])]


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def errors(self) -> str:
        failed = {status: n for status, n in self.statuses.items() if status != "200"}
        return f"{sum(failed.values())} {failed}" if failed else "0"

    def row(self) -> list[str]:
        ms = sorted(self.latencies)
        rate = len(ms) / self.seconds if self.seconds else 0
        return [f"{rate:.0f}", *(f"{percentile(ms, q):.0f}" for q in (0.5, 0.95, 0.99)),
                str(self.errors())]


async def _request(client: httpx.AsyncClient, params: dict[str, Any], run: Run) -> None:
    started = time.perf_counter()
    try:
        response = await client.get("/search", params=params)
        status = str(response.status_code)
        if response.status_code != 200:
            print(f"  {status} {params} {response.text[:200]}", file=sys.stderr)
    except httpx.HTTPError as err:
        status = type(err).__name__
        print(f"  {status} {params} {err}", file=sys.stderr)
    run.latencies.append((time.perf_counter() - started) * 1000)
    run.statuses[status] += 1


async def _ordinary(client: httpx.AsyncClient, mix: list[dict[str, Any]], concurrency: int
                    ) -> Run:
    run = Run()
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for params in mix:
        queue.put_nowait(params)

    async def worker() -> None:
        while not queue.empty():
            await _request(client, queue.get_nowait(), run)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.seconds = time.perf_counter() - started
    return run


async def _costly(client: httpx.AsyncClient, stop: asyncio.Event, run: Run) -> None:
    queries = costly_queries()
    i = 0
    while not stop.is_set():
        await _request(client, {"q": queries[i % len(queries)]}, run)
        i += 1


async def measure(base: str, mix: list[dict[str, Any]], concurrency: int, costly: bool
                  ) -> tuple[Run, Run]:
    limits = httpx.Limits(max_connections=concurrency + COSTLY_CLIENTS)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, limits=limits) as client:
        await _ordinary(client, mix[:100], concurrency)  # warm-up
        stop = asyncio.Event()
        slow = Run()
        streams = [asyncio.create_task(_costly(client, stop, slow))
                   for _ in range(COSTLY_CLIENTS if costly else 0)]
        run = await _ordinary(client, mix, concurrency)
        stop.set()
        await asyncio.gather(*streams)
    return run, slow


def build(kind: str, home: Path, engine: str, es_url: str) -> None:
    """The archive in ``home`` (and, for Elasticsearch, under ``ES_ALIAS``)."""
    settings = Settings(home=home, engine=engine, es_url=es_url, es_index=ES_ALIAS)  # type: ignore[arg-type]
    if kind == "demo":
        if not (home / "catalog.sqlite3").exists():
            subprocess.run([sys.executable, "-m", "poshuk.cli", "demo", "--no-serve",
                            "--data-dir", str(home)], check=True, capture_output=True)
        if engine == "elasticsearch":
            subprocess.run([sys.executable, "-m", "poshuk.cli", "reindex", "--data-dir",
                            str(home), "--engine", engine, "--es-url", es_url], check=True,
                           capture_output=True, env={**os.environ, "POSHUK_ES_INDEX": ES_ALIAS})
        return
    if engine == "tantivy" and (settings.index_dir / "CURRENT").exists():
        return  # built by an earlier run (--keep)
    target = open_engine(settings, writable=True)
    target.add(synthetic.generate(int(kind), words=150))
    target.commit()
    target.close()


def serve(home: Path, engine: str, es_url: str, alias: str = ES_ALIAS,
          ) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "POSHUK_ES_INDEX": alias}
    process = subprocess.Popen(
        [sys.executable, "-m", "poshuk.cli", "serve", "--data-dir", str(home), "--engine",
         engine, "--es-url", es_url, "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL,  # its errors, if any, go to stderr
    )
    base = f"http://127.0.0.1:{port}"
    if wait_until_serving(base, process, 300):
        return process, base
    process.terminate()  # uvicorn's supervisor stops its processes too
    process.wait(timeout=60)
    raise SystemExit(f"poshuk serve did not answer within five minutes (exit {process.poll()})")


def server_cpu_s(pid: int) -> float:
    """CPU seconds (user and system) used so far by process ``pid`` and every process
    under it (``poshuk serve`` and its workers), from Linux's /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # a process that ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def drop_alias(es_url: str) -> None:
    with httpx.Client(base_url=es_url, timeout=30) as client:
        found = client.get(f"/{ES_ALIAS}-*", params={"expand_wildcards": "all"})
        for name in found.json() if found.status_code == 200 else []:
            client.delete(f"/{name}")


def earlier_rows(fresh: list[list[object]]) -> list[list[object]]:
    """The section's rows from earlier runs that this run did not measure again (keyed by
    archive, engine, clients and costly), so runs of one archive at a time add up."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    section = text.partition(f"## {HEADING}\n")[2].split("\n## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")][1:]
    measured = {tuple(str(cell) for cell in row[:4]) for row in fresh}
    kept: list[list[object]] = []
    for line in lines:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        if tuple(cells[:4]) not in measured:
            kept.append(cells + [""] * (len(HEADER) - len(cells)))  # older, fewer columns
    return kept


def targets(rows: list[list[object]]) -> str:
    """The issue's targets against the rows: met or not, from the figures themselves."""
    cells = [[str(cell) for cell in row] for row in rows]
    errors = [r for r in cells if r[8] != "0"]
    dead = [r for r in cells if r[12] != "yes"]
    lines = [f"* Zero errors: {'met' if not errors else f'not met ({len(errors)} rows)'}; "
             f"zero crashes: {'met' if not dead else f'not met ({len(dead)} rows)'}."]
    for r in cells:
        if r[:4] == ["100000", "tantivy", "16", "no"]:
            rate, p99 = float(r[4]), float(r[7])
            lines.append(
                f"* 100k documents, tantivy, 16 clients: {rate:.0f} req/s (target ≥ 150: "
                f"{'met' if rate >= 150 else 'not met'}), p99 {p99:.0f} ms (target ≤ 250: "
                f"{'met' if p99 <= 250 else 'not met'}), at load {r[11]}."
            )
    ratios = [(r, float(r[9].rstrip("×"))) for r in cells if r[9]]
    over = [f"{r[0]}/{r[1]}/{r[2]} clients {ratio:.2f}×" for r, ratio in ratios if ratio > 2]
    lines.append("* Ordinary p95 with costly queries at most 2× alone: "
                 + ("met in every row" if not over else "not met in " + ", ".join(over)) + ".")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", nargs="+", default=["demo", "100000"],
                        help="demo, or a number of generated documents")
    parser.add_argument("--engines", nargs="+", default=["tantivy", "elasticsearch"])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--es-url", default=os.environ.get("POSHUK_ES_URL",
                                                           "http://127.0.0.1:9200"))
    parser.add_argument("--shared", type=Path, default=synthetic.SHARED,
                        help="the shared data dir (sentences for documents and queries)")
    parser.add_argument("--keep", type=Path, help="build archives here and keep them")
    args = parser.parse_args()
    synthetic.SHARED = args.shared
    mix = request_mix(args.requests)
    rows = []
    for kind in args.archive:
        for engine in args.engines:
            home = (args.keep / f"{kind}-{engine}" if args.keep
                    else Path(tempfile.mkdtemp(prefix="poshuk-load-")))
            build(kind, home, engine, args.es_url)
            process, base = serve(home, engine, args.es_url)
            try:
                for concurrency in args.concurrency:
                    alone_p95 = 0.0
                    for costly in (False, True):
                        load, cpu = os.getloadavg()[0], server_cpu_s(process.pid)
                        run, slow = asyncio.run(measure(base, mix, concurrency, costly))
                        cpu = server_cpu_s(process.pid) - cpu
                        served = 100 + len(run.latencies) + len(slow.latencies)
                        p95 = percentile(sorted(run.latencies), 0.95)
                        alone_p95 = alone_p95 or p95
                        slow_cell = (f"{len(slow.latencies)} ({dict(slow.statuses)}), p50 "
                                     f"{percentile(sorted(slow.latencies), 0.5):.0f} ms"
                                     if costly else "")
                        row = [kind, engine, concurrency, "yes" if costly else "no",
                               *run.row(), f"{p95 / alone_p95:.2f}×" if costly else "",
                               slow_cell, f"{load:.1f}–{os.getloadavg()[0]:.1f}",
                               "yes" if process.poll() is None else "NO",
                               f"{cpu * 1000 / served:.1f}"]
                        print(" | ".join(str(c) for c in row), flush=True)
                        rows.append(row)
            finally:
                process.terminate()
                process.wait(timeout=60)
                if engine == "elasticsearch":
                    drop_alias(args.es_url)
                if not args.keep:
                    shutil.rmtree(home, ignore_errors=True)
    rows = earlier_rows(rows) + rows
    body = (
        f"`benchmarks/load.py --requests {args.requests}`, {time.strftime('%Y-%m-%d')}, "
        f"{machine()}; `poshuk serve` with its default processes (one per core), the client "
        "(httpx, asyncio) on the same machine. Each row: the ordinary search mix of "
        "`search_latency.py` (all facets, the histogram and highlights computed) after 100 "
        f"warm-up requests, at the given concurrency; with costly queries, {COSTLY_CLIENTS} "
        "more clients send back to back the costliest queries the limits allow (eight "
        "distinct fuzzy words at distance 2, or eight two-letter prefixes). Latency in ms "
        "as the client saw it; errors are answers other than 200; p95 ratio: the ordinary "
        "queries' p95 with costly ones beside them over their p95 alone. Load: the 1-minute "
        "load average before and after the row (2 cores: above 2, other work shared them). "
        "Server CPU: the CPU time `poshuk serve` and its workers used during the row, per "
        "request served (warm-up and costly ones included): what bounds requests/s on "
        "the machine's cores whatever else runs on it.\n\n"
        + table(HEADER, rows)
        + "\n\nTargets (issue 13), read from the rows above:\n\n" + targets(rows)
    )
    write_section(HEADING, body)


if __name__ == "__main__":
    main()
