"""Matching newly indexed documents against every watch, after each index commit.

The pipeline calls :func:`match_new` with the documents the engine has just committed,
*before* the catalog marks them indexed: a process killed in between indexes them again
on its next run and matches them again, and each match is recorded once (unique per
watch and document), so nothing is lost and nothing repeated.

Each watch's search runs on the real engine, restricted to the new documents its owner
may read at this moment (their ids filter the search: the rights are inside the query,
on both engines alike; Elasticsearch's percolator is not in every distribution). What
keeps 10,000 watches cheap against a batch: a watch whose query needs a citation or
entity no new document has is skipped without a search; watches asking the same thing
of the same documents share one search; each query is parsed and compiled once per
process, and the searches of a batch run together (``engines.batch_match``); and only
documents catalogued after the watch was made count as new (a reindex reports nothing
old).

A document whose duplicate or near-duplicate group already produced a match of a watch
is not reported again to that watch: a lawyer wants the new verdict, not its copies.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from poshuk.core.accounts import Accounts
from poshuk.core.catalog import Catalog
from poshuk.core.db import Database
from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.engines.batch_match import match_many
from poshuk.core.index_chunks import even_chunks
from poshuk.core.model import Document
from poshuk.core.outbox import enqueue
from poshuk.core.query import And, Keyword, Node, Or, parse_query
from poshuk.core.watches import Watches, Watching, now_iso, watch_request

Need = frozenset[tuple[str, str]]  # a document must carry at least one of these values
_NEEDED_FIELDS = ("citation", "entity")
_LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)


def needs(node: Node) -> Need | None:
    """Citation or entity values of which a matching document must carry at least one
    (None: the query needs none that can be checked without the engine)."""
    if isinstance(node, Keyword):
        return frozenset({(node.field, node.value)}) if node.field in _NEEDED_FIELDS else None
    if isinstance(node, And):
        found = [n for n in map(needs, node.items) if n is not None]
        return min(found, key=len) if found else None
    if isinstance(node, Or):
        parts = [needs(item) for item in node.items]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*(p for p in parts if p is not None))
    return None


def _needs_only(node: Node) -> bool:
    """Whether carrying one of :func:`needs`'s values is all ``node`` asks."""
    if isinstance(node, Keyword):
        return node.field in _NEEDED_FIELDS
    return isinstance(node, Or) and all(map(_needs_only, node.items))


@lru_cache(maxsize=65_536)
def _compiled(query: str, filters: str) -> tuple[Need | None, SearchRequest, bool]:
    """A watch's query parsed once per process: what it needs, its search, and whether
    what it needs is the whole answer (``citation:…`` alone: no search to run)."""
    facet_filters: dict[str, list[str]] = json.loads(filters)
    parsed = parse_query(query)
    found = [n for n in (needs(parsed),
                         *(frozenset((name, v) for v in values)
                           for name, values in facet_filters.items()
                           if name in _NEEDED_FIELDS)) if n is not None]
    request = watch_request(query, facet_filters)
    exact = not facet_filters and request.query == parsed and _needs_only(parsed)
    return (min(found, key=len) if found else None), request, exact


@lru_cache(maxsize=65_536)
def _same_filters(stored: str) -> str:
    """A watch's filters as stored, in one spelling per meaning (keys sorted): watches
    asking the same thing share a search."""
    return json.dumps(json.loads(stored), sort_keys=True)


@lru_cache(maxsize=65_536)
def _moment(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def _carried(docs: Sequence[Document]) -> dict[tuple[str, str], set[str]]:
    """For each citation and entity value, the ids of the documents carrying it (as the
    index holds them: ``poshuk.core.records.doc_record``)."""
    carried: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc in docs:
        for citation in doc.citations:
            carried[("citation", citation.key)].add(doc.id)
        for entity in doc.entities:
            carried[("entity", entity.key)].add(doc.id)
    return carried


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused for a block. A pass allocates hundreds of
    thousands of objects without cycles (rows, tuples, sets of ids), freed as they go;
    left on, the collector scanned the process's whole heap about once a pass for them,
    a quarter of the pass's time (docs/benchmarks.md, "Watched searches")."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def match_new(db_watches: Watches, accounts: Accounts, engine: Engine,
              docs: Sequence[Document]) -> int:
    """Match ``docs`` (just committed to ``engine``, with their pages) against every
    watch; record and queue for delivery each new match; returns how many."""
    with _no_cycle_collection():
        return _match_new(db_watches, accounts, engine, docs)


