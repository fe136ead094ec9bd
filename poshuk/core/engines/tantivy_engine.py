"""The embedded engine: tantivy on disk under the data dir, no server needed.

Layout: ``<index_dir>/CURRENT`` names the live generation folder (``gen-<n>``). A rebuild
writes a new generation and switches ``CURRENT`` atomically once it is committed, so
readers never see a half-built index; readers notice the switch on their next search.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy

from poshuk.core.analysis import Marker, doc_fields, page_fields
from poshuk.core.engines import rules
from poshuk.core.engines.base import (
    EngineUnavailable,
    FacetValue,
    Highlight,
    HistogramBucket,
    Hit,
    SearchRequest,
    SearchResult,
    WriterBusy,
    order_facet,
)
from poshuk.core.engines.tantivy_query import QueryCompiler, all_of
from poshuk.core.engines.tantivy_schema import ANALYZERS, build_schema, register_analyzers
from poshuk.core.model import Document
from poshuk.core.query import positive_leaves
from poshuk.core.records import Record, doc_record, page_records
from poshuk.core.schema import load_schema

_WRITER_HEAP = 96_000_000
_KEPT_RECORDS = 2_000  # document records kept from add to commit, for watch matching


class TantivyEngine:
    name = "tantivy"

    def __init__(
        self, index_dir: Path, *, writable: bool = False, rebuild: bool = False
    ) -> None:
        """``rebuild=True`` opens for a :meth:`rebuild` only: an index built by another
        version of the schema is then no obstacle (it is what the rebuild replaces)."""
        self.root = index_dir
        self.writable = writable or rebuild
        self._rebuild_only = rebuild
        self.shared = load_schema()
        self.schema = build_schema(self.shared)
        self._exact = ANALYZERS["poshuk_exact"]()
        self._writer: tantivy.IndexWriter | None = None
        self._lock = threading.Lock()
        self._generation = ""
        self._seen_meta: tuple[int, int, int] | None = None
        self._uncommitted: dict[str, tantivy.Document] = {}
        # the last commit's document records by id (up to _KEPT_RECORDS): watch matching
        # indexes them again in memory instead of building them again
        self.committed_records: dict[str, tantivy.Document] = {}
        self._open()
        if writable:
            self._get_writer()  # take the writer lock now: fail fast if another holds it

    # --- opening and generations ---------------------------------------------------

    def _current_generation(self) -> str | None:
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def _open(self) -> None:
        generation = self._current_generation()
        if generation is None:
            if not self.writable:
                raise EngineUnavailable(
                    f"no index at {self.root}: ingest documents or run `poshuk reindex` first"
                )
            generation = self._new_generation()
            self._switch_to(generation)
        try:
            self.index = self._open_generation(generation)
        except EngineUnavailable:
            if not self._rebuild_only:
                raise
            generation = self._new_generation()  # not switched to until the rebuild is done
            self.index = self._open_generation(generation)
        self._generation = generation
        self.doc_query = QueryCompiler(self.schema, doc_fields(self.shared, self._exact.analyze))
        self.page_query = QueryCompiler(self.schema, page_fields(self.shared, self._exact.analyze))

    def _open_generation(self, generation: str) -> tantivy.Index:
        path = self.root / generation
        path.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(self.schema, path=str(path), reuse=True)
        except ValueError as err:
            raise EngineUnavailable(
                f"the index at {path} does not match this version's schema ({err}); "
                "run `poshuk reindex`"
            ) from err
        register_analyzers(index)
        index.config_reader(reload_policy="commit")
        return index

    def _new_generation(self) -> str:
        existing = [int(p.name[4:]) for p in self.root.glob("gen-*") if p.name[4:].isdigit()]
        return f"gen-{max(existing, default=0) + 1}"

    def _switch_to(self, generation: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(generation, encoding="utf-8")
        os.replace(tmp, self.root / "CURRENT")

    def _refresh(self) -> None:
        """Follow a rebuild or a commit done by another process (a worker, an ingest):
        one small file read and one stat. tantivy's own reload on commit runs in the
        background, so a search just after another process's commit could miss it."""
        generation = self._current_generation()
        if generation and generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self.index = self._open_generation(generation)
                    self._generation = generation
        stamp = self._meta_stamp()
        if stamp != self._seen_meta:
            self.index.reload()
            self._seen_meta = stamp

    def _meta_stamp(self) -> tuple[int, int, int] | None:
        """tantivy replaces ``meta.json`` on every commit: a new one means new segments."""
        try:
            st = (self.root / self._generation / "meta.json").stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    # --- writing -------------------------------------------------------------------

    def _get_writer(self) -> tantivy.IndexWriter:
        if not self.writable:
            raise RuntimeError("engine opened read-only")
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=_WRITER_HEAP, num_threads=1)
            except ValueError as err:
                if "LockBusy" not in str(err):
                    raise
                raise WriterBusy(
                    "another process is writing to the index (an ingest or reindex still "
                    "running?); wait for it to finish and try again"
                ) from err
        return self._writer

    def add(self, docs: Iterable[Document]) -> int:
        writer = self._get_writer()
        count = 0
        for doc in docs:
            writer.delete_documents_by_term("id", doc.id)
            writer.delete_documents_by_term("parent", doc.id)
            stored = self._to_tantivy(doc_record(doc))
            writer.add_document(stored)
            if len(self._uncommitted) < _KEPT_RECORDS:
                self._uncommitted[doc.id] = stored
            for record in page_records(doc):
                writer.add_document(self._to_tantivy(record))
            count += 1
        return count

    def delete(self, ids: list[str]) -> None:
        """Invisible at once; the records stay in segment files until merged (a rebuild
        removes them: ``poshuk.core.deletion``)."""
        writer = self._get_writer()
        for doc_id in ids:
            writer.delete_documents_by_term("id", doc_id)
            writer.delete_documents_by_term("parent", doc_id)
        self.commit()

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self.index.reload()
            self._seen_meta = self._meta_stamp()  # reloaded: the next search need not
            self.committed_records, self._uncommitted = self._uncommitted, {}

    def rebuild(self, docs: Iterable[Document]) -> int:
        old = self._generation
        if self._writer is not None:
            self._writer.rollback()
            self._uncommitted = {}
            self._writer = None
        generation = self._new_generation()
        self.index = self._open_generation(generation)
        self._generation = generation
        count = self.add(docs)
        self.commit()
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None
        self._switch_to(generation)
        if old and old != generation:
            shutil.rmtree(self.root / old, ignore_errors=True)
        return count

    def close(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None

    def _to_tantivy(self, record: Record) -> tantivy.Document:
        doc = tantivy.Document()
        for name, value in record.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, dt.date):
                    doc.add_date(name, dt.datetime(item.year, item.month, item.day,
                                                   tzinfo=dt.UTC))
                elif isinstance(item, int):
                    doc.add_integer(name, item)
                else:
                    doc.add_text(name, item)
        return doc

    # --- reading -------------------------------------------------------------------

    def health(self) -> None:
        return None  # one process, one folder: no cluster state to report

    def count(self) -> int:
        self._refresh()
        searcher = self.index.searcher()
        kind = self.doc_query.keyword_in("kind", ["doc"])
        return _count(searcher.search(kind, limit=1, count=True))

    def _queries(
        self, request: SearchRequest, searcher: tantivy.Searcher | None = None
    ) -> tuple[list[tantivy.Query], dict[str, tantivy.Query]]:
        """The request's text query, kind, rights and date range (``base``) and its facet
        filters; ``searcher``, when given, is the snapshot they will run on."""
        text_query = self.doc_query.compile(request.query)
        base = [text_query, self.doc_query.readable(searcher, request.scope)]
        if request.date_from or request.date_to:
            base.append(self.doc_query.date_range(request.date_from, request.date_to))
        if request.fold_copies:
            base.append(self.doc_query.none_of("folded", ["yes"]))
        if request.mentioned_from or request.mentioned_to:
            base.append(self.doc_query.date_range(
                request.mentioned_from, request.mentioned_to, "mentioned"
            ))
        filters = {
            name: self.doc_query.keyword_in(name, values)
            for name, values in request.filters.items()
            if values
        }
        return base, filters

    def ids(self, request: SearchRequest, batch: int = 1000) -> Iterator[str]:
        self._refresh()
        searcher = self.index.searcher()  # one snapshot for every batch
        base, filters = self._queries(request, searcher)
        main = all_of(*base, *filters.values())
        offset = 0
        while True:
            found = searcher.search(
                main, limit=batch, offset=offset, count=False, **_sort_kwargs(request)
            )
            for _score, address in found.hits:
                yield str(searcher.doc(address).get_first("id"))
            if len(found.hits) < batch:
                return
            offset += batch

    def search(self, request: SearchRequest) -> SearchResult:
        self._refresh()
        searcher = self.index.searcher()
        base, filters = self._queries(request, searcher)
        main = all_of(*base, *filters.values())
        sort_kwargs = _sort_kwargs(request)
        found = searcher.search(
            main,
            limit=request.size,
            offset=(request.page - 1) * request.size,
            count=True,
            **sort_kwargs,
        )
        stored = [(searcher.doc(address), score) for score, address in found.hits]
        relevance = request.sort == "relevance"
        hits = [self._hit(doc, score if relevance else None) for doc, score in stored]
        if request.highlights and hits:
            # documents with one page of text have no page records (records.page_records)
            single = {
                hit.id: (int(page), doc)
                for hit, (doc, _) in zip(hits, stored, strict=True)
                if (page := doc.get_first("page")) is not None
            }
            self._highlight(searcher, request, hits, single)

        facets, histogram = self._facets(searcher, request, base, filters, main)
        return SearchResult(
            total=_count(found), hits=hits, facets=facets, date_histogram=histogram
        )

    def _facets(
        self,
        searcher: tantivy.Searcher,
        request: SearchRequest,
        base: list[tantivy.Query],
        filters: dict[str, tantivy.Query],
        main: tantivy.Query,
    ) -> tuple[dict[str, list[FacetValue]], list[HistogramBucket]]:
        """Disjunctive facets: a facet's counts ignore its own selection.

        Facets with no selection share one aggregation over the main query; each
        selected facet needs its own, with every filter but its own applied.
        """
        size = request.facet_size
        unselected = [f for f in self.shared.facets if f not in filters]
        # The year facet over the same query is the months' counts summed by year (a
        # date gives both: records.doc_record), one column fewer to read per document.
        by_months = rules.YEAR_FACET in unselected
        aggs: dict[str, Any] = {f: _terms(f, size) for f in unselected
                                if not (by_months and f == rules.YEAR_FACET)}
        aggs[self.shared.histogram] = _terms(self.shared.histogram, rules.MAX_MONTHS)
        counts = _buckets(searcher.aggregate(main, aggs))
        if by_months:
            months = counts.get(self.shared.histogram, {})
            if len(months) < rules.MAX_MONTHS:
                counts[rules.YEAR_FACET] = rules.years_of(months)
            else:  # more months than one aggregation returns: count the years themselves
                counts.update(_buckets(searcher.aggregate(
                    main, {rules.YEAR_FACET: _terms(rules.YEAR_FACET, size)})))
        for name in filters:
            others = [q for f, q in filters.items() if f != name]
            query = all_of(*base, *others)
            counts.update(_buckets(searcher.aggregate(query, {name: _terms(name, size)})))
        facets = {
            name: order_facet(counts.get(name, {}), request.filters.get(name, []), size)
            for name in self.shared.facets
        }
        months = counts.get(self.shared.histogram, {})
        histogram = [HistogramBucket(key, months[key]) for key in sorted(months)]
        return facets, histogram

    def _hit(self, stored: tantivy.Document, score: float | None) -> Hit:
        date = stored.get_first("date")
        return Hit(
            id=str(stored.get_first("id")),
            title=stored.get_first("title"),
            date=date.date().isoformat() if date else None,
            language=stored.get_first("lang"),
            type=stored.get_first("type"),
            source=stored.get_first("source"),
            score=round(float(score), 4) if score is not None else None,
            copies=int(stored.get_first("copies") or 1),
        )

    def _highlight(
        self,
        searcher: tantivy.Searcher,
        request: SearchRequest,
        hits: list[Hit],
        single: dict[str, tuple[int, tantivy.Document]],
    ) -> None:
        """Find the best pages of each hit for the query's words and mark the words that
        matched there, in whatever spelling or form (exact, folded, stemmed). A document
        with one page of text (``single``: its page number and stored record, already
        read for the hit) is its own page."""
        leaves = positive_leaves(request.query)
        by_id = {hit.id: hit for hit in hits}
        multi = [hit.id for hit in hits if hit.id not in single]
        page_words = self.page_query.any_of(leaves)
        if multi and page_words is not None:
            marker = Marker(self.page_query.fields, leaves)
            query = all_of(
                page_words,
                self.page_query.keyword_in("kind", ["page"]),
                self.page_query.keyword_in("parent", multi),
            )
            limit = rules.highlight_candidates(len(multi))
            for _score, address in searcher.search(query, limit=limit, count=False).hits:
                page = searcher.doc(address)
                hit = by_id[str(page.get_first("parent"))]
                self._mark(searcher, hit, page, self.shared.highlight_field,
                           int(page.get_first("page") or 0), self.page_query, marker)
        if single and leaves:  # words that analyse to nothing mark nothing (Marker)
            marker = Marker(self.doc_query.fields, leaves)
            for doc_id, (page_number, doc) in single.items():
                self._mark(searcher, by_id[doc_id], doc, "body", page_number, self.doc_query,
                           marker)

    def _mark(
        self,
        searcher: tantivy.Searcher,
        hit: Hit,
        record: tantivy.Document,
        field: str,
        page: int,
        compiler: QueryCompiler,
        marker: Marker,
    ) -> None:
        """Add the snippet of ``record``'s ``field`` with the matched words marked."""
        if len(hit.highlights) >= rules.MAX_HIGHLIGHTS:
            return
        text = str(record.get_first(field))
        marked = marker.words(self._exact.analyze(text), record.get_first("lang"))
        if not marked:
            return
        generator = tantivy.SnippetGenerator.create(
            searcher, compiler.term_set(field, sorted(marked)), self.schema, field
        )
        generator.set_max_num_chars(rules.SNIPPET_CHARS)
        snippet = generator.snippet_from_doc(record)
        if snippet.highlighted():
            html_text = _snippet_html(snippet, len(text.encode("utf-8")))
            hit.highlights.append(Highlight(page, html_text))

    def similar(
        self, doc: Document, size: int, scope: dict[str, list[str]] | None = None
    ) -> SearchResult:
        """More-like-this on the document's text, excluding itself."""
        self._refresh()
        searcher = self.index.searcher()
        sample = rules.similar_sample(doc)
        if not sample.strip():
            return SearchResult(total=0, hits=[])
        mlt = rules.MORE_LIKE_THIS
        like = tantivy.Query.more_like_this_document_fields_query(
            self.schema,
            {"body": [sample]},
            min_doc_frequency=mlt.min_doc_freq,
            min_term_frequency=mlt.min_term_freq,
            max_query_terms=mlt.max_query_terms,
            min_word_length=mlt.min_word_length,
        )
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, like),
                (tantivy.Occur.Must, self.doc_query.readable(searcher, scope or {})),
                (tantivy.Occur.MustNot, self.doc_query.keyword_in("id", [doc.id])),
            ]
        )
        found = searcher.search(query, limit=size, count=True)
        hits = [self._hit(searcher.doc(address), score) for score, address in found.hits]
        return SearchResult(total=_count(found), hits=hits)


