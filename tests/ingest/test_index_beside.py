"""Index passes run beside the parsing: the parsers go on while the engine commits and
the watches are matched, every document is indexed once, and what a pass raises stops
the run with the documents left pending (indexed on the next run)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import ingest.pipeline
from ingest.pipeline import IngestSummary, Pipeline
from poshuk.core import index_chunks
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import Engine
from poshuk.core.engines.tantivy_engine import TantivyEngine
from poshuk.core.model import Document

FILES = 40


def _folder(where: Path) -> Path:
    folder = where / "in"
    folder.mkdir(parents=True)
    for n in range(FILES):
        (folder / f"s{n:02}.txt").write_text(f"Statement {n} on the detention of observer{n}.")
    return folder


def _catalogued(catalog: Catalog) -> int:
    return int(catalog.db.execute("SELECT count(*) FROM documents").fetchone()[0])


def _ingest(settings: Settings, catalog: Catalog, folder: Path,
            hook: Callable[[Engine, list[Document]], object],
            on_file: Callable[[str], None] | None = None) -> tuple[IngestSummary, int]:
    """The run's summary, and the documents the index holds after it."""
    engine = TantivyEngine(settings.index_dir, writable=True)
    try:
        summary = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings,
                           batch_size=2, on_indexed=hook).ingest([folder], on_file)
        return summary, engine.count()
    finally:
        engine.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Settings, Catalog]]:
    """A data directory whose ingests run an index pass every 4 documents."""
    monkeypatch.setattr(ingest.pipeline, "INDEX_EVERY", 4)
    settings = Settings(home=tmp_path / "home")
    catalog = Catalog(settings.catalog_path)
    yield settings, catalog
    catalog.close()


def test_the_parsers_go_on_while_an_index_pass_runs(
        tmp_path: Path, home: tuple[Settings, Catalog]) -> None:
    settings, catalog = home
    passes: list[tuple[str, int, bool]] = []
    hook_started, finished = threading.Event(), [0]

    def gate(_path: str) -> None:
        # the parsing waits, after the first pass's documents, until that pass reaches
        # the hook: else, on a loaded machine, it can catalogue everything while the
        # engine commits, and there is nothing left to see grow
        finished[0] += 1
        if finished[0] > ingest.pipeline.INDEX_EVERY:
            hook_started.wait(timeout=30)

    def slow_hook(_engine: Engine, docs: list[Document]) -> None:
        # a pass beside the parsing sees the catalog grow while it waits; a pass in the
        # parsing thread never could
        first = not hook_started.is_set()  # only the first pass waits: later ones may
        hook_started.set()                 # come after the last document
        before, deadline = _catalogued(catalog), time.monotonic() + (10 if first else 0)
        while _catalogued(catalog) == before and time.monotonic() < deadline:
            time.sleep(0.02)
        passes.append((threading.current_thread().name, len(docs),
                       _catalogued(catalog) > before))

    summary, in_index = _ingest(settings, catalog, _folder(tmp_path), slow_hook, gate)
    beside = [p for p in passes if p[0] == "poshuk-index"]
    assert beside and any(grew for _name, _n, grew in beside), passes
    assert summary.accepted == FILES and summary.indexed == FILES
    assert sum(n for _name, n, _grew in passes) == FILES  # each document once
    assert catalog.count_pending() == 0 and in_index == FILES


def test_what_a_pass_beside_raises_stops_the_run_and_nothing_is_lost(
        tmp_path: Path, home: tuple[Settings, Catalog]) -> None:
    settings, catalog = home

    def failing(_engine: Engine, _docs: list[Document]) -> None:
        raise RuntimeError("the watches' database went away")

    with pytest.raises(RuntimeError, match="went away"):
        _ingest(settings, catalog, _folder(tmp_path / "first"), failing)
    assert catalog.count_pending() > 0  # committed to the index, not marked: pending
    summary, in_index = _ingest(settings, catalog, _folder(tmp_path / "again"),
                                lambda _engine, _docs: None)
    assert catalog.count_pending() == 0 and summary.indexed > 0
    assert in_index == FILES  # indexed again, not doubled


def test_a_pass_goes_in_even_chunks_of_what_was_pending_when_it_started(
        tmp_path: Path, home: tuple[Settings, Catalog], monkeypatch: pytest.MonkeyPatch) -> None:
    settings, catalog = home
    summary, _in_index = _ingest(settings, catalog, _folder(tmp_path / "first"),
                                 lambda _engine, _docs: None)
    with catalog.db.transaction():  # all 40 pending again
        catalog.db.execute("UPDATE documents SET indexed = 0")
    monkeypatch.setattr(index_chunks, "INDEX_CHUNK", 12)
    chunks: list[int] = []
    engine = TantivyEngine(settings.index_dir, writable=True)
    try:
        pipeline = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings,
                            on_indexed=lambda _engine, docs: chunks.append(len(docs)))
        assert pipeline.index_pending() == FILES
        assert chunks == [10, 10, 10, 10]  # not 12, 12, 12 and a tail of 4
        monkeypatch.setattr(index_chunks, "INDEX_CHUNK_PAGES", 3)  # and by pages
        with catalog.db.transaction():
            catalog.db.execute("UPDATE documents SET indexed = 0")
        chunks.clear()
        assert pipeline.index_pending() == FILES and chunks == [3] * 13 + [1]
    finally:
        engine.close()
    assert summary.indexed == FILES and catalog.count_pending() == 0
