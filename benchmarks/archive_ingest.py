"""A large generated archive through the whole ingest: time, throughput, index and
catalog size, and memory sampled along the way (flat memory = no growth with size).

    python benchmarks/archive_ingest.py [--docs 100000] [--workers 2]

Documents are small text statements (~150 words of real sentences in en/ru/be/uk/pl,
with a date line), 1,000 to a folder.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.synthetic import LANGS, page_text, sentences  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from poshuk.core.blobs import BlobStore  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import open_engine  # noqa: E402


def make_archive(folder: Path, docs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pools = sentences()
    for i in range(docs):
        sub = folder / f"box-{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        lang = LANGS[i % len(LANGS)]
        day = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2025)}"
        text = f"Statement {i}\n\n{day}\n\n{page_text(rng, pools[lang], 150)}\n"
        (sub / f"s{i:06d}.txt").write_text(text, encoding="utf-8")


def rss_mib(pid: int, kind: str = "VmRSS") -> float:
    """Resident MiB of ``pid``: all of it (``VmRSS``), or the part mapped from files
    (``RssFile``: the index's memory-mapped segments, which the kernel can drop)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{kind}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def workers_rss_mib(parent: int) -> float:
    """Largest resident size among the parser processes (children of ``parent``)."""
    largest = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                largest = max(largest, rss_mib(int(stat.parent.name)))
        except (OSError, ValueError, IndexError):
            continue
    return largest


def size_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / (1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="poshuk-archive-bench-"))
    try:
        started = time.perf_counter()
        make_archive(work / "files", args.docs)
        print(f"generated {args.docs} files in {time.perf_counter() - started:.0f} s")
        settings = Settings(home=work / "home", workers=args.workers)
        catalog = Catalog(settings.catalog_url)
        engine = open_engine(settings, writable=True)
        samples: list[list[object]] = []
        done = 0
        started = time.perf_counter()
        step = max(args.docs // 10, 1)

        def on_file(_path: str) -> None:
            nonlocal done
            done += 1
            if done % step == 0:
                elapsed = time.perf_counter() - started
                row = [f"{done:,}", f"{elapsed:.0f}", f"{done / elapsed:.0f}",
                       f"{rss_mib(os.getpid()):.0f}", f"{rss_mib(os.getpid(), 'RssFile'):.0f}",
                       f"{workers_rss_mib(os.getpid()):.0f}"]
                samples.append(row)
                print(" | ".join(str(cell) for cell in row), flush=True)

        pipeline = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings)
        summary = pipeline.ingest([work / "files"], on_file=on_file)
        engine.close()
        seconds = time.perf_counter() - started
        indexed = catalog.count_ok()
        catalog.close()
        assert summary.accepted == indexed == args.docs, (summary, indexed)
        index_mb, catalog_mb = size_mib(settings.index_dir), size_mib(settings.home) - size_mib(
            settings.index_dir) - size_mib(settings.blob_dir)
        blobs_mb = size_mib(settings.blob_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = (
        f"`benchmarks/archive_ingest.py --docs {args.docs}`, {time.strftime('%Y-%m-%d')}, "
        f"{machine()}. {args.docs:,} generated text statements (~150 words of real "
        f"en/ru/be/uk/pl sentences and a date each, 1,000 per folder) ingested with "
        f"`Pipeline` and {args.workers} parser processes on the embedded engine, enrichment "
        f"on: **{seconds / 60:.1f} min** ({args.docs / seconds:.0f} documents/s); index "
        f"{index_mb:.0f} MiB, catalog {catalog_mb:.0f} MiB, originals {blobs_mb:.0f} MiB. "
        "Memory was sampled every tenth of the run: resident MiB of the pipeline's process "
        "(and the part of it mapped from files, mostly the index's segments) and of the "
        f"larger parser process. Load average at the end: {os.getloadavg()[0]:.1f} on 2 "
        "cores.\n\n"
        + table(["documents done", "seconds", "docs/s so far", "pipeline RSS MiB",
                 "of which file-mapped", "parser RSS MiB"], samples)
    )
    print(body)
    write_section(f"Large archive ingest ({args.docs:,} documents)", body)


if __name__ == "__main__":
    main()