def _sort_kwargs(request: SearchRequest) -> dict[str, Any]:
    if request.sort == "relevance":
        return {}
    order = tantivy.Order.Asc if request.sort == "date_asc" else tantivy.Order.Desc
    return {"order_by_field": "date", "order": order}


def _count(found: tantivy.SearchResult) -> int:
    # ``count`` is set when searching with count=True; the type stubs do not declare it.
    return int(getattr(found, "count"))  # noqa: B009


def _terms(field: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": field, "size": size, "segment_size": max(size * 10, 1000)}}


def _buckets(result: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {
        name: {str(b["key"]): int(b["doc_count"]) for b in agg.get("buckets", [])}
        for name, agg in result.items()
    }


def _snippet_html(snippet: tantivy.Snippet, text_bytes: int) -> str:
    """Escape the fragment and wrap matched words in <mark> (ranges are UTF-8 bytes)."""
    raw = snippet.fragment().encode("utf-8")
    out: list[str] = []
    cursor = 0
    for match in sorted(snippet.highlighted(), key=lambda r: r.start):
        out.append(html.escape(raw[cursor : match.start].decode("utf-8", "replace")))
        out.append(f"<mark>{html.escape(raw[match.start : match.end].decode('utf-8'))}</mark>")
        cursor = match.end
    out.append(html.escape(raw[cursor:].decode("utf-8", "replace")))
    text = " ".join("".join(out).split())
    span = snippet.fragment_range()
    return ("… " if span.start > 0 else "") + text + (" …" if span.end < text_bytes else "")
