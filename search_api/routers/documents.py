from __future__ import annotations

import time
from dataclasses import asdict
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from poshuk.core.model import Document
from poshuk.core.similarity import rank_by_text
from search_api.deps import Services, ServicesDep
from search_api.errors import NotFound
from search_api.routers.search import result_json
from search_api.schemas import DocumentOut, SimilarOut

router = APIRouter(prefix="/documents", tags=["documents"])

_CANDIDATES = 50  # more-like-this candidates re-ranked by text similarity
DocId = Annotated[str, Path(min_length=1, max_length=64, description="document id")]


def load(services: Services, doc_id: str) -> Document:
    doc = services.catalog.get(doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}; ids come from /search hits")
    return doc


@router.get("/{doc_id}", response_model=DocumentOut)
def get_document(services: ServicesDep, doc_id: DocId) -> dict[str, object]:
    """Metadata, every page's text, and enrichment of one document."""
    doc = load(services, doc_id)
    return {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "date_source": doc.date_source,
        "language": doc.language,
        "language_confidence": doc.language_confidence,
        "languages": doc.languages,
        "type": doc.type,
        "source": doc.source,
        "file_name": doc.file_name,
        "media_type": doc.media_type,
        "size": doc.size,
        "sha256": doc.sha256,
        "status": doc.status,
        "error": doc.error,
        "parser": doc.parser,
        "warnings": doc.warnings,
        "access": doc.access,
        "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else None,
        "pages": [asdict(page) for page in doc.pages],
        "entities": [asdict(e) for e in doc.entities],
        "citations": [asdict(c) for c in doc.citations],
        "dates": [asdict(d) for d in doc.dates],
        "duplicate_group": doc.duplicate_group,
        "duplicates": services.catalog.group_members(doc.duplicate_group, exclude=doc.id),
    }


@router.get("/{doc_id}/original")
def get_original(services: ServicesDep, doc_id: DocId) -> Response:
    """The original file, byte for byte, with its media type."""
    doc = load(services, doc_id)
    if not services.blobs.exists(doc.sha256):
        raise NotFound(f"the original of {doc_id!r} is missing from the blob store")
    disposition = f"inline; filename*=UTF-8''{quote(doc.file_name)}"
    return Response(
        services.blobs.get(doc.sha256),
        media_type=doc.media_type,
        headers={"Content-Disposition": disposition, "X-Content-SHA256": doc.sha256},
    )


@router.get("/{doc_id}/similar", response_model=SimilarOut)
def similar(
    services: ServicesDep,
    doc_id: DocId,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, object]:
    """Documents like this one, best first: the engine's more-like-this candidates,
    re-ranked by how much of their text they share with this one."""
    started = time.perf_counter()
    doc = load(services, doc_id)
    result = services.engine().similar(doc, _CANDIDATES)
    by_id = {hit.id: hit for hit in result.hits}
    candidates = services.catalog.get_many(list(by_id))
    ranked = rank_by_text(doc, [candidates[i] for i in by_id if i in candidates])
    result.hits = []
    for candidate, score in ranked[:size]:
        hit = by_id[candidate.id]
        hit.score = round(score, 4)
        result.hits.append(hit)
    took_ms = round((time.perf_counter() - started) * 1000, 2)
    body = result_json(result, took_ms)
    return {"total": body["total"], "took_ms": took_ms, "hits": body["hits"]}
