"""Watched searches: a query its owner wants to hear about when new documents match it.

A watch is the search box's text plus facet filters, kept in the catalog with its
owner's delivery channels (an Atom feed at a secret URL, a webhook, e-mail). What it
matched is recorded by :mod:`poshuk.core.watch_matching` and delivered through the
outbox by :mod:`poshuk.core.delivery`. A watch that would match much of the archive is
refused when it is created: it would bury its owner, and cost every ingest a large
search for nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from poshuk.core import thesaurus
from poshuk.core.db import Database, Row
from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.query import Keyword, MatchAll, parse_query
from poshuk.core.schema import load_schema

Kind = Literal["search", "citation", "entity"]
EmailMode = Literal["immediate", "daily"]
EMAIL_MODES: tuple[EmailMode, ...] = ("immediate", "daily")
_EMAIL = re.compile(r"[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,63}")
_COLUMNS = ("id, owner, name, kind, query, filters, created_at, webhook_url, email, "
            "email_mode, last_seen_at")


class WatchError(ValueError):
    """A watch that cannot be made as asked; the message says what to change."""


class TooBroad(WatchError):
    """The query matches too much of the archive to be worth watching."""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Watch:
    id: int
    owner: str
    name: str
    kind: Kind
    query: str
    filters: dict[str, list[str]]
    created_at: str
    webhook_url: str | None
    email: str | None
    email_mode: EmailMode | None
    last_seen_at: str | None

    def request(self) -> SearchRequest:
        return watch_request(self.query, self.filters)


class Watching(NamedTuple):
    """What matching needs of a watch: read for every watch at every index pass, so
    only these columns, and the filters as stored (JSON text, parsed once per value)."""

    id: int
    owner: str
    query: str
    filters: str
    created_at: str
    delivers: bool  # a webhook or an e-mail: its matches are queued in the outbox


@dataclass(frozen=True, slots=True)
class Created:
    watch: Watch
    feed_secret: str  # shown once: only its hash is kept
    webhook_secret: str | None


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    doc_id: str
    matched_at: str
    seen: bool


def watch_request(query: str, filters: dict[str, list[str]]) -> SearchRequest:
    """The search a watch stands for: as ``GET /search`` would run it (the thesaurus
    expansion included), so a watch matches what its owner's search shows."""
    return SearchRequest(query=thesaurus.expand(parse_query(query)), filters=dict(filters),
                         highlights=False, size=1, facet_size=1)


def kind_of(query: str) -> Kind:
    """A citation or entity watch is a query naming one citation or entity only."""
    node = parse_query(query)
    if isinstance(node, Keyword) and node.field in ("citation", "entity"):
        return "citation" if node.field == "citation" else "entity"
    return "search"


