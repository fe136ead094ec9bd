"""PDF: text per page with page numbers, plus title, author and creation date.

Library: pypdfium2 (PDFium) for text, metadata and encryption, chosen by
``benchmarks/pdf_extractors.py`` (table in ``docs/benchmarks.md``). Text quality is equal
where both read a file (200/200 generated EN/RU/BE pages exact for both); PDFium is ~7x
faster on generated pages (2,117 vs 309 pages/s) and ~20x on the real text PDFs (983 vs
47; runs on the shared 2-core machine vary by about 15%). It also finds 9/9 phrases in
the real ``text`` PDFs against pypdf's 8/9 (pypdf cannot open a file without
``startxref``) and 23/25 of all verified phrases against 20/25: PDFium decrypts AES
itself, pypdf needs the optional ``cryptography`` package. pypdf did better on one
right-to-left Arabic sample.
"""

from __future__ import annotations

import datetime as dt
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.errors import EncryptedDocument, ParseError
from ingest.parsers.base import Parser, register
from ingest.support.text import clean_author, clean_title
from poshuk.core.model import Page, ParsedDocument

_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_OLDEST_YEAR = 1900  # "D:00000101..." and the like are placeholders, not dates
# PDFium drops the line break after a hyphen that ends a line and reports the hyphen as
# U+FFFE (U+0002 in some calls). Putting "-\n" back lets normalise_text decide whether the
# hyphen splits one word ("polit-\nical") or joins two ("Minsk-\nBrest").
_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-\n", "\x02": "-\n"})


def restore_hyphens(text: str) -> str:
    """Undo PDFium's line-end hyphen marker (see ``_PDFIUM_HYPHENS``)."""
    return text.translate(_PDFIUM_HYPHENS)


def pdf_date(value: str | None) -> dt.date | None:
    """The date part of a PDF date string (``D:20240702120000+03'00'``), or None."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    if year < _OLDEST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # month 13, 30 February: a broken date, not a date
        return None


def _open(data: bytes) -> pdfium.PdfDocument:
    """Open ``data`` with the empty password, so owner-password-only files still open."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if err.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument("PDF is encrypted and needs a password") from err
        if err.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedDocument(f"PDF uses an encryption scheme we cannot open: {err}") from err
        if err.err_code == pdfium_c.FPDF_ERR_FORMAT:
            raise ParseError(f"damaged or truncated PDF, structure unreadable: {err}") from err
        raise ParseError(f"PDF cannot be opened: {err}") from err


def page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    """The text of page ``index`` (0-based); the page is closed again before returning."""
    page = pdf.get_page(index)
    try:
        textpage = page.get_textpage()
        try:
            return restore_hyphens(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


@register
class PdfParser(Parser):
    """Text of every page (1-based numbers kept) and the Info dictionary's title, author
    and creation date (modification date when there is none). Pages without a text layer
    are kept empty and named in a warning; OCR is a later step."""

    name = "pdf"
    media_types = ("application/pdf",)
    extensions = ("pdf",)
    score = 5

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        pdf = _open(data)
        try:
            try:
                meta = pdf.get_metadata_dict(skip_empty=True)
                count = len(pdf)
            except pdfium.PdfiumError as err:
                raise ParseError(f"damaged PDF, its page tree cannot be read: {err}") from err
            doc = ParsedDocument(
                pages=[],
                title=clean_title(meta.get("Title")),
                author=clean_author(meta.get("Author")),
                created=pdf_date(meta.get("CreationDate")) or pdf_date(meta.get("ModDate")),
            )
            for number in range(1, count + 1):
                try:
                    text = page_text(pdf, number - 1)
                except pdfium.PdfiumError as err:
                    doc.warnings.append(f"page {number} could not be read: {err}")
                    text = ""
                else:
                    if not text.strip():
                        doc.warnings.append(f"page {number} has no text layer")
                doc.pages.append(Page(number=number, text=text))
            if count == 0:
                doc.warnings.append("PDF has no pages")
            return doc
        finally:
            pdf.close()
