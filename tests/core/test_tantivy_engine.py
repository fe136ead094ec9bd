"""What only the embedded engine does: generations on disk and readers that follow them."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import tantivy

from poshuk.core.config import Settings
from poshuk.core.engines import (
    EngineUnavailable,
    SearchRequest,
    WriterBusy,
    open_engine,
    tantivy_query,
)
from poshuk.core.engines.tantivy_engine import TantivyEngine
from poshuk.core.query import parse_query
from tests.core.test_engine import _doc


def test_rebuild_switches_open_readers_and_removes_the_old_generation(tmp_path: Path) -> None:
    writer = TantivyEngine(tmp_path, writable=True)
    writer.add([_doc("a", ["alpha"]), _doc("b", ["beta"])])
    writer.commit()
    reader = TantivyEngine(tmp_path)
    assert reader.count() == 2
    writer.rebuild([_doc("c", ["gamma"])])
    assert reader.count() == 1
    assert reader.search(SearchRequest(parse_query("gamma"))).total == 1
    assert [p.name for p in tmp_path.glob("gen-*")] == ["gen-2"]


def test_read_only_engine_without_an_index_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="ingest documents"):
        TantivyEngine(tmp_path / "nothing")


def test_a_running_reader_sees_each_new_commit_at_once(tmp_path: Path) -> None:
    """As `poshuk serve` holds its reader while a worker or `ingest` commits: the next
    search sees the commit, with no wait (tantivy's own reload lags by up to a second)."""
    writer = TantivyEngine(tmp_path, writable=True)
    writer.add([_doc("w1", ["alpha"])])
    writer.commit()
    reader = TantivyEngine(tmp_path)
    assert reader.count() == 1
    for n, word in enumerate(["beta", "gamma", "delta"], start=2):
        writer.add([_doc(f"w{n}", [word])])
        writer.commit()
        assert reader.search(SearchRequest(parse_query(word))).total == 1
        assert reader.count() == n


def test_an_index_from_another_schema_asks_for_a_reindex_which_then_works(
    tmp_path: Path,
) -> None:
    old = tantivy.SchemaBuilder()
    old.add_text_field("id", stored=True)
    (tmp_path / "gen-1").mkdir()
    tantivy.Index(old.build(), path=str(tmp_path / "gen-1"))
    (tmp_path / "CURRENT").write_text("gen-1", encoding="utf-8")
    for writable in (False, True):
        with pytest.raises(EngineUnavailable, match="run `poshuk reindex`"):
            TantivyEngine(tmp_path, writable=writable)
    TantivyEngine(tmp_path, rebuild=True).rebuild([_doc("n", ["renewed"])])
    assert TantivyEngine(tmp_path).search(SearchRequest(parse_query("renewed"))).total == 1


def test_opening_for_writing_waits_for_a_busy_writer_then_says_it_is_busy(
    tmp_path: Path,
) -> None:
    settings = Settings(home=tmp_path)
    holder = TantivyEngine(settings.index_dir, writable=True)  # an upload being parsed
    started = time.monotonic()
    with pytest.raises(WriterBusy, match="another process is writing"):
        open_engine(settings, writable=True, wait_s=0.5)
    assert time.monotonic() - started >= 0.5
    timer = threading.Timer(0.5, holder.close)  # the parse finishes while we wait
    timer.start()
    engine = open_engine(settings, writable=True, wait_s=10)
    timer.join()
    engine.add([_doc("after", ["alpha"])])
    engine.close()
    assert TantivyEngine(settings.index_dir).count() == 1


def test_the_year_facet_summed_from_the_months_equals_the_years_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from poshuk.core.engines import rules

    engine = TantivyEngine(tmp_path, writable=True)
    dates = [dt.date(2019, 1, 5), dt.date(2019, 1, 9), dt.date(2019, 7, 1), dt.date(2021, 3, 3)]
    engine.add([_doc(f"y{i}", ["a statement"], date=date) for i, date in enumerate(dates)])
    engine.add([_doc("undated", ["a statement"])])
    engine.commit()
    request = SearchRequest(parse_query("statement"))
    summed = engine.search(request).facets["year"]
    monkeypatch.setattr(rules, "MAX_MONTHS", 2)  # too few buckets: the years are counted
    counted = engine.search(request).facets["year"]
    assert [(v.value, v.count) for v in summed] == [("2019", 3), ("2021", 1)]
    assert summed == counted


def _rights_archive(tmp_path: Path) -> TantivyEngine:
    engine = TantivyEngine(tmp_path, writable=True)
    engine.add([_doc(f"{c}-{n}", [f"a statement from {c}"], collection=c)
                for c in ("c0", "c1", "c2", "c3", "c4") for n in range(2)])
    engine.commit()
    return engine


def test_a_reader_of_most_collections_sees_exactly_them_and_a_new_one_stays_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rights filter of a reader of most collections excludes the few others that the
    index holds (cheaper); a collection the caller's rights never named, made after they
    were read, is one of those others, so it stays out: the form fails closed."""
    engine = _rights_archive(tmp_path)
    allowed = ["c0", "c1", "c2", "c3", "not-in-the-index"]  # c4: made after, unknown
    request = SearchRequest(parse_query("statement"), scope={"collection": allowed}, size=20)
    found = engine.search(request)
    assert sorted(h.id for h in found.hits) == [f"{c}-{n}" for c in allowed[:4] for n in (0, 1)]
    assert found.total == 8
    assert {v.value for v in found.facets["collection"]} == set(allowed[:4])
    assert sorted(engine.ids(request)) == sorted(h.id for h in found.hits)
    similar = engine.similar(_doc("probe", ["a statement from c4"]), 20, request.scope)
    assert "c4-0" not in {h.id for h in similar.hits} and similar.total == 8

    # the same answer, scores included, as the filter that lists the allowed collections
    excluding = engine.search(request)
    monkeypatch.setattr(tantivy_query, "RIGHTS_FIELD", "no-such-field")
    assert engine.search(request) == excluding


def test_a_reader_of_no_collection_sees_nothing(tmp_path: Path) -> None:
    engine = _rights_archive(tmp_path)
    for allowed in ([], ["not-in-the-index"]):
        request = SearchRequest(parse_query("statement"), scope={"collection": allowed})
        assert engine.search(request).total == 0
