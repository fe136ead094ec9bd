"""Deletion in the catalog, on both backends: every row of a deleted document goes, its
copy is regrouped, and nothing of it stays readable in the database's own storage
(SQLite: ``secure_delete`` and a truncated WAL; PostgreSQL: no tuple left after VACUUM,
read from the heap pages themselves with ``pageinspect``)."""

from __future__ import annotations

import json
from pathlib import Path

from poshuk.core import outbox
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog, document_id
from poshuk.core.db import Database, sqlite_path
from poshuk.core.deletion import delete_documents
from poshuk.core.model import Document, Page
from poshuk.core.watches import Watches
from poshuk.core.work_queue import WorkQueue

SECRET = "zorvexwitness"  # only in the deleted document


def _doc(blobs: BlobStore, text: str) -> Document:
    sha = blobs.put(text.encode())
    return Document(id=document_id(sha), sha256=sha, file_name=f"{sha[:6]}.txt",
                    media_type="text/plain", size=len(text),
                    pages=[Page(1, text), Page(2, f"{text} (second page)")],
                    text_sha256=f"t{sha[1:]}")


def _watched_and_queued(catalog: Catalog, docs: list[Document]) -> None:
    """What else names the documents: a watch's matches with their deliveries, each one's
    parse item (done) and a reindex batch of all of them."""
    watches = Watches(catalog.db)
    watch = watches.create("lawyer", "appeals", "appeal", {},
                           webhook_url="https://hooks.example.org/poshuk").watch
    queue = WorkQueue(catalog.db)
    for doc in docs:
        match = catalog.db.execute(
            "INSERT INTO watch_matches (watch_id, doc_id, matched_at, seen) "
            "VALUES (?, ?, '2026-11-30T00:00:00', 0) RETURNING id", (watch.id, doc.id)
        ).fetchone()[0]
        outbox.enqueue(catalog.db, [(watch, int(match))])
        queue.enqueue("parse", doc.sha256)
    worker = queue.register_worker()
    for item in queue.claim(worker, 10, 60):
        queue.complete(worker, item.id)
    queue.enqueue("reindex", "all:0", {"ids": [doc.id for doc in docs]})


def _tuples_holding(db: Database, table: str, word: str) -> int:
    """Tuples (live or dead) on ``table``'s heap pages whose bytes hold ``word``."""
    pages = db.execute("SELECT pg_relation_size(?) / current_setting('block_size')::int",
                       (table,)).fetchone()[0]
    return int(sum(db.execute(
        "SELECT count(*) FROM heap_page_items(get_raw_page(?, ?)) "
        "WHERE position(convert_to(?, 'UTF8') IN t_data) > 0", (table, page, word),
    ).fetchone()[0] for page in range(pages)))


def test_a_deleted_document_leaves_no_row_and_no_readable_bytes(
    catalog_url: str, tmp_path: Path
) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    catalog = Catalog(catalog_url)
    body = " ".join(f"word{i}" for i in range(40))
    doomed, copy = _doc(blobs, f"{SECRET} {body}"), _doc(blobs, f"{SECRET} {body}\n")
    kept = _doc(blobs, "an unrelated statement about the appeal hearing in Minsk")
    catalog.add_many([doomed, copy, kept], paths={doomed.sha256: f"/in/{SECRET}.txt"})
    assert catalog.group_members((catalog.get(copy.id) or copy).duplicate_group)
    db = catalog.db
    if db.dialect == "postgresql":
        db.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        assert _tuples_holding(db, "pages", SECRET) == 4  # both copies' two pages

    _watched_and_queued(catalog, [doomed, copy, kept])

    delete_documents(catalog, blobs, None, [doomed.id], tmp_path)
    delete_documents(catalog, blobs, None, [copy.id], tmp_path)

    traces = {SECRET, doomed.id, doomed.sha256, copy.id, copy.sha256}
    for table in db.tables():  # every table but the audit trail, which keeps the deletion
        rows = [] if table == "audit" else db.execute(f"SELECT * FROM {table}").fetchall()
        assert not [r for r in rows if any(t in str(v) for v in r for t in traces)], table
    assert len(Watches(db).matches(1)) == 1, "the kept document's match stays"
    assert json.loads(db.execute("SELECT payload FROM work_items WHERE kind = 'reindex'"
                                 ).fetchone()[0]) == {"ids": [kept.id]}
    assert catalog.get(doomed.id) is None and catalog.get(copy.id) is None
    assert catalog.get(kept.id) is not None
    assert not blobs.path(doomed.sha256).exists()
    if db.dialect == "postgresql":
        for table in ("documents", "pages", "seen_paths"):
            assert _tuples_holding(db, table, SECRET) == 0, table
    else:
        wal = sqlite_path(catalog_url).with_name("catalog.sqlite3-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert SECRET.encode() not in sqlite_path(catalog_url).read_bytes()
    catalog.close()


def test_deleting_one_of_two_copies_ungroups_the_other(catalog_url: str, tmp_path: Path
                                                       ) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    catalog = Catalog(catalog_url)
    first, second = _doc(blobs, "same text twice"), _doc(blobs, "same text twice ")
    second.text_sha256 = first.text_sha256
    catalog.add_many([first, second])
    catalog.mark_all_indexed()
    group = (catalog.get(first.id) or first).duplicate_group
    assert group and catalog.group_members(group) == sorted([first.id, second.id])
    delete_documents(catalog, blobs, None, [first.id], tmp_path)
    left = catalog.get(second.id)
    assert left is not None and left.duplicate_group is None
    assert [d.id for d in catalog.iter_documents(pending_only=True)] == [second.id]
    catalog.close()