def _match_new(db_watches: Watches, accounts: Accounts, engine: Engine,
               docs: Sequence[Document]) -> int:
    docs = [doc for doc in docs if doc.status == "ok"]
    watches = db_watches.to_match() if docs else []
    if not watches:
        return 0
    carried = _carried(docs)
    # per owner, the documents they may read, by the time they were catalogued
    readable: dict[str, list[tuple[dt.datetime, str]]] = {}
    # (owner, position in readable) → the ids from there on: most watches share one
    pools: dict[tuple[str, int], frozenset[str]] = {}
    # (query, filters, candidate ids) → the watches asking exactly that
    groups: dict[tuple[str, str, frozenset[str]], list[Watching]] = defaultdict(list)
    for watch in watches:
        if watch.owner not in readable:
            caller = accounts.caller(watch.owner or None)
            readable[watch.owner] = sorted((d.ingested_at or _LATEST, d.id) for d in docs
                                           if caller.may("reader", d.collection))
        # only what was catalogued after the watch was made is new to it
        start = bisect_left(readable[watch.owner], (_moment(watch.created_at), ""))
        if (ids := pools.get((watch.owner, start))) is None:
            ids = pools[(watch.owner, start)] = frozenset(
                doc_id for _at, doc_id in readable[watch.owner][start:])
        filters = _same_filters(watch.filters)
        need = _compiled(watch.query, filters)[0]
        if need is not None:
            ids &= frozenset().union(*(carried.get(value, ()) for value in need))
        if ids:
            groups[(watch.query, filters, ids)].append(watch)
    asked: list[tuple[tuple[str, str, frozenset[str]], list[Watching]]] = []
    answered: list[tuple[tuple[str, str, frozenset[str]], list[Watching]]] = []
    for key, asking in groups.items():  # answered: the carried values are the matches
        (answered if _compiled(key[0], key[1])[2] else asked).append((key, asking))
    in_order = {ids: sorted(ids) for ids in {key[2] for key in groups}}  # each set once
    found = match_many(engine, [(_compiled(query, filters)[1], in_order[ids])
                                for (query, filters, ids), _watches in asked], docs)
    found += [in_order[ids] for (_query, _filters, ids), _watches in answered]
    hits = {watch.id: matched
            for (_key, asking), matched in zip(asked + answered, found, strict=True)
            for watch in asking}
    by_id = {doc.id: doc for doc in docs}
    return _record(db_watches, {w.id: w for w in watches}, hits, by_id)


_ROWS_PER_INSERT = 500  # match rows per INSERT statement (4 parameters each)
_READ_AT_ONCE = 500  # documents read from the catalog per query after a rebuild


def _record(store: Watches, watches: dict[int, Watching], hits: dict[int, list[str]],
            docs: dict[str, Document]) -> int:
    """Record the matches not recorded before and queue their deliveries; returns how
    many were new. (Hundreds of thousands in a large ingest: no object per match beyond
    its row.)"""
    db = store.db
    now = now_iso()
    rows: list[tuple[int, str, str | None, str]] = []
    # of copies arriving together, the one a folded search shows is reported: the batch
    # in that order once, each watch's matches sorted by their place in it
    place = {doc.id: n for n, doc in enumerate(sorted(
        docs.values(), key=lambda d: (d.folded, d.ingested_at or _LATEST, d.id)))}
    delivered = {w.id for w in watches.values() if w.delivers}
    with db.transaction():
        reported = _reported_groups(db, hits, docs)
        for watch_id, found in hits.items():
            for doc_id in sorted((i for i in found if i in place), key=place.__getitem__):
                group = docs[doc_id].duplicate_group
                if group and (watch_id, group) in reported:
                    continue  # a copy of a document this watch already reported
                rows.append((watch_id, doc_id, group, now))
                if group:
                    reported.add((watch_id, group))
        # those matched before (indexed again) are left out; only the matches of watches
        # that deliver need their ids back
        sent = [row for row in rows if row[0] in delivered]
        count, _ = _insert_matches(db, [row for row in rows if row[0] not in delivered])
        more, new = _insert_matches(db, sent, returning=True)
        order = {(w, d): n for n, (w, d, _g, _at) in enumerate(sent)}
        queued = sorted((order[(int(w), str(d))], int(match_id)) for match_id, w, d in new)
        # queued in the order of the rows: the order they are sent in
        channels = store.many({sent[n][0] for n, _match_id in queued})  # with their channels
        enqueue(db, [(channels[sent[n][0]], match_id) for n, match_id in queued
                     if sent[n][0] in channels])  # (not one deleted meanwhile)
    return count + more


