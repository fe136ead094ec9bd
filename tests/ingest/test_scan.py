"""OCR of scanned pages with the real Tesseract, on scans the tests render themselves."""

from __future__ import annotations

from pathlib import Path

from ingest.parsers import parse_bytes
from ingest.scan import ocr_languages, ocr_pdf_pages
from ingest.support.pdfwrite import write_pdf, write_scanned_pdf
from poshuk.core.model import Page
from tests.fixtures import pdfs

ENGLISH = "The court sentenced the human rights defender to four years in prison."
RUSSIAN = "Суд приговорил правозащитника к четырём годам лишения свободы."
BELARUSIAN = "Суд асудзіў праваабаронцу да чатырох гадоў пазбаўлення волі."
# A Russian statement, and how a bad OCR pass reads it: Cyrillic as Latin look-alikes.
STATEMENT = "Заявление о нарушении прав задержанных в изоляторе на улице Окрестина."
GARBAGE = "3aRBneHue o HapyuJeHuu npaB 3a4ePXaHHbIX B u3oJIRTOPE Ha yJIuLLe OKpeCTuHa."


def words(text: str) -> set[str]:
    return {w.strip(".,").lower() for w in text.split()}


def test_scanned_pages_are_read_page_by_page() -> None:
    data = write_scanned_pdf([ENGLISH, RUSSIAN])
    _, _, parsed = parse_bytes(data, "scan.pdf")
    assert [p.text for p in parsed.pages] == ["", ""]  # image only: no text layer
    assert ocr_pdf_pages(data, parsed, dpi=300, configured=["en", "ru"]) == 2
    for page, source in zip(parsed.pages, (ENGLISH, RUSSIAN), strict=True):
        assert page.ocr and page.ocr_confidence and page.ocr_confidence > 60
        found = words(page.text) & words(source)
        assert len(found) >= len(words(source)) - 2, page.text
    assert not any("no text layer" in w for w in parsed.warnings)


def test_the_language_comes_from_the_readable_pages() -> None:
    typed = [Page(1, BELARUSIAN * 2), Page(2, "")]
    assert ocr_languages(typed, ["en"]) == "bel+eng"
    assert ocr_languages([Page(1, "")], ["ru", "pl"]) == "rus+pol+eng"


def test_a_belarusian_scan_with_belarusian_configured() -> None:
    scan = write_scanned_pdf([BELARUSIAN])
    _, _, parsed = parse_bytes(scan, "scan.pdf")
    ocr_pdf_pages(scan, parsed, dpi=300, configured=["be"])
    assert {"праваабаронцу", "пазбаўлення"} <= words(parsed.pages[0].text)


def test_typed_pages_are_left_alone() -> None:
    data = write_pdf([ENGLISH])
    _, _, parsed = parse_bytes(data, "typed.pdf")
    assert ocr_pdf_pages(data, parsed, dpi=300, configured=["en"]) == 0
    assert not parsed.pages[0].ocr


def test_a_garbage_text_layer_is_replaced() -> None:
    data = pdfs.scan_under_garbage(STATEMENT, GARBAGE)
    _, _, parsed = parse_bytes(data, "statement.pdf")
    assert parsed.pages[0].text == GARBAGE  # the layer is there, and it is nonsense
    assert ocr_pdf_pages(data, parsed, dpi=300, configured=["ru"]) == 1
    assert parsed.pages[0].ocr and words(STATEMENT) <= words(parsed.pages[0].text)


def test_a_real_garbage_text_layer_is_replaced(shared_dir: Path) -> None:
    data = (shared_dir / "data" / "pdfs" / "pdfjs__issue12963.pdf").read_bytes()
    _, _, parsed = parse_bytes(data, "declaration.pdf")
    parsed.pages = parsed.pages[:1]  # one page is enough, and OCR is slow
    assert ocr_pdf_pages(data, parsed, dpi=300, configured=["ru"]) == 1
    assert "Налоговая декларация" in parsed.pages[0].text
