"""Page images of PDF originals, with the search's words marked (``poshuk.core.previews``)."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from poshuk.core import previews
from poshuk.core.analysis import SearchField, matching_positions, page_fields
from poshuk.core.query import parse_query, positive_leaves
from poshuk.core.schema import load_schema
from poshuk.core.textfold import words
from search_api.auth import CallerDep, record
from search_api.deps import ServicesDep
from search_api.errors import BadRequest, NotFound
from search_api.routers.documents import DocId, load
from search_api.search_params import Q_HELP

router = APIRouter(prefix="/documents", tags=["documents"])

PDF = "application/pdf"


@cache
def _fields() -> list[SearchField]:
    return page_fields(load_schema(), words)


@router.get(
    "/{doc_id}/pages/{number}/image",
    responses={200: {"content": {"image/png": {}}, "description": "the page as PNG"}},
)
def page_image(
    services: ServicesDep,
    caller: CallerDep,
    doc_id: DocId,
    number: Annotated[int, Path(ge=1, description="1-based page number")],
    q: Annotated[str, Query(max_length=2000, description=Q_HELP)] = "",
) -> Response:
    """Page ``number`` of a PDF original as PNG (rendered once, then cached), with the
    words ``q`` matches marked; ``X-Poshuk-Marks`` says how many were marked."""
    doc = load(services, doc_id, caller)
    record(services, caller, "page_image", document_id=doc.id, collection=doc.collection,
           detail=f"page {number}")
    if doc.media_type != PDF:
        raise BadRequest(f"{doc_id!r} is {doc.media_type}, not a PDF: it has no page images")
    if not services.blobs.exists(doc.sha256):
        raise NotFound(f"the original of {doc_id!r} is missing from the blob store")
    leaves = positive_leaves(parse_query(q))
    pdf = services.blobs.get(doc.sha256)
    cache_dir = services.settings.home / "previews" / doc.sha256
    try:
        png = previews.rendered(pdf, number, cache_dir)
        boxes: list[previews.Box] = []
        if leaves:
            language = next((p.language for p in doc.pages if p.number == number), doc.language)
            boxes = previews.word_boxes(
                pdf, number, lambda ws: matching_positions(_fields(), leaves, ws, language)
            )
    except previews.PageOutOfRange as err:
        raise NotFound(f"{doc_id!r}: {err}") from None
    return Response(
        previews.with_marks(png, boxes),
        media_type="image/png",
        headers={"X-Poshuk-Marks": str(len(boxes)), "Cache-Control": "private, max-age=300"},
    )
