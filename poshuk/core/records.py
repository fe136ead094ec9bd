"""Turn a catalogued document into the flat records an engine indexes (schema fields)."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Any

from poshuk.core.analysis import analysed_text
from poshuk.core.model import Document, Page
from poshuk.core.schema import load_schema
from poshuk.core.textfold import fold

Record = dict[str, Any]


# A page's text is folded for the doc record's body_fold and again for its page record's
# text_fold, one right after the other: remember the last few.
_fold_page = lru_cache(maxsize=64)(fold)


def _by_language(pages: list[Page], fallback: str | None, prefix: str) -> Record:
    """``{prefix_<lang>: [analysed page texts]}`` for the languages with their own analysis
    (stems, see ``poshuk.core.analysis``); a page with no detected language counts as the
    document's."""
    languages = load_schema().languages
    fields: Record = {}
    for page in pages:
        lang = page.language or fallback
        if page.text and lang in languages:
            fields.setdefault(f"{prefix}_{lang}", []).append(analysed_text(lang, page.text))
    return fields


def period_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO date, month (``2025-03``) or year (``2024``)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _mentioned(doc: Document) -> list[dt.date]:
    """Each mentioned date as the first and last day of its period, so a range filter finds
    a document that names a month or year starting or ending inside the range."""
    days = {day for mention in doc.dates for day in period_bounds(mention.value)}
    return sorted(days)


def doc_record(doc: Document) -> Record:
    """The ``kind=doc`` record: metadata, facets, and every page's text as ``body``."""
    if not doc.collection.strip():  # the engines' rights filter relies on one being there
        raise ValueError(f"document {doc.id} has no collection")
    title = doc.title or doc.file_name
    body = [page.text for page in doc.pages if page.text]
    record: Record = {
        "id": doc.id,
        "kind": "doc",
        "title": title,
        "title_fold": fold(title),
        "body": body,
        "body_fold": [_fold_page(text) for text in body],
        **_by_language(doc.pages, doc.language, "body"),
        "lang": doc.languages or ["und"],
        "type": doc.type or "unknown",
        "source": doc.source or "unknown",
        "entity": sorted({entity.key for entity in doc.entities}),
        "citation": sorted({citation.key for citation in doc.citations}),
        "file_name": doc.file_name,
        "media_type": doc.media_type,
        "access": doc.access,
        "collection": doc.collection,
    }
    if doc.date:
        record["date"] = doc.date
        record["year"] = f"{doc.date.year:04d}"
        record["month"] = f"{doc.date.year:04d}-{doc.date.month:02d}"
    mentioned = _mentioned(doc)
    if mentioned:
        record["mentioned"] = mentioned
    if doc.duplicate_group:
        record["duplicate_group"] = doc.duplicate_group
        record["copies"] = doc.copies
        if doc.folded:
            record["folded"] = "yes"
    pages = text_pages(doc)
    if len(pages) == 1:
        record["page"] = pages[0].number  # no page records: highlights come from here
    return record


def text_pages(doc: Document) -> list[Page]:
    return [page for page in doc.pages if page.text]


def _paged(doc: Document) -> list[Page]:
    """The pages that get a record of their own: every page with text, when there are
    two or more (one page of text lives in the ``doc`` record, which says which it is in
    ``page``, so a statement is indexed once, not twice)."""
    pages = text_pages(doc)
    return pages if len(pages) > 1 else []


def page_record_id(doc: Document, page: Page) -> str:
    return f"{doc.id}:{page.number}"


def page_record_ids(doc: Document) -> list[str]:
    """The ids :func:`page_records` gives ``doc``'s records, without building them."""
    return [page_record_id(doc, page) for page in _paged(doc)]


def page_records(doc: Document) -> list[Record]:
    """One ``kind=page`` record per page of :func:`_paged`: where a match is, and its
    snippet."""
    return [
        {
            "id": page_record_id(doc, page),
            "kind": "page",
            "parent": doc.id,
            "page": page.number,
            "text": page.text,
            "text_fold": _fold_page(page.text),
            "lang": page.language or doc.language or "und",
            **_by_language([page], doc.language, "text"),
        }
        for page in _paged(doc)
    ]
