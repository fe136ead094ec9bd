"""Compile the shared query tree (``poshuk.core.query``) into Elasticsearch query DSL.

A word or phrase is matched, as a phrase, in the fields ``poshuk.core.analysis`` lists,
each given the query as that field's analysis turns it into tokens: as written (``title``,
``body``), folded (``*_fold``) and stemmed per language (``body_<lang>``). The node then
only splits on spaces and lower-cases, so it matches exactly what the embedded engine does.
Prefix and fuzzy words become ``prefix`` and ``fuzzy`` queries on the tokens of the fields
that keep words whole, as the embedded engine's regex and fuzzy-term queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from poshuk.core.analysis import SearchField, doc_fields, page_fields, scoped, word_tokens
from poshuk.core.query import (
    And,
    DateRange,
    Expanded,
    Fuzzy,
    Keyword,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Scoped,
    Term,
    Text,
    fuzzy_distance,
)
from poshuk.core.query_limits import check_compiled
from poshuk.core.schema import Schema
from poshuk.core.textfold import words

Query = dict[str, Any]
MATCH_ALL: Query = {"match_all": {}}
DOC_RECORDS: Query = {"terms": {"kind": ["doc"]}}  # a document's record, not a page's
# The index terms one fuzzy word may expand to in each field: with ``QueryLimits`` this
# keeps a search's clauses after rewriting far below the node's ``maxClauseCount``.
FUZZY_EXPANSIONS = 200


class QueryCompiler:
    """Builds queries against one set of fields: a document's (``title``, ``body*``) or,
    with ``pages=True``, a page record's (``text*``), used to find pages to highlight."""

    def __init__(self, schema: Schema, *, pages: bool = False) -> None:
        self.fields: list[SearchField] = (
            page_fields(schema, words) if pages else doc_fields(schema, words)
        )

    def compile(self, node: Node) -> Query:
        """The query DSL for ``node``; its nesting is the parsed query's (bounded by
        ``QueryLimits.max_depth``), its size is checked against ``max_compiled``."""
        return self._compile(node, self.fields, [0]) or MATCH_ALL

    def _compile(self, node: Node, fields: list[SearchField], built: list[int]) -> Query | None:
        if isinstance(node, MatchAll):
            return MATCH_ALL
        if isinstance(node, Term | Phrase | Prefix | Fuzzy):
            return self.text(node, fields, built)
        if isinstance(node, Scoped):
            return self._compile(node.item, scoped(fields, node.field), built)
        if isinstance(node, Expanded):  # the words as typed, or the concept's other terms
            also = [q for alt in node.also if (q := self.text(alt, fields, built))]
            parts = [q for q in [self._compile(node.item, fields, built)] if q]
            parts += [{"bool": {"should": also, "boost": node.boost}}] if also else []
            return {"bool": {"should": parts, "minimum_should_match": 1}} if parts else None
        if isinstance(node, Keyword):
            return keyword_in(node.field, [node.value])
        if isinstance(node, DateRange):
            return date_range(node.start, node.end)
        if isinstance(node, Not):
            inner = self._compile(node.item, fields, built)
            return None if inner is None else {"bool": {"must_not": [inner]}}
        if isinstance(node, And):
            must: list[Query] = []
            must_not: list[Query] = []
            for item in node.items:
                negated = isinstance(item, Not)
                compiled = self._compile(
                    item.item if isinstance(item, Not) else item, fields, built
                )
                if compiled is not None:
                    (must_not if negated else must).append(compiled)
            if not must and not must_not:
                return None
            return {"bool": {"must": must or [MATCH_ALL], "must_not": must_not}}
        if isinstance(node, Or):
            parts = [q for q in (self._compile(item, fields, built) for item in node.items) if q]
            if not parts:
                return None
            return {"bool": {"should": parts, "minimum_should_match": 1}}
        raise TypeError(f"unknown query node {node!r}")

    def text(self, leaf: Text, fields: list[SearchField], built: list[int]) -> Query | None:
        """``leaf`` as a phrase in every field, analysed as that field is, with its boost;
        text that leaves no token anywhere (punctuation, stop words) is dropped, as the
        embedded engine drops it."""
        should: list[Query] = []
        if isinstance(leaf, Prefix | Fuzzy):
            should = [_word(leaf, field, token) for field, token in word_tokens(fields, leaf.text)]
        else:
            slop = leaf.slop if isinstance(leaf, Phrase) else 0
            for field in fields:
                forms = {" ".join(tokens) for tokens in field.analyze(leaf.text) if tokens}
                should += [_phrase(field.name, form, field.boost, slop) for form in sorted(forms)]
        built[0] += len(should)
        check_compiled(built[0])
        return {"bool": {"should": should, "minimum_should_match": 1}} if should else None

    def any_of(self, leaves: list[Text]) -> Query | None:
        built = [0]
        parts = [q for q in (self.text(leaf, self.fields, built) for leaf in leaves)
                 if q is not None]
        return {"bool": {"should": parts, "minimum_should_match": 1}} if parts else None


