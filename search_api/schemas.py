"""Response models: the JSON shapes of the HTTP contract (see DESIGN.md)."""

from __future__ import annotations

from pydantic import BaseModel


class HealthOut(BaseModel):
    status: str
    engine: str
    documents: int
    catalog: int
    pending_index: int
    detail: str | None = None


class HighlightOut(BaseModel):
    page: int
    text: str


class HitOut(BaseModel):
    id: str
    title: str | None
    date: str | None
    language: str | None
    type: str | None
    source: str | None
    score: float | None
    highlights: list[HighlightOut] = []
    copies: int = 1


class FacetValueOut(BaseModel):
    value: str
    count: int
    label: str | None = None  # entity facet: the entity's display name


class BucketOut(BaseModel):
    key: str
    count: int


class SearchOut(BaseModel):
    total: int
    took_ms: float
    page: int
    size: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    date_histogram: list[BucketOut]


class SimilarOut(BaseModel):
    total: int
    took_ms: float
    hits: list[HitOut]


class PageOut(BaseModel):
    number: int
    text: str
    language: str | None
    language_confidence: float | None
    ocr: bool = False
    ocr_confidence: float | None = None


class EntityOut(BaseModel):
    type: str
    key: str
    surface: list[str]


class CitationOut(BaseModel):
    key: str
    text: str
    pages: list[int]
    parts: list[int] = []


class FigureOut(BaseModel):
    value: int | float
    counted: str
    text: str
    qualifier: str | None = None
    unit: str | None = None
    context: str = ""
    pages: list[int] = []


class DateOut(BaseModel):
    value: str
    precision: str
    text: str


class DocumentOut(BaseModel):
    id: str
    title: str | None
    date: str | None
    date_source: str
    language: str | None
    language_confidence: float | None
    languages: list[str]
    type: str | None
    source: str | None
    file_name: str
    media_type: str
    size: int
    sha256: str
    status: str
    error: str | None
    parser: str | None
    warnings: list[str]
    access: str
    ingested_at: str | None
    pages: list[PageOut]
    entities: list[EntityOut]
    citations: list[CitationOut]
    dates: list[DateOut]
    figures: list[FigureOut] = []
    duplicate_group: str | None
    duplicates: list[str]
    parent_id: str | None = None
    children: list[str] = []  # files unpacked from this one (a ZIP, an e-mail)
    collection: str = "default"


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
