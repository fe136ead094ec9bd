"""The vector stores on both engines, with vectors made here (no model needed): the
rights filter inside the nearest-neighbour search, staleness by model and by content."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from poshuk.core import semantic
from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.engines.vectors import VectorStore
from poshuk.core.model import Document
from poshuk.core.query import MatchAll
from poshuk.core.schema import load_template
from tests.core.conftest import EngineFactory
from tests.core.test_engine import _doc

pytestmark = pytest.mark.skipif(not semantic.available(), reason="the semantic extra is absent")


def store(engine: Engine, folder: Path, model: str = "model-a") -> VectorStore:
    if engine.name == "tantivy":
        from poshuk.core.engines.usearch_vectors import UsearchVectors

        return UsearchVectors(folder / "vectors", engine, model, writable=True)
    from poshuk.core.engines.es_engine import ElasticsearchEngine
    from poshuk.core.engines.es_vectors import ElasticsearchVectors

    assert isinstance(engine, ElasticsearchEngine)
    return ElasticsearchVectors(engine, model)


def unit(seed: int, near: np.ndarray | None = None) -> np.ndarray:
    """A random unit vector (``near``: close to that one)."""
    v = np.random.default_rng(seed).normal(size=semantic.DIMENSIONS).astype(np.float32)
    if near is not None:
        v = near + 0.05 * v / np.linalg.norm(v)
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_the_mapping_holds_vectors_of_the_models_size() -> None:
    props = load_template()["template"]["mappings"]["properties"]
    assert props["passages"]["properties"]["vector"]["dims"] == semantic.DIMENSIONS


def test_a_caller_gets_no_vector_neighbour_from_another_collection(
    empty_engine: EngineFactory, tmp_path: Path
) -> None:
    engine = empty_engine()
    target = unit(1)
    # 30 documents of collection b lie nearest the query; one of a lies farther away
    docs = [_doc(f"b{i}", [f"beta text {i}"], collection="b") for i in range(30)]
    docs += [_doc("a0", ["alpha text"], collection="a"), _doc("a1", ["alpha"], collection="a")]
    engine.add(docs)
    engine.commit()
    vectors = store(engine, tmp_path)
    rows = {d.id: np.stack([unit(i, target) for i in range(2)]) if d.collection == "b"
            else np.stack([unit(100 + n)]) for n, d in enumerate(docs)}
    vectors.put([(d, rows[d.id]) for d in docs])
    vectors.commit()
    assert vectors.count() == 32
    everyone = SearchRequest(MatchAll())
    assert set(vectors.nearest(target, everyone, 10)) <= {d.id for d in docs if d.id[0] == "b"}
    only_a = SearchRequest(MatchAll(), scope={"collection": ["a"]})
    assert sorted(vectors.nearest(target, only_a, 10)) == ["a0", "a1"]
    none = SearchRequest(MatchAll(), scope={"collection": ["c"]})
    assert vectors.nearest(target, none, 10) == []
    # facet filters apply inside too
    assert vectors.nearest(target, dataclasses.replace(only_a, filters={"lang": ["xx"]}), 5) == []


def _two_documents(empty_engine: EngineFactory) -> tuple[Engine, list[Document]]:
    engine = empty_engine()
    docs = [_doc("d1", ["one"]), _doc("d2", ["two"])]
    engine.add(docs)
    engine.commit()
    return engine, docs


def test_vectors_go_stale_with_another_model_or_new_content(
    empty_engine: EngineFactory, tmp_path: Path
) -> None:
    engine, docs = _two_documents(empty_engine)
    first = store(engine, tmp_path)
    assert first.stale(docs) == docs
    first.put([(docs[0], np.stack([unit(1)]))])
    first.commit()
    assert [d.id for d in first.stale(docs)] == ["d2"]
    first.close()
    assert [d.id for d in store(engine, tmp_path, "model-b").stale(docs)] == ["d1", "d2"]
    again = store(engine, tmp_path)
    assert [d.id for d in again.stale(docs)] == ["d2"]
    changed = dataclasses.replace(docs[0], sha256="f" * 64, pages=docs[0].pages)
    if engine.name == "elasticsearch":
        engine.add([changed])  # ingest re-adds a changed document: its vectors go
        engine.commit()
    assert [d.id for d in again.stale([changed])] == ["d1"]


def test_vectors_for_a_document_deleted_meanwhile_do_not_bring_it_back(
    empty_engine: EngineFactory, tmp_path: Path
) -> None:
    engine, docs = _two_documents(empty_engine)
    vectors = store(engine, tmp_path)
    assert vectors.stale(docs) == docs
    engine.delete(["d1"])  # e.g. DELETE /documents/d1 while `poshuk embed` runs
    vectors.put([(doc, np.stack([unit(7)])) for doc in docs])
    vectors.commit()
    everything = SearchRequest(MatchAll())
    assert [hit.id for hit in engine.search(everything).hits] == ["d2"]
    assert vectors.nearest(unit(7), everything, 5) == ["d2"]


def test_vectors_outlive_a_reindex_and_a_re_add_of_the_same_content(
    empty_engine: EngineFactory, tmp_path: Path
) -> None:
    engine, docs = _two_documents(empty_engine)
    vectors = store(engine, tmp_path)
    near = unit(3)
    vectors.put([(docs[0], np.stack([near, unit(4)]))])
    vectors.commit()
    engine.rebuild(docs)  # `poshuk reindex`: every record written anew
    engine.add([docs[0]])  # ingest meets the same file again
    engine.commit()
    everything = SearchRequest(MatchAll())
    assert [d.id for d in vectors.stale(docs)] == ["d2"]
    assert vectors.count() == 1
    assert vectors.nearest(near, everything, 5) == ["d1"]
    # the same id with other content: its old vectors must not come back with it
    changed = dataclasses.replace(docs[0], sha256="e" * 64)
    engine.rebuild([changed, docs[1]])
    engine.commit()
    assert [d.id for d in vectors.stale([changed, docs[1]])] == ["d1", "d2"]
