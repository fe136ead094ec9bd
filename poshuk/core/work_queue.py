"""The work queue in the catalog: items (parse a stored original, re-enrich or reindex a
batch of documents) that ``poshuk worker`` processes lease, do and complete.

States: ``queued`` → ``leased`` (a worker holds it until ``lease_expires``, extended by its
heartbeat) → ``done``, or back to ``queued`` after a failure or an expired lease, until
``max_attempts`` claims were spent: then ``failed``, kept with its reason. Nothing leaves
the table but done items older than :meth:`WorkQueue.prune_done`'s cut-off.

An item is unique per ``(kind, key)``: queuing the same thing twice does not double it.
Doing an item twice (its worker died after doing it, before completing it) is harmless
because every effect is keyed: documents by the hash of their bytes, index entries by id.

Times are ISO UTC text with microseconds (sortable as text) from the caller's clock: the
machines of a team deployment keep their clocks in step (NTP), leases are minutes long.
All SQL is portable (SQLite, PostgreSQL) except the claim's locking, in :func:`_claim_locking`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from poshuk.core.db import Database

if TYPE_CHECKING:
    from poshuk.core.catalog import Catalog
    from poshuk.core.model import Document

Kind = Literal["parse", "reenrich", "reindex"]
KINDS: tuple[Kind, ...] = ("parse", "reenrich", "reindex")
STATES = ("queued", "leased", "done", "failed")
MAX_ATTEMPTS = 3
DONE_KEPT_S = 7 * 86_400  # done items are kept a week (``poshuk status``, a ``--wait``)


def stamp(at: float | None = None) -> str:
    """``at`` (seconds since the epoch; now by default) as sortable ISO UTC text."""
    moment = dt.datetime.fromtimestamp(time.time() if at is None else at, dt.UTC)
    return moment.isoformat(timespec="microseconds")


def _claim_locking(db: Database) -> str:
    """How a claim locks the rows it picks: the one difference between the backends.
    PostgreSQL locks the chosen rows and lets concurrent claims skip them; SQLite has one
    writer at a time, and the write transaction (``BEGIN IMMEDIATE``) serialises claims."""
    return " FOR UPDATE SKIP LOCKED" if db.dialect == "postgresql" else ""


def queue_original(catalog: Catalog, doc: Document, path: str) -> int:
    """Catalog a stored original as queued and queue its parse item (an upload, a queued
    ingest). Row first: a parse item always finds its document (``poshuk fsck`` queues a
    queued document that lost its item to a crash in between)."""
    catalog.add_many([doc], {doc.sha256: path})
    return WorkQueue(catalog.db).enqueue("parse", doc.sha256)


@dataclass(slots=True, frozen=True)
class WorkItem:
    id: int
    kind: Kind
    key: str
    payload: dict[str, Any]
    attempts: int


@dataclass(slots=True, frozen=True)
class FailedItem:
    id: int
    kind: str
    key: str
    attempts: int
    error: str
    updated_at: str


@dataclass(slots=True, frozen=True)
class WorkerInfo:
    id: str
    host: str
    pid: int
    started_at: str
    last_seen: str
    items_done: int
    stopped_at: str | None
    recent: int  # items it completed within the rate window


class WorkQueue:
    def __init__(self, db: Database, max_attempts: int = MAX_ATTEMPTS) -> None:
        self.db = db
        self.max_attempts = max_attempts

    # --- producing -----------------------------------------------------------------

    def enqueue(
        self, kind: Kind, key: str, payload: dict[str, Any] | None = None, *, again: bool = False
    ) -> int:
        """Queue an item once per ``(kind, key)`` and return its id. An item already queued
        or leased is left as it is; one done or failed is queued anew only with ``again``."""
        now = stamp()
        self.db.execute(
            "INSERT INTO work_items (kind, key, payload, state, attempts, created_at, "
            "updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?) "
            "ON CONFLICT (kind, key) DO NOTHING",
            (kind, key, json.dumps(payload or {}), now, now),
        )
        if again:
            self.db.execute(
                "UPDATE work_items SET state = 'queued', attempts = 0, payload = ?, "
                "lease_owner = NULL, lease_expires = NULL, last_error = NULL, updated_at = ? "
                "WHERE kind = ? AND key = ? AND state IN ('done', 'failed')",
                (json.dumps(payload or {}), now, kind, key),
            )
        row = self.db.execute(
            "SELECT id FROM work_items WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return int(row[0])

    # --- taking and finishing ------------------------------------------------------

    def claim(
        self, owner: str, limit: int, lease_s: float, kinds: Iterable[Kind] = KINDS
    ) -> list[WorkItem]:
        """Lease up to ``limit`` queued items (oldest first) to ``owner`` for ``lease_s``
        seconds; concurrent claims never get the same item."""
        wanted = list(kinds)
        lock = _claim_locking(self.db)
        with self.db.transaction():
            rows = self.db.execute(
                "SELECT id, kind, key, payload, attempts FROM work_items "
                f"WHERE state = 'queued' AND kind IN ({', '.join('?' for _ in wanted)}) "
                f"ORDER BY id LIMIT ?{lock}",
                (*wanted, limit),
            ).fetchall()
            now = time.time()
            self.db.executemany(
                "UPDATE work_items SET state = 'leased', lease_owner = ?, lease_expires = ?, "
                "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                [(owner, stamp(now + lease_s), stamp(now), row[0]) for row in rows],
            )
        return [WorkItem(int(r[0]), r[1], r[2], json.loads(r[3]), int(r[4]) + 1) for r in rows]

    def extend(self, owner: str, ids: Iterable[int], lease_s: float) -> int:
        """Heartbeat: push the lease of the items ``owner`` still holds; returns how many
        it holds (fewer than asked when a lease ran out and another took the item)."""
        held = 0
        until = stamp(time.time() + lease_s)
        for item_id in ids:
            held += self.db.execute(
                "UPDATE work_items SET lease_expires = ? "
                "WHERE id = ? AND lease_owner = ? AND state = 'leased'",
                (until, item_id, owner),
            ).rowcount
        return held

    def complete(self, owner: str, item_id: int) -> bool:
        """Mark done; False if ``owner`` no longer held it (the effect is idempotent, so a
        lease that ran out costs a second run, never a second document)."""
        done = self.db.execute(
            "UPDATE work_items SET state = 'done', lease_expires = NULL, last_error = NULL, "
            "updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'leased'",
            (stamp(), item_id, owner),
        ).rowcount
        if done:
            self.db.execute(
                "UPDATE workers SET items_done = items_done + 1, last_seen = ? WHERE id = ?",
                (stamp(), owner),
            )
        return bool(done)

    def fail(self, owner: str, item_id: int, reason: str, *, retry: bool = True) -> str:
        """Record why an item failed: queued again while claims are left (and ``retry``),
        else kept as ``failed``. Returns the new state ('' if ``owner`` lost it)."""
        row = self.db.execute(
            "SELECT attempts FROM work_items WHERE id = ? AND lease_owner = ? "
            "AND state = 'leased'", (item_id, owner),
        ).fetchone()
        if row is None:
            return ""
        state = "queued" if retry and int(row[0]) < self.max_attempts else "failed"
        self.db.execute(
            "UPDATE work_items SET state = ?, lease_expires = NULL, last_error = ?, "
            "updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'leased'",
            (state, reason[:2000], stamp(), item_id, owner),
        )
        return state

    def release(self, owner: str, ids: Iterable[int]) -> None:
        """Give items back untouched (a worker stopping): queued, the claim not counted."""
        for item_id in ids:
            self.db.execute(
                "UPDATE work_items SET state = 'queued', attempts = attempts - 1, "
                "lease_owner = NULL, lease_expires = NULL, updated_at = ? "
                "WHERE id = ? AND lease_owner = ? AND state = 'leased'",
                (stamp(), item_id, owner),
            )

    def expired(self) -> list[tuple[int, str, str, str]]:
        """Leased items past their expiry: ``(id, kind, key, owner)``."""
        rows = self.db.execute(
            "SELECT id, kind, key, lease_owner FROM work_items "
            "WHERE state = 'leased' AND lease_expires < ? ORDER BY id", (stamp(),),
        ).fetchall()
        return [(int(r[0]), r[1], r[2], r[3] or "") for r in rows]

    def reclaim_expired(self) -> int:
        """Take back items whose lease ran out (their worker died or hangs): queued again,
        or failed once ``max_attempts`` claims were spent. Returns how many."""
        now = stamp()
        reason = "the lease ran out: its worker stopped or hung while doing it"
        back = 0
        for state, test in (("failed", ">="), ("queued", "<")):
            back += self.db.execute(
                f"UPDATE work_items SET state = ?, last_error = ?, lease_expires = NULL, "
                f"updated_at = ? WHERE state = 'leased' AND lease_expires < ? "
                f"AND attempts {test} ?",
                (state, reason, now, now, self.max_attempts),
            ).rowcount
        return back

    def retry_failed(self, kind: Kind | None = None) -> int:
        """Queue failed items again with fresh attempts; returns how many."""
        kinds = KINDS if kind is None else (kind,)
        return int(self.db.execute(
            "UPDATE work_items SET state = 'queued', attempts = 0, lease_owner = NULL, "
            f"updated_at = ? WHERE state = 'failed' AND kind IN ({', '.join('?' for _ in kinds)})",
            (stamp(), *kinds),
        ).rowcount)

    def prune_done(self, older_than_s: float = DONE_KEPT_S) -> int:
        """Forget done items finished more than ``older_than_s`` ago (workers call it when
        idle: at 10 million documents the table would otherwise hold every one)."""
        return int(self.db.execute(
            "DELETE FROM work_items WHERE state = 'done' AND updated_at < ?",
            (stamp(time.time() - older_than_s),),
        ).rowcount)

    def forget_document(self, doc_id: str, sha256: str | None) -> None:
        """A deletion's share (inside its transaction): the finished parse item keyed by
        the deleted bytes' hash goes (``sha256`` None: another document still holds those
        bytes), and ``doc_id`` leaves every batch's payload, whatever its state (a worker
        holding the batch already read it and finds the document gone)."""
        if sha256 is not None:
            self.db.execute("DELETE FROM work_items WHERE kind = 'parse' AND key = ? "
                            "AND state IN ('done', 'failed')", (sha256,))
        for item_id, payload in self.db.execute(
            "SELECT id, payload FROM work_items WHERE kind <> 'parse' AND payload LIKE ?",
            (f'%"{doc_id}"%',),
        ).fetchall():
            data = json.loads(payload)
            data["ids"] = [i for i in data.get("ids", []) if i != doc_id]
            self.db.execute("UPDATE work_items SET payload = ? WHERE id = ?",
                            (json.dumps(data), item_id))

    # --- reading -------------------------------------------------------------------

    def counts(self) -> dict[str, dict[str, int]]:
        """Items per kind and state (every kind and state present, zeros included)."""
        out: dict[str, dict[str, int]] = {kind: dict.fromkeys(STATES, 0) for kind in KINDS}
        for kind, state, count in self.db.execute(
            "SELECT kind, state, COUNT(*) FROM work_items GROUP BY kind, state"
        ).fetchall():
            out.setdefault(kind, dict.fromkeys(STATES, 0))[state] = int(count)
        return out

    def states(self, ids: Sequence[int]) -> dict[str, int]:
        """How many of these items are in each state (a ``--wait`` following its own);
        an item no longer there was done and pruned (only done items are)."""
        out = dict.fromkeys(STATES, 0)
        ids = list(dict.fromkeys(ids))
        for state, count in self.db.rows_in(
            "SELECT state, COUNT(*) FROM work_items WHERE id IN ({in}) GROUP BY state", ids
        ):
            out[state] += int(count)
        out["done"] += len(ids) - sum(out.values())
        return out

    def keys(self, kind: Kind, states: Iterable[str] = STATES) -> set[str]:
        wanted = list(states)
        rows = self.db.execute(
            f"SELECT key FROM work_items WHERE kind = ? AND state IN "
            f"({', '.join('?' for _ in wanted)})", (kind, *wanted),
        ).fetchall()
        return {r[0] for r in rows}

    def failed(self, limit: int = 100) -> list[FailedItem]:
        rows = self.db.execute(
            "SELECT id, kind, key, attempts, last_error, updated_at FROM work_items "
            "WHERE state = 'failed' ORDER BY updated_at DESC, id LIMIT ?", (limit,),
        ).fetchall()
        return [FailedItem(int(r[0]), r[1], r[2], int(r[3]), r[4] or "", r[5]) for r in rows]

    # --- workers -------------------------------------------------------------------

    def register_worker(self) -> str:
        """A new worker's id (host:pid:random), recorded as seen now."""
        host = socket.gethostname()
        worker = f"{host}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        now = stamp()
        self.db.execute(
            "INSERT INTO workers (id, host, pid, started_at, last_seen, items_done) "
            "VALUES (?, ?, ?, ?, ?, 0)", (worker, host, os.getpid(), now, now),
        )
        return worker

    def seen(self, worker: str) -> None:
        self.db.execute("UPDATE workers SET last_seen = ? WHERE id = ?", (stamp(), worker))

    def stopped(self, worker: str) -> None:
        now = stamp()
        self.db.execute(
            "UPDATE workers SET last_seen = ?, stopped_at = ? WHERE id = ?", (now, now, worker)
        )

    def workers(self, window_s: float = 300, seen_within_s: float = 86_400) -> list[WorkerInfo]:
        """Workers seen within ``seen_within_s``, newest first, each with the items it
        completed in the last ``window_s`` seconds (its rate)."""
        since = stamp(time.time() - window_s)
        rows = self.db.execute(
            "SELECT w.id, w.host, w.pid, w.started_at, w.last_seen, w.items_done, "
            "w.stopped_at, (SELECT COUNT(*) FROM work_items i WHERE i.lease_owner = w.id "
            "AND i.state = 'done' AND i.updated_at >= ?) AS recent "
            "FROM workers w WHERE w.last_seen >= ? ORDER BY w.last_seen DESC",
            (since, stamp(time.time() - seen_within_s)),
        ).fetchall()
        return [WorkerInfo(r[0], r[1], int(r[2]), r[3], r[4], int(r[5]), r[6], int(r[7]))
                for r in rows]
