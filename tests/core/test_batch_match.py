"""Matching many watched searches against a batch must find exactly what each search run
alone finds for those ids: on tantivy, searching a small index of the batch alone; on
Elasticsearch, many searches answered as named clauses of one request."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from poshuk.core.engines import batch_match
from poshuk.core.engines.base import SearchRequest
from poshuk.core.engines.batch_match import match_many, one_by_one
from poshuk.core.engines.es_engine import ElasticsearchEngine
from poshuk.core.engines.es_query import DOC_RECORDS, filter_form
from poshuk.core.engines.tantivy_engine import TantivyEngine
from poshuk.core.model import Document, Page
from poshuk.core.query import parse_query
from tests.core.test_engine import make_corpus

QUERIES = [
    "prisoner", "verdict minsk", '"hunger strike"', "app*", "amnesti~1",
    "court -appeal", "citation:BY-CC-342", 'entity:"person:andrei navitski"',
    "title:document", "strike OR amnesty", "",
]


def _searches(engine: Any) -> tuple[list[Any], list[tuple[SearchRequest, list[str]]]]:
    """Two batches indexed: the second's documents, and the searches to match them with."""
    corpus = make_corpus(300)
    old, batch = corpus[:200], corpus[200:]
    engine.add(old)
    engine.commit()
    engine.add(batch)
    engine.commit()
    ids = sorted(doc.id for doc in batch)
    some = ids[::3]  # a watch whose owner may read a third of the batch
    return batch, [
        (SearchRequest(parse_query(q), filters=filters, date_from=since), pool)
        for q in QUERIES
        for filters, since in (({}, None), ({"lang": ["ru", "be"]}, None),
                               ({}, dt.date(2022, 1, 1)))
        for pool in (ids, some)
    ]


def _sorted(found: list[list[str]]) -> list[list[str]]:
    return [sorted(ids) for ids in found]


def test_the_batch_index_finds_what_the_archive_index_finds(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "index", writable=True)
    batch, searches = _searches(engine)
    on_batch = match_many(engine, searches, batch)
    on_archive = match_many(engine, searches)  # no documents given: the archive's index
    assert _sorted(on_batch) == _sorted(on_archive) == _sorted(one_by_one(engine, searches))
    assert set(engine.committed_records) == {doc.id for doc in batch}  # reused, not rebuilt
    engine.committed_records = {}  # records built again when the engine no longer has them
    assert _sorted(match_many(engine, searches, batch)) == _sorted(on_batch)
    assert all(set(found) <= set(pool) for found, (_r, pool) in zip(on_batch, searches,
                                                                     strict=True))
    assert sum(map(len, on_batch)) > 500  # most searches find something
    assert sum(1 for found in on_batch if not found) < len(searches) // 2
    engine.close()


