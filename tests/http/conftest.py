"""``poshuk serve`` as a separate process, on the demo archive (both engines) and on an
empty archive with a small upload limit and its own temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.demo import build_demo_archive
from tests.conftest import drop_indices, unique_alias
from tests.processes import cli, serve, stop


@dataclass
class Served:
    url: str
    home: Path
    tmp: Path  # the server's TMPDIR
    pid: int


@pytest.fixture(scope="session", params=["tantivy", "elasticsearch"])
def demo_api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[Served]:
    """The demo archive ingested by ``poshuk ingest`` and served by ``poshuk serve``."""
    env = {"POSHUK_ENGINE": str(request.param)}
    if request.param == "elasticsearch":
        env |= {"POSHUK_ES_URL": request.getfixturevalue("es_url"),
                "POSHUK_ES_INDEX": unique_alias("http")}
    base = tmp_path_factory.mktemp("http-demo")
    build_demo_archive(base / "files")
    cli(env, "ingest", "--data-dir", str(base / "home"), str(base / "files"))
    (base / "tmp").mkdir()
    process, url = serve(base / "home", env | {"TMPDIR": str(base / "tmp")}, base / "api.log")
    try:
        yield Served(url, base / "home", base / "tmp", process.pid)
    finally:
        stop(process)
        if request.param == "elasticsearch":
            drop_indices(env["POSHUK_ES_URL"], env["POSHUK_ES_INDEX"])


@pytest.fixture(scope="module")
def upload_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """An empty archive taking uploads of at most 1 MiB."""
    base = tmp_path_factory.mktemp("http-uploads")
    (base / "tmp").mkdir()
    env = {"POSHUK_ENGINE": "tantivy", "POSHUK_UPLOAD_MAX_MB": "1", "TMPDIR": str(base / "tmp")}
    cli(env, "reindex", "--data-dir", str(base / "home"))  # an empty index, ready to search
    process, url = serve(base / "home", env, base / "api.log")
    try:
        yield Served(url, base / "home", base / "tmp", process.pid)
    finally:
        stop(process)
