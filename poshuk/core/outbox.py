"""The outbox of deliveries: one row per match and channel (webhook, e-mail), written in
the transaction that records the match, so a match is never without its deliveries.

A row goes ``pending`` → ``sending`` (claimed for ``POSHUK_DELIVERY_LEASE_S``) →
``sent``; a failed attempt puts it back to ``pending`` with a later ``next_attempt_at``
(back-off), and after :data:`MAX_ATTEMPTS` it stays ``failed`` with its last error, which
the owner sees. A process killed while a row is ``sending`` leaves it claimed until its
lease runs out; then it is sent again. So a delivery is at least once at the network level: the
receiver tells a repeat by its idempotency key (``Idempotency-Key`` of a webhook, the
``Message-ID`` of a mail), which is the same for every attempt of one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from poshuk.core.db import Database

if TYPE_CHECKING:
    from poshuk.core.watches import Watch

MAX_ATTEMPTS = 8
DIGEST_HOUR = 7  # UTC: when the daily digest of a watch goes out


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min … at most 6 h."""
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def next_digest(now: dt.datetime, hour: int = DIGEST_HOUR) -> dt.datetime:
    """The next daily digest time after ``now``."""
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def enqueue(db: Database, matches: Sequence[tuple[Watch, int]],
            now: dt.datetime | None = None) -> None:
    """Queue the deliveries of new matches, (watch, match id) each, inside the caller's
    transaction: one statement for them all."""
    now = now or dt.datetime.now(dt.UTC)
    rows: list[tuple[int, int, str, str]] = []
    for watch, match_id in matches:
        if watch.webhook_url:
            rows.append((match_id, watch.id, "webhook", _iso(now)))
        if watch.email:
            due = now if watch.email_mode == "immediate" else next_digest(now)
            rows.append((match_id, watch.id, "email", _iso(due)))
    db.executemany(
        "INSERT INTO watch_outbox (match_id, watch_id, channel, state, attempts, "
        "next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?) "
        "ON CONFLICT (match_id, channel) DO NOTHING", rows)


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    match_id: int
    watch_id: int
    channel: str
    attempts: int
    doc_id: str
    matched_at: str


def due(db: Database, now: dt.datetime, limit: int = 200) -> list[Delivery]:
    """Rows to send now: pending and due, or claimed by a sender whose lease ran out."""
    rows = db.execute(
        "SELECT o.id, o.match_id, o.watch_id, o.channel, o.attempts, m.doc_id, m.matched_at "
        "FROM watch_outbox o JOIN watch_matches m ON m.id = o.match_id "
        "WHERE o.state IN ('pending', 'sending') AND o.next_attempt_at <= ? "
        "ORDER BY o.id LIMIT ?", (_iso(now), limit)).fetchall()
    return [Delivery(*row) for row in rows]


def claim(db: Database, row: Delivery, now: dt.datetime, lease_s: float) -> bool:
    """Take ``row`` for sending for ``lease_s`` seconds (False: another sender took it
    first); a sender killed meanwhile leaves it to be taken again after the lease."""
    return db.execute(
        "UPDATE watch_outbox SET state = 'sending', next_attempt_at = ? "
        "WHERE id = ? AND state IN ('pending', 'sending') AND next_attempt_at <= ?",
        (_iso(now + dt.timedelta(seconds=lease_s)), row.id, _iso(now))).rowcount == 1


def sent(db: Database, row_ids: list[int], now: dt.datetime) -> None:
    db.executemany("UPDATE watch_outbox SET state = 'sent', sent_at = ?, attempts = "
                   "attempts + 1, last_error = NULL WHERE id = ?",
                   [(_iso(now), i) for i in row_ids])


def failed(db: Database, row: Delivery, error: str, now: dt.datetime) -> bool:
    """Record a failed attempt; True when it was the last one allowed."""
    attempts = row.attempts + 1
    final = attempts >= MAX_ATTEMPTS
    db.execute("UPDATE watch_outbox SET state = ?, attempts = ?, next_attempt_at = ?, "
               "last_error = ? WHERE id = ?",
               ("failed" if final else "pending", attempts, _iso(now + backoff(attempts)),
                error[:500], row.id))
    return final


def dropped(db: Database, row_id: int, reason: str) -> None:
    """Not to be sent at all (the owner may no longer read the document)."""
    db.execute("UPDATE watch_outbox SET state = 'dropped', last_error = ? WHERE id = ?",
               (reason, row_id))
