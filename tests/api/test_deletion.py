"""Deletion leaves nothing: over HTTP (``DELETE /documents/{id}``) and from the command
line (``poshuk delete``), on both engines, checked by reading every file of the data dir
and by asking the engine."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from ingest.pipeline import Pipeline
from ingest.support.pdfwrite import write_pdf
from poshuk.cli import app
from poshuk.core.audit import AuditLog
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from tests.api.conftest import engine_settings, serve
from tests.api.test_rights import SHARED
from tests.conftest import drop_indices

PDF_WORD = "qwzxunderhill"  # only on page 2 of the PDF deleted over HTTP
CHILD_WORD = "plorvanecki"  # only in the file unpacked from the ZIP deleted by the CLI


@dataclass
class Doomed:
    settings: Settings
    base_url: str
    ids: dict[str, str]  # file name -> id


def files_holding(home: Path, word: str) -> list[str]:
    """Every file under ``home`` whose bytes contain ``word`` (any case)."""
    needles = {word.encode(), word.upper().encode(), word.capitalize().encode()}
    return [str(path.relative_to(home)) for path in sorted(home.rglob("*"))
            if path.is_file() and any(n in path.read_bytes() for n in needles)]


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def doomed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Doomed]:
    root = tmp_path_factory.mktemp("deletion")
    source = root / "files"
    source.mkdir()
    (source / "report.pdf").write_bytes(write_pdf(
        [SHARED, f"Annex: the interview in {PDF_WORD} village."], title="Report with annex"))
    (source / "report-copy.txt").write_text(SHARED + "\n", encoding="utf-8")
    with zipfile.ZipFile(source / "evidence.zip", "w") as archive:
        archive.writestr("note.txt", f"Note on the search of the flat in {CHILD_WORD}.\n")
    settings = engine_settings(str(request.param), root / "home", request)
    settings.workers = 1
    catalog = Catalog(settings.catalog_path)
    engine = open_engine(settings, writable=True)
    Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings).ingest([source])
    engine.close()
    ids = {row[1]: row[0] for row in catalog.db.execute("SELECT id, file_name FROM documents")}
    catalog.close()
    with serve(settings) as base_url:
        yield Doomed(settings, base_url, ids)
    shutil.rmtree(root, ignore_errors=True)
    if settings.engine == "elasticsearch":
        drop_indices(settings.es_url, settings.es_index)


def rows_naming(settings: Settings, doc_id: str) -> dict[str, int]:
    """Rows of every catalog table (the audit aside) that hold ``doc_id``."""
    db = sqlite3.connect(settings.catalog_path)
    found: dict[str, int] = {}
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table == "audit":
            continue
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        for column in columns:
            n = db.execute(f"SELECT count(*) FROM {table} WHERE CAST({column} AS TEXT) = ?",
                           (doc_id,)).fetchone()[0]
            if n:
                found[f"{table}.{column}"] = n
    db.close()
    return found


def test_delete_over_http_leaves_nothing(doomed: Doomed) -> None:
    home, doc_id = doomed.settings.home, doomed.ids["report.pdf"]
    with httpx.Client(base_url=doomed.base_url, timeout=120) as client:
        doc = client.get(f"/documents/{doc_id}").json()
        assert client.get(f"/documents/{doc_id}/pages/2/image").status_code == 200
        assert doc["duplicates"] == [doomed.ids["report-copy.txt"]]
        assert files_holding(home, PDF_WORD), "the word is in the data dir before"
        assert (home / "previews" / doc["sha256"]).exists()

        assert client.delete(f"/documents/{doc_id}").status_code == 204

        assert files_holding(home, PDF_WORD) == []
        assert rows_naming(doomed.settings, doc_id) == {}
        assert not BlobStore(doomed.settings.blob_dir).exists(doc["sha256"])
        assert not (home / "previews" / doc["sha256"]).exists()
        for path in (f"/documents/{doc_id}", f"/documents/{doc_id}/original"):
            assert client.get(path).status_code == 404
        assert client.get("/search", params={"q": PDF_WORD}).json()["total"] == 0
        # the copy stays, no longer grouped with anything
        copy = client.get(f"/documents/{doomed.ids['report-copy.txt']}").json()
        assert copy["duplicate_group"] is None and copy["duplicates"] == []
        hits = client.get("/search", params={"q": "Bialiatski"}).json()["hits"]
        assert [(h["id"], h["copies"]) for h in hits] == [(copy["id"], 1)]
    deletions = list(AuditLog(doomed.settings.catalog_path).entries(action="delete"))
    assert [(e.document_id, e.detail) for e in deletions] == [(doc_id, f"sha256 {doc['sha256']}")]


def test_poshuk_delete_takes_the_children_too(
    doomed: Doomed, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = doomed.settings
    container = doomed.ids["evidence.zip"]
    child = doomed.ids["note.txt"]
    assert files_holding(settings.home, CHILD_WORD)
    monkeypatch.setenv("POSHUK_ES_INDEX", settings.es_index)
    args = ["delete", container, "--data-dir", str(settings.home), "--engine", settings.engine,
            "--es-url", settings.es_url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "deleted 2 documents" in result.output
    assert files_holding(settings.home, CHILD_WORD) == []
    assert rows_naming(settings, child) == {} and rows_naming(settings, container) == {}
    with httpx.Client(base_url=doomed.base_url, timeout=60) as client:
        assert client.get(f"/documents/{child}").status_code == 404
        assert client.get("/search", params={"q": CHILD_WORD}).json()["total"] == 0
    log = AuditLog(settings.catalog_path)
    assert {e.document_id for e in log.entries(action="delete")} >= {container, child}
    assert log.verify() == []
