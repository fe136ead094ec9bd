"""Engines for engine-level tests: every engine the project has, through one protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from poshuk.core.config import Settings
from poshuk.core.engines import Engine, open_engine

EngineFactory = Callable[[], Engine]


@pytest.fixture(params=["tantivy"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EngineFactory]:
    """A factory of fresh, empty, writable engines of the parametrised kind (closed after
    the test). Tests that use it may rely on the ``Engine`` protocol only."""
    opened: list[Engine] = []

    def make() -> Engine:
        home = tmp_path / f"engine-{len(opened)}"
        engine = open_engine(Settings(home=home, engine=request.param), writable=True)
        opened.append(engine)
        return engine

    yield make
    for engine in opened:
        engine.close()
