"""Deleting documents so that nothing of them remains: catalog rows of every table, the
index (both engines, old segments included), the original in the blob store, the page
images rendered from it; the copies they were grouped with are regrouped and re-indexed.

Deleted catalog rows leave nothing readable in the database: SQLite overwrites them
(``secure_delete``) and its write-ahead log is truncated afterwards; PostgreSQL keeps them
as dead tuples until a vacuum, so the touched tables are vacuumed right after the
deletion commits (``Database.purge``). Neither can reach bytes an earlier backup, a
PostgreSQL WAL archive or a replica holds.

Tantivy keeps deleted records in its segment files until they are merged, which its
Python binding cannot ask for: the index is rebuilt from the catalog instead (the old
generation's files are removed). Elasticsearch expunges them with a force merge.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.engines import Engine
from poshuk.core.watches import Watches
from poshuk.core.work_queue import WorkQueue

_TABLES_BY_DOC = (
    ("pages", "doc_id"), ("entity_names", "doc_id"), ("minhash_bands", "doc_id"),
    ("minhash", "doc_id"),
)


# the other tables a deletion writes to (the document's row and path, and what the
# watches and the work queue forget of it): purged with the above
_TABLES_FORGETTING = ["documents", "seen_paths", "watch_matches", "watch_outbox", "work_items"]


class StillQueued(ValueError):
    """A document (or a file unpacked from it) is still waiting to be parsed: deleting it
    now would race the worker that parses it, so nothing is deleted."""


@dataclass(slots=True)
class Deleted:
    """What went: ``(id, sha256, collection)`` of each document, children included."""

    documents: list[tuple[str, str, str]] = field(default_factory=list)


def with_children(catalog: Catalog, ids: list[str]) -> list[str]:
    """``ids`` and everything unpacked from them, depth first, each once."""
    out: list[str] = []
    stack = list(reversed(ids))
    while stack:
        doc_id = stack.pop()
        if doc_id in out:
            continue
        out.append(doc_id)
        stack.extend(reversed(catalog.children(doc_id)))
    return out


def delete_documents(
    catalog: Catalog, blobs: BlobStore, engine: Engine | None, ids: list[str], home: Path
) -> Deleted:
    """Delete ``ids`` (and their children) everywhere; ids the catalog no longer knows
    are still removed from the index."""
    db = catalog.db
    gone = Deleted()
    groups: set[str] = set()
    for doc_id in with_children(catalog, ids):
        row = db.execute("SELECT sha256, collection, duplicate_group, status FROM documents "
                         "WHERE id = ?", (doc_id,)).fetchone()
        if row is not None and row["status"] == "queued":
            raise StillQueued(f"{doc_id} is still queued for parsing; delete it once its "
                              "status is ok or failed (GET /documents/{id}, poshuk status)")
        if row is not None:
            gone.documents.append((doc_id, row["sha256"], row["collection"]))
            if row["duplicate_group"]:
                groups.add(row["duplicate_group"])
    if not gone.documents:
        if engine is not None:  # a deletion the index missed (it failed mid-way): finish it
            _purge_index(catalog, engine, ids)
        return gone
    doomed = [doc_id for doc_id, _, _ in gone.documents]
    watches, queue = Watches(db), WorkQueue(db)
    with db.transaction(lock="documents"):
        for doc_id, sha, _ in gone.documents:
            for table, column in _TABLES_BY_DOC:
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (doc_id,))
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            last_copy = not db.execute("SELECT 1 FROM documents WHERE sha256 = ?",
                                       (sha,)).fetchone()
            if last_copy:
                db.execute("DELETE FROM seen_paths WHERE sha256 = ?", (sha,))
            queue.forget_document(doc_id, sha if last_copy else None)
        watches.forget_documents(doomed)
        _regroup(catalog, groups)
    db.purge([table for table, _ in _TABLES_BY_DOC] + _TABLES_FORGETTING)
    for _, sha, _ in gone.documents:
        if not catalog.has_sha256(sha):
            blobs.path(sha).unlink(missing_ok=True)
            shutil.rmtree(home / "previews" / sha, ignore_errors=True)
    if engine is not None:
        _purge_index(catalog, engine, doomed)
    return gone


def _regroup(catalog: Catalog, groups: set[str]) -> None:
    """A group left with one member is no group; every member left is indexed again (its
    count of copies, and which member folds the others, changed)."""
    for group in groups:
        members = catalog.group_members(group)
        if len(members) == 1:
            catalog.db.execute("UPDATE documents SET duplicate_group = NULL WHERE id = ?",
                               (members[0],))
        catalog.db.executemany("UPDATE documents SET indexed = 0 WHERE id = ?",
                               [(m,) for m in members])


def _purge_index(catalog: Catalog, engine: Engine, ids: list[str]) -> None:
    if engine.name == "tantivy":
        # no merge in the binding: a fresh generation from the catalog leaves no old segment
        engine.rebuild(catalog.iter_documents())
        catalog.mark_all_indexed()
        return
    engine.delete(ids)
    regrouped = list(catalog.iter_documents(pending_only=True))
    engine.add(regrouped)
    engine.commit()
    catalog.mark_indexed(doc.id for doc in regrouped)
