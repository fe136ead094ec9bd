"""Turn a catalogued document into the flat records an engine indexes (schema fields)."""

from __future__ import annotations

from typing import Any

from poshuk.core.model import Document

Record = dict[str, Any]


def doc_record(doc: Document) -> Record:
    """The ``kind=doc`` record: metadata, facets, and every page's text as ``body``."""
    record: Record = {
        "id": doc.id,
        "kind": "doc",
        "title": doc.title or doc.file_name,
        "body": [page.text for page in doc.pages if page.text],
        "lang": doc.languages or ["und"],
        "type": doc.type or "unknown",
        "source": doc.source or "unknown",
        "entity": sorted({entity.key for entity in doc.entities}),
        "citation": sorted({citation.key for citation in doc.citations}),
        "file_name": doc.file_name,
        "media_type": doc.media_type,
        "access": doc.access,
    }
    if doc.date:
        record["date"] = doc.date
        record["year"] = f"{doc.date.year:04d}"
        record["month"] = f"{doc.date.year:04d}-{doc.date.month:02d}"
    if doc.duplicate_group:
        record["duplicate_group"] = doc.duplicate_group
    return record


def page_records(doc: Document) -> list[Record]:
    """One ``kind=page`` record per page with text: where a match is, and its snippet."""
    return [
        {
            "id": f"{doc.id}:{page.number}",
            "kind": "page",
            "parent": doc.id,
            "page": page.number,
            "text": page.text,
        }
        for page in doc.pages
        if page.text
    ]
