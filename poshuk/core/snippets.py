"""Snippets: the stretch of a page with the most matched words, marked, as safe HTML.

Used where the engine cannot mark what matched itself: the Elasticsearch node only sees
the stems and folded keys Poshuk gives its language and fold fields, so it cannot mark a
word in the page as written; which words matched is worked out in Python
(``poshuk.core.analysis.Marker``) and marked here.
"""

from __future__ import annotations

import html

from poshuk.core.textfold import word_spans

__all__ = ["snippet_html"]


def snippet_html(text: str, marked: set[int], width: int = 240) -> str | None:
    """About ``width`` characters of ``text`` around the densest run of ``marked`` words
    (positions in :func:`~poshuk.core.textfold.words`), HTML-escaped, with each marked word
    in ``<mark>``; ``…`` where text was cut. None if no word is marked."""
    spans = word_spans(text)
    hits = [(start, end) for i, (start, end, _) in enumerate(spans) if i in marked]
    if not hits:
        return None
    # the window starting at a hit that holds the most hits (two pointers: linear)
    best, best_count, last = 0, 0, 0
    for first in range(len(hits)):
        last = max(last, first)
        while last + 1 < len(hits) and hits[last + 1][1] - hits[first][0] <= width:
            last += 1
        if last - first + 1 > best_count:
            best, best_count = first, last - first + 1
    start = hits[best][0]
    # open a little before the first hit, on a word boundary
    lead = [s for s, _, _ in spans if start - width // 4 <= s <= start]
    start = lead[0] if lead else start
    ends = [e for _, e, _ in spans if e <= start + width]
    end = max(ends[-1] if ends else hits[best][1], hits[best][1])
    out: list[str] = []
    cursor = start
    for hit_start, hit_end in hits:
        if hit_start < start or hit_end > end:
            continue
        out.append(html.escape(text[cursor:hit_start]))
        out.append(f"<mark>{html.escape(text[hit_start:hit_end])}</mark>")
        cursor = hit_end
    out.append(html.escape(text[cursor:end]))
    body = " ".join("".join(out).split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text.rstrip()) else "")
