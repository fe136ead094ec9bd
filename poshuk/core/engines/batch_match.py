"""Many searches, each restricted to a few document ids, run together: how thousands of
watched searches are matched against one batch of new documents.

Each search is the engine's own query for its request (the same compiler as
``/search``), plus a filter on the batch's ids. On tantivy the compiled queries are kept
between batches, and when the batch's documents are given every search runs on a small
in-memory index of those documents alone (same schema and analysers), where a search
that may see the whole batch needs no id filter: a filter of 500 ids, looked up in every
segment of the archive's index, cost ten times the search itself (docs/benchmarks.md,
"Watched searches"). On Elasticsearch (this node has no percolator) one search answers
up to :data:`AGGS_PER_REQUEST` watches, each a ``filter`` aggregation over the batch.
Any other engine falls back to ``Engine.ids``. A search the engine refuses (one watch's
query) matches nothing and is logged; an unreachable engine raises ``EngineUnavailable``.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from poshuk.core.engines.base import Engine, EngineUnavailable, SearchRequest
from poshuk.core.model import Document

MSEARCH_CHUNK = 200
AGGS_PER_REQUEST = 200  # watches answered by one search on Elasticsearch
BUCKETS_PER_REQUEST = 50_000  # ids they may match between them (the node allows 65,536)
REQUESTS_AT_ONCE = 2  # the node searches each request on one thread; the ingest waits
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
    return one_by_one(engine, searches)


def one_by_one(engine: Engine, searches: Sequence[tuple[SearchRequest, Sequence[str]]]
               ) -> list[list[str]]:
    """What :func:`match_many` answers, search by search through ``Engine.ids``."""
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
    kept = engine.committed_records
    for doc in docs:
        record = kept.get(doc.id)
        writer.add_document(record if record is not None else engine._to_tantivy(doc_record(doc)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index.searcher()


def _elasticsearch(engine: Any, searches: Sequence[tuple[SearchRequest, Sequence[str]]]
                   ) -> list[list[str]]:
    """Many searches to a request: the request searches the union of their ids, and each
    search is one ``filter`` aggregation (its query, its filters, and its ids when they
    are not that whole union) with the matching ids below it. Searches on the same ids go
    together, so most need no id filter of their own. A request the node refuses (one
    watch's query over a limit) is run again search by search, so only that watch
    matches nothing."""
    from elasticsearch import ApiError

    queries: list[dict[str, Any]] = []
    for request, _ids in searches:
        def compile_query(request: SearchRequest = request) -> tuple[Any, list[Any]]:
            base, filters = engine._queries(request)
            return engine.doc_query.compile(request.query), base + list(filters.values())

        must, filters = _remember(_key(engine, engine.alias, request), compile_query)
        queries.append({"bool": {"must": [must], "filter": filters}})
    order = sorted(range(len(searches)), key=lambda i: (-len(searches[i][1]),
                                                        tuple(searches[i][1])))

    def answer(chunk: range) -> list[list[str]]:
        part = [(queries[order[k]], searches[order[k]][1]) for k in chunk]
        try:  # an unreachable or failing node raises EngineUnavailable from _call
            found: list[list[str]] = engine._call(lambda: _aggregated(engine, part))
            return found
        except ApiError as err:  # refused as malformed or over a limit: 4xx
            log.info("watches searched one by one: %s", str(err)[:200])
            return _searched(engine, part)

    out: list[list[str]] = [[] for _ in searches]
    chunks = _chunks([len(searches[i][1]) for i in order])
    with ThreadPoolExecutor(max_workers=REQUESTS_AT_ONCE) as pool:
        for chunk, found in zip(chunks, pool.map(answer, chunks), strict=True):
            for k, ids in zip(chunk, found, strict=True):
                out[order[k]] = ids
    return out


def _chunks(sizes: list[int]) -> list[range]:
    """Consecutive searches, at most :data:`AGGS_PER_REQUEST` and :data:`BUCKETS_PER_REQUEST`
    ids between them (the node refuses more than 65,536 buckets in one answer)."""
    chunks: list[range] = []
    start = total = 0
    for i, size in enumerate(sizes):
        if i > start and (i - start >= AGGS_PER_REQUEST or total + size > BUCKETS_PER_REQUEST):
            chunks.append(range(start, i))
            start, total = i, 0
        total += size
    if start < len(sizes):
        chunks.append(range(start, len(sizes)))
    return chunks


def _aggregated(engine: Any, part: list[tuple[dict[str, Any], Sequence[str]]]
                ) -> list[list[str]]:
    from poshuk.core.engines.es_query import keyword_in

    union = sorted({doc_id for _query, pool in part for doc_id in pool})
    aggs = {}
    for i, (query, pool) in enumerate(part):
        if len(pool) < len(union):  # not every id of the request: its own filter
            query = _within(query, pool)
        # "map": the few ids a watch matches are read as they come; the default builds
        # global ordinals of every id in the archive after each commit first
        ids = {"field": "id", "size": max(len(pool), 1), "execution_hint": "map"}
        aggs[str(i)] = {"filter": query, "aggs": {"ids": {"terms": ids}}}
    found = engine.client.search(  # never asked again: not worth the request cache
        index=engine.alias, size=0, track_total_hits=False, request_cache=False,
        query=keyword_in("id", union), aggs=aggs,
    )
    if found.get("timed_out") or found["_shards"].get("failed"):
        # a partial answer would lose matches for good: let the batch be matched again
        raise EngineUnavailable("Elasticsearch answered the watches' search only in part")
    answers = found["aggregations"]
    return [[bucket["key"] for bucket in answers[str(i)]["ids"]["buckets"]]
            for i in range(len(part))]


def _within(query: dict[str, Any], ids: Sequence[str]) -> dict[str, Any]:
    """``query`` restricted to the documents ``ids``."""
    from poshuk.core.engines.es_query import keyword_in

    return {"bool": {"must": [query], "filter": [keyword_in("id", list(ids))]}}


def _searched(engine: Any, part: list[tuple[dict[str, Any], Sequence[str]]]
              ) -> list[list[str]]:
    """Search by search in ``_msearch`` requests: a query the node refuses fails alone."""
    out: list[list[str]] = []
    for start in range(0, len(part), MSEARCH_CHUNK):
        lines: list[dict[str, Any]] = []
        for query, pool in part[start:start + MSEARCH_CHUNK]:
            lines += [{"index": engine.alias},
                      {"query": _within(query, pool), "size": max(len(pool), 1), "_source": False,
                       "docvalue_fields": ["id"], "track_total_hits": False,
                       "timeout": f"{int(engine.budget_s * 1000)}ms"}]
        answer = engine._call(lambda lines=lines: engine.client.msearch(searches=lines))
        for response in answer["responses"]:
            if "error" in response:
                log.warning("a watch's search failed on Elasticsearch: %s", response["error"])
                out.append([])
                continue
            out.append([row["fields"]["id"][0] for row in response["hits"]["hits"]])
    return out
