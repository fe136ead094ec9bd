"""``poshuk fsck`` finds each inconsistency planted between catalog, blob store, index and
work queue, and ``--repair`` fixes all but the lost originals; on both engines."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog, document_id
from poshuk.core.config import Settings
from poshuk.core.engines import SearchRequest, open_engine
from poshuk.core.model import Document
from poshuk.core.query import MatchAll
from poshuk.core.sniff import TEXT
from poshuk.core.work_queue import WorkQueue, stamp
from tests.api.conftest import engine_settings
from tests.conftest import drop_indices
from tests.test_workers import files, poshuk


def _env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "POSHUK_HOME": str(settings.home), "POSHUK_ENGINE": settings.engine,
            "POSHUK_ES_URL": settings.es_url, "POSHUK_ES_INDEX": settings.es_index,
            "POSHUK_WORKERS": "1"}


@pytest.mark.parametrize("kind", ["tantivy", "elasticsearch"])
def test_fsck_finds_and_repairs(kind: str, tmp_path: Path, request: pytest.FixtureRequest
                                ) -> None:
    settings = engine_settings(kind, tmp_path / "home", request)
    env = _env(settings)
    try:
        _check(settings, env, tmp_path)
    finally:
        if kind == "elasticsearch":
            drop_indices(settings.es_url, settings.es_index)


def _check(settings: Settings, env: dict[str, str], tmp_path: Path) -> None:
    poshuk(env, "ingest", str(files(tmp_path / "in", 6)))
    clean = json.loads(poshuk(env, "fsck", "--json", "--grace", "0").stdout)
    assert clean["left"] == 0

    catalog = Catalog(settings.catalog_url)
    blobs = BlobStore(settings.blob_dir)
    rows = catalog.db.execute("SELECT id, sha256 FROM documents ORDER BY id").fetchall()
    (lost, lost_sha), (damaged, damaged_sha), (unindexed, _), (gone, gone_sha) = rows[:4]
    blobs.path(lost_sha).unlink()
    blobs.path(damaged_sha).write_bytes(b"not the bytes it was named for")
    orphan = blobs.put(b"bytes no document refers to")
    fresh = blobs.put(b"bytes being ingested right now")
    old = time.time() - 7200
    os.utime(blobs.path(orphan), (old, old))
    engine = open_engine(settings, writable=True)
    engine.delete([unindexed])  # the index lost it; the catalog says indexed
    engine.close()
    with catalog.db.transaction():  # a deletion that reached the catalog, not the index
        for table, column in (("pages", "doc_id"), ("entity_names", "doc_id"),
                              ("minhash_bands", "doc_id"), ("minhash", "doc_id"),
                              ("seen_paths", "sha256"), ("documents", "id")):
            catalog.db.execute(f"DELETE FROM {table} WHERE {column} = ?",
                               (gone_sha if column == "sha256" else gone,))
    waiting = blobs.put(b"an upload whose parse item a crash lost")
    catalog.add_many([Document(
        id=document_id(waiting), sha256=waiting, file_name="upload.txt", media_type=TEXT,
        size=40, status="queued", ingested_at=dt.datetime.now(dt.UTC))], {waiting: "upload"})
    queue = WorkQueue(catalog.db)
    queue.enqueue("reindex", "batch", {"ids": [rows[4][0]]})
    owner = queue.register_worker()
    [stuck] = queue.claim(owner, 1, 60)
    catalog.db.execute("UPDATE work_items SET lease_expires = ? WHERE id = ?",
                       (stamp(time.time() - 5), stuck.id))
    catalog.close()
    os.utime(blobs.path(gone_sha), (old, old))

    found = json.loads(poshuk(env, "fsck", "--json", check=False).stdout)
    assert found["missing_originals"] == [lost]
    assert found["corrupt_originals"] == [damaged]
    assert sorted(found["orphan_blobs"]) == sorted([orphan, gone_sha])  # not `fresh`
    assert found["not_in_index"] == [unindexed]
    assert found["index_orphans"] == [gone]
    assert found["stuck_items"] == [stuck.id]
    assert found["queued_without_item"] == [waiting]
    assert found["left"] == 8
    text = poshuk(env, "fsck", check=False)
    assert text.returncode == 1 and "original lost or damaged: " + lost in text.stdout

    repaired = poshuk(env, "fsck", "--repair", "--json", check=False)
    assert repaired.returncode == 1  # two originals cannot come back
    assert json.loads(repaired.stdout)["repaired"] == 6
    after = json.loads(poshuk(env, "fsck", "--json", check=False).stdout)
    assert after["left"] == 2
    assert (after["missing_originals"], after["corrupt_originals"]) == ([lost], [damaged])
    assert blobs.exists(fresh) and not blobs.exists(orphan)
    engine = open_engine(settings)
    ids = list(engine.ids(SearchRequest(query=MatchAll())))
    engine.close()
    assert unindexed in ids and gone not in ids and len(ids) == len(set(ids)) == 5
    state = Catalog(settings.catalog_url)
    counts = WorkQueue(state.db).counts()
    assert counts["reindex"]["queued"] == counts["parse"]["queued"] == 1
    state.close()
