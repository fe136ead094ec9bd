"""Ingest throughput on generated text PDFs: pages/s end to end (sniff, parse, normalise,
enrich, blob store, catalog, index) with 1 and 2 parser processes, the time split by
stage, and peak memory of the pipeline's process and of a parser process.

    python benchmarks/ingest_throughput.py [--files 60] [--pages 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.synthetic import LANGS, page_text, sentences  # noqa: E402
from ingest.enrich import citations, enrich, entities, figures  # noqa: E402
from ingest.parsers import parse_bytes  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from ingest.support.pdfwrite import write_pdf  # noqa: E402
from poshuk.core.blobs import BlobStore  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import open_engine  # noqa: E402
from poshuk.core.model import Document  # noqa: E402


def make_pdfs(folder: Path, files: int, pages: int, seed: int) -> int:
    rng = random.Random(seed)
    pools = sentences()
    folder.mkdir(parents=True)
    for i in range(files):
        lang = LANGS[i % len(LANGS)]
        texts = [page_text(rng, pools[lang], 300)[:2400] for _ in range(pages)]
        (folder / f"doc-{seed}-{i:04d}.pdf").write_bytes(write_pdf(texts, title=f"Doc {i}"))
    return files * pages


# enrichment steps timed again alone, to know their share of enrich
STEPS: dict[str, Callable[[Document], object]] = {
    "entities": lambda doc: entities.document_entities(doc.pages, doc.language),
    "citations": lambda doc: citations.page_citations(doc.pages),
    "figures": lambda doc: figures.page_figures(doc.pages),
}


def stage_times(folder: Path) -> dict[str, float]:
    times = dict.fromkeys(["parse", "enrich", *STEPS], 0.0)
    for path in sorted(folder.iterdir()):
        data = path.read_bytes()
        started = time.perf_counter()
        _media, _parser, parsed = parse_bytes(data, path.name)
        times["parse"] += time.perf_counter() - started
        doc = Document(id="x", sha256="x", file_name=path.name, media_type="", size=len(data))
        started = time.perf_counter()
        enrich(doc, parsed)
        times["enrich"] += time.perf_counter() - started
        for name, step in STEPS.items():
            started = time.perf_counter()
            step(doc)
            times[name] += time.perf_counter() - started
    return times


def run(folder: Path, home: Path, workers: int) -> tuple[float, int]:
    settings = Settings(home=home, workers=workers)
    catalog = Catalog(settings.catalog_url)
    engine = open_engine(settings, writable=True)
    started = time.perf_counter()
    summary = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings).ingest([folder])
    engine.close()
    seconds = time.perf_counter() - started
    catalog.close()
    return seconds, summary.pages


def peak_mib() -> tuple[float, float]:
    """Peak resident memory (MiB) of this process and of the largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="poshuk-ingest-bench-"))
    try:
        rates: dict[int, list[float]] = {1: [], 2: []}
        totals, stages = [], []
        for run_no in range(args.runs):
            folder = work / f"pdfs-{run_no}"
            pages = make_pdfs(folder, args.files, args.pages, seed=run_no)
            for workers in rates:
                seconds, ingested = run(folder, work / f"home-{run_no}-{workers}", workers)
                assert ingested == pages, (ingested, pages)
                rates[workers].append(pages / seconds)
                if workers == 1:
                    totals.append(seconds)
                print(f"run {run_no + 1}, {workers} worker(s): {pages} pages in "
                      f"{seconds:.2f} s = {pages / seconds:.0f} pages/s")
            stages.append(stage_times(folder))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    own, worker = peak_mib()
    total = statistics.median(totals)
    parse, enrich_s, *steps = (statistics.median(s[name] for s in stages)
                               for name in ("parse", "enrich", *STEPS))
    pages = args.files * args.pages
    without = total - sum(steps)
    rows = [
        *(
            [f"end to end, {n} parser process{'es' if n > 1 else ''}",
             f"{statistics.median(r):.0f}", f"{min(r):.0f}–{max(r):.0f}",
             "100%" if n == 1 else ""]
            for n, r in rates.items()
        ),
        ["  parse + normalise", f"{pages / parse:.0f}", "", f"{parse / total:.0%}"],
        ["  enrich (language, dates, type, citations, entities, figures)",
         f"{pages / enrich_s:.0f}", "", f"{enrich_s / total:.0%}"],
        *([f"    of which {name}", f"{pages / seconds:.0f}", "", f"{seconds / total:.0%}"]
          for name, seconds in zip(STEPS, steps, strict=True)),
        ["end to end without entities, citations and figures (derived)",
         f"{pages / without:.0f}", "", f"{without / total:.0%}"],
        ["  rest: sniff, hash, blobs, catalog, index, IPC",
         f"{pages / max(total - parse - enrich_s, 1e-9):.0f}", "",
         f"{(total - parse - enrich_s) / total:.0%}"],
    ]
    body = (
        f"`benchmarks/ingest_throughput.py`, {time.strftime('%Y-%m-%d')}, {machine()}. "
        f"{args.files} generated text PDFs × {args.pages} pages (~2,400 characters of real "
        f"en/ru/be/uk/pl sentences per page), ingested with `Pipeline` (enrichment on, OCR "
        f"on but not needed) on the embedded engine, {args.runs} runs, each on new files "
        "into a new data dir, once with 1 and once with 2 parser processes; median, and the "
        "range over runs. Stage rows are each stage timed alone, in one process, on the "
        "same files (shares are of the 1-process time); the row without entities, "
        "citations and figures subtracts their time from the 1-process time. Peak resident "
        "memory over all runs: this script's process (the pipeline, and the in-process "
        "stage timings) "
        f"{own:.0f} MiB, largest parser process {worker:.0f} MiB. "
        "The machine's 2 cores are shared with other work, so figures vary between runs."
        "\n\n" + table(["stage", "pages/s (median)", "range", "share of time"], rows)
    )
    print(body)
    write_section("Ingest throughput (text PDFs)", body)


if __name__ == "__main__":
    main()
