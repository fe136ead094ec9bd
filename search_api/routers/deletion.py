"""``DELETE /documents/{id}``: the document, its pages and the files unpacked from it
leave the index, the catalog, the blob store and the page-image cache."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from poshuk.core.deletion import StillQueued, delete_documents
from poshuk.core.engines import WRITER_WAIT_S, open_engine
from search_api.auth import CallerDep, record, require
from search_api.deps import ServicesDep
from search_api.errors import Conflict
from search_api.routers.documents import DocId, load

router = APIRouter(prefix="/documents", tags=["documents"])


@router.delete("/{doc_id}", status_code=204)  # refusals: search_api.main.ROUTERS
def delete_document(services: ServicesDep, caller: CallerDep, doc_id: DocId) -> Response:
    """Delete a document everywhere (managers of its collection, admins); the audit trail
    keeps its id, hash and who deleted it."""
    doc = load(services, doc_id, caller)
    require(caller, "manager", doc.collection, "deleting a document")
    settings = services.settings
    # a busy writer (an upload being parsed) past the wait is EngineUnavailable: a 503
    engine = open_engine(settings, writable=True,
                         wait_s=min(settings.search_budget_s, WRITER_WAIT_S))
    try:
        gone = delete_documents(services.catalog, services.blobs, engine, [doc.id],
                                services.settings.home)
    except StillQueued as err:
        raise Conflict(str(err)) from err
    finally:
        engine.close()
    for deleted_id, sha, collection in gone.documents:
        record(services, caller, "delete", document_id=deleted_id, collection=collection,
               detail=f"sha256 {sha}")
    return Response(status_code=204)
