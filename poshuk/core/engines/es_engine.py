"""The team engine: Elasticsearch, through the official client.

Searches go to an alias (``Settings.es_index``, ``poshuk`` by default) that points at one
versioned index, ``<alias>-v<template version>-<timestamp>``. ``rebuild`` fills a new
index from the catalog and swaps the alias in one atomic ``_aliases`` call, so searches
keep answering from the old index until the new one is complete, and a failed rebuild
leaves the old one serving.

Facets are disjunctive as in the embedded engine: the facet filters go in
``post_filter`` (they narrow the hits, not the aggregations), and each facet's
aggregation is wrapped in a ``filter`` aggregation holding every *other* facet filter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from typing import Any, TypeVar

from elasticsearch import (
    ApiError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.helpers import BulkIndexError

from poshuk.core.analysis import Marker
from poshuk.core.config import es_urls
from poshuk.core.engines import rules
from poshuk.core.engines.base import (
    EngineUnavailable,
    Highlight,
    Hit,
    SearchRequest,
    SearchResult,
    SearchTimedOut,
)
from poshuk.core.engines.es_bulk import bulk_index
from poshuk.core.engines.es_facets import aggregations, read_aggregations
from poshuk.core.engines.es_kept_vectors import kept_vectors
from poshuk.core.engines.es_query import DOC_RECORDS, Query, QueryCompiler, date_range, keyword_in
from poshuk.core.model import Document
from poshuk.core.query import positive_leaves
from poshuk.core.query_limits import QueryLimitError
from poshuk.core.records import page_record_ids
from poshuk.core.schema import load_schema, load_template
from poshuk.core.snippets import snippet_html
from poshuk.core.textfold import words

_TERMS_PER_QUERY = 10_000  # values in one terms query (the node refuses over 65,536)
_GRACE_S = 2.0  # the client waits this much past the node's own timeout
_HIT_FIELDS = ["id", "title", "date", "lang", "type", "source", "copies", "page"]
T = TypeVar("T")


# Records become searchable at commit() only, as on tantivy: the node's own refresh every
# second (while searches keep the index active: watch matching does) cut an ingest's
# passes into many small segments, and measured 6% slower (docs/benchmarks.md, "Watched
# searches").
REFRESH_INTERVAL = "-1"


class ElasticsearchEngine:
    name = "elasticsearch"
    budget_s = 10.0  # time one search may take (Settings.search_budget_s)

    def __init__(
        self,
        url: str,
        alias: str = "poshuk",
        *,
        writable: bool = False,
        rebuild: bool = False,
        shards: int = 1,
        replicas: int = 0,
    ) -> None:
        """``url``: one node or several, comma-separated. ``rebuild=True`` opens for a
        :meth:`rebuild` only: an index built from another version of the template is then
        no obstacle (it is what the rebuild replaces). ``shards`` and ``replicas`` shape
        the indices this engine creates."""
        self.url = url
        self.alias = alias
        self.writable = writable or rebuild
        self.layout = {"number_of_shards": shards, "number_of_replicas": replicas,
                       "refresh_interval": REFRESH_INTERVAL}
        self.shared = load_schema()
        self.doc_query = QueryCompiler(self.shared)
        self.page_query = QueryCompiler(self.shared, pages=True)
        self.client = _client(es_urls(url))
        self._call(lambda: self.client.cluster.health(timeout="10s"))
        exists = self._call(lambda: self.client.indices.exists_alias(name=alias))
        if not exists:
            if not self.writable:
                raise EngineUnavailable(
                    f"no index {alias!r} on Elasticsearch at {url}: ingest documents or run "
                    "`poshuk reindex --engine elasticsearch` first"
                )
            index = self._create_index()
            self._call(lambda: self.client.indices.put_alias(index=index, name=alias))
        elif not rebuild:
            self._check_template()
            if self.writable:  # an index made before the setting
                self._call(lambda: self.client.indices.put_settings(
                    index=alias, settings={"index": {"refresh_interval": REFRESH_INTERVAL}}))

    def _check_template(self) -> None:
        """An index built from another version of the template (other fields, other
        analysis) would answer wrongly or refuse records: say so, as tantivy does."""
        found = self._call(lambda: self.client.indices.get_mapping(index=self.alias))
        for name, body in found.body.items():
            built = body["mappings"].get("_meta", {}).get("template_sha256")
            if built != _template_sha256():
                raise EngineUnavailable(
                    f"the index {name} behind {self.alias!r} was built by another version of "
                    "Poshuk's template; run `poshuk reindex --engine elasticsearch`"
                )

    # --- plumbing ------------------------------------------------------------------

    def _call(self, request: Callable[[], T]) -> T:
        """Run one request; an unreachable or failing node becomes ``EngineUnavailable``."""
        try:
            return request()
        except (TransportError, ApiError) as err:
            raise self._unavailable(err) from err

    def _search(self, **kwargs: Any) -> Any:
        """One search within the time budget: the node stops at its ``timeout`` and the
        client gives up a little later without retrying, closing the connection, which
        cancels the search on the node. Either way the API answers 504."""
        timeout = f"{int(self.budget_s * 1000)}ms"
        if "body" in kwargs:
            kwargs["body"] = {**kwargs["body"], "timeout": timeout}
        else:
            kwargs["timeout"] = timeout
        client = self.client.options(
            request_timeout=self.budget_s + _GRACE_S, retry_on_timeout=False
        )
        try:
            found = client.search(index=self.alias, **kwargs)
        except ConnectionTimeout as err:
            raise self._timed_out() from err
        except ApiError as err:
            if err.status_code == 400 and "maxClauseCount" in str(err):
                raise QueryLimitError(
                    "the query expands to more index terms than the node allows",
                    "max_compiled", 0,
                ) from err
            raise self._unavailable(err) from err
        except TransportError as err:
            raise self._unavailable(err) from err
        if found.get("timed_out"):
            raise self._timed_out()
        return found

    def _timed_out(self) -> SearchTimedOut:
        return SearchTimedOut(
            f"the search took longer than its budget of {self.budget_s:g} s "
            "(POSHUK_SEARCH_BUDGET_S); narrow it with more words or filters"
        )

    def _unavailable(self, err: TransportError | ApiError) -> Exception:
        """A node that is down, overloaded or failing is "unavailable" (503 in the API);
        a request it refuses as malformed is a bug here and stays an ``ApiError``."""
        if isinstance(err, ApiError) and err.status_code < 500 and err.status_code != 429:
            return err
        return EngineUnavailable(
            f"Elasticsearch at {self.url} is not answering ({type(err).__name__}: "
            f"{str(err)[:200]}); check the node, or run with --engine tantivy"
        )

    def _create_index(self) -> str:
        template = load_template()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
        index = f"{self.alias}-v{template['version']}-{stamp}"
        body = template["template"]
        self._call(
            lambda: self.client.indices.create(
                index=index,
                settings={**body["settings"], **self.layout},
                mappings={**body["mappings"], "_meta": {"template_sha256": _template_sha256()}},
                wait_for_active_shards="1",
            )
        )
        return index

    def _indices(self) -> list[str]:
        try:
            found = self._call(lambda: self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []
        return list(found.body)

    # --- writing -------------------------------------------------------------------

    def _bulk(self, docs: Iterable[Document], index: str) -> int:
        """Write ``docs`` into ``index``, keeping the passage vectors that the alias's
        records hold for the same content (``es_kept_vectors``)."""
        keep = partial(kept_vectors, self.client, self.alias, self.shared.vectors)
        try:
            return bulk_index(self.client, docs, index, keep)
        except BulkIndexError as err:
            first = err.errors[0] if err.errors else {}
            raise EngineUnavailable(
                f"Elasticsearch refused {len(err.errors)} records, e.g. {str(first)[:300]}"
            ) from err
        except (TransportError, ApiError) as err:
            raise self._unavailable(err) from err

    def add(self, docs: Iterable[Document]) -> int:
        docs = list(docs)
        index = self._write_index()
        self._drop_stale_pages(docs, index)
        return self._bulk(docs, index)

    def _write_index(self) -> str:
        indices = self._indices()
        if len(indices) != 1:
            raise EngineUnavailable(
                f"alias {self.alias!r} points at {len(indices)} indices; run `poshuk reindex`"
            )
        return indices[0]

    def _drop_stale_pages(self, docs: list[Document], index: str) -> None:
        """A document re-added with fewer pages (e.g. after OCR) must lose the rest."""
        keep = {page_id for doc in docs for page_id in page_record_ids(doc)}
        parents = [doc.id for doc in docs]
        for start in range(0, len(parents), _TERMS_PER_QUERY):
            query = {"bool": {"filter": [
                keyword_in("kind", ["page"]),
                keyword_in("parent", parents[start:start + _TERMS_PER_QUERY])]}}
            stale = [i for i in self._record_ids(index, query) if i not in keep]
            self._delete_records(index, stale)

    def _record_ids(self, index: str, query: Query) -> list[str]:
        """The ``_id`` of every record ``query`` matches, however many."""
        ids: list[str] = []
        search_after: list[Any] | None = None
        while True:
            found = self._call(
                lambda after=search_after: self.client.search(  # type: ignore[misc]
                    index=index, query=query, size=5000, sort=[{"id": "asc"}],
                    source=False, search_after=after, track_total_hits=False,
                )
            )
            rows = found["hits"]["hits"]
            ids += [row["_id"] for row in rows]
            if len(rows) < 5000:
                return ids
            search_after = rows[-1]["sort"]

    def _delete_records(self, index: str, ids: list[str]) -> None:
        if ids:
            self._call(
                lambda: self.client.bulk(
                    operations=[{"delete": {"_index": index, "_id": i}} for i in ids]
                )
            )

    def delete(self, ids: list[str]) -> None:
        """Delete the records, then merge away the segments' deleted entries."""
        index = self._write_index()
        query = {"bool": {"should": [keyword_in("id", ids), keyword_in("parent", ids)],
                          "minimum_should_match": 1}}
        self._delete_records(index, self._record_ids(index, query))
        self._call(lambda: self.client.indices.refresh(index=index))
        self._call(lambda: self.client.indices.forcemerge(
            index=index, only_expunge_deletes=True))

    def commit(self) -> None:
        # Bulk writes are durable once acknowledged (translog per request); a refresh
        # makes them searchable (the index does not refresh on its own: REFRESH_INTERVAL).
        self._call(lambda: self.client.indices.refresh(index=self.alias))

    def rebuild(self, docs: Iterable[Document]) -> int:
        old = self._indices()
        index = self._create_index()
        try:
            count = self._bulk(docs, index)
            self._call(lambda: self.client.indices.refresh(index=index))
            actions: list[dict[str, Any]] = [
                {"remove": {"index": name, "alias": self.alias}} for name in old
            ]
            actions.append({"add": {"index": index, "alias": self.alias}})
            self._call(lambda: self.client.indices.update_aliases(actions=actions))
        except BaseException:
            self.client.options(ignore_status=404).indices.delete(index=index)
            raise
        for name in old:
            self.client.options(ignore_status=404).indices.delete(index=name)
        return count

    def close(self) -> None:
        self.client.close()

    # --- reading -------------------------------------------------------------------

    def count(self) -> int:
        found = self._call(
            lambda: self.client.count(index=self.alias, query=DOC_RECORDS)
        )
        return int(found["count"])

    def health(self) -> str:
        found = self._call(lambda: self.client.cluster.health(index=self.alias))
        return str(found["status"])

    def _queries(self, request: SearchRequest) -> tuple[list[Query], dict[str, Query]]:
        """The request's kind and date range (``base``) and its facet filters."""
        base: list[Query] = [DOC_RECORDS]
        base += [keyword_in(name, values) for name, values in request.scope.items()]
        if request.date_from or request.date_to:
            base.append(date_range(request.date_from, request.date_to))
        if request.fold_copies:
            base.append({"bool": {"must_not": [keyword_in("folded", ["yes"])]}})
        if request.mentioned_from or request.mentioned_to:
            base.append(date_range(request.mentioned_from, request.mentioned_to, "mentioned"))
        filters = {name: keyword_in(name, values) for name, values in request.filters.items()
                   if values}
        return base, filters

    def ids(self, request: SearchRequest, batch: int = 1000) -> Iterator[str]:
        """Paged with ``search_after`` on the sort plus ``id``, so it has no depth limit."""
        base, filters = self._queries(request)
        query = {"bool": {"must": [self.doc_query.compile(request.query)],
                          "filter": base + list(filters.values())}}
        sort: list[Any] = [{"_score": "desc"}, {"id": "asc"}]
        if request.sort != "relevance":
            order = "asc" if request.sort == "date_asc" else "desc"
            sort = [{"date": {"order": order, "missing": "_last"}}, {"id": "asc"}]
        after: list[Any] | None = None
        while True:
            found = self._search(
                query=query, size=batch, sort=sort, stored_fields=["_none_"],  # no _id read
                docvalue_fields=[{"field": "id"}], search_after=after, track_total_hits=False,
            )
            rows = found["hits"]["hits"]
            yield from (row["fields"]["id"][0] for row in rows)
            if len(rows) < batch:
                return
            after = rows[-1]["sort"]

    def search(self, request: SearchRequest) -> SearchResult:
        base, filters = self._queries(request)
        body: dict[str, Any] = {
            "query": {"bool": {"must": [self.doc_query.compile(request.query)], "filter": base}},
            "post_filter": {"bool": {"filter": list(filters.values())}},
            "aggs": aggregations(request, filters, self.shared.facets),
            "from": (request.page - 1) * request.size,
            "size": request.size,
            "track_total_hits": True,
            "_source": _HIT_FIELDS,
        }
        if request.sort != "relevance":
            order = "asc" if request.sort == "date_asc" else "desc"
            body["sort"] = [{"date": {"order": order, "missing": "_last"}}, {"id": "asc"}]
        found = self._search(body=body)
        relevance = request.sort == "relevance"
        rows = found["hits"]["hits"]
        hits = [_hit(row, relevance) for row in rows]
        if request.highlights and hits:
            # documents with one page of text have no page records (records.page_records)
            single = {row["_source"]["id"]: int(row["_source"]["page"])
                      for row in rows if row["_source"].get("page") is not None}
            self._highlight(request, hits, single)
        facets, histogram = read_aggregations(request, found["aggregations"], self.shared.facets)
        return SearchResult(
            total=int(found["hits"]["total"]["value"]),
            hits=hits,
            facets=facets,
            date_histogram=histogram,
        )

    def _highlight(self, request: SearchRequest, hits: list[Hit], single: dict[str, int]) -> None:
        """The best pages of each hit for the query's words, with the words that matched
        there marked in whatever spelling or form (worked out in Python, as the node only
        holds stems and folded keys for the language and fold fields). A document with one
        page of text is its own page: its doc record is searched instead."""
        leaves = positive_leaves(request.query)
        by_id = {hit.id: hit for hit in hits}
        multi = [hit.id for hit in hits if hit.id not in single]
        field = self.shared.highlight_field
        page_words = self.page_query.any_of(leaves)
        if multi and page_words is not None:
            marker = Marker(self.page_query.fields, leaves)
            query = {"bool": {"must": [page_words], "filter": [
                keyword_in("kind", ["page"]), keyword_in("parent", multi)]}}
            found = self._search(
                query=query, size=rules.highlight_candidates(len(multi)),
                source_includes=["parent", "page", "lang", field],
            )
            for row in found["hits"]["hits"]:
                source = row["_source"]
                self._mark(by_id[source["parent"]], str(source.get(field) or ""),
                           int(source["page"]), source.get("lang"), marker)
        doc_words = self.doc_query.any_of(leaves)
        if single and doc_words is not None:
            marker = Marker(self.doc_query.fields, leaves)
            query = {"bool": {"must": [doc_words], "filter": [keyword_in("id", list(single))]}}
            found = self._search(
                query=query, size=len(single),
                source_includes=["id", "lang"], stored_fields=["body", "_source"],
            )
            for row in found["hits"]["hits"]:
                doc_id, lang = row["_source"]["id"], row["_source"].get("lang")
                text = " ".join(row.get("fields", {}).get("body", []))
                self._mark(by_id[doc_id], text, single[doc_id],
                           lang[0] if isinstance(lang, list) and lang else lang, marker)

    def _mark(
        self,
        hit: Hit,
        text: str,
        page: int,
        language: str | None,
        marker: Marker,
    ) -> None:
        """Add the snippet of ``text`` with the words that matched marked."""
        if len(hit.highlights) >= rules.MAX_HIGHLIGHTS:
            return
        marked = marker.positions(words(text), language)
        snippet = snippet_html(text, marked, rules.SNIPPET_CHARS) if marked else None
        if snippet:
            hit.highlights.append(Highlight(page, snippet))

    def similar(
        self, doc: Document, size: int, scope: dict[str, list[str]] | None = None
    ) -> SearchResult:
        """More-like-this on the document's text, excluding itself."""
        sample = rules.similar_sample(doc)
        if not sample.strip():
            return SearchResult(total=0, hits=[])
        query = {
            "bool": {
                "must": [{
                    "more_like_this": {
                        "fields": ["body"], "like": sample,
                        **dataclasses.asdict(rules.MORE_LIKE_THIS),
                    }
                }],
                "filter": [DOC_RECORDS,
                           *(keyword_in(name, values) for name, values in (scope or {}).items())],
                "must_not": [keyword_in("id", [doc.id])],
            }
        }
        found = self._call(
            lambda: self.client.search(
                index=self.alias, query=query, size=size, source_includes=_HIT_FIELDS,
                track_total_hits=True,
            )
        )
        return SearchResult(
            total=int(found["hits"]["total"]["value"]),
            hits=[_hit(row, True) for row in found["hits"]["hits"]],
        )


def _client(urls: list[str]) -> Elasticsearch:
    """A client over every node given. A request that fails to connect, or times out, is
    retried on the next live node (the failed one rests, with back-off, before it is tried
    again); 429/502/503/504 answers are retried too. No sniffing: the addresses given are
    the ones reachable from here (a node's own publish address may not be)."""
    return Elasticsearch(
        urls,
        request_timeout=30,
        max_retries=max(3, len(urls)),
        retry_on_timeout=True,
        retry_on_status=(429, 502, 503, 504),
        dead_node_backoff_factor=1.0,
        max_dead_node_backoff=30.0,
    )


@cache
def _template_sha256() -> str:
    return hashlib.sha256(json.dumps(load_template(), sort_keys=True).encode()).hexdigest()


def _hit(row: dict[str, Any], relevance: bool) -> Hit:
    source = row["_source"]
    lang = source.get("lang")
    return Hit(
        id=source["id"],
        title=source.get("title"),
        date=source.get("date"),
        language=lang[0] if isinstance(lang, list) and lang else lang,
        type=source.get("type"),
        source=source.get("source"),
        score=round(float(row["_score"]), 4) if relevance and row.get("_score") else None,
        copies=int(source.get("copies") or 1),
    )


