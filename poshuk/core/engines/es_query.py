"""Compile the shared query tree (``poshuk.core.query``) into Elasticsearch query DSL.

A word or phrase is matched, as a phrase, in three kinds of field (``mappings/``): as
written (``title``, ``body``), folded (``*_fold``: the query text goes through the same
Python ``fold()`` as the indexed text) and per language (``body_<lang>``: the node's
hunspell analyzers stem the query as they stemmed the text).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from poshuk.core.query import And, MatchAll, Node, Not, Or, Phrase, Term
from poshuk.core.schema import Schema
from poshuk.core.textfold import fold

Query = dict[str, Any]
MATCH_ALL: Query = {"match_all": {}}
_SEARCHABLE = re.compile(r"\w")


def _for_hunspell(text: str) -> str:
    # Debian's Russian and Belarusian dictionaries spell ё as е; the node has no char
    # filter to do this, so text and queries for the language fields are given it here.
    return text.replace("ё", "е").replace("Ё", "Е")


def language_text(text: str) -> str:
    """What a ``*_<lang>`` field indexes for ``text`` (the same transform as queries get)."""
    return _for_hunspell(text)


class QueryCompiler:
    """Builds queries against one set of fields: a document's (``title``, ``body*``) or,
    with ``pages=True``, a page record's (``text*``), used to find pages to highlight."""

    def __init__(self, schema: Schema, *, pages: bool = False) -> None:
        if pages:
            mapped = schema.page_fields
            exact = {mapped[f]: b for f, b in schema.text_fields.items() if f in mapped}
            folded = {mapped[f]: b for f, b in schema.fold_fields.items() if f in mapped}
            prefix = "text"
        else:
            exact, folded, prefix = dict(schema.text_fields), dict(schema.fold_fields), "body"
        self.exact = exact
        self.folded = folded
        self.languages = {f"{prefix}_{lang}": schema.language_boost for lang in schema.languages}

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
        """``text`` as a phrase in every searchable field, each with its boost; text with
        no word characters matches nothing and is dropped (as the embedded engine does)."""
        if not _SEARCHABLE.search(text):
            return None
        folded = fold(text)
        stemmed = language_text(text)
        should = [_phrase(field, text, boost) for field, boost in self.exact.items()]
        should += [_phrase(field, folded, boost) for field, boost in self.folded.items()]
        should += [_phrase(field, stemmed, boost) for field, boost in self.languages.items()]
        return {"bool": {"should": should, "minimum_should_match": 1}}

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
