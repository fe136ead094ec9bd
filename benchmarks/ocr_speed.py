"""OCR cost: seconds per scanned page (Tesseract via the pipeline's own code), words
recovered, and memory, on pages the script renders itself from real sentences.

    python benchmarks/ocr_speed.py [--pages 4] [--dpi 300]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.report import machine, table, write_section  # noqa: E402
from benchmarks.synthetic import page_text, sentences  # noqa: E402
from ingest.parsers import parse_bytes  # noqa: E402
from ingest.pipeline import Pipeline  # noqa: E402
from ingest.scan import ocr_pdf_pages  # noqa: E402
from ingest.support.pdfwrite import write_scanned_pdf  # noqa: E402
from poshuk.core.blobs import BlobStore  # noqa: E402
from poshuk.core.catalog import Catalog  # noqa: E402
from poshuk.core.config import Settings  # noqa: E402
from poshuk.core.engines import open_engine  # noqa: E402

LANGS = ("en", "ru", "be")


def words(text: str) -> set[str]:
    return {w.strip(".,;:!?«»\"()").lower() for w in text.split()} - {""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4, help="scanned pages per language")
    parser.add_argument("--dpi", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(5)
    pools = sentences()
    work = Path(tempfile.mkdtemp(prefix="poshuk-ocr-bench-"))
    rows = []
    try:
        files = work / "scans"
        files.mkdir()
        for lang in LANGS:
            texts = [page_text(rng, pools[lang], 220)[:1500] for _ in range(args.pages)]
            seconds, recall = [], []
            for n, text in enumerate(texts):
                data = write_scanned_pdf([text])
                (files / f"{lang}-{n}.pdf").write_bytes(data)
                _, _, parsed = parse_bytes(data, "scan.pdf")
                started = time.perf_counter()
                ocr_pdf_pages(data, parsed, dpi=args.dpi, configured=[lang])
                seconds.append(time.perf_counter() - started)
                recall.append(len(words(parsed.pages[0].text) & words(text)) / len(words(text)))
            rows.append([lang, args.pages, f"{statistics.median(seconds):.2f}",
                         f"{min(seconds):.2f}–{max(seconds):.2f}",
                         f"{statistics.median(recall):.0%}"])
            print(rows[-1])
        tesseract_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        settings = Settings(home=work / "home", workers=2, ocr_languages="en,ru,be")
        catalog = Catalog(settings.catalog_url)
        engine = open_engine(settings, writable=True)
        started = time.perf_counter()
        summary = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings).ingest([files])
        wall = time.perf_counter() - started
        engine.close()
        catalog.close()
        assert summary.ocr_pages == len(LANGS) * args.pages, summary
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per_page = wall / summary.ocr_pages
    body = (
        f"`benchmarks/ocr_speed.py`, {time.strftime('%Y-%m-%d')}, {machine()}, Tesseract "
        f"from Debian, {args.dpi} dpi, one thread per Tesseract. Each page is ~1,500 "
        "characters of real sentences rendered by fpdf2 and rasterised into an image-only "
        "PDF (200 dpi) by `write_scanned_pdf`; recall = share of the page's distinct words "
        "found in the OCR text. Rows: one process, language given. End to end "
        f"(`Pipeline`, 2 parser processes, languages en+ru+be configured, {summary.ocr_pages} "
        f"pages): **{per_page:.2f} s per page** of wall time ({wall:.1f} s in all). Peak "
        f"resident memory of a Tesseract run: {tesseract_mib:.0f} MiB. The 2 cores were "
        "shared with other work.\n\n"
        + table(["language", "pages", "s/page (median)", "range", "word recall"], rows)
    )
    print(body)
    write_section("OCR of scanned pages", body)


if __name__ == "__main__":
    main()
