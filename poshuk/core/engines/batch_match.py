"""Many searches, each restricted to a few document ids, run together: how thousands of
watched searches are matched against one batch of new documents.

Each search is the engine's own query for its request (the same compiler as
``/search``), plus a filter on the batch's ids. On tantivy the compiled queries are kept
between batches, and when the batch's documents are given every search runs on a small
in-memory index of those documents alone (same schema and analysers), where a search
that may see the whole batch needs no id filter: a filter of 500 ids, looked up in every
segment of the archive's index, cost ten times the search itself (docs/benchmarks.md,
"Watched searches"). On Elasticsearch the searches go in ``_msearch`` requests of
:data:`MSEARCH_CHUNK` (this node has no percolator).
Any other engine falls back to ``Engine.ids``. A search the engine refuses (one watch's
query) matches nothing and is logged; an unreachable engine raises ``EngineUnavailable``.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import Any

from poshuk.core.engines.base import Engine, SearchRequest
from poshuk.core.model import Document

MSEARCH_CHUNK = 200
_CACHE_LIMIT = 50_000
_BATCH_HEAP = 50_000_000  # the in-memory index's writer (tantivy asks for 15 MB at least)
log = logging.getLogger("poshuk.watches")
_compiled: dict[Hashable, Any] = {}  # (engine, generation, query, filters) → its query


def _key(engine: Engine, generation: str, request: SearchRequest) -> Hashable:
    filters = tuple(sorted((name, tuple(values)) for name, values in request.filters.items()))
    return (id(engine), generation, request.query, filters, request.date_from,
            request.date_to)


def _remember(key: Hashable, make: Any) -> Any:
    found = _compiled.get(key)
    if found is None:
        if len(_compiled) >= _CACHE_LIMIT:
            _compiled.clear()
        found = _compiled[key] = make()
    return found


def match_many(engine: Engine, searches: Sequence[tuple[SearchRequest, Sequence[str]]],
               docs: Sequence[Document] = ()) -> list[list[str]]:
    """For each (request, ids): the ids among ``ids`` the request matches. ``docs``: the
    batch's documents as just indexed, with their pages (every id is one of theirs)."""
    if engine.name == "tantivy":
        return _tantivy(engine, searches, docs)
    if engine.name == "elasticsearch":
        return _elasticsearch(engine, searches)
    return [list(engine.ids(replace(request, scope={**request.scope, "id": list(ids)}),
                            batch=max(len(ids), 1)))
            for request, ids in searches]


def _tantivy(engine: Any, searches: Sequence[tuple[SearchRequest, Sequence[str]]],
             docs: Sequence[Document]) -> list[list[str]]:
    from poshuk.core.engines.tantivy_query import all_of

    engine._refresh()
    batch = {doc.id for doc in docs}
    on_batch = bool(batch) and all(batch.issuperset(ids) for _request, ids in searches)
    searcher = _batch_searcher(engine, docs) if on_batch else engine.index.searcher()
    id_sets: dict[tuple[str, ...], Any] = {}
    out: list[list[str]] = []
    for request, ids in searches:
        def compile_main(request: SearchRequest = request) -> Any:
            base, filters = engine._queries(request)
            return all_of(*base, *filters.values())

        query = _remember(_key(engine, engine._generation, request), compile_main)
        wanted = tuple(ids)  # callers pass one list per distinct set, sorted once
        if not (on_batch and len(wanted) == len(batch)):  # not the whole batch: filter
            if wanted not in id_sets:
                id_sets[wanted] = engine.doc_query.keyword_in("id", list(wanted))
            query = all_of(query, id_sets[wanted])
        try:
            found = searcher.search(query, limit=max(len(wanted), 1))
        except ValueError as err:
            log.warning("a watch's search failed on tantivy: %s", err)
            out.append([])
            continue
        out.append([str(searcher.doc(address).get_first("id")) for _s, address in found.hits])
    return out


def _batch_searcher(engine: Any, docs: Sequence[Document]) -> Any:
    """A searcher over an in-memory index of ``docs``' document records alone."""
    import tantivy

    from poshuk.core.engines.tantivy_schema import register_analyzers
    from poshuk.core.records import doc_record

    index = tantivy.Index(engine.schema)
    register_analyzers(index)
    writer = index.writer(heap_size=_BATCH_HEAP, num_threads=1)
    for doc in docs:
        writer.add_document(engine._to_tantivy(doc_record(doc)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index.searcher()


def _elasticsearch(engine: Any, searches: Sequence[tuple[SearchRequest, Sequence[str]]]
                   ) -> list[list[str]]:
    from poshuk.core.engines.es_query import keyword_in

    bodies: list[dict[str, Any]] = []
    for request, ids in searches:
        def compile_query(request: SearchRequest = request) -> tuple[Any, list[Any]]:
            base, filters = engine._queries(request)
            return engine.doc_query.compile(request.query), base + list(filters.values())

        must, filters = _remember(_key(engine, engine.alias, request), compile_query)
        bodies.append({
            "query": {"bool": {"must": [must], "filter": [*filters, keyword_in("id", list(ids))]}},
            "size": max(len(ids), 1), "_source": False, "docvalue_fields": ["id"],
            "track_total_hits": False, "timeout": f"{int(engine.budget_s * 1000)}ms",
        })
    out: list[list[str]] = []
    for start in range(0, len(bodies), MSEARCH_CHUNK):
        chunk = bodies[start:start + MSEARCH_CHUNK]
        lines: list[dict[str, Any]] = []
        for body in chunk:
            lines += [{"index": engine.alias}, body]
        answer = engine._call(lambda lines=lines: engine.client.msearch(searches=lines))
        for response in answer["responses"]:
            if "error" in response:
                log.warning("a watch's search failed on Elasticsearch: %s", response["error"])
                out.append([])
                continue
            out.append([row["fields"]["id"][0] for row in response["hits"]["hits"]])
    return out
