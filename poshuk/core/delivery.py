"""Sending what the outbox holds: signed webhooks and e-mail (immediate, or a daily
digest), each delivery recorded in the audit trail.

A webhook is a JSON POST of one match. Its headers let the receiver check it and tell a
repeat: ``X-Poshuk-Timestamp`` (Unix seconds), ``X-Poshuk-Signature: sha256=<hex>``, the
HMAC-SHA256 under the watch's webhook secret of ``<timestamp>.<body>``, and
``Idempotency-Key``, the same for every attempt of one delivery. A mail's ``Message-ID``
plays that part for mail; it carries an unsubscribe link (RFC 8058 one-click).

Before anything is sent the owner's rights are checked again: a document the owner may
no longer read (or one deleted) is dropped, never delivered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import smtplib
import socket
import ssl
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import httpx

from poshuk.core import outbox
from poshuk.core.accounts import Accounts
from poshuk.core.audit import AuditLog
from poshuk.core.config import Settings
from poshuk.core.db import database_errors
from poshuk.core.outbox import Delivery
from poshuk.core.watches import Watch, Watches

SIGNATURE_HEADER = "X-Poshuk-Signature"
TIMESTAMP_HEADER = "X-Poshuk-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"
log = logging.getLogger("poshuk.delivery")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _unsubscribe_key(audit_key: bytes) -> bytes:
    """A key of its own, derived from the audit trail's (kept beside the catalog)."""
    return hmac.new(audit_key, b"poshuk watch unsubscribe", hashlib.sha256).digest()


def unsubscribe_token(audit_key: bytes, watch_id: int, email: str) -> str:
    mac = hmac.new(_unsubscribe_key(audit_key), f"{watch_id}:{email}".encode(),
                   hashlib.sha256).hexdigest()[:40]
    return f"{watch_id}.{mac}"


def check_unsubscribe(audit_key: bytes, watches: Watches, token: str) -> Watch | None:
    """The watch a valid unsubscribe token names (None: forged, or mail already off)."""
    head, _, _mac = token.partition(".")
    if not head.isdigit() or len(head) > 18:
        return None
    watch = watches.get(int(head))
    if watch is None or watch.email is None:
        return None
    expected = unsubscribe_token(audit_key, watch.id, watch.email)
    return watch if hmac.compare_digest(expected, token) else None


@dataclass(slots=True)
class Report:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dropped: int = 0


class DeliveryError(RuntimeError):
    """One attempt failed (the message says how); the row is retried later."""


def public_only(url: str) -> None:
    """Refuse a webhook whose host resolves to any address that is not public (loopback,
    private, link-local, reserved): checked before every attempt, as DNS answers change."""
    host = urlsplit(url).hostname or ""
    try:
        found = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as err:
        raise DeliveryError(f"webhook host {host[:100]!r} does not resolve: {err}") from err
    for address in sorted(found):
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise DeliveryError(
                f"webhook host {host[:100]!r} is at {address}, not a public address "
                "(POSHUK_WEBHOOK_PRIVATE=1 allows receivers on the deployment's network)")


