"""Delivering watch matches to real receivers on loopback: a webhook server that checks
each signature and sees each match once across a ``kill -9``-ed delivery process, and an
SMTP server (aiosmtpd) that receives the immediate mail and the daily digest."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from poshuk.core.delivery import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Deliverer,
    DeliveryError,
    check_unsubscribe,
    public_only,
    sign,
)
from tests.core.conftest import EngineFactory
from tests.core.test_watches import Archive, _doc, _text
from tests.processes import start
from tests.support import free_port

MATCHES = 5


class Receiver(ThreadingHTTPServer):
    """Webhooks: every POST kept; ``delay`` seconds before answering, so a kill lands
    while a delivery is in flight."""

    def __init__(self, delay: float) -> None:
        super().__init__(("127.0.0.1", free_port()), _Handler)
        self.delay = delay
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.server.lock:
            self.server.posts.append((dict(self.headers.items()), body))
        time.sleep(self.server.delay)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(delay=0.4)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Mailbox, int]]:
    mailbox = _Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def archive(tmp_path: Path, empty_engine: EngineFactory) -> Archive:
    archive = Archive(tmp_path, empty_engine)
    archive.accounts.create_collection("cases")
    archive.accounts.add_user("lawyer")
    archive.accounts.grant("lawyer", "cases", "reader")
    return archive


def _verdicts(archive: Archive) -> list[str]:
    ids = [f"v{i}" for i in range(MATCHES)]
    archive.add(*(_doc(i, _text(100 + n), "cases", "BY-CC-342") for n, i in enumerate(ids)))
    return ids


# Delivery does not depend on the engine (matching on both is tests/core/test_watches.py).
TANTIVY_ONLY = pytest.mark.parametrize("engine_kind", ["tantivy"])


@TANTIVY_ONLY
def test_each_match_is_posted_once_signed_across_a_kill(
    archive: Archive, receiver: Receiver, tmp_path: Path
) -> None:
    made = archive.watches.create("lawyer", "342", "citation:BY-CC-342", {},
                                  webhook_url=receiver.url)
    expected = set(_verdicts(archive))
    env = {"POSHUK_HOME": str(archive.settings.home), "POSHUK_DELIVERY_LEASE_S": "1",
           "POSHUK_WEBHOOK_PRIVATE": "1"}
    loop = start([sys.executable, "-m", "poshuk.cli", "deliver", "--every", "0.2"],
                 tmp_path / "deliver.log", env)
    deadline = time.monotonic() + 60
    while len(receiver.posts) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    loop.send_signal(signal.SIGKILL)  # mid-way: one POST in flight, some never sent
    loop.wait(timeout=10)
    assert 2 <= len(receiver.posts) < MATCHES, "the kill came too late to test anything"
    time.sleep(1.2)  # the lease of the delivery in flight runs out
    again = start([sys.executable, "-m", "poshuk.cli", "deliver", "--once"],
                  tmp_path / "again.log", env)
    assert again.wait(timeout=120) == 0, (tmp_path / "again.log").read_text()

    by_key: dict[str, bytes] = {}
    for headers, body in receiver.posts:
        assert made.webhook_secret is not None
        expected_signature = sign(made.webhook_secret, headers[TIMESTAMP_HEADER], body)
        assert hmac.compare_digest(headers[SIGNATURE_HEADER], expected_signature)
        key = headers[IDEMPOTENCY_HEADER]
        assert by_key.setdefault(key, body) == body  # a repeat is the same delivery
    documents = sorted(json.loads(b)["match"]["document"]["id"] for b in by_key.values())
    assert documents == sorted(expected)  # each match exactly once, none lost
    assert len(receiver.posts) <= MATCHES + 1  # only the one in flight may come twice
    states = archive.catalog.db.execute("SELECT state, count(*) FROM watch_outbox "
                                        "GROUP BY state").fetchall()
    assert [tuple(s) for s in states] == [("sent", MATCHES)]
    audited = archive.catalog.db.execute(
        "SELECT count(DISTINCT document_id) FROM audit WHERE action = 'watch_delivery'"
    ).fetchone()[0]
    assert audited == MATCHES


@TANTIVY_ONLY
def test_failures_are_retried_with_back_off_and_shown(archive: Archive) -> None:
    port = free_port()  # nothing listens there
    watch = archive.watches.create("lawyer", "342", "citation:BY-CC-342", {},
                                   webhook_url=f"http://127.0.0.1:{port}/hook").watch
    archive.add(_doc("x1", _text(1), "cases", "BY-CC-342"))
    deliverer = Deliverer(archive.settings, archive.catalog.db, _audit(archive))
    now = dt.datetime.now(dt.UTC)
    assert deliverer.run_once(now).retrying == 1
    assert deliverer.run_once(now).retrying == 0  # not yet due again
    failures = archive.watches.failures(watch.id)
    assert failures[0]["attempts"] == 1 and "failed" in failures[0]["error"]
    later = dt.datetime.fromisoformat(failures[0]["next_attempt_at"])
    assert later - now >= dt.timedelta(seconds=29)
    assert deliverer.run_once(later).retrying == 1
    assert archive.watches.failures(watch.id)[0]["attempts"] == 2


def _audit(archive: Archive) -> Any:
    from poshuk.core.audit import AuditLog

    return AuditLog(archive.catalog.db, archive.settings.audit_key)


@TANTIVY_ONLY
def test_mail_immediately_and_as_a_daily_digest(
    archive: Archive, smtp: tuple[_Mailbox, int]
) -> None:
    mailbox, port = smtp
    settings = archive.settings.model_copy(update={"smtp_host": "127.0.0.1",
                                                   "smtp_port": port,
                                                   "smtp_sender": "alerts@poshuk.test"})
    now_made = archive.watches.create("lawyer", "now", "citation:BY-CC-342", {},
                                      email="lawyer@example.org").watch
    archive.watches.create("lawyer", "daily", "citation:BY-CC-342", {},
                           email="lawyer@example.org", email_mode="daily")
    expected = _verdicts(archive)
    audit = _audit(archive)
    deliverer = Deliverer(settings, archive.catalog.db, audit)
    assert deliverer.run_once().sent == MATCHES  # the immediate ones; the digest waits
    assert len(mailbox.messages) == MATCHES
    first = mailbox.messages[0]
    assert first["To"] == "lawyer@example.org" and "“now”" in first["Subject"]
    unsubscribe = first["List-Unsubscribe"].strip("<>")
    assert "/mail/unsubscribe?token=" in unsubscribe
    assert deliverer.run_once(digests_now=True).sent == MATCHES
    digest = mailbox.messages[-1]
    assert len(mailbox.messages) == MATCHES + 1  # one digest for all five
    assert "Daily digest: 5 new documents" in digest["Subject"]
    text = digest.get_content()
    assert all(f"/documents/{doc_id}" in text for doc_id in expected)
    token = unsubscribe.split("token=")[1]
    watch = check_unsubscribe(audit.key, archive.watches, token)
    assert watch is not None and watch.id == now_made.id
    forged = token[:-1] + ("1" if token.endswith("0") else "0")  # one hex digit changed
    assert check_unsubscribe(audit.key, archive.watches, forged) is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://10.1.2.3/hook",
                                 "https://[::1]/hook", "http://169.254.169.254/latest",
                                 "http://localhost/hook"])
def test_a_webhook_may_not_reach_into_the_servers_own_network(url: str) -> None:
    with pytest.raises(DeliveryError, match="not a public address"):
        public_only(url)


def test_a_webhook_to_a_public_address_is_allowed() -> None:
    public_only("https://93.184.216.34/hook")  # an address literal: no lookup needed
