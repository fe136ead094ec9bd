"""Semantic and hybrid search behind the API: the vector store or a 409 that says what to
run, and ``/search``'s engine call by mode."""

from __future__ import annotations

from poshuk.core import hybrid, semantic
from poshuk.core.engines import SearchRequest, SearchResult
from poshuk.core.engines.vectors import VectorStore
from search_api.deps import Services
from search_api.errors import BadRequest, Conflict

NOT_INSTALLED = ("semantic search needs the semantic extra on the server "
                 "(pip install 'poshuk[semantic]'), then `poshuk embed`")


def vector_store(services: Services) -> VectorStore:
    if not semantic.available():
        raise Conflict(NOT_INSTALLED)
    return services.vectors()


def run_search(services: Services, request: SearchRequest) -> SearchResult:
    """``request`` answered in its mode (lexical: by the engine alone)."""
    if request.mode == "lexical":
        return services.engine().search(request)
    if not request.text.strip():
        raise BadRequest(f"mode={request.mode} needs words in q (a filter alone has no "
                         "meaning to compare); use mode=lexical to browse")
    store = vector_store(services)
    try:
        return hybrid.search(services.engine(), store, services.embedder, request)
    except hybrid.NoVectors as err:
        raise Conflict(str(err)) from err
