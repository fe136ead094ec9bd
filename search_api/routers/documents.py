from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import PurePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, UploadFile
from fastapi.responses import Response

from poshuk.core import fields
from poshuk.core.catalog import document_id
from poshuk.core.model import Document
from poshuk.core.similarity import rank_by_text
from poshuk.core.sniff import MEDIA_TYPES, TEXT, sniff_media_type
from search_api.deps import Services, ServicesDep
from search_api.errors import BadRequest, NotFound, TooLarge, responses
from search_api.middleware import API_CSP
from search_api.routers.search import result_json
from search_api.schemas import DocumentOut, SimilarOut, UploadOut

router = APIRouter(prefix="/documents", tags=["documents"])

_CANDIDATES = 50  # more-like-this candidates re-ranked by text similarity
DocId = Annotated[str, Path(min_length=1, max_length=64, description="document id")]

# Originals are the archive's files, not ours: only plain text is shown in the browser
# (as text, never sniffed into HTML); every other type, HTML, SVG-as-text, PDF and
# unknown bytes included, is a download, and nothing in it may run even if opened.
INLINE_TYPES = frozenset({TEXT})
ORIGINAL_CSP = f"{API_CSP}; sandbox"
_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._ ()-]")


def load(services: Services, doc_id: str) -> Document:
    doc = services.catalog.get(doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}; ids come from /search hits")
    return doc


def content_disposition(kind: str, file_name: str) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and the exact one in ``filename*``."""
    fallback = _UNSAFE_IN_FILENAME.sub("_", file_name)[:150].strip() or "original"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


@router.get("/{doc_id}", response_model=DocumentOut, responses=responses(404, 422))
def get_document(services: ServicesDep, doc_id: DocId) -> dict[str, object]:
    """Metadata, every page's text, and enrichment of one document."""
    doc = load(services, doc_id)
    return {
        **{f.name: getattr(doc, f.name) for f in fields.shown()},
        "languages": doc.languages,
        "duplicates": services.catalog.group_members(doc.duplicate_group, exclude=doc.id),
        "children": services.catalog.children(doc.id),
    }


@router.post(
    "", response_model=UploadOut, status_code=202,
    responses={200: {"description": "these bytes are already in the archive",
                     "model": UploadOut},
               **responses(400, 413, 422)},
)
async def upload(services: ServicesDep, file: UploadFile, response: Response) -> UploadOut:
    """Add a file to the archive: stored at once (original kept byte for byte), then
    parsed and indexed by the ingest worker like any ingested file; poll
    ``GET /documents/{id}`` until ``status`` leaves ``queued``."""
    limit = services.settings.upload_max_mb << 20
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(
            f"the file is larger than the upload limit of {services.settings.upload_max_mb} "
            "MiB (POSHUK_UPLOAD_MAX_MB)"
        )
    if not data:
        raise BadRequest("the uploaded file is empty")
    name = PurePath((file.filename or "").replace("\\", "/")).name[:255] or "upload"
    sha = services.blobs.put(data)
    known = services.catalog.get(document_id(sha))
    if known is not None:
        services.catalog.record_path(sha, f"upload:{name}")
        response.status_code = 200
        return UploadOut(id=known.id, status=known.status, duplicate=True)
    queued = Document(
        id=document_id(sha), sha256=sha, file_name=name,
        media_type=sniff_media_type(data, name), size=len(data),  # not the client's claim
        status="queued", ingested_at=dt.datetime.now(dt.UTC),
    )
    services.catalog.add_many([queued], {sha: f"upload:{name}"})
    if services.on_upload:
        services.on_upload()
    return UploadOut(id=queued.id, status=queued.status, duplicate=False)


@router.get(
    "/{doc_id}/original",
    responses={
        200: {"description": "the original bytes; a download unless plain text",
              "content": {m: {"schema": {"type": "string", "format": "binary"}}
                          for m in MEDIA_TYPES}},
        **responses(404, 422),
    },
)
def get_original(services: ServicesDep, doc_id: DocId) -> Response:
    """The original file, byte for byte, with the media type its bytes show (sniffed,
    whatever the uploader claimed): plain text inline, anything else as an attachment;
    always under a sandboxing CSP and ``nosniff``."""
    doc = load(services, doc_id)
    if not services.blobs.exists(doc.sha256):
        raise NotFound(f"the original of {doc_id!r} is missing from the blob store")
    data = services.blobs.get(doc.sha256)
    media_type = sniff_media_type(data, doc.file_name)
    kind = "inline" if media_type in INLINE_TYPES else "attachment"
    if media_type.startswith("text/") and _is_utf8(data):
        media_type += "; charset=utf-8"
    return Response(
        data,
        headers={
            "Content-Type": media_type,
            "Content-Disposition": content_disposition(kind, doc.file_name),
            "Content-Security-Policy": ORIGINAL_CSP,
            "X-Content-SHA256": doc.sha256,
        },
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@router.get("/{doc_id}/similar", response_model=SimilarOut, responses=responses(404, 422, 503))
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
