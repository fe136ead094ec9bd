"""Compile the shared query tree (``poshuk.core.query``) into tantivy queries."""

from __future__ import annotations

import datetime as dt
import re

import tantivy

from poshuk.core.analysis import SearchField, scoped, word_tokens
from poshuk.core.engines.base import RIGHTS_FIELD
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

_EARLIEST = dt.date(1700, 1, 1)
_LATEST = dt.date(2261, 12, 31)
Occur = tantivy.Occur
Query = tantivy.Query
FEW_VALUES = 32  # above this, a keyword filter reads its postings at once (term_set)


class QueryCompiler:
    def __init__(self, schema: tantivy.Schema, fields: list[SearchField]) -> None:
        self.schema = schema
        self.fields = fields

    def compile(self, node: Node) -> Query:
        """The tantivy query for ``node``; words with no searchable characters are dropped.
        Its nesting is the parsed query's (bounded by ``QueryLimits.max_depth``), and the
        number of queries built is checked against ``max_compiled`` as it grows."""
        return self._compile(node, self.fields, [0]) or Query.all_query()

    def _compile(self, node: Node, fields: list[SearchField], built: list[int]) -> Query | None:
        if isinstance(node, MatchAll):
            return Query.all_query()
        if isinstance(node, Term | Phrase | Prefix | Fuzzy):
            return self._text(node, fields, built)
        if isinstance(node, Scoped):
            return self._compile(node.item, scoped(fields, node.field), built)
        if isinstance(node, Expanded):  # the words as typed, or the concept's other terms
            typed = self._compile(node.item, fields, built)
            also = [q for alt in node.also if (q := self._text(alt, fields, built)) is not None]
            parts = ([typed] if typed else []) + [_boosted(q, node.boost) for q in also]
            return Query.boolean_query([(Occur.Should, q) for q in parts]) if parts else None
        if isinstance(node, Keyword):
            return self.keyword_in(node.field, [node.value])
        if isinstance(node, DateRange):
            return self.date_range(node.start, node.end)
        if isinstance(node, Not):
            inner = self._compile(node.item, fields, built)
            if inner is None:
                return None
            return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, inner)])
        if isinstance(node, And):
            clauses: list[tuple[tantivy.Occur, Query]] = []
            for item in node.items:
                if isinstance(item, Not):
                    inner = self._compile(item.item, fields, built)
                    if inner is not None:
                        clauses.append((Occur.MustNot, inner))
                else:
                    compiled = self._compile(item, fields, built)
                    if compiled is not None:
                        clauses.append((Occur.Must, compiled))
            if not clauses:
                return None
            if all(occur == Occur.MustNot for occur, _ in clauses):
                clauses.append((Occur.Must, Query.all_query()))
            return Query.boolean_query(clauses)
        if isinstance(node, Or):
            parts = [q for q in (self._compile(item, fields, built) for item in node.items) if q]
            if not parts:
                return None
            return Query.boolean_query([(Occur.Should, q) for q in parts])
        raise TypeError(f"unknown query node {node!r}")

    def _text(self, leaf: Text, fields: list[SearchField], built: list[int]) -> Query | None:
        """A word or phrase across the fields, each analysing it its own way (as written,
        folded, stemmed per language); a word that analyses into several tokens
        (``342-1``, ``A/HRC/56/65``) is matched as a phrase. Prefix and fuzzy words are
        looked for in the fields that keep words whole."""
        per_field = []
        if isinstance(leaf, Prefix | Fuzzy):
            for field, token in word_tokens(fields, leaf.text):
                per_field.append(_boosted(self._word(leaf, field.name, token), field.boost))
        else:
            slop = leaf.slop if isinstance(leaf, Phrase) else 0
            for field in fields:
                # e.g. a stop word in this language leaves nothing to look for
                forms = [tokens for tokens in field.analyze(leaf.text) if tokens]
                for tokens in {tuple(tokens): tokens for tokens in forms}.values():
                    if len(tokens) == 1:
                        query = Query.term_query(self.schema, field.name, tokens[0])
                    else:
                        words: list[str | tuple[int, str]] = list(tokens)
                        query = Query.phrase_query(self.schema, field.name, words, slop)
                    per_field.append(_boosted(query, field.boost))
        built[0] += len(per_field)
        check_compiled(built[0])
        if not per_field:
            return None
        if len(per_field) == 1:
            return per_field[0]
        return Query.boolean_query([(Occur.Should, q) for q in per_field])

    def _word(self, leaf: Prefix | Fuzzy, field: str, token: str) -> Query:
        if isinstance(leaf, Prefix):
            return Query.regex_query(self.schema, field, re.escape(token) + ".*")
        distance = fuzzy_distance(token, leaf.distance)
        return Query.fuzzy_term_query(self.schema, field, token, distance, True, False)

    def any_of(self, leaves: list[Text]) -> Query | None:
        """Matches text containing any of ``leaves`` (used to find pages to highlight)."""
        built = [0]
        parts = [q for q in (self._text(leaf, self.fields, built) for leaf in leaves) if q]
        if not parts:
            return None
        return Query.boolean_query([(Occur.Should, q) for q in parts])

    def keyword_in(self, field: str, values: list[str]) -> Query:
        """Records whose ``field`` holds any of ``values``, each scoring 1 (a filter, or a
        ``field:value`` query). Up to :data:`FEW_VALUES` values, a union of term queries:
        their postings are read lazily, skipping to the rest of the query's matches.
        Tantivy's term-set query reads every posting of every value into a bitset first,
        which made ``kind=doc`` cost 0.85 ms of a search for a rare word at 100,000
        documents, against 0.02 (docs/benchmarks.md, "Keyword filters")."""
        distinct = list(dict.fromkeys(values))
        if not distinct or len(distinct) > FEW_VALUES:
            return self.term_set(field, distinct)
        terms = [Query.term_query(self.schema, field, value, index_option="basic")
                 for value in distinct]
        union = terms[0] if len(terms) == 1 else Query.boolean_query(
            [(Occur.Should, term) for term in terms])
        return Query.const_score_query(union, 1.0)

    def term_set(self, field: str, values: list[str]) -> Query:
        """Every value's postings at once: for many values (a batch's ids), or the terms
        a snippet marks."""
        return Query.term_set_query(self.schema, field, values)

    def readable(
        self, searcher: tantivy.Searcher | None, scope: dict[str, list[str]]
    ) -> Query:
        """The ``kind=doc`` records within ``scope`` (each field: the values allowed).

        A reader of most collections costs less as "none of the few others"
        (docs/benchmarks.md, "Rights filter cost"). Only the collections ``searcher``'s
        own segments hold are excluded, so one made after the caller's rights were read
        holds no record this snapshot can return, and every document record carries a
        collection (``records.doc_record``; an index without the field does not open):
        the complement is exact on the snapshot the search runs on, and fails closed."""
        kind = self.keyword_in("kind", ["doc"])
        clauses = [(Occur.Must, kind)]
        for name, allowed in scope.items():
            others = _fewer_others(searcher, name, allowed)
            if others is None:
                clauses.append((Occur.Must, self.keyword_in(name, allowed)))
            elif others:
                clauses.append((Occur.MustNot, self.keyword_in(name, others)))
        if len(clauses) == 1:
            return kind
        # each filter scores 1, whichever form it takes (the hits' order and scores match)
        return Query.const_score_query(Query.boolean_query(clauses), 1.0 + len(scope))

    def none_of(self, field: str, values: list[str]) -> Query:
        return Query.boolean_query(
            [(Occur.Must, Query.all_query()), (Occur.MustNot, self.keyword_in(field, values))]
        )

    def date_range(
        self, start: dt.date | None, end: dt.date | None, field: str = "date"
    ) -> Query:
        """Inclusive range; open ends and far-off dates are clamped to what tantivy stores
        (nanoseconds since 1970 in 64 bits: about 1678 to 2262)."""

        def moment(day: dt.date) -> dt.datetime:
            day = min(max(day, _EARLIEST), _LATEST)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)

        return Query.range_query(
            self.schema,
            field,
            tantivy.FieldType.Date,
            moment(start or _EARLIEST),
            moment(end or _LATEST),
        )


def _fewer_others(
    searcher: tantivy.Searcher | None, name: str, allowed: list[str]
) -> list[str] | None:
    """The rights field's values ``searcher`` holds beyond ``allowed``, when they are fewer
    than ``allowed`` (a shorter filter); None when ``allowed`` must be listed instead: no
    snapshot, another field, or a snapshot that reports no value at all."""
    if searcher is None or name != RIGHTS_FIELD:
        return None
    present = {term for term, _count in searcher.terms_with_prefix(name, "")}
    others = sorted(present.difference(allowed))
    return others if present and len(others) < len(set(allowed)) else None


def _boosted(query: Query, boost: float) -> Query:
    return Query.boost_query(query, boost) if boost != 1 else query


def all_of(*queries: Query) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in queries])