def check_filters(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    facets = load_schema().facets
    clean: dict[str, list[str]] = {}
    for name, values in filters.items():
        if name not in facets:
            raise WatchError(f"filter {name!r} is no facet; use one of {', '.join(facets)}")
        kept = [v for v in values if v.strip()]
        if len(kept) > 50 or any(len(v) > 200 for v in kept):
            raise WatchError(f"filter {name!r}: at most 50 values of at most 200 characters")
        if kept:
            clean[name] = kept
    return clean


def check_webhook(url: str) -> str:
    scheme, _, rest = url.partition("://")
    if scheme not in ("http", "https") or not rest or len(url) > 2000 or any(
            c.isspace() for c in url):
        raise WatchError("webhook_url: give an http:// or https:// address of at most "
                         "2000 characters")
    return url


def check_email(address: str) -> str:
    if not _EMAIL.fullmatch(address):
        raise WatchError(f"email: {address[:80]!r} is not an e-mail address")
    return address


def check_breadth(engine: Engine, request: SearchRequest, scope: dict[str, list[str]],
                  max_share: float, min_broad: int) -> None:
    """Refuse a watch on (nearly) everything its owner can read: an empty query, or one
    matching more than ``max_share`` of it and more than ``min_broad`` documents (the
    settings ``POSHUK_WATCH_MAX_SHARE`` and ``POSHUK_WATCH_MIN_BROAD``)."""
    if isinstance(request.query, MatchAll) and not request.filters:
        raise TooBroad("an empty query would watch the whole archive: give words, a "
                       "citation: or an entity: to watch")
    counted = dataclasses.replace(request, scope={**request.scope, **scope})
    matching = engine.search(counted).total
    readable = engine.search(SearchRequest(MatchAll(), scope=scope, size=1, facet_size=1,
                                           highlights=False)).total
    if matching > min_broad and matching > max_share * readable:
        raise TooBroad(
            f"the query matches {matching} of the {readable} documents you can read "
            f"(more than {max_share:.0%}): narrow it (more words, a citation:, an entity: "
            "or a filter) so that what is new stands out"
        )


class Watches:
    """The watches of the catalog's database (``db``: the catalog's connection)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, owner: str, name: str, query: str, filters: dict[str, list[str]],
               *, webhook_url: str | None = None, email: str | None = None,
               email_mode: EmailMode = "immediate") -> Created:
        """Store a watch (its query and channels checked; its breadth is the caller's to
        check with :func:`check_breadth`, which needs the engine)."""
        name = name.strip()
        if not name or len(name) > 200:
            raise WatchError("name: give 1-200 characters")
        filters = check_filters(filters)
        kind = kind_of(query)
        if webhook_url is not None:
            check_webhook(webhook_url)
        if email is not None:
            check_email(email)
        if email_mode not in EMAIL_MODES:
            raise WatchError(f"email_mode: use one of {', '.join(EMAIL_MODES)}")
        feed_secret = secrets.token_urlsafe(24)
        webhook_secret = secrets.token_hex(32) if webhook_url else None
        inserted = self.db.execute(
            "INSERT INTO watches (owner, name, kind, query, filters, created_at, "
            "feed_secret_hash, webhook_url, webhook_secret, email, email_mode) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO NOTHING",
            (owner, name, kind, query, json.dumps(filters, ensure_ascii=False), now_iso(),
             secret_hash(feed_secret), webhook_url, webhook_secret, email,
             email_mode if email else None),
        ).rowcount
        if not inserted:
            raise WatchError(f"you already watch something named {name!r}: choose another "
                             "name or delete that watch")
        row = self.db.execute(f"SELECT {_COLUMNS} FROM watches WHERE owner = ? AND name = ?",
                              (owner, name)).fetchone()
        return Created(_watch(row), feed_secret, webhook_secret)

    def to_match(self) -> list[Watching]:
        """Every watch, as matching reads it (:class:`Watching`)."""
        return [Watching(int(row[0]), row[1], row[2], row[3], row[4], bool(row[5]))
                for row in self.db.execute(
                    "SELECT id, owner, query, filters, created_at, "
                    "COALESCE(webhook_url, '') != '' OR COALESCE(email, '') != '' "
                    "FROM watches ORDER BY id")]

    def many(self, ids: set[int]) -> dict[int, Watch]:
        """The watches ``ids``, by id."""
        return {int(row[0]): _watch(row) for row in self.db.rows_in(
            f"SELECT {_COLUMNS} FROM watches WHERE id IN ({{in}})", sorted(ids))}

    def owned(self, owner: str) -> list[tuple[Watch, int]]:
        """The owner's watches by name, each with its count of matches not yet seen."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS}, (SELECT count(*) FROM watch_matches m "
            "WHERE m.watch_id = w.id AND m.seen = 0) AS new FROM watches w WHERE owner = ? "
            "ORDER BY name", (owner,)).fetchall()
        return [(_watch(row), int(row["new"])) for row in rows]

    def get(self, watch_id: int, owner: str | None = None) -> Watch | None:
        """The watch ``watch_id`` (of ``owner`` only, unless None)."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM watches WHERE id = ?",
                              (watch_id,)).fetchone()
        if row is None or (owner is not None and row["owner"] != owner):
            return None
        return _watch(row)

    def by_feed_secret(self, secret: str) -> Watch | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM watches WHERE feed_secret_hash = ?",
                              (secret_hash(secret),)).fetchone()
        return _watch(row) if row else None

    def webhook_secret(self, watch_id: int) -> str | None:
        row = self.db.execute("SELECT webhook_secret FROM watches WHERE id = ?",
                              (watch_id,)).fetchone()
        return row[0] if row else None

    def rotate_feed_secret(self, watch_id: int, owner: str) -> str | None:
        """A new feed URL; the old one stops working at once."""
        secret = secrets.token_urlsafe(24)
        changed = self.db.execute(
            "UPDATE watches SET feed_secret_hash = ? WHERE id = ? AND owner = ?",
            (secret_hash(secret), watch_id, owner)).rowcount
        return secret if changed else None

    def stop_email(self, watch_id: int) -> bool:
        """Unsubscribe: no more mail for this watch (undelivered mail is dropped)."""
        with self.db.transaction():
            changed = self.db.execute("UPDATE watches SET email = NULL, email_mode = NULL "
                                      "WHERE id = ?", (watch_id,)).rowcount
            self.db.execute("DELETE FROM watch_outbox WHERE watch_id = ? AND channel = "
                            "'email' AND state IN ('pending', 'sending')", (watch_id,))
        return bool(changed)

    def delete(self, watch_id: int, owner: str) -> bool:
        with self.db.transaction():
            deleted = self.db.execute("DELETE FROM watches WHERE id = ? AND owner = ?",
                                      (watch_id, owner)).rowcount
            if deleted:
                for table in ("watch_outbox", "watch_matches"):
                    self.db.execute(f"DELETE FROM {table} WHERE watch_id = ?", (watch_id,))
        return bool(deleted)

    def forget_documents(self, doc_ids: Sequence[str]) -> None:
        """A deletion's share (inside its transaction): the documents' matches go, and
        their deliveries, sent or not (a remaining copy may be reported anew). Matches
        are kept by watch, not by document (migration 0006): one pass over them per
        ``IN_CHUNK`` documents, the deliveries then found by their match's id."""
        gone = [row[0] for row in self.db.rows_in(
            "DELETE FROM watch_matches WHERE doc_id IN ({in}) RETURNING id", doc_ids)]
        self.db.execute_in("DELETE FROM watch_outbox WHERE match_id IN ({in})", gone)

    def matches(self, watch_id: int, limit: int = 100, offset: int = 0) -> list[Match]:
        """Newest first."""
        rows = self.db.execute(
            "SELECT id, doc_id, matched_at, seen FROM watch_matches WHERE watch_id = ? "
            "ORDER BY matched_at DESC, id DESC LIMIT ? OFFSET ?",
            (watch_id, limit, offset)).fetchall()
        return [Match(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def count_matches(self, watch_id: int) -> int:
        return int(self.db.execute("SELECT count(*) FROM watch_matches WHERE watch_id = ?",
                                   (watch_id,)).fetchone()[0])

    def mark_seen(self, watch_id: int) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE watch_matches SET seen = 1 WHERE watch_id = ? AND seen = 0",
                            (watch_id,))
            self.db.execute("UPDATE watches SET last_seen_at = ? WHERE id = ?",
                            (now_iso(), watch_id))

    def failures(self, watch_id: int) -> list[dict[str, Any]]:
        """Deliveries that failed or wait for a retry, with their last error."""
        rows = self.db.execute(
            "SELECT o.channel, o.state, o.attempts, o.next_attempt_at, o.last_error, m.doc_id "
            "FROM watch_outbox o JOIN watch_matches m ON m.id = o.match_id "
            "WHERE o.watch_id = ? AND o.last_error IS NOT NULL AND o.state != 'sent' "
            "ORDER BY o.id DESC LIMIT 50", (watch_id,)).fetchall()
        return [dict(zip(("channel", "state", "attempts", "next_attempt_at", "error",
                          "document_id"), row, strict=True)) for row in rows]


def _watch(row: Row) -> Watch:
    return Watch(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7],
                 row[8], row[9], row[10])


