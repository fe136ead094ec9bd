"""Write text PDFs (one string per page) with real metadata — for the demo archive,
tests and benchmarks. Uses fpdf2 with DejaVu Sans, which covers Latin and Cyrillic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def font_path() -> str:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise FileNotFoundError(
        "DejaVu Sans not found; install Debian's fonts-dejavu-core (scripts/setup.sh does)"
    )


def write_pdf(
    pages: list[str],
    *,
    title: str | None = None,
    author: str | None = None,
    subject: str | None = None,
    created: dt.date | None = None,
) -> bytes:
    """Render each string as its own page and return the PDF bytes.

    Text that does not fit on one page flows onto extra pages, so keep pages short when
    page numbers matter.
    """
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_font("DejaVu", size=11)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if subject:
        pdf.set_subject(subject)
    pdf.set_creator("Poshuk")
    if created:
        pdf.set_creation_date(dt.datetime(created.year, created.month, created.day, 12, 0,
                                          tzinfo=dt.UTC))
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def write_scanned_pdf(pages: list[str], dpi: int = 200) -> bytes:
    """Like ``write_pdf``, but every page is only an image of the text (no text layer),
    as a scanner would produce: for OCR tests and benchmarks."""
    import pypdfium2 as pdfium  # here, not at the top: only scans need it

    rendered = pdfium.PdfDocument(write_pdf(pages))
    out = FPDF(format="A4")
    try:
        for index in range(len(rendered)):
            page = rendered.get_page(index)
            try:
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            finally:
                page.close()
            out.add_page()
            out.image(image, x=0, y=0, w=out.w, h=out.h)
    finally:
        rendered.close()
    return bytes(out.output())
