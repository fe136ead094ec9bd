"""The usable-text heuristic, on PDFs made here and measured on the real sample PDFs."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from ingest.parsers.pdf import page_text
from ingest.support.pdfwrite import write_pdf
from ingest.support.text_quality import usable_text, well_formed_share
from tests.fixtures import pdfs
from tests.ingest.test_scan import GARBAGE, STATEMENT


def pages(path: Path) -> list[str]:
    return pages_of(path.read_bytes())


def pages_of(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [page_text(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def test_a_made_garbage_layer_is_not_usable_and_a_typed_one_is() -> None:
    scan = pdfs.scan_under_garbage(STATEMENT, GARBAGE)
    [garbage] = pages_of(scan)
    assert garbage.strip() and not usable_text(garbage)
    typed = pages_of(write_pdf([STATEMENT, "The court sentenced the defender to four years."]))
    assert all(usable_text(text) for text in typed)


def test_a_garbage_ocr_layer_is_not_usable(shared_dir: Path) -> None:
    garbage = pages(shared_dir / "data" / "pdfs" / "pdfjs__issue12963.pdf")
    assert garbage and all(text.strip() for text in garbage)  # there *is* a text layer
    assert not any(usable_text(text) for text in garbage)


def test_real_text_layers_are_usable(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "pdfs"
    for name in ("pdfminer__dmca.pdf", "pdfjs__tracemonkey.pdf", "pypdf__multicolumn.pdf",
                 "pypdf__GeoTopo-komprimiert.pdf"):
        texts = [t for t in pages(folder / name)[:12] if t.strip()]
        assert all(usable_text(t) for t in texts), name


def test_words_in_any_script_with_punctuation_count_as_words() -> None:
    assert well_formed_share("Минск-Брест, 2 июля 2024 г. «Вясна», O'Brien, NATO.") == 1.0
    assert well_formed_share("Hanorosas:t AeKnapai...IVIs:t ynnal.IVIBaeMoMy") < 0.5
    assert well_formed_share("1.1 . . . . 2") == 0.0  # no letters: no evidence either way
    assert not usable_text("")
