from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import PurePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, UploadFile
from fastapi.responses import Response

from poshuk.core import fields
from poshuk.core.accounts import Caller
from poshuk.core.accounts_schema import DEFAULT_COLLECTION
from poshuk.core.catalog import document_id
from poshuk.core.model import Document
from poshuk.core.similarity import rank_by_text
from poshuk.core.sniff import MEDIA_TYPES, TEXT, sniff_media_type
from poshuk.core.work_queue import queue_original
from search_api.auth import CallerDep, record, require
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


def load(services: Services, doc_id: str, caller: Caller) -> Document:
    """The document, if ``caller`` may read it; otherwise 404 exactly like a missing one."""
    doc = services.catalog.get(doc_id)
    if doc is None or not caller.may("reader", doc.collection):
        raise NotFound(f"no document with id {doc_id!r}; ids come from /search hits")
    return doc


def content_disposition(kind: str, file_name: str) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and the exact one in ``filename*``."""
    fallback = _UNSAFE_IN_FILENAME.sub("_", file_name)[:150].strip() or "original"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def _readable(services: Services, caller: Caller, ids: list[str]) -> list[str]:
    """The ids among ``ids`` the caller may read (links never reveal other collections)."""
    if caller.admin or not ids:
        return ids
    found = services.catalog.get_many(ids, with_pages=False)
    return [i for i in ids if i in found and caller.may("reader", found[i].collection)]


@router.get("/{doc_id}", response_model=DocumentOut, responses=responses(404, 422))
def get_document(services: ServicesDep, caller: CallerDep, doc_id: DocId) -> dict[str, object]:
    """Metadata, every page's text, and enrichment of one document."""
    doc = load(services, doc_id, caller)
    record(services, caller, "view", document_id=doc.id, collection=doc.collection)
    duplicates = _readable(services, caller,
                           services.catalog.group_members(doc.duplicate_group, exclude=doc.id))
    parent = _readable(services, caller, [doc.parent_id] if doc.parent_id else [])
    return {
        **{f.name: getattr(doc, f.name) for f in fields.shown()},
        "languages": doc.languages,
        "duplicate_group": doc.duplicate_group if duplicates else None,
        "duplicates": duplicates,
        "parent_id": parent[0] if parent else None,
        "children": _readable(services, caller, services.catalog.children(doc.id)),
    }


@router.post(
    "", response_model=UploadOut, status_code=202,
    responses={200: {"description": "these bytes are already in the archive",
                     "model": UploadOut},
               **responses(400, 403, 404, 413, 422)},
)
async def upload(
    services: ServicesDep, caller: CallerDep, file: UploadFile, response: Response,
    collection: Annotated[str, Form(max_length=64, description="the collection it joins")]
    = DEFAULT_COLLECTION,
) -> UploadOut:
    """Add a file to the archive: stored at once (original kept byte for byte), then
    parsed and indexed by the ingest worker like any ingested file; poll
    ``GET /documents/{id}`` until ``status`` leaves ``queued``. Needs the editor role on
    ``collection``."""
    require(caller, "editor", collection, "uploading")
    if not services.accounts.collection_exists(collection):
        raise NotFound(f"no collection {collection!r}; GET /collections lists them")
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
        record(services, caller, "upload", document_id=known.id, collection=known.collection,
               detail="already in the archive")
        # the id is told only to whom may read it: no probing other collections by bytes
        visible = caller.may("reader", known.collection)
        return UploadOut(id=known.id if visible else "", status=known.status if visible
                         else "duplicate", duplicate=True)
    queued = Document(
        id=document_id(sha), sha256=sha, file_name=name,
        media_type=sniff_media_type(data, name), size=len(data),  # not the client's claim
        status="queued", ingested_at=dt.datetime.now(dt.UTC), collection=collection,
    )
    queue_original(services.catalog, queued, f"upload:{name}")
    record(services, caller, "upload", document_id=queued.id, collection=collection)
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
def get_original(services: ServicesDep, caller: CallerDep, doc_id: DocId) -> Response:
    """The original file, byte for byte, with the media type its bytes show (sniffed,
    whatever the uploader claimed): plain text inline, anything else as an attachment;
    always under a sandboxing CSP and ``nosniff``."""
    doc = load(services, doc_id, caller)
    record(services, caller, "original", document_id=doc.id, collection=doc.collection)
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
    caller: CallerDep,
    doc_id: DocId,
    size: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, object]:
    """Documents like this one, best first: the engine's more-like-this candidates,
    re-ranked by how much of their text they share with this one."""
    started = time.perf_counter()
    doc = load(services, doc_id, caller)
    result = services.engine().similar(doc, _CANDIDATES, caller.scope())
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
    record(services, caller, "similar", document_id=doc.id, collection=doc.collection,
           count=result.total)
    return {"total": body["total"], "took_ms": took_ms, "hits": body["hits"]}
