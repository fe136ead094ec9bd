"""Search latency over the HTTP API vs. the same requests on the engine in-process.

For each archive size: generate documents (real sentences, see synthetic.py), index them
on the embedded engine, start ``poshuk serve`` as a real server, then time a fixed mix of
requests (all facets and the histogram are always computed) both ways.

    python benchmarks/search_latency.py [--sizes 1000 10000 100000] [--requests 300]
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.synthetic import LANGS, SOURCES, TYPES, generate, sentences  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import SearchRequest  # noqa: E402
from poshuk.core.engines.tantivy_engine import TantivyEngine  # noqa: E402
from poshuk.core.query import parse_query  # noqa: E402


def request_mix(n: int, seed: int = 3) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pools = sentences()
    words = [w.strip(".,:;!?\"()«»") for s in pools["en"] + pools["ru"] + pools["be"]
             for w in s.split()]
    words = [w for w in words if len(w) > 3]
    mix: list[dict[str, Any]] = []
    for i in range(n):
        kind = i % 8
        if kind == 0:
            mix.append({})
        elif kind == 1:
            mix.append({"q": rng.choice(words)})
        elif kind == 2:
            mix.append({"q": f"{rng.choice(words)} {rng.choice(words)}"})
        elif kind == 3:
            sentence = rng.choice(pools[rng.choice(("en", "ru", "be"))]).split()
            start = rng.randrange(max(1, len(sentence) - 1))
            mix.append({"q": '"' + " ".join(sentence[start : start + 2]) + '"'})
        elif kind == 4:
            mix.append({"lang": [rng.choice(LANGS)], "type": [rng.choice(TYPES)]})
        elif kind == 5:
            mix.append({"q": rng.choice(words), "source": rng.sample(SOURCES, 2)})
        elif kind == 6:
            mix.append({"q": rng.choice(words), "sort": "date_desc", "page": 2})
        else:
            mix.append({"date_from": "2018-01-01", "date_to": "2020-12-31",
                        "lang": ["ru", "be"], "q": f"-{rng.choice(words)}"})
    return mix


def to_request(params: dict[str, Any]) -> SearchRequest:
    import datetime as dt

    filters = {k: v for k, v in params.items() if k in ("lang", "type", "source")}
    return SearchRequest(
        query=parse_query(params.get("q", "")),
        filters=filters,
        date_from=dt.date.fromisoformat(params["date_from"]) if "date_from" in params else None,
        date_to=dt.date.fromisoformat(params["date_to"]) if "date_to" in params else None,
        sort=params.get("sort", "relevance"),
        page=params.get("page", 1),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def build(home: Path, n: int) -> tuple[float, float]:
    engine = TantivyEngine(Settings(home=home).index_dir, writable=True)
    started = time.perf_counter()
    engine.add(generate(n, words=150))
    engine.commit()
    engine.close()
    seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in home.rglob("*") if p.is_file())
    return seconds, size / 1e6


def measure(home: Path, mix: list[dict[str, Any]], warmup: int) -> dict[str, float]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "poshuk.cli", "serve", "--data-dir", str(home), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(100):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            api: list[float] = []
            for i, params in enumerate(mix):
                started = time.perf_counter()
                response = client.get("/search", params=params)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                if i >= warmup:
                    api.append(elapsed)
    finally:
        server.terminate()
        server.wait(timeout=20)
    engine = TantivyEngine(Settings(home=home).index_dir)
    direct: list[float] = []
    for i, params in enumerate(mix):
        request = to_request(params)
        started = time.perf_counter()
        engine.search(request)
        if i >= warmup:
            direct.append((time.perf_counter() - started) * 1000)
    return {
        "api_p50": statistics.median(api), "api_p95": percentile(api, 0.95),
        "engine_p50": statistics.median(direct), "engine_p95": percentile(direct, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=40)
    args = parser.parse_args()
    mix = request_mix(args.requests + args.warmup)
    rows = []
    for n in args.sizes:
        home = Path(tempfile.mkdtemp(prefix=f"poshuk-bench-{n}-"))
        try:
            seconds, megabytes = build(home, n)
            figures = measure(home, mix, args.warmup)
        finally:
            shutil.rmtree(home, ignore_errors=True)
        row = [
            f"{n:,}", f"{n / seconds:,.0f}", f"{megabytes:,.0f}",
            f"{figures['api_p50']:.1f}", f"{figures['api_p95']:.1f}",
            f"{figures['engine_p50']:.1f}", f"{figures['engine_p95']:.1f}",
            f"{figures['api_p50'] / figures['engine_p50']:.2f}×",
            f"{figures['api_p95'] / figures['engine_p95']:.2f}×",
        ]
        print(" | ".join(row), flush=True)
        rows.append(row)
    body = (
        f"`benchmarks/search_latency.py`, {time.strftime('%Y-%m-%d')}, {machine()}. "
        f"Embedded engine (tantivy). Generated documents of 1–3 pages of ~150 words of real "
        f"sentences in en/ru/be/uk/pl; {args.requests} requests after {args.warmup} warm-up "
        "ones, a fixed mix of empty, one-word, two-word, phrase, filtered, negated, "
        "date-sorted and second-page queries; every request computes all six facets and "
        "the monthly histogram, and highlights the hits. API = `GET /search` on a real "
        "`poshuk serve` over loopback HTTP (client time); engine = the same requests on "
        "`TantivyEngine.search` in-process.\n\n"
        + table(
            ["documents", "indexing docs/s", "index MB", "API p50 ms", "API p95 ms",
             "engine p50 ms", "engine p95 ms", "overhead p50", "overhead p95"],
            rows,
        )
    )
    write_section("Search latency: API vs. engine", body)


if __name__ == "__main__":
    main()