class Deliverer:
    def __init__(self, settings: Settings, db: Any, audit: AuditLog,
                 http: httpx.Client | None = None) -> None:
        self.settings = settings
        self.db = db  # the catalog's connection
        self.audit = audit
        self.watches = Watches(db)
        self.accounts = Accounts(db)
        self.http = http or httpx.Client(timeout=10, follow_redirects=False)

    def run_once(self, now: dt.datetime | None = None, digests_now: bool = False) -> Report:
        """Send every due row once; ``digests_now`` sends the daily digests already."""
        now = now or dt.datetime.now(dt.UTC)
        if digests_now:
            self.db.execute(
                "UPDATE watch_outbox SET next_attempt_at = ? WHERE channel = 'email' AND "
                "state = 'pending' AND watch_id IN (SELECT id FROM watches "
                "WHERE email_mode = 'daily')", (now.isoformat(timespec="microseconds"),))
        report = Report()
        rows = outbox.due(self.db, now)
        digests: dict[int, list[Delivery]] = defaultdict(list)
        for row in rows:
            watch = self.watches.get(row.watch_id)
            if watch is None:
                continue
            if row.channel == "email" and watch.email_mode == "daily":
                digests[watch.id].append(row)
            else:
                self._send(watch, [row], now, report)
        for watch_id, batch in digests.items():
            watch = self.watches.get(watch_id)
            if watch is not None:
                self._send(watch, batch, now, report)
        return report

    def _send(self, watch: Watch, rows: list[Delivery], now: dt.datetime,
              report: Report) -> None:
        lease = self.settings.delivery_lease_s
        rows = [row for row in rows if outbox.claim(self.db, row, now, lease)]
        documents = self._readable(watch, rows, report)
        rows = [row for row in rows if row.doc_id in documents]
        if not rows:
            return
        channel = rows[0].channel
        try:
            if channel == "webhook":
                target = self._post(watch, rows[0], documents[rows[0].doc_id])
            else:
                target = self._mail(watch, rows, documents)
        except DeliveryError as err:
            for row in rows:
                final = outbox.failed(self.db, row, str(err), now)
                report.failed += final
                report.retrying += not final
                self._audit(watch, row, "watch_delivery_failed",
                            f"watch {watch.id} by {channel}: {err}"
                            + (" (gave up)" if final else " (will retry)"))
            return
        outbox.sent(self.db, [row.id for row in rows], now)
        report.sent += len(rows)
        for row in rows:
            self._audit(watch, row, "watch_delivery",
                        f"watch {watch.id} by {channel} to {target}")

    def _readable(self, watch: Watch, rows: list[Delivery],
                  report: Report) -> dict[str, dict[str, Any]]:
        """The rows' documents the owner may read now; the other rows are dropped."""
        caller = self.accounts.caller(watch.owner or None)
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            doc = self.db.execute(
                "SELECT id, title, file_name, date, type, source, collection FROM documents "
                "WHERE id = ?", (row.doc_id,)).fetchone()
            if doc is None or not caller.may("reader", doc["collection"]):
                outbox.dropped(self.db, row.id, "the owner may not read this document now")
                report.dropped += 1
                continue
            found[row.doc_id] = {
                "id": doc["id"], "title": doc["title"] or doc["file_name"], "date": doc["date"],
                "type": doc["type"], "source": doc["source"], "collection": doc["collection"],
                "url": f"{self.settings.public_url.rstrip('/')}/documents/{doc['id']}",
            }
        return found

    def _audit(self, watch: Watch, row: Delivery, action: str, detail: str) -> None:
        self.audit.append(action, user=watch.owner or None, document_id=row.doc_id,
                          query=watch.query, detail=detail)

    # --- webhooks ------------------------------------------------------------------

    def _post(self, watch: Watch, row: Delivery, document: dict[str, Any]) -> str:
        assert watch.webhook_url is not None
        if not self.settings.webhook_private:
            public_only(watch.webhook_url)
        secret = self.watches.webhook_secret(watch.id) or ""
        key = f"poshuk-watch-delivery-{row.id}"
        body = json.dumps({
            "delivery": key,
            "watch": {"id": watch.id, "name": watch.name, "query": watch.query},
            "match": {"id": row.match_id, "matched_at": row.matched_at, "document": document},
        }, ensure_ascii=False).encode("utf-8")
        stamp = str(int(time.time()))
        try:
            answer = self.http.post(watch.webhook_url, content=body, headers={
                "Content-Type": "application/json", IDEMPOTENCY_HEADER: key,
                TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: sign(secret, stamp, body),
                "User-Agent": "Poshuk-Watch/1",
            })
        except httpx.HTTPError as err:
            raise DeliveryError(f"POST {watch.webhook_url} failed: {err}") from err
        if not answer.is_success:
            raise DeliveryError(f"POST {watch.webhook_url} answered {answer.status_code}")
        return watch.webhook_url

    # --- e-mail --------------------------------------------------------------------

    def _mail(self, watch: Watch, rows: list[Delivery],
              documents: dict[str, dict[str, Any]]) -> str:
        settings = self.settings
        assert watch.email is not None
        if not settings.smtp_host:
            raise DeliveryError("no mail server: set POSHUK_SMTP_HOST (and _PORT, _TLS, "
                                "_SENDER)")
        base = settings.public_url.rstrip("/")
        token = unsubscribe_token(self.audit.key, watch.id, watch.email)
        unsubscribe = f"{base}/mail/unsubscribe?token={token}"
        message = EmailMessage()
        count = len(rows)
        digest = watch.email_mode == "daily"
        message["Subject"] = (f"[Poshuk] {'Daily digest: ' if digest else ''}{count} new "
                              f"document{'s' if count != 1 else ''} for “{watch.name}”")
        message["From"] = settings.smtp_sender
        message["To"] = watch.email
        domain = settings.smtp_sender.rpartition("@")[2] or "poshuk"
        message["Message-ID"] = f"<poshuk.watch{watch.id}.delivery{rows[0].id}@{domain}>"
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        lines = [f"New documents match your watch “{watch.name}” ({watch.query}):", ""]
        for row in rows:
            doc = documents[row.doc_id]
            lines += [f"* {doc['title']} ({doc['date'] or 'undated'}, {doc['type']})",
                      f"  {doc['url']}"]
        lines += ["", f"Stop these e-mails: {unsubscribe}"]
        message.set_content("\n".join(lines))
        try:
            self._smtp_send(message)
        except (OSError, smtplib.SMTPException) as err:
            raise DeliveryError(f"mail to {watch.email} failed: {err}") from err
        return watch.email

    def _smtp_send(self, message: EmailMessage) -> None:
        settings = self.settings
        assert settings.smtp_host is not None
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if settings.smtp_tls == "ssl":
            smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=30,
                                    context=context)
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
        with smtp:
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)


class DeliveryLoop:
    """Delivers what is due every ``every_s`` seconds, in a thread of its own with its
    own connections (``poshuk serve`` runs one; ``poshuk deliver`` runs it alone)."""

    def __init__(self, settings: Settings, every_s: float = 5.0) -> None:
        self.settings = settings
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.run, name="poshuk-delivery", daemon=True)

    def start(self) -> DeliveryLoop:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def run(self) -> None:
        from poshuk.core.catalog import Catalog  # the catalog is opened here, in the loop

        catalog = Catalog(self.settings.catalog_url)
        audit = AuditLog(catalog.db, self.settings.audit_key)
        deliverer = Deliverer(self.settings, catalog.db, audit)
        try:
            while not self._stop.is_set():
                try:
                    deliverer.run_once()
                except database_errors():  # a busy catalog: the rows wait for the next round
                    log.exception("delivery round failed; retrying")
                self._stop.wait(self.every_s)
        finally:
            audit.close()
            catalog.close()
