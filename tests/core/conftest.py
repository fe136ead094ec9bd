"""Engine fixtures: every engine-level test runs against both engines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from poshuk.core.engines import Engine
from poshuk.core.engines.es_engine import ElasticsearchEngine
from poshuk.core.engines.tantivy_engine import TantivyEngine
from tests.conftest import drop_indices, unique_alias

ENGINES = ["tantivy", "elasticsearch"]
EngineFactory = Callable[[], Engine]


def engine_factory(
    kind: str, request: pytest.FixtureRequest, folder: Path
) -> Iterator[EngineFactory]:
    """Yields a callable that opens a fresh, empty, writable engine of ``kind``; the
    indices it made are dropped afterwards."""
    made: list[Engine] = []
    aliases: list[str] = []
    url = request.getfixturevalue("es_url") if kind == "elasticsearch" else ""

    def make() -> Engine:
        engine: Engine
        if kind == "tantivy":
            engine = TantivyEngine(folder / f"index-{len(made)}", writable=True)
        else:
            aliases.append(unique_alias())
            engine = ElasticsearchEngine(url, aliases[-1], writable=True)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()
    for alias in aliases:
        drop_indices(url, alias)


@pytest.fixture(params=ENGINES)
def engine_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def empty_engine(
    engine_kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[EngineFactory]:
    yield from engine_factory(engine_kind, request, tmp_path)


@pytest.fixture
def alias(es_url: str) -> Iterator[str]:
    """A fresh alias on the test node, its indices dropped afterwards."""
    name = unique_alias("es")
    yield name
    drop_indices(es_url, name)
