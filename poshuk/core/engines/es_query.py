"""Compile the shared query tree (``poshuk.core.query``) into Elasticsearch query DSL.

A word or phrase is matched, as a phrase, in the fields ``poshuk.core.analysis`` lists,
each given the query as that field's analysis turns it into tokens: as written (``title``,
``body``), folded (``*_fold``) and stemmed per language (``body_<lang>``). The node then
only splits on spaces and lower-cases, so it matches exactly what the embedded engine does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from poshuk.core.analysis import SearchField, doc_fields, page_fields
from poshuk.core.query import And, MatchAll, Node, Not, Or, Phrase, Term
from poshuk.core.schema import Schema
from poshuk.core.textfold import words

Query = dict[str, Any]
MATCH_ALL: Query = {"match_all": {}}


class QueryCompiler:
    """Builds queries against one set of fields: a document's (``title``, ``body*``) or,
    with ``pages=True``, a page record's (``text*``), used to find pages to highlight."""

    def __init__(self, schema: Schema, *, pages: bool = False) -> None:
        self.fields: list[SearchField] = (
            page_fields(schema, words) if pages else doc_fields(schema, words)
        )

    def compile(self, node: Node) -> Query:
        return self._compile(node) or MATCH_ALL

    def _compile(self, node: Node) -> Query | None:
        if isinstance(node, MatchAll):
            return MATCH_ALL
        if isinstance(node, Term | Phrase):
            return self.text(node.text)
        if isinstance(node, Not):
            inner = self._compile(node.item)
            return None if inner is None else {"bool": {"must_not": [inner]}}
        if isinstance(node, And):
            must: list[Query] = []
            must_not: list[Query] = []
            for item in node.items:
                negated = isinstance(item, Not)
                compiled = self._compile(item.item if isinstance(item, Not) else item)
                if compiled is not None:
                    (must_not if negated else must).append(compiled)
            if not must and not must_not:
                return None
            return {"bool": {"must": must or [MATCH_ALL], "must_not": must_not}}
        if isinstance(node, Or):
            parts = [q for q in (self._compile(item) for item in node.items) if q is not None]
            if not parts:
                return None
            return {"bool": {"should": parts, "minimum_should_match": 1}}
        raise TypeError(f"unknown query node {node!r}")

    def text(self, text: str) -> Query | None:
        """``text`` as a phrase in every field, analysed as that field is, with its boost;
        text that leaves no token anywhere (punctuation, stop words) is dropped, as the
        embedded engine drops it."""
        should: list[Query] = []
        for field in self.fields:
            forms = {" ".join(tokens) for tokens in field.analyze(text) if tokens}
            should += [_phrase(field.name, form, field.boost) for form in sorted(forms)]
        return {"bool": {"should": should, "minimum_should_match": 1}} if should else None

    def any_of(self, leaves: list[Term | Phrase]) -> Query | None:
        parts = [q for q in (self.text(leaf.text) for leaf in leaves) if q is not None]
        return {"bool": {"should": parts, "minimum_should_match": 1}} if parts else None


def _phrase(field: str, text: str, boost: float) -> Query:
    return {"match_phrase": {field: {"query": text, "boost": boost}}}


def keyword_in(field: str, values: list[str]) -> Query:
    return {"terms": {field: values}}


def date_range(start: dt.date | None, end: dt.date | None) -> Query:
    bounds = {}
    if start:
        bounds["gte"] = start.isoformat()
    if end:
        bounds["lte"] = end.isoformat()
    return {"range": {"date": bounds}}
