"""The packaged model's own speed, as ``poshuk embed`` and ``/search?mode=`` use it: passages
of ``semantic.PASSAGE_WORDS`` words (and of 40 and 200, for comparison with the issue's
figures) embedded in batches, and single query embeddings. Text: generated pages of real
sentences in en/ru/be/uk/pl (``benchmarks/synthetic.py``). One model thread, as the
product runs it.

    python benchmarks/embedding_speed.py [--passages 96] [--queries 50] [--write]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synthetic  # noqa: E402
from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.search_latency import percentile  # noqa: E402
from poshuk.core import semantic  # noqa: E402

BATCH = 16  # passages per model call, as poshuk.core.embedding sends them


def _texts(words: int, count: int, rng: random.Random) -> list[str]:
    pools = synthetic.sentences()
    out = []
    for i in range(count):
        pool = pools[synthetic.LANGS[i % len(synthetic.LANGS)]]
        text: list[str] = []
        while len(text) < words:
            text += rng.choice(pool).split()
        out.append(" ".join(text[:words]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=96, help="per passage size")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--shared", type=Path, default=synthetic.SHARED)
    parser.add_argument("--write", action="store_true", help="record in docs/benchmarks.md")
    args = parser.parse_args()
    if not semantic.available():
        raise SystemExit("needs the semantic extra: pip install '.[semantic]'")
    synthetic.SHARED = args.shared
    rng = random.Random(19)
    embedder = semantic.Embedder()
    started = time.perf_counter()
    embedder.query("load the model")
    rows = [["model load and first query", "", f"{time.perf_counter() - started:.2f} s", ""]]
    for words in (40, semantic.PASSAGE_WORDS, 200):
        texts = _texts(words, args.passages, rng)
        embedder.passages(texts[:BATCH])  # warm-up
        started = time.perf_counter()
        for start in range(0, len(texts), BATCH):
            embedder.passages(texts[start:start + BATCH])
        rate = len(texts) / (time.perf_counter() - started)
        rows.append([f"passages of {words} words, batches of {BATCH}", len(texts),
                     f"{rate:.1f} passages/s", f"{rate * words / 300:.1f} pages/s"])
    took = []
    for text in _texts(3, args.queries, rng):
        started = time.perf_counter()
        embedder.query(text)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    rows.append(["query of 3 words", len(took),
                 f"p50 {percentile(took, 0.5):.1f} ms, p95 {percentile(took, 0.95):.1f} ms", ""])
    body = (
        f"`benchmarks/embedding_speed.py`, {time.strftime('%Y-%m-%d')}, {machine()}, one model "
        f"thread; load average {os.getloadavg()[0]:.1f} at the end. Pages/s: a page taken "
        "as 300 words.\n\n"
        + table(["what", "count", "speed", "as pages"], rows)
    )
    print(body)
    if args.write:
        write_section("Semantic layer: the model's own speed", body)


if __name__ == "__main__":
    main()
