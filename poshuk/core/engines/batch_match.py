"""Many searches, each restricted to a few document ids, run together: how thousands of
watched searches are matched against one batch of new documents.

Each search is the engine's own query for its request (the same compiler as
``/search``), plus a filter on the batch's ids. On tantivy the compiled queries are kept
between batches, and when the batch's documents are given every search runs on a small
in-memory index of those documents alone (same schema and analysers), where a search
that may see the whole batch needs no id filter: a filter of 500 ids, looked up in every
segment of the archive's index, cost ten times the search itself (docs/benchmarks.md,
"Watched searches"). On Elasticsearch (this node has no percolator) one search answers
up to :data:`WATCHES_PER_REQUEST` watches, each a named clause of its query in the
cheaper form of a filter (``es_query.filter_form``). Any other
engine falls back to ``Engine.ids``. A search the engine refuses (one watch's
query) matches nothing and is logged; an unreachable engine raises ``EngineUnavailable``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from poshuk.core.engines.base import Engine, EngineUnavailable, SearchRequest
from poshuk.core.model import Document

WATCHES_PER_REQUEST = 600  # watches answered by one search on Elasticsearch
HITS_PER_REQUEST = 10_000  # ids they may match between them (the node's result window)
# their queries' clauses between them: well under the node's own limit (from its heap:
# 16,384 with 1 GB and 4 search threads), which would refuse the request
CLAUSES_PER_REQUEST = 4_000
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
    id_of = _ids_by_address(searcher, len(batch)) if on_batch else None
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
        out.append([id_of[(address.segment_ord, address.doc)] if id_of is not None
                    else str(searcher.doc(address).get_first("id"))
                    for _s, address in found.hits])
    return out


def _ids_by_address(searcher: Any, count: int) -> dict[tuple[int, int], str]:
    """The id of each document of a batch's index, by its address: read once, not once
    per match (a batch's watches match tens of thousands of times)."""
    import tantivy

    return {(address.segment_ord, address.doc): str(searcher.doc(address).get_first("id"))
            for _s, address in searcher.search(tantivy.Query.all_query(),
                                               limit=max(count, 1)).hits}


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
    """Many searches to a request (:func:`_one_search`); searches on the same ids go
    together, so most need no id filter of their own. A request the node refuses (a
    query over a limit: one watch's, or the request's clauses between them) is cut in
    two and asked again, down to the one watch that then matches nothing."""
    from elasticsearch import ApiError

    from poshuk.core.engines.es_query import DOC_RECORDS, filter_form

    queries: list[str] = []  # each as JSON text: kept so, not encoded again each pass
    clauses: list[int] = []  # each query's, for the node's limit
    for request, _ids in searches:
        def compile_query(request: SearchRequest = request) -> tuple[str, int]:
            base, filters = engine._queries(request)  # kind=doc: once, for the whole search
            query = {"bool": {"filter": [filter_form(engine.doc_query.compile(request.query)),
                                         *(q for q in base if q != DOC_RECORDS),
                                         *filters.values()]}}
            return _json(query), _clauses(query)

        query, count = _remember(_key(engine, engine.alias, request), compile_query)
        queries.append(query)
        clauses.append(count)
    # the largest pools first, searches on the same ids together (callers pass one list
    # per distinct set of ids: told apart by identity, not by their ids again)
    first: dict[int, int] = {}
    for i, (_request, ids) in enumerate(searches):
        first.setdefault(id(ids), i)
    order = sorted(range(len(searches)),
                   key=lambda i: (-len(searches[i][1]), first[id(searches[i][1])]))

    def answer(part: list[tuple[str, Sequence[str]]]) -> list[list[str]]:
        try:  # an unreachable or failing node raises EngineUnavailable from _call
            found: list[list[str]] = engine._call(lambda: _one_search(engine, part))
            return found
        except ApiError as err:  # refused as malformed or over a limit: 4xx
            if len(part) == 1:
                log.warning("a watch's search failed on Elasticsearch: %s", str(err)[:200])
                return [[]]
            log.info("a watches' search was refused, asked again in two: %s", str(err)[:200])
            return answer(part[:len(part) // 2]) + answer(part[len(part) // 2:])

    out: list[list[str]] = [[] for _ in searches]
    chunks = _chunks([searches[i][1] for i in order], [clauses[i] for i in order])
    parts = [[(queries[order[k]], searches[order[k]][1]) for k in chunk] for chunk in chunks]
    with ThreadPoolExecutor(max_workers=REQUESTS_AT_ONCE) as pool:
        for chunk, found in zip(chunks, pool.map(answer, parts), strict=True):
            for k, ids in zip(chunk, found, strict=True):
                out[order[k]] = ids
    return out


def _chunks(pools: list[Sequence[str]], clauses: list[int]) -> list[range]:
    """Consecutive searches, at most :data:`WATCHES_PER_REQUEST`, whose ids between them
    are at most :data:`HITS_PER_REQUEST` (counted per distinct list: callers pass one
    list per distinct set of ids) and whose queries hold at most
    :data:`CLAUSES_PER_REQUEST` clauses (``clauses``: each search's)."""
    chunks: list[range] = []
    start = total = weight = 0
    seen: set[int] = set()
    for i, pool in enumerate(pools):
        size = 0 if id(pool) in seen else len(pool)
        if i > start and (i - start >= WATCHES_PER_REQUEST or total + size > HITS_PER_REQUEST
                          or weight + clauses[i] > CLAUSES_PER_REQUEST):
            chunks.append(range(start, i))
            start, total, weight, size = i, 0, 0, len(pool)
            seen.clear()
        seen.add(id(pool))
        total += size
        weight += clauses[i]
    if start < len(pools):
        chunks.append(range(start, len(pools)))
    return chunks


def _clauses(query: Any) -> int:
    """How many leaf queries an Elasticsearch query holds (what the node's clause limit
    counts)."""
    if isinstance(query, list):
        return sum(map(_clauses, query))
    if isinstance(query, dict) and "bool" in query:
        return sum(_clauses(query["bool"].get(kind, []))
                   for kind in ("must", "should", "filter", "must_not"))
    if isinstance(query, dict) and "terms" in query:  # one clause a value, once rewritten
        return sum(len(values) for values in query["terms"].values())
    return 1


def _one_search(engine: Any, part: list[tuple[str, Sequence[str]]]) -> list[list[str]]:
    """One search over the union of the ids of ``part`` (queries as JSON text): each
    watch's query (with its ids when they are not that whole union) is a named optional
    clause, and each hit says which clauses it matched. Sorted by index order, the search
    needs no score, so the node finds the union's documents by their ids alone and tries
    each watch only on the segments that hold them, when it reads the hits; as one
    aggregation each, a watch cost a matcher in every segment of the archive
    (docs/benchmarks.md, "Watched searches"). The body is put together as text from the
    queries' cached JSON: encoding the same queries again each pass cost more than the
    rest of the request on this side."""
    from poshuk.core.engines.es_query import DOC_RECORDS, keyword_in

    pools = {id(pool): pool for _query, pool in part}  # callers share one list per set
    union = sorted({doc_id for pool in pools.values() for doc_id in pool})
    within: dict[int, str] = {}  # a pool's id filter, as JSON, once per request
    named = []
    for i, (query, pool) in enumerate(part):
        if len(pool) < len(union):  # not every id of the request: its own filter
            if id(pool) not in within:
                within[id(pool)] = _json(keyword_in("id", list(pool)))
            query = f'{{"bool":{{"must":[{query}],"filter":[{within[id(pool)]}]}}}}'
        named.append(f'{{"bool":{{"filter":[{query}],"_name":"{i}"}}}}')
    # each hit's id from doc values, no stored field read: ``_id`` is stored beside the
    # source, so reading it decompressed each hit's block of pages (a sixth of the node's
    # time in these searches, docs/benchmarks.md); never asked again: no request cache
    head = _json({"size": max(len(union), 1), "stored_fields": ["_none_"],
                  "docvalue_fields": [{"field": "id"}], "sort": ["_doc"],
                  "track_total_hits": False})
    query = (f'{{"bool":{{"must":[{_json(keyword_in("id", union))}],'
             f'"filter":[{_json(DOC_RECORDS)}],"should":[{",".join(named)}]}}}}')
    found = engine.client.perform_request(
        "POST", f"/{quote(engine.alias, safe='')}/_search", params={"request_cache": "false"},
        headers={"accept": "application/json", "content-type": "application/json"},
        body=f'{head[:-1]},"query":{query}}}').body
    if found.get("timed_out") or found["_shards"].get("failed"):
        # a partial answer would lose matches for good: let the batch be matched again
        raise EngineUnavailable("Elasticsearch answered the watches' search only in part")
    out: list[list[str]] = [[] for _ in part]
    for hit in found["hits"]["hits"]:
        doc_id = hit["fields"]["id"][0]
        for name in hit.get("matched_queries", ()):
            out[int(name)].append(doc_id)
    return out


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
