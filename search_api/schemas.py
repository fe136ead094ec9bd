"""Response models: the JSON shapes of the HTTP contract (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, create_model

from poshuk.core import fields
from poshuk.core.engines.base import Hit


class HealthOut(BaseModel):
    status: str
    engine: str
    documents: int
    catalog: int
    pending_index: int
    detail: str | None = None
    # Elasticsearch: green, yellow (a replica missing; searches whole) or red; null for tantivy
    cluster: str | None = None


HitOut = Hit  # a hit, with its highlights, is the engine's (poshuk.core.engines.base)


class FacetValueOut(BaseModel):
    value: str
    count: int
    label: str | None = None  # entity facet: the entity's display name


class BucketOut(BaseModel):
    key: str
    count: int


class ExpandedOut(BaseModel):
    term: str  # the words as typed
    concepts: list[str]  # the thesaurus concepts they name
    also: list[str]  # the terms searched besides, ranked lower


class SearchOut(BaseModel):
    total: int
    took_ms: float
    page: int
    size: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    date_histogram: list[BucketOut]
    expanded: list[ExpandedOut] = []


class SimilarOut(BaseModel):
    total: int
    took_ms: float
    hits: list[HitOut]


def _document_out() -> type[BaseModel]:
    """GET /documents/{id}: every field the Document shows (``poshuk.core.fields``), with
    its own type, and what the catalog knows around it."""
    shown: dict[str, Any] = {f.name: (f.type, ...) for f in fields.shown()}
    return create_model(
        "DocumentOut",
        **shown,
        languages=(list[str], ...),  # every page's language, the document's own first
        duplicates=(list[str], ...),  # the other members of its duplicate group
        children=(list[str], ...),  # files unpacked from this one (a ZIP, an e-mail)
    )


DocumentOut = _document_out()


class UploadOut(BaseModel):
    id: str
    status: str
    duplicate: bool


class EntitySummaryOut(BaseModel):
    id: str
    type: str
    name: str
    documents: int


class EntitiesOut(BaseModel):
    total: int
    entities: list[EntitySummaryOut]


class VariantOut(BaseModel):
    text: str
    documents: int


class CoOccurringOut(BaseModel):
    id: str
    name: str
    documents: int


class EntityDocumentOut(BaseModel):
    id: str
    title: str | None
    date: str | None


class EntityPageOut(BaseModel):
    id: str
    type: str
    name: str
    variants: list[VariantOut]
    documents: int
    timeline: list[BucketOut]
    co_occurring: list[CoOccurringOut]
    recent: list[EntityDocumentOut]


class SavedSearchOut(BaseModel):
    id: int
    name: str
    query: str
    created_at: str


class ErrorOut(BaseModel):
    """Every 4xx/5xx body: one sentence that says what to fix."""

    detail: str
