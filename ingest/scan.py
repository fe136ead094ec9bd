"""OCR for scanned pages: every PDF page whose text layer is missing or garbage is
rendered with PDFium and read by Tesseract, page by page (a PDF may mix typed and
scanned pages).

A page is OCR'd when its text is not usable (``ingest.support.text_quality``) and there
is something to read: an image on the page, or a text layer (garbage glyphs still draw
readable text). The recognised text replaces the layer only when it holds more
well-formed words than the layer did.
"""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.enrich.language import UNDETERMINED, detect
from ingest.support.ocr import recognise, tesseract_languages
from ingest.support.text import normalise_text
from ingest.support.text_quality import usable_text, well_formed_share
from poshuk.core.model import Page, ParsedDocument

# An A4 page at 300 dpi is 8.7 Mpx; a page drawn 50 m wide must not become a 10 GB bitmap.
_MAX_PIXELS = 40_000_000


def ocr_languages(pages: list[Page], configured: list[str]) -> str:
    """Tesseract languages: those detected on the document's readable pages, else the
    configured ones (English is always added: scans quote names and terms in it)."""
    detected = [detect(p.text)[0] for p in pages if usable_text(p.text)]
    codes = [c for c in detected if c != UNDETERMINED] or configured
    return tesseract_languages([*codes, "en"])


def _has_image(page: pdfium.PdfPage) -> bool:
    objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    return next(objects, None) is not None


def _page_png(page: pdfium.PdfPage, dpi: int) -> bytes:
    width, height = page.get_size()
    scale = dpi / 72
    pixels = width * height * scale * scale
    if pixels > _MAX_PIXELS:
        scale *= math.sqrt(_MAX_PIXELS / pixels)
    image = page.render(scale=scale, grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _useful_letters(text: str) -> float:
    return well_formed_share(text) * len(text)


def ocr_pdf_pages(
    data: bytes, parsed: ParsedDocument, *, dpi: int, configured: list[str]
) -> int:
    """OCR the pages of ``parsed`` (parsed from PDF ``data``) that need it; returns how
    many pages now carry OCR text."""
    todo = [page for page in parsed.pages if not usable_text(page.text)]
    if not todo:
        return 0
    languages = ocr_languages(parsed.pages, configured)
    done = 0
    pdf = pdfium.PdfDocument(data)
    try:
        for page in todo:
            handle = pdf.get_page(page.number - 1)
            try:
                if not page.text.strip() and not _has_image(handle):
                    continue  # a blank page: nothing to read
                png = _page_png(handle, dpi)
            finally:
                handle.close()
            result = recognise(png, languages)
            text = normalise_text(result.text)
            if _useful_letters(text) <= _useful_letters(page.text):
                continue
            page.text, page.ocr, page.ocr_confidence = text, True, result.confidence
            parsed.warnings = [
                w for w in parsed.warnings if w != f"page {page.number} has no text layer"
            ]
            done += 1
    finally:
        pdf.close()
    return done