def test_searches_answered_as_named_clauses_find_what_each_search_finds(
    es_url: str, alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    _batch, searches = _searches(engine)
    alone = _sorted(one_by_one(engine, searches))
    assert sum(map(len, alone)) > 500
    asked: list[int] = []  # watches per request sent
    one_search = batch_match._one_search
    with monkeypatch.context() as patch:
        patch.setattr(batch_match, "_one_search",
                      lambda engine, part: asked.append(len(part)) or one_search(engine, part))
        assert _sorted(match_many(engine, searches)) == alone
        assert asked == [len(searches)]  # one request, none refused and asked again
        # many requests, cut by count and by the ids they may match
        patch.setattr(batch_match, "WATCHES_PER_REQUEST", 7)
        asked.clear()
        assert _sorted(match_many(engine, searches)) == alone
        assert len(asked) == -(-len(searches) // 7) and max(asked) == 7
        patch.setattr(batch_match, "WATCHES_PER_REQUEST", 1000)
        patch.setattr(batch_match, "HITS_PER_REQUEST", 120)  # one pool of 100 ids at most
        asked.clear()
        assert _sorted(match_many(engine, searches)) == alone and len(asked) == 2
        # and by the clauses of their queries: each request within the budget
        patch.setattr(batch_match, "HITS_PER_REQUEST", 10_000)
        patch.setattr(batch_match, "CLAUSES_PER_REQUEST", 60)
        weights: list[int] = []  # clauses per request sent
        patch.setattr(batch_match, "_one_search", lambda engine, part: weights.append(
            sum(batch_match._clauses(json.loads(query)) for query, _pool in part))
            or one_search(engine, part))
        assert _sorted(match_many(engine, searches)) == alone
        assert len(weights) > 2 and max(weights) <= 60 and sum(weights) > 2 * 60
    # one watch's query the node refuses: its request is cut in two until that watch is
    # alone, and only it matches nothing
    queries = engine._queries
    bad = searches[4][0]

    def refused(request: SearchRequest) -> Any:
        base, filters = queries(request)
        if request == bad:
            base = [*base, {"range": {"date": {"gte": "not a date"}}}]
        return base, filters

    monkeypatch.setattr(engine, "_queries", refused)
    batch_match._compiled.clear()
    found = _sorted(match_many(engine, searches))
    failed = [i for i, (request, _pool) in enumerate(searches) if request == bad]
    assert failed == [4, 5]  # the same search for two owners' pools
    assert [found[i] for i in failed] == [[], []] != [alone[i] for i in failed]
    assert [ids for i, ids in enumerate(found) if i not in failed] == [
        ids for i, ids in enumerate(alone) if i not in failed]
    engine.close()


# Words whose tokens the node's analysis may split or change (case, a capital I with a
# dot, a final sigma, a hyphen, an apostrophe, a decimal point, ideographs) beside words
# it keeps whole: the filter form must match exactly what the compiled query matches.
TRICKY_TEXTS = [
    "İstanbul court heard ΟΔΟΣ and Σοφία on 1.5 charges",
    "under ч. 3 ст. 361-1 and Art. 130 of the code",
    "Navitski's lawyer didn't co-operate; straße, ǅemal",
    "北京 hearing, Ірына і Алесь, marzę o wolności, жонкаю",
    "ISTANBUL İSTANBUL istanbul ΣΟΦΙΑ σοφια",
]
TRICKY_QUERIES = [
    "istanbul", "İstanbul", "ΟΔΟΣ", "οδος", "σοφία", "Σοφίας", "361-1", "361", "1.5", "5",
    "didn't", "didn", "co-operate", "Navitski's", "navitski", "straße", "strasse",
    "ǅemal", "džemal", "北京", "京", "Ірына", "ирина", "marzę", "marze", "жонкаю",
    '"ч. 3 ст. 361-1"', "wolności OR жонкаю", "court -hearing", "art*", "Алесь~1",
]


def test_the_filter_form_matches_what_the_query_matches(es_url: str, alias: str) -> None:
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([Document(id=f"t{i}", sha256=f"{i:064d}", file_name=f"t{i}.txt",
                         media_type="text/plain", size=1, title=text[:20],
                         pages=[Page(1, text)])
                for i, text in enumerate(TRICKY_TEXTS)])
    engine.commit()

    def found(query: dict[str, Any]) -> list[str]:
        hits = engine.client.search(index=alias, size=50, source=False,
                                    query={"bool": {"filter": [query, DOC_RECORDS]}}
                                    )["hits"]["hits"]
        return sorted(hit["_id"] for hit in hits)

    matched = 0
    for text in TRICKY_QUERIES:
        compiled = engine.doc_query.compile(parse_query(text))
        form = filter_form(compiled)
        assert found(form) == found(compiled), text
        assert "boost" not in str(form), text
        matched += bool(found(compiled))
    assert matched >= len(TRICKY_QUERIES) // 2  # most of them find something to compare
    # words' phrases of one token become one terms query per field
    words = engine.doc_query.compile(parse_query("жонкаю OR жонку OR жонкі"))
    form = filter_form(words)
    assert all("terms" in clause for clause in form["bool"]["should"])
    assert len(form["bool"]["should"]) <= len(engine.doc_query.fields) < batch_match._clauses(
        words)
    engine.close()


def test_the_filter_form_keeps_what_it_cannot_merge() -> None:
    def phrase(field: str, text: str) -> dict[str, Any]:
        return {"match_phrase": {field: {"query": text, "boost": 2.0, "slop": 0}}}

    two_of = {"bool": {"should": [phrase("a", "x"), phrase("a", "y"), phrase("b", "z")],
                       "minimum_should_match": 2}}  # not "any of": nothing merged
    assert filter_form(two_of) == {"bool": {"should": [
        {"match_phrase": {f: {"query": t, "slop": 0}}} for f, t in (("a", "x"), ("a", "y"),
                                                                    ("b", "z"))],
        "minimum_should_match": 2}}
    scored = {"bool": {"must": [phrase("a", "x")], "filter": [{"terms": {"k": ["v"]}}],
                       "must_not": [phrase("a", "Y")]}}
    assert filter_form(scored) == {"bool": {
        "filter": [{"match_phrase": {"a": {"query": "x", "slop": 0}}}, {"terms": {"k": ["v"]}}],
        "must_not": [{"match_phrase": {"a": {"query": "Y", "slop": 0}}}]}}
    any_of = {"bool": {"should": [phrase("a", "x"), {"bool": {"should": [
        phrase("a", "y"), phrase("a", "x"), phrase("b", "3-1")], "boost": 0.1}}],
        "minimum_should_match": 1}}
    assert filter_form(any_of) == {"bool": {"should": [
        {"terms": {"a": ["x", "y"]}}, {"match_phrase": {"b": {"query": "3-1", "slop": 0}}}],
        "minimum_should_match": 1}}
