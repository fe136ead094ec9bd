"""The audit trail's hash chain: intact when untouched, broken by any edit, insertion or
removal, and still verifiable after pruning to a retention."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from poshuk.core.audit import AuditLog
from poshuk.core.catalog import Catalog
from poshuk.core.db import connect


@pytest.fixture
def log(catalog_url: str, tmp_path: Path) -> Iterator[AuditLog]:
    Catalog(catalog_url).close()
    audit = AuditLog(catalog_url, tmp_path / "audit.key")
    for n in range(5):
        audit.append("search", user="ana", address="10.0.0.1", query=f"word{n}", count=n)
    audit.append("view", user="ana", document_id="abc", collection="secret")
    return audit


def raw(log: AuditLog, sql: str, *args: object) -> None:
    """Write behind the log's back, as whoever can write the catalog could."""
    db = connect(log.db.url)
    db.execute(sql, args)
    db.close()


def test_an_untouched_chain_verifies(log: AuditLog) -> None:
    assert log.verify() == []
    entries = list(log.entries(user="ana", action="search"))
    assert [e.query for e in entries] == [f"word{n}" for n in range(5)]
    assert [e.document_id for e in log.entries(document_id="abc")] == ["abc"]
    assert list(log.entries(collections=["secret"]))[0].action == "view"


def test_an_edited_entry_is_found(log: AuditLog) -> None:
    raw(log, "UPDATE audit SET query = 'innocent' WHERE seq = 3")
    assert log.verify() == ["entry 3: its content was changed"]


def test_a_removed_entry_is_found(log: AuditLog) -> None:
    raw(log, "DELETE FROM audit WHERE seq = 2")
    assert any("entry 3: does not follow" in p for p in log.verify())


def test_a_rewritten_chain_without_the_key_is_found(log: AuditLog) -> None:
    # whoever rewrites an entry and its hash with a plain SHA-256 still breaks it
    raw(log, "UPDATE audit SET hash = ? WHERE seq = 6", "0" * 64)
    assert log.verify() == ["entry 6: its content was changed"]


def test_pruning_keeps_the_chain_verifiable(log: AuditLog) -> None:
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat()
    for seq in (1, 2, 3):
        # entries written long ago: re-chained with the key, as the log would have
        raw(log, "UPDATE audit SET at = ? WHERE seq = ?", old, seq)
    rows = list(log.db.execute("SELECT * FROM audit ORDER BY seq"))
    prev = "0" * 64
    from poshuk.core.audit import _digest

    for row in rows:
        fields = dict(row)
        digest = _digest(log.key, prev, fields)
        raw(log, "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", prev, digest,
            row["seq"])
        prev = digest
    assert log.verify() == []
    assert log.prune(30) == 3
    assert [e.seq for e in log.entries()][0] == 4
    assert list(log.entries(action="prune"))[0].count == 3
    assert log.verify() == []
    raw(log, "DELETE FROM audit WHERE seq = 4")
    assert log.verify() != []


def test_concurrent_appends_from_separate_connections_keep_one_chain(
    log: AuditLog, tmp_path: Path
) -> None:
    """Four writers with their own connections (as four API processes) append at once:
    each append reads the last hash and writes after it, serialised by the database."""
    writers = [AuditLog(log.db.url, tmp_path / "audit.key") for _ in range(4)]
    barrier = threading.Barrier(len(writers))

    def write(writer: AuditLog) -> None:
        barrier.wait()
        for n in range(25):
            writer.append("search", user="bo", query=f"q{n}")

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for writer in writers:
        writer.close()
    assert len(list(log.entries(user="bo"))) == 100
    assert log.verify() == []
