"""The audit trail: who read or changed what, append-only, each entry chained to the one
before it by an HMAC-SHA256, so an edited, inserted or deleted entry breaks the chain.

The key lives in a file beside the catalog (``audit.key``, mode 0600), not in the
database: whoever can only write the catalog cannot re-forge the chain. Pruning old
entries (the retention setting) keeps the last pruned entry's hash as an anchor, and the
chain still verifies from there. No document text is ever stored: searches keep their
query and filters, reads the document's id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from poshuk.core.db import Database, connect, quote, sqlite_path

GENESIS = "0" * 64
_FIELDS = ("at", "user", "address", "action", "document_id", "collection", "query", "count",
           "detail")
ACTIONS = ("search", "similar", "export", "view", "original", "page_image", "entities",
           "upload", "delete", "grant", "revoke", "sign_in", "sign_in_failed", "sign_out",
           "collection", "user", "token", "prune",
           "watch", "watch_feed", "watch_delivery", "watch_delivery_failed")


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    at: str
    user: str | None
    address: str | None
    action: str
    document_id: str | None
    collection: str | None
    query: str | None
    count: int | None
    detail: str | None

    def public(self) -> dict[str, Any]:
        return asdict(self)


def _key(path: Path) -> bytes:
    """The chain's key: read from ``path``, created (0600) on first use."""
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
        return _key(path)


def _digest(key: bytes, prev: str, fields: dict[str, Any]) -> str:
    payload = json.dumps([prev, *(fields.get(f) for f in _FIELDS)], ensure_ascii=False,
                         separators=(",", ":"))
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


_COLUMNS = ", ".join(quote(f) for f in _FIELDS)  # "user" is reserved in PostgreSQL


class AuditLog:
    """Appends and reads entries in the catalog's database; appends are serialised
    across threads, processes and machines (``Database.transaction(lock=…)``).

    ``catalog`` is the catalog's URL, its SQLite file, or an open :class:`Database`;
    ``key_path`` defaults to ``audit.key`` beside a SQLite catalog's file (every API
    process of a team deployment must read the same key file)."""

    def __init__(self, catalog: str | Path | Database, key_path: Path | None = None) -> None:
        self._owned = not isinstance(catalog, Database)
        self.db = catalog if isinstance(catalog, Database) else connect(catalog)
        if key_path is None:
            if self.db.dialect != "sqlite":
                raise ValueError("the audit key's file must be named for a PostgreSQL catalog")
            key_path = sqlite_path(self.db.url).parent / "audit.key"
        self.key = _key(key_path)

    def close(self) -> None:
        if self._owned:
            self.db.close()

    def append(self, action: str, *, user: str | None = None, address: str | None = None,
               document_id: str | None = None, collection: str | None = None,
               query: str | None = None, count: int | None = None,
               detail: str | None = None) -> None:
        fields: dict[str, Any] = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "user": user, "address": address, "action": action, "document_id": document_id,
            "collection": collection, "query": query, "count": count, "detail": detail,
        }
        with self.db.transaction(lock="audit"):
            self._insert(fields)

    def _insert(self, fields: dict[str, Any]) -> None:
        last = self.db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        if last is None:
            anchor = self.db.execute("SELECT hash FROM audit_anchor").fetchone()
            prev = anchor[0] if anchor else GENESIS
        else:
            prev = last[0]
        self.db.execute(
            f"INSERT INTO audit ({_COLUMNS}, prev_hash, hash) "
            f"VALUES ({', '.join('?' for _ in _FIELDS)}, ?, ?)",
            [*(fields.get(f) for f in _FIELDS), prev, _digest(self.key, prev, fields)],
        )

    def entries(
        self, *, user: str | None = None, document_id: str | None = None,
        action: str | None = None, since: str | None = None, until: str | None = None,
        collections: list[str] | None = None, limit: int | None = None,
    ) -> Iterator[Entry]:
        """Entries matching every given filter, oldest first; ``collections`` limits them
        to those about the named collections (a manager's view)."""
        where, args = ["1 = 1"], []
        for column, value in (('"user"', user), ("document_id", document_id),
                              ("action", action)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if since:
            where.append("at >= ?")
            args.append(since)
        if until:
            where.append("at <= ?")
            args.append(until)
        if collections is not None:
            where.append(f"collection IN ({', '.join('?' for _ in collections)})")
            args += collections
        sql = f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for row in self.db.execute(sql, args).fetchall():
            yield Entry(**{k: row[k] for k in ("seq", *_FIELDS)})

    def verify(self) -> list[str]:
        """Problems found walking the chain (empty: intact)."""
        anchor = self.db.execute("SELECT seq, hash FROM audit_anchor").fetchone()
        prev = anchor[1] if anchor else GENESIS
        expected_seq = anchor[0] + 1 if anchor else None
        problems: list[str] = []
        for row in self.db.execute("SELECT * FROM audit ORDER BY seq").fetchall():
            fields = {f: row[f] for f in _FIELDS}
            if expected_seq is not None and row["seq"] != expected_seq:
                problems.append(f"entries {expected_seq}..{row['seq'] - 1} are missing")
            if row["prev_hash"] != prev:
                problems.append(f"entry {row['seq']}: does not follow the entry before it")
            if not hmac.compare_digest(row["hash"], _digest(self.key, row["prev_hash"], fields)):
                problems.append(f"entry {row['seq']}: its content was changed")
            prev, expected_seq = row["hash"], row["seq"] + 1
        return problems

    def prune(self, older_than_days: int) -> int:
        """Drop entries older than the retention; the last dropped one becomes the anchor
        the chain verifies from, and the pruning itself is recorded."""
        cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=older_than_days)).isoformat()
        with self.db.transaction(lock="audit"):
            last = self.db.execute(
                "SELECT seq, hash FROM audit WHERE at < ? ORDER BY seq DESC LIMIT 1",
                (cutoff,),
            ).fetchone()
            dropped = 0
            if last is not None:
                self.db.execute(
                    "INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT "
                    "(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                    (last[0], last[1]))
                dropped = self.db.execute("DELETE FROM audit WHERE seq <= ?",
                                          (last[0],)).rowcount
                self._insert({
                    "at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
                    "action": "prune", "count": dropped,
                    "detail": f"entries before {cutoff} removed (retention "
                              f"{older_than_days} days)",
                })
        return int(dropped)
