"""Enrichment: what ingest adds to parsed text (language, date, title, type, source).

Entities, legal citations and near-duplicate groups have their place in the model and the
index already; their extractors arrive with the enrichment issue.
"""

from __future__ import annotations

from ingest.enrich import dates, doctype, language
from poshuk.core.model import Document, MentionedDate, ParsedDocument

__all__ = ["enrich"]

_HEADING_CHARS = 400
_TITLE_MAX = 200


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:_TITLE_MAX]
    return None


def _title(parsed: ParsedDocument, first_page: str, file_name: str) -> str:
    if parsed.title and parsed.title.strip():
        return parsed.title.strip()[:_TITLE_MAX]
    return _first_line(first_page) or file_name


def enrich(doc: Document, parsed: ParsedDocument) -> None:
    """Fill ``doc``'s language, pages' languages, date, title, type and source."""
    doc.pages = parsed.pages
    first_page = next((p.text for p in parsed.pages if p.text.strip()), "")
    doc.title = _title(parsed, first_page, doc.file_name)
    doc.language, doc.language_confidence = language.detect_pages(doc.pages)
    doc.source = parsed.source or parsed.author
    doc.type = doctype.classify(doc.title, first_page[:1500])

    found = [f for page in doc.pages for f in dates.find_dates(page.text)]
    seen: set[str] = set()
    for item in found:
        iso = item.value.isoformat()
        if iso not in seen:
            seen.add(iso)
            doc.dates.append(MentionedDate(value=iso, precision="day", text=item.text))
    if parsed.created:
        doc.date, doc.date_source = parsed.created, "metadata"
        return
    heading = next(iter(dates.find_dates(first_page[:_HEADING_CHARS])), None)
    if heading:
        doc.date, doc.date_source = heading.value, "heading"
    elif found:
        doc.date, doc.date_source = found[0].value, "text"
