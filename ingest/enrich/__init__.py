"""Enrichment: what ingest adds to parsed text (language, date, title, type, source,
the dates mentioned, legal citations, named entities, figures)."""

from __future__ import annotations

from ingest.enrich import citations, dates, doctype, entities, figures, language
from poshuk.core.model import Document, MentionedDate, Page, ParsedDocument

__all__ = ["ENRICHMENT_VERSION", "enrich", "enrich_text"]

# The version of what enrich_text derives. Bump it when its rules change: catalogs whose
# documents carry an older one are re-enriched from their stored pages (`poshuk demo`
# does it by itself, `poshuk reindex --enrich` on demand). 1: figures, and entity keys
# reconciling Russian and Belarusian spellings (`poshuk.core.names`). 2: Ukrainian and
# Polish dates, citations and names; every article of a list; cleaner verdict entities.
# 3: gazetteer names in their case forms (w Brześciu, Ради ООН), Ганна = Анна, Polish
# organisations named head first, Polish number words, percentages and counted nouns.
ENRICHMENT_VERSION = 3

_HEADING_CHARS = 400
_ALL_PRECISIONS: tuple[dates.Precision, ...] = ("day", "month", "year")
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


def _first_page(pages: list[Page]) -> str:
    return next((p.text for p in pages if p.text.strip()), "")


def enrich(doc: Document, parsed: ParsedDocument) -> None:
    """Fill ``doc``'s language, pages' languages, date, title, type and source, then what
    the text gives (:func:`enrich_text`)."""
    doc.pages = parsed.pages
    first_page = _first_page(doc.pages)
    doc.title = _title(parsed, first_page, doc.file_name)
    doc.language, doc.language_confidence = language.detect_pages(doc.pages)
    doc.source = parsed.source or parsed.author
    doc.type = doctype.classify(doc.title, first_page[:1500])
    if parsed.created:
        doc.date, doc.date_source = parsed.created, "metadata"
    enrich_text(doc)


def enrich_text(doc: Document) -> None:
    """Fill what the pages' text alone gives: citations, entities, figures, the dates
    mentioned, and the document's date unless its file's metadata gave one; and name its
    source as its organisation's entity is named. Ingest runs
    it after parsing; re-enrichment runs it on the pages a catalog holds."""
    # dates and citations found once per page: figures are not taken from inside them
    doc.source = entities.source_name(doc.source)  # one facet value per organisation
    found_dates = {p.number: list(dates.find_dates(p.text, _ALL_PRECISIONS)) for p in doc.pages}
    found_citations = {p.number: citations.find_citations(p.text) for p in doc.pages}
    doc.citations = citations.page_citations(doc.pages, found_citations)
    doc.entities = entities.document_entities(doc.pages, doc.language)
    doc.figures = figures.page_figures(doc.pages, {
        number: figures.taken_spans(found_dates[number], found_citations[number])
        for number in found_dates
    })
    mentioned = [f for page in doc.pages for f in found_dates[page.number]]
    doc.dates = []
    seen: set[str] = set()
    for item in mentioned:
        if item.iso not in seen:
            seen.add(item.iso)
            doc.dates.append(MentionedDate(value=item.iso, precision=item.precision,
                                           text=item.text))
    doc.enrichment_version = ENRICHMENT_VERSION
    if doc.date_source == "metadata":
        return
    found = [f for f in mentioned if f.precision == "day"]
    heading = next(iter(dates.find_dates(_first_page(doc.pages)[:_HEADING_CHARS])), None)
    if heading:
        doc.date, doc.date_source = heading.value, "heading"
    elif found:
        doc.date, doc.date_source = found[0].value, "text"
    else:
        doc.date, doc.date_source = None, "none"