def _insert_matches(db: Database, rows: list[tuple[int, str, str | None, str]],
                    returning: bool = False) -> tuple[int, list[Any]]:
    """Insert the match rows, many to a statement, leaving out those already there;
    returns how many were new and, with ``returning``, their (id, watch, document)."""
    new: list[Any] = []
    count = 0
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start:start + _ROWS_PER_INSERT]
        values = ", ".join("(?, ?, ?, ?, 0)" for _ in chunk)
        sql = ("INSERT INTO watch_matches (watch_id, doc_id, duplicate_group, matched_at, seen) "
               f"VALUES {values} ON CONFLICT (watch_id, doc_id) DO NOTHING")
        params = [value for row in chunk for value in row]
        if returning:
            found = db.execute(sql + " RETURNING id, watch_id, doc_id", params).fetchall()
            new += found
            count += len(found)
        else:
            count += db.execute(sql, params).rowcount
    return count, new


def _reported_groups(db: Database, hits: dict[int, list[str]], docs: dict[str, Document]
                     ) -> set[tuple[int, str]]:
    """(watch, duplicate group) pairs of which some document was reported already, for
    the groups of the batch's documents each watch found: every member the catalog has
    now (a later copy may have put an earlier document in one), looked up by the (watch,
    document) key the matches are kept under, so a pass costs its grouped hits, not the
    matches recorded before it."""
    grouped = {doc.id: doc.duplicate_group for doc in docs.values() if doc.duplicate_group}
    watching: dict[str, set[int]] = defaultdict(set)  # group -> the watches that found it
    for watch_id, found in hits.items() if grouped else ():  # most batches: no copies
        for doc_id in found:
            if group := grouped.get(doc_id):
                watching[group].add(watch_id)
    reported: set[tuple[int, str]] = set()
    members = db.rows_in("SELECT id, duplicate_group FROM documents "
                         "WHERE duplicate_group IN ({in})", sorted(watching))
    for doc_id, group in [(row[0], str(row[1])) for row in members]:
        reported.update((int(row[0]), group) for row in db.rows_in(
            "SELECT watch_id FROM watch_matches WHERE watch_id IN ({in}) AND doc_id = ?",
            sorted(watching[group]), after=(doc_id,)))
    return reported


def pending_ids(catalog: Catalog) -> list[str]:
    """Parsed documents not yet indexed: what a rebuild will make new."""
    return [row[0] for row in catalog.db.execute(
        "SELECT id FROM documents WHERE status = 'ok' AND indexed = 0 ORDER BY id")]


def watch_matcher(catalog: Catalog) -> Callable[[Engine, Sequence[Document]], object]:
    """The pipeline's hook: matches the documents an index commit has just made
    searchable (call it before the catalog marks them indexed)."""
    store, accounts = Watches(catalog.db), Accounts(catalog.db)
    return lambda engine, docs: match_new(store, accounts, engine, docs)


def match_ids(catalog: Catalog, engine: Engine, ids: list[str]) -> int:
    """Match the documents ``ids`` (after a rebuild) in the pipeline's even chunks
    (``poshuk.core.index_chunks``): a pass costs mostly per watch on Elasticsearch."""
    store, accounts = Watches(catalog.db), Accounts(catalog.db)
    docs = (doc for start in range(0, len(ids), _READ_AT_ONCE)
            for doc in catalog.get_many(ids[start:start + _READ_AT_ONCE],
                                        with_pages=True).values())
    return sum(match_new(store, accounts, engine, chunk)
               for chunk in even_chunks(docs, len(ids)))
