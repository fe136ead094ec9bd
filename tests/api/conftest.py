"""A real archive (the demo documents plus files made for these tests), ingested through
the real pipeline, served by a real uvicorn server on a free port."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from ingest.demo import build_demo_archive
from ingest.pipeline import IngestSummary, Pipeline
from ingest.support.pdfwrite import write_pdf
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from search_api.main import create_app
from tests.conftest import drop_indices, unique_alias
from tests.fixtures import NEWS
from tests.support import free_port, write_evidence_zip

# A word that appears only on page 3 of one PDF, to check highlight page numbers.
PAGE3_WORD = "zhodzinskaya"
SAME_TEXT = "Joint statement on the hunger strike in Zhodzina colony. Signed by 14 organisations."


@dataclass
class Archive:
    settings: Settings
    source: Path
    summary: IngestSummary
    base_url: str

    def catalog(self) -> Catalog:
        return Catalog(self.settings.catalog_path)


def extra_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "three-pages.pdf").write_bytes(
        write_pdf(
            ["Page one of the monitoring report.", "Page two: nothing relevant.",
             f"Page three names the {PAGE3_WORD} colony hospital."],
            title="Monitoring report with three pages", author="Test Monitor",
            created=dt.date(2023, 5, 17),
        )
    )
    (folder / "joint-statement.txt").write_text(SAME_TEXT + "\n", encoding="utf-8")
    (folder / "joint-statement.pdf").write_bytes(write_pdf([SAME_TEXT]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage without xref")
    (folder / "copy-of-three-pages.pdf").write_bytes((folder / "three-pages.pdf").read_bytes())
    write_evidence_zip(folder / "evidence.zip")


def engine_settings(
    kind: str, home: Path, request: pytest.FixtureRequest
) -> Settings:
    """Settings for an archive in ``home`` on engine ``kind`` (a fresh alias on the test
    node for Elasticsearch)."""
    if kind == "tantivy":
        return Settings(home=home)
    url = request.getfixturevalue("es_url")
    return Settings(home=home, engine="elasticsearch", es_url=url, es_index=unique_alias("api"))


@pytest.fixture(scope="session", params=["tantivy", "elasticsearch"])
def archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Archive]:
    """The same archive on each engine in turn: every API test runs on both."""
    root = tmp_path_factory.mktemp("archive")
    source = root / "files"
    build_demo_archive(source / "demo")
    extra_files(source / "extra")
    shutil.copytree(NEWS, source / "news")
    settings = engine_settings(str(request.param), root / "home", request)
    catalog = Catalog(settings.catalog_path)
    engine = open_engine(settings, writable=True)
    summary = Pipeline(catalog, BlobStore(settings.blob_dir), engine).ingest([source])
    engine.close()
    catalog.close()

    with serve(settings) as base_url:
        yield Archive(settings, source, summary, base_url)
    shutil.rmtree(root, ignore_errors=True)
    if settings.engine == "elasticsearch":
        drop_indices(settings.es_url, settings.es_index)


@contextmanager
def serve(settings: Settings, on_upload: Callable[[], None] | None = None) -> Iterator[str]:
    """The real app under uvicorn on a free port, in a thread; yields its base URL."""
    port = free_port()
    app = create_app(settings, on_upload=on_upload)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def api(archive: Archive) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=archive.base_url, timeout=30) as client:
        yield client
