"""The document model shared by ingest, the catalog, the engines and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final, Literal

DateSource = Literal["metadata", "heading", "text", "none"]
# queued: stored (original + catalog row) but not parsed yet, e.g. an HTTP upload waiting
# for the ingest worker.
Status = Literal["ok", "failed", "queued"]


@dataclass(slots=True)
class Page:
    """One page of extracted text; ``number`` is 1-based as printed in the original."""

    number: int
    text: str
    language: str | None = None
    language_confidence: float | None = None  # 0..1, from language identification
    ocr: bool = False  # the text was recognised from the page image, not its text layer
    ocr_confidence: float | None = None  # Tesseract's mean word confidence, 0–100


@dataclass(slots=True)
class ParsedDocument:
    """What a parser returns: text per page plus whatever metadata the format carries."""

    pages: list[Page]
    title: str | None = None
    author: str | None = None
    source: str | None = None
    created: dt.date | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Entity:
    """A named entity: ``key`` is its normalised form, ``surface`` the forms seen."""

    type: Literal["person", "organisation", "location"]
    key: str
    surface: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Citation:
    """A legal citation normalised to one ``key`` (e.g. ``BY-CC-342``), with its pages and
    the parts of the article cited (``ч. 1 ст. 342`` → ``parts=[1]``)."""

    key: str
    text: str
    pages: list[int] = field(default_factory=list)
    parts: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Figure:
    """A count the text reports: ``value`` of ``counted`` as written (``at least 1,275
    people`` → 1275, ``people``), merged across the pages it is on. A percentage has
    ``unit`` ``"%"`` and ``counted`` what it is a share of, possibly empty."""

    value: int | float
    counted: str
    text: str  # the figure as written, qualifier included: "at least 1,275 people"
    qualifier: str | None = None  # "at least", "не менее", "больш за", as written
    unit: str | None = None  # "%", or a currency sign written before the number
    context: str = ""  # the clause from the figure on, for reading it in place
    pages: list[int] = field(default_factory=list)


@dataclass(slots=True)
class MentionedDate:
    value: str  # ISO date, possibly truncated to month or year
    precision: Literal["day", "month", "year"]
    text: str


# How a Document field is kept and shown (``poshuk.core.fields`` reads it); a field
# without metadata is a catalog column shown by GET /documents/{id} and not exported.
EXPORTED: Final = {"export": True}  # also a column of /export
REENRICHED: Final = {"enrichment": True}  # recomputed from the pages by re-enrichment
INTERNAL: Final = {"api": False}  # kept in the catalog, not shown
COMPUTED: Final = {"column": False, "api": False}  # set by the catalog when it reads


@dataclass(slots=True)
class Document:
    """A catalogued file: identity, provenance, extracted text and enrichment."""

    id: str = field(metadata=EXPORTED)
    sha256: str
    file_name: str
    media_type: str
    size: int
    status: Status = "ok"
    error: str | None = None
    parser: str | None = None
    warnings: list[str] = field(default_factory=list)
    title: str | None = field(default=None, metadata=EXPORTED)
    date: dt.date | None = field(default=None, metadata={**EXPORTED, **REENRICHED})
    date_source: DateSource = field(default="none", metadata=REENRICHED)
    language: str | None = field(default=None, metadata=EXPORTED)
    language_confidence: float | None = None
    type: str | None = field(default=None, metadata=EXPORTED)
    source: str | None = field(default=None, metadata=EXPORTED)
    access: Literal["public", "restricted"] = "public"
    pages: list[Page] = field(default_factory=list, metadata={"column": False})  # own table
    entities: list[Entity] = field(default_factory=list, metadata={**EXPORTED, **REENRICHED})
    citations: list[Citation] = field(
        default_factory=list, metadata={**EXPORTED, **REENRICHED})
    dates: list[MentionedDate] = field(default_factory=list, metadata=REENRICHED)
    figures: list[Figure] = field(default_factory=list, metadata={**EXPORTED, **REENRICHED})
    # the version of the rules that filled the re-enriched fields (0: written before
    # versions were kept)
    enrichment_version: int = field(default=0, metadata={**INTERNAL, **REENRICHED})
    text_sha256: str | None = field(default=None, metadata=INTERNAL)
    duplicate_group: str | None = None
    # how many documents share the group, and whether this one folds under the group's
    # first (smallest id) when results fold copies
    copies: int = field(default=1, metadata=COMPUTED)
    folded: bool = field(default=False, metadata=COMPUTED)
    ingested_at: dt.datetime | None = None
    parent_id: str | None = None  # the container (ZIP, e-mail) this file was unpacked from
    collection: str = "default"  # who may read it is decided per collection

    @property
    def languages(self) -> list[str]:
        """Every language seen on a page, the document's own first."""
        seen = [self.language] if self.language else []
        for page in self.pages:
            if page.language and page.language not in seen:
                seen.append(page.language)
        return seen
