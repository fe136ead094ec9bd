"""``poshuk fsck``: do the catalog, the blob store, the index and the work queue agree?

Found, and what ``--repair`` does about it:

* a document whose original is missing, or whose blob's bytes no longer hash to its name
  (corrupt) — reported only: nothing here can bring the bytes back (restore the blob from
  a backup, or delete the document);
* a blob no document refers to (an orphan), older than a grace period so that a blob
  being stored right now is left alone — removed;
* a document marked indexed that the index lacks — indexed again;
* an index entry with no parsed document in the catalog (a deletion the index missed) —
  removed from the index;
* a work item leased past its expiry (its worker died and no worker reclaimed it) —
  queued again (or failed once its attempts are spent);
* a document queued for parsing with no parse item (a crash between the two writes) —
  its item is queued.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.query import MatchAll
from poshuk.core.work_queue import WorkQueue

GRACE_S = 3600.0  # an unreferenced blob younger than this may be mid-ingest
_CHUNK = 1 << 20


@dataclass(slots=True)
class Findings:
    missing_originals: list[str] = field(default_factory=list)  # document ids
    corrupt_originals: list[str] = field(default_factory=list)  # document ids
    orphan_blobs: list[str] = field(default_factory=list)  # sha256s
    not_in_index: list[str] = field(default_factory=list)  # document ids
    index_orphans: list[str] = field(default_factory=list)  # ids in the index only
    stuck_items: list[int] = field(default_factory=list)  # work item ids
    queued_without_item: list[str] = field(default_factory=list)  # sha256s
    index_problem: str | None = None  # the index could not be read: not compared

    def total(self) -> int:
        return sum(len(v) for v in asdict(self).values() if isinstance(v, list))

    def unrepairable(self) -> int:
        """What ``--repair`` cannot fix: originals lost or damaged."""
        return len(self.missing_originals) + len(self.corrupt_originals)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check(
    catalog: Catalog, blobs: BlobStore, engine: Engine | None, *, grace_s: float = GRACE_S,
    verify: bool = True, index_problem: str | None = None,
) -> Findings:
    """Compare the stores; ``verify`` re-hashes every original (reads every blob)."""
    found = Findings(index_problem=index_problem)
    db = catalog.db
    referenced: set[str] = set()
    for doc_id, sha in db.execute("SELECT id, sha256 FROM documents ORDER BY id").fetchall():
        referenced.add(sha)
        state = _blob_state(blobs, sha, verify)
        if state == "missing":
            found.missing_originals.append(doc_id)
        elif state == "corrupt":
            found.corrupt_originals.append(doc_id)
    cutoff = time.time() - grace_s
    for sha in blobs.digests():
        if sha not in referenced and _older(blobs, sha, cutoff):
            found.orphan_blobs.append(sha)
    if engine is not None:
        in_index = set(engine.ids(SearchRequest(query=MatchAll())))
        parsed: set[str] = set()
        for doc_id, indexed in db.execute(
            "SELECT id, indexed FROM documents WHERE status = 'ok'"
        ).fetchall():
            parsed.add(doc_id)
            if indexed and doc_id not in in_index:
                found.not_in_index.append(doc_id)
        found.index_orphans = sorted(in_index - parsed)
        found.not_in_index.sort()
    queue = WorkQueue(db)
    found.stuck_items = [item_id for item_id, *_ in queue.expired()]
    items = queue.keys("parse", ("queued", "leased"))
    found.queued_without_item = sorted(
        sha for (sha,) in db.execute(
            "SELECT sha256 FROM documents WHERE status = 'queued'"
        ).fetchall() if sha not in items
    )
    return found


def repair(found: Findings, catalog: Catalog, blobs: BlobStore, engine: Engine | None) -> int:
    """Fix what can be fixed (see the module's docstring); returns how many findings."""
    fixed = 0
    for sha in found.orphan_blobs:
        blobs.path(sha).unlink(missing_ok=True)
        fixed += 1
    if engine is not None:
        if found.index_orphans:
            engine.delete(found.index_orphans)
            fixed += len(found.index_orphans)
        fixed += _reindex(catalog, engine, found.not_in_index)
    queue = WorkQueue(catalog.db)
    if found.stuck_items:
        fixed += queue.reclaim_expired()
    for sha in found.queued_without_item:
        queue.enqueue("parse", sha)
        fixed += 1
    return fixed


def _reindex(catalog: Catalog, engine: Engine, ids: list[str]) -> int:
    done = 0
    for start in range(0, len(ids), 500):
        docs = list(catalog.get_many(ids[start : start + 500]).values())
        engine.add(docs)
        engine.commit()
        catalog.mark_indexed(doc.id for doc in docs)
        done += len(docs)
    return done


def _blob_state(blobs: BlobStore, sha: str, verify: bool) -> str:
    path = blobs.path(sha)
    if not verify:
        return "ok" if path.is_file() else "missing"
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        return "missing"
    return "ok" if digest.hexdigest() == sha else "corrupt"


def _older(blobs: BlobStore, sha: str, cutoff: float) -> bool:
    try:
        return blobs.path(sha).stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def describe(found: Findings) -> Iterable[tuple[str, int, str]]:
    """``(what, how many, what --repair does)`` for each kind of finding."""
    yield ("documents whose original is missing", len(found.missing_originals),
           "cannot repair: restore the blob from a backup, or `poshuk delete` the document")
    yield ("documents whose original is corrupt", len(found.corrupt_originals),
           "cannot repair: restore the blob from a backup, or `poshuk delete` the document")
    yield ("blobs no document refers to", len(found.orphan_blobs), "removed")
    yield ("documents marked indexed but missing from the index", len(found.not_in_index),
           "indexed again")
    yield ("index entries with no parsed document", len(found.index_orphans),
           "removed from the index")
    yield ("work items leased past their expiry", len(found.stuck_items), "queued again")
    yield ("queued documents with no parse item", len(found.queued_without_item), "queued")
