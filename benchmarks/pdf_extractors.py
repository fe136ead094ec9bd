"""PDF text extraction: pypdf against pypdfium2 (speed and recall).

    .venv/bin/python benchmarks/pdf_extractors.py [--pages 200] [--repeat 3]

Speed is pages per second (best of ``--repeat`` runs, opening included) on (a) generated
multi-page English/Russian/Belarusian PDFs and (b) the text PDFs of ``shared/data/pdfs``.
Quality is the share of ``MANIFEST.tsv`` phrases found on their expected page, compared
after ``normalise_text`` and whitespace collapsing, for (1) the rows of kind ``text`` and
(2) every row whose phrase was verified with pdftotext (passwords from the manifest).
The results replace this benchmark's section of ``docs/benchmarks.md`` (benchmarks/report.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import logging
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.report import machine, write_section  # noqa: E402
from benchmarks.report import table as report_table  # noqa: E402
from ingest.parsers.pdf import page_text  # noqa: E402
from ingest.support.pdfwrite import write_pdf  # noqa: E402
from ingest.support.text import normalise_text  # noqa: E402

PDF_DIR = REPO.parent / "shared" / "data" / "pdfs"
HEADING = "PDF text extraction: pypdf vs pypdfium2"

Extractor = Callable[[bytes, str | None], list[str]]

PARAGRAPHS = [
    "The Special Rapporteur received reports that detained human rights defenders were "
    "denied access to lawyers of their choice, held incommunicado for weeks and "
    "transferred between facilities without notice to their families.",
    "Observers documented at least forty trials held behind closed doors in the first "
    "quarter; defendants were convicted under articles on extremism for donations, "
    "comments on social networks and subscriptions to independent media.",
    "Правозащитный центр зафиксировал новые задержания участников мирных акций. Семьям "
    "не сообщали о месте содержания задержанных, а адвокатов не допускали к подзащитным.",
    "Суд приговорил журналистку к четырём годам лишения свободы по статье о содействии "
    "экстремистской деятельности. Заседание прошло в закрытом режиме.",
    "Праваабаронцы паведамляюць пра новыя затрыманні ўдзельнікаў мірных акцый. Сваякам "
    "не паведамлялі, дзе ўтрымліваюць затрыманых, а адвакатаў не пускалі да іх.",
    "Суд прызначыў палітвязню яшчэ адзін год калоніі за нібыта непадпарадкаванне "
    "адміністрацыі. Ён правёў у штрафным ізалятары больш за сто дзён.",
]


def generated_pages(count: int) -> list[str]:
    """``count`` page texts, each short enough to stay on one A4 page."""
    pages = []
    for number in range(count):
        paras = [PARAGRAPHS[(number + k) % len(PARAGRAPHS)] for k in range(8)]
        pages.append(f"Page {number + 1}\n\n" + "\n\n".join(paras))
    return pages


def pypdf_pages(data: bytes, password: str | None) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt(password or "")
    return [page.extract_text() for page in reader.pages]


def pdfium_pages(data: bytes, password: str | None) -> list[str]:
    pdf = pdfium.PdfDocument(data, password=password)
    try:
        return [page_text(pdf, index) for index in range(len(pdf))]  # as PdfParser reads
    finally:
        pdf.close()


LIBRARIES: dict[str, Extractor] = {"pypdf": pypdf_pages, "pypdfium2": pdfium_pages}


def squash(text: str) -> str:
    return " ".join(normalise_text(text).split())


@dataclass
class Row:
    file: str
    kind: set[str]
    password: str | None
    page: int
    phrase: str
    note: str


def manifest() -> list[Row]:
    with (PDF_DIR / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return [
            Row(r["file"], set(r["kind"].split(",")), r["password"] or None,
                int(r["expected_page"] or 0), r["expected_phrase"], r["note"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def pages_per_second(extract: Extractor, files: list[bytes], repeat: int) -> float:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        started = time.perf_counter()
        pages = sum(len(extract(data, None)) for data in files)
        best = min(best, time.perf_counter() - started)
    return pages / best


def found(extract: Extractor, row: Row) -> tuple[bool, str]:
    """Whether the phrase is on its page, and why not."""
    try:
        pages = extract((PDF_DIR / row.file).read_bytes(), row.password)
    except Exception as err:  # noqa: BLE001 - any failure to read the file is a miss here
        return False, f"{type(err).__name__}: {err}"
    if row.page > len(pages):
        return False, f"only {len(pages)} pages"
    if squash(row.phrase) in squash(pages[row.page - 1]):
        return True, ""
    return False, "phrase not in text: " + repr(squash(pages[row.page - 1])[:40])


def opens(extract: Extractor, data: bytes) -> bool:
    try:
        extract(data, None)
    except Exception:  # noqa: BLE001 - a library that cannot open a file just loses it
        return False
    return True


def measure(page_count: int, repeat: int) -> tuple[list[list[str]], list[str]]:
    texts = generated_pages(page_count)
    generated = [write_pdf(texts)]
    rows = manifest()
    text_rows = [r for r in rows if "text" in r.kind and not r.password]
    verified = [r for r in rows if r.phrase and "VISUAL" not in r.note]
    real = [(PDF_DIR / r.file).read_bytes() for r in text_rows]
    # Speed on real files counts only the files both libraries open, to compare like with like.
    common = [d for d in real if all(opens(f, d) for f in LIBRARIES.values())]
    table: list[list[str]] = []
    misses: list[str] = []
    for name, extract in LIBRARIES.items():
        hits_text = [r for r in text_rows if found(extract, r)[0]]
        results = [(r, *found(extract, r)) for r in verified]
        hits_all = [r for r, ok, _ in results if ok]
        misses += [f"{name} `{r.file}` ({why})" for r, ok, why in results if not ok]
        extracted = extract(generated[0], None)
        exact = sum(squash(a) == squash(b) for a, b in zip(texts, extracted, strict=False))
        table.append([
            name,
            f"{pages_per_second(extract, generated, repeat):,.0f}",
            f"{exact}/{page_count}",
            f"{pages_per_second(extract, common, repeat):,.0f}",
            f"{len(hits_text)}/{len(text_rows)}",
            f"{len(hits_all)}/{len(verified)}",
        ])
    notes = [
        f"(a) one generated PDF of {page_count} pages (EN/RU/BE prose, fpdf2 + DejaVu); "
        f"(b) {len(common)} of the {len(text_rows)} `text` PDFs in `shared/data/pdfs` "
        f"that both libraries open ({sum(len(pdfium_pages(d, None)) for d in common)} pages).",
        "Speed: pages per second, best of "
        f"{repeat} runs, opening included. Recall: phrase found on its expected page after "
        "`normalise_text` and whitespace collapsing; (a) pages exact: extracted text equals "
        "the text written, compared the same way.",
        "Misses: " + ("; ".join(misses) if misses else "none") + ".",
        "`habibi.pdf`: the manifest phrase is poppler's visual (reversed) Arabic with bidi "
        "marks; pypdf returns the word in correct logical order, PDFium in visual order "
        "with stray glyphs, so on this RTL sample pypdf is the better of the two. "
        "`issue20232.pdf`: its fonts map glyphs to wrong code points; only OCR reads it.",
    ]
    return table, notes


def section(table: list[list[str]], notes: list[str]) -> str:
    header = ["library", "pages/s (a) generated", "(a) pages exact", "pages/s (b) real text PDFs",
              "recall, kind=text", "recall, all verified phrases"]
    versions = (f"pypdf {pypdf.__version__}, pypdfium2 {pdfium.PYPDFIUM_INFO} "
                f"(PDFium {pdfium.PDFIUM_INFO})")
    intro = (f"`benchmarks/pdf_extractors.py`, {dt.date.today().isoformat()}, {machine()}; "
             f"{versions}.")
    return "\n\n".join([intro, report_table(header, table), "\n".join(f"- {n}" for n in notes)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # malformed samples are noisy
    warnings.simplefilter("ignore")
    table, notes = measure(args.pages, args.repeat)
    body = section(table, notes)
    print(f"## {HEADING}\n\n{body}")
    write_section(HEADING, body)
    print("written to docs/benchmarks.md")


if __name__ == "__main__":
    main()
