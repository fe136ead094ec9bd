"""What only the Elasticsearch engine does: the template on a real node, alias swaps,
and failures that must become ``EngineUnavailable`` rather than hangs or crashes."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from poshuk.core.analysis import analysed_text
from poshuk.core.engines import EngineUnavailable, SearchRequest
from poshuk.core.engines.es_engine import ElasticsearchEngine
from poshuk.core.model import Document
from poshuk.core.query import parse_query
from poshuk.core.schema import load_schema
from poshuk.core.textfold import fold
from tests.conftest import unique_alias
from tests.core.test_engine import _doc, make_corpus
from tests.support import free_port


def analyze(url: str, index: str, analyzer: str, text: str) -> list[str]:
    response = httpx.post(f"{url}/{index}/_analyze", json={"analyzer": analyzer, "text": text})
    assert response.status_code == 200, response.text
    return [token["token"] for token in response.json()["tokens"]]


def backing_indices(url: str, alias: str) -> list[str]:
    response = httpx.get(f"{url}/_alias/{alias}")
    return sorted(response.json()) if response.status_code == 200 else []


def test_the_node_indexes_exactly_the_tokens_python_analysed(es_url: str, alias: str) -> None:
    """The language and fold fields reach the node as Python-analysed tokens; its analyzers
    must keep them as they are, or the two engines would match differently."""
    ElasticsearchEngine(es_url, alias, writable=True)
    [index] = backing_indices(es_url, alias)
    assert index.startswith(f"{alias}-v{load_schema().version}-")
    samples = {
        "en": "The prisoners' appeal was rejected by the Supreme Court in 2024.",
        "ru": "Политзаключённых перевели в колонию № 17 после суда.",
        "be": "Палітвязняў і іх адвакатаў не пусцілі ў суд.",
        "uk": "Політв'язні звернулися до суду п'ятого травня.",
        "pl": "Więźniowie polityczni złożyli apelację do sądu.",
        "lt": "Politiniai kaliniai kreipėsi į teismą.",
    }
    for lang, text in samples.items():
        tokens = analysed_text(lang, text).split()
        assert tokens and analyze(es_url, index, f"poshuk_{lang}", " ".join(tokens)) == tokens
    assert analyze(es_url, index, "poshuk_fold", fold(samples["be"])) == fold(samples["be"]).split()


def test_yo_and_ye_spellings_meet_in_the_russian_field(es_url: str, alias: str) -> None:
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([_doc("yo", ["Список политзаключённых обновлён"], language="ru")])
    engine.commit()
    assert engine.search(SearchRequest(parse_query("политзаключенный"))).total == 1


def test_rebuild_swaps_the_alias_and_drops_the_old_index(es_url: str, alias: str) -> None:
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([_doc("a", ["alpha"]), _doc("b", ["beta"])])
    engine.commit()
    [old] = backing_indices(es_url, alias)
    reader = ElasticsearchEngine(es_url, alias)
    assert engine.rebuild([_doc("c", ["gamma"])]) == 1
    [new] = backing_indices(es_url, alias)
    assert new != old
    assert httpx.get(f"{es_url}/{old}").status_code == 404
    assert reader.count() == 1
    assert reader.search(SearchRequest(parse_query("gamma"))).total == 1


def test_searches_keep_answering_during_a_rebuild(es_url: str, alias: str) -> None:
    corpus = make_corpus(3000, seed=3)
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add(corpus[:500])
    engine.commit()
    reader = ElasticsearchEngine(es_url, alias)
    totals: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def keep_searching() -> None:
        while not done.is_set():
            try:
                totals.append(reader.search(SearchRequest(parse_query("prisoner"))).total)
            except BaseException as err:  # noqa: BLE001 - any failure fails the test below
                errors.append(err)

    before = reader.search(SearchRequest(parse_query("prisoner"))).total
    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        engine.rebuild(corpus)
    finally:
        done.set()
        thread.join()
    after = reader.search(SearchRequest(parse_query("prisoner"))).total
    assert not errors
    assert len(totals) >= 3
    assert set(totals) <= {before, after}  # the old index or the new, never a half-built one
    assert after > before


def test_a_failed_rebuild_leaves_the_old_index_serving(es_url: str, alias: str) -> None:
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([_doc("k1", ["kept"]), _doc("k2", ["kept too"])])
    engine.commit()
    old = backing_indices(es_url, alias)

    def broken_catalog() -> Iterator[Document]:
        yield _doc("n1", ["new"])
        raise OSError("catalog read failed half-way")

    with pytest.raises(OSError, match="half-way"):
        engine.rebuild(broken_catalog())
    assert backing_indices(es_url, alias) == old
    assert engine.count() == 2
    leftovers = httpx.get(f"{es_url}/{alias}-*").json()
    assert sorted(leftovers) == old  # the half-built index was deleted


def test_re_adding_a_document_with_fewer_pages_drops_the_rest(es_url: str, alias: str) -> None:
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([_doc("p", ["one", "two", "three zebra"])])
    engine.commit()
    assert engine.search(SearchRequest(parse_query("zebra"))).hits[0].highlights[0].page == 3
    engine.add([_doc("p", ["one zebra"])])
    engine.commit()
    hit = engine.search(SearchRequest(parse_query("zebra"))).hits[0]
    assert [h.page for h in hit.highlights] == [1]


def test_stale_pages_go_however_many_documents_are_re_added(
    es_url: str, alias: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The node takes at most 65,536 values in a terms query: the re-added documents'
    pages are looked up a slice at a time (here 2 documents, so 5 make three slices)."""
    from poshuk.core.engines import es_engine

    monkeypatch.setattr(es_engine, "_TERMS_PER_QUERY", 2)
    engine = ElasticsearchEngine(es_url, alias, writable=True)
    engine.add([_doc(f"p{i}", ["one", "two", f"three zebra{i}"]) for i in range(5)])
    engine.commit()
    engine.add([_doc(f"p{i}", [f"one zebra{i}"]) for i in range(5)])
    engine.commit()
    pages = engine.search(SearchRequest(parse_query("zebra4"))).hits[0].highlights
    assert [h.page for h in pages] == [1]
    left = engine.client.count(index=alias, query={"term": {"kind": "page"}})["count"]
    assert left == 0  # one page of text each now: no page records at all


def test_reading_an_alias_that_does_not_exist_is_unavailable(es_url: str) -> None:
    with pytest.raises(EngineUnavailable, match="ingest documents"):
        ElasticsearchEngine(es_url, unique_alias("missing"))


def test_a_node_that_is_not_running_is_unavailable_at_once() -> None:
    with pytest.raises(EngineUnavailable, match="not answering"):
        ElasticsearchEngine(f"http://127.0.0.1:{free_port()}", "poshuk")


def test_an_index_built_from_another_template_asks_for_a_reindex(es_url: str, alias: str) -> None:
    ElasticsearchEngine(es_url, alias, writable=True)
    [index] = backing_indices(es_url, alias)
    changed = httpx.put(f"{es_url}/{index}/_mapping", json={"_meta": {"template_sha256": "old"}})
    assert changed.status_code == 200, changed.text
    for writable in (False, True):
        with pytest.raises(EngineUnavailable, match="run `poshuk reindex"):
            ElasticsearchEngine(es_url, alias, writable=writable)
    ElasticsearchEngine(es_url, alias, rebuild=True).rebuild([_doc("r", ["rebuilt"])])
    assert ElasticsearchEngine(es_url, alias).search(SearchRequest(parse_query("rebuilt"))).total
