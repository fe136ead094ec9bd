"""Page images of PDF originals, with the words a search matched marked on them.

A page is rendered once with pdfium and cached as PNG under the data dir; marks are drawn
on a copy per request. Which words to mark is decided as for snippets
(``analysis.matching_positions``: any spelling or form of the query's words), on the
page's text as pdfium reads it; their character boxes become the marked rectangles.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw

from poshuk.core.textfold import word_spans

SCALE = 1.5  # 108 dpi: a page about 900 px wide, legible next to the text
MARK = (255, 214, 0, 110)  # translucent yellow
Box = tuple[float, float, float, float]  # left, top, right, bottom in image pixels
WordFilter = Callable[[list[str]], set[int]]  # a page's words -> positions to mark


class PageOutOfRange(ValueError):
    pass


def page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _page(document: pdfium.PdfDocument, number: int) -> pdfium.PdfPage:
    if not 1 <= number <= len(document):
        raise PageOutOfRange(f"page {number} does not exist; the file has {len(document)}")
    return document[number - 1]


def rendered(pdf: bytes, number: int, cache: Path) -> bytes:
    """Page ``number`` (1-based) as PNG, from ``cache`` when it was rendered before."""
    target = cache / f"{number}.png"
    if target.exists():
        return target.read_bytes()
    document = pdfium.PdfDocument(pdf)
    try:
        image = _page(document, number).render(scale=SCALE).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, target)  # readers never see half a file
    return data


def word_boxes(pdf: bytes, number: int, marked: WordFilter) -> list[Box]:
    """Boxes (image pixels at ``SCALE``) around the words of page ``number`` that
    ``marked`` picks, one per word, from pdfium's character boxes."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = _page(document, number)
        height = page.get_height()
        textpage = page.get_textpage()
        count = textpage.count_chars()
        # one character per index, so that text offsets are character indices
        text = "".join(
            chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count)
        )
        spans = word_spans(text)
        boxes: list[Box] = []
        for position in sorted(marked([word for _, _, word in spans])):
            start, end, _ = spans[position]
            chars = [textpage.get_charbox(i) for i in range(start, end)]
            left = min(c[0] for c in chars)
            bottom = min(c[1] for c in chars)
            right = max(c[2] for c in chars)
            top = max(c[3] for c in chars)
            boxes.append(
                (left * SCALE, (height - top) * SCALE, right * SCALE, (height - bottom) * SCALE)
            )
        return boxes
    finally:
        document.close()


def with_marks(png: bytes, boxes: list[Box]) -> bytes:
    """``png`` with a translucent highlight over each box (a little padded)."""
    if not boxes:
        return png
    base = Image.open(io.BytesIO(png)).convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, top, right, bottom in boxes:
        draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=MARK)
    out = io.BytesIO()
    Image.alpha_composite(base, overlay).convert("RGB").save(out, format="PNG")
    return out.getvalue()
