"""Matching many watched searches against a batch: on tantivy, searching a small index of
the batch alone must find exactly what the archive's own index finds for those ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from poshuk.core.engines.base import SearchRequest
from poshuk.core.engines.batch_match import match_many
from poshuk.core.engines.tantivy_engine import TantivyEngine
from poshuk.core.query import parse_query
from tests.core.test_engine import make_corpus

QUERIES = [
    "prisoner", "verdict minsk", '"hunger strike"', "app*", "amnesti~1",
    "court -appeal", "citation:BY-CC-342", 'entity:"person:andrei navitski"',
    "title:document", "strike OR amnesty", "",
]


def test_the_batch_index_finds_what_the_archive_index_finds(tmp_path: Path) -> None:
    engine = TantivyEngine(tmp_path / "index", writable=True)
    corpus = make_corpus(300)
    old, batch = corpus[:200], corpus[200:]
    engine.add(old)
    engine.commit()
    engine.add(batch)
    engine.commit()
    ids = sorted(doc.id for doc in batch)
    some = ids[::3]  # a watch whose owner may read a third of the batch
    searches = [
        (SearchRequest(parse_query(q), filters=filters, date_from=since), pool)
        for q in QUERIES
        for filters, since in (({}, None), ({"lang": ["ru", "be"]}, None),
                               ({}, dt.date(2022, 1, 1)))
        for pool in (ids, some)
    ]
    on_batch = match_many(engine, searches, batch)
    on_archive = match_many(engine, searches)  # no documents given: the archive's index
    assert [sorted(found) for found in on_batch] == [sorted(found) for found in on_archive]
    assert all(set(found) <= set(pool) for found, (_r, pool) in zip(on_batch, searches,
                                                                     strict=True))
    assert sum(map(len, on_batch)) > 500  # most searches find something
    assert sum(1 for found in on_batch if not found) < len(searches) // 2
    engine.close()