def _word(leaf: Prefix | Fuzzy, field: SearchField, token: str) -> Query:
    if isinstance(leaf, Prefix):
        return {"prefix": {field.name: {"value": token, "boost": field.boost}}}
    return {"fuzzy": {field.name: {
        "value": token, "fuzziness": fuzzy_distance(token, leaf.distance),
        "transpositions": True, "prefix_length": 0, "max_expansions": FUZZY_EXPANSIONS,
        "boost": field.boost,
    }}}


def _phrase(field: str, text: str, boost: float, slop: int) -> Query:
    return {"match_phrase": {field: {"query": text, "boost": boost, "slop": slop}}}


def keyword_in(field: str, values: list[str]) -> Query:
    return {"terms": {field: values}}


def date_range(start: dt.date | None, end: dt.date | None, field: str = "date") -> Query:
    bounds = {}
    if start:
        bounds["gte"] = start.isoformat()
    if end:
        bounds["lte"] = end.isoformat()
    return {"range": {field: bounds}}


def filter_form(query: Query) -> Query:
    """A compiled query as a filter that matches the same documents and costs the node
    less to parse and prepare: boosts dropped, nested "any of" clauses made one, and each
    field's one-word phrases asked as one ``terms`` query. For watches, whose thousands
    of queries the node parses and prepares again in every pass (docs/benchmarks.md,
    "Watched searches")."""
    if _any_of(query):
        leaves: list[Query] = []
        _flatten(query, leaves)
        words: dict[str, list[str]] = {}
        rest: list[Query] = []
        for leaf in leaves:
            field, token = _one_word(leaf)
            if token is None:
                rest.append(filter_form(leaf))
            elif token not in words.setdefault(field, []):
                words[field].append(token)
        parts = [keyword_in(field, tokens) for field, tokens in words.items()] + rest
        return parts[0] if len(parts) == 1 else {"bool": {"should": parts,
                                                          "minimum_should_match": 1}}
    if "bool" in query:  # ``must`` (scored) joins ``filter``: the same documents
        clauses: dict[str, Any] = {}
        for kind, value in query["bool"].items():
            if kind in ("must", "filter", "should", "must_not"):
                key = "filter" if kind == "must" else kind
                clauses[key] = clauses.get(key, []) + [filter_form(q) for q in value]
            elif kind != "boost":
                clauses[kind] = value  # minimum_should_match
        return {"bool": clauses}
    return {kind: {field: {k: v for k, v in spec.items() if k != "boost"}
                   if isinstance(spec, dict) else spec for field, spec in leaf.items()}
            if isinstance(leaf, dict) else leaf for kind, leaf in query.items()}


def _any_of(query: Query) -> bool:
    """Whether ``query`` is a ``bool`` of ``should`` clauses of which one must match."""
    found = query.get("bool")
    return (found is not None and bool(found.get("should"))
            and set(found) <= {"should", "minimum_should_match", "boost"}
            and found.get("minimum_should_match", 1) == 1)


def _flatten(query: Query, into: list[Query]) -> None:
    for item in query["bool"]["should"]:
        if _any_of(item):
            _flatten(item, into)
        else:
            into.append(item)


def _one_word(query: Query) -> tuple[str, str | None]:
    """(field, token) of a phrase of one token that the node's analysis of the fields
    (standard tokenizer, lowercase: ``mappings/``) gives back whole and unchanged: that
    phrase matches exactly what a ``term`` query on the token does. (A token of other
    characters may be split or changed there, and stays a phrase.)"""
    (field, spec), = query.get("match_phrase", {"": {"query": None}}).items()
    token = spec["query"] if isinstance(spec, dict) else None
    return field, token if isinstance(token, str) and _whole(token) else None


def _whole(token: str) -> bool:
    # lower-case letters of the Latin, Greek and Cyrillic blocks, whose case the node's
    # filter leaves alone, and ASCII digits: no word boundary falls between any of them
    return 0 < len(token) <= 255 and all(
        "0" <= c <= "9" or (c.isalpha() and c.lower() == c and c < "\u0530") for c in token)
