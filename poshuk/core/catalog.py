"""The catalog: every document, its pages and its state, in SQLite (WAL; the default)
or PostgreSQL (``POSHUK_CATALOG_URL``), through :mod:`poshuk.core.db`.

It is the source of truth: indexes are rebuilt from it, failures are kept in it with
their reason, and a document is marked ``indexed`` only after the engine committed it,
so an interrupted ingest resumes by indexing what is still pending.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from poshuk.core import accounts_schema, fields, migrations
from poshuk.core.db import Database, Row, connect, redact, sqlite_path
from poshuk.core.model import Document, Page, Status
from poshuk.core.nearduplicates import LshTable, Signature, signature

_DOC_COLUMNS = tuple(f.name for f in fields.columns())
_ENRICHMENT_COLUMNS = tuple(f.name for f in fields.reenriched())
_PAGE_COLUMNS = tuple(f.name for f in dataclasses.fields(Page))
_PAGE_UPDATE = ", ".join(f"{c} = excluded.{c}" for c in _PAGE_COLUMNS if c != "number")


def document_id(sha256: str) -> str:
    """Stable id of the document whose original bytes hash to ``sha256``."""
    return sha256[:16]


def duplicate_group_of(text_sha256: str, collection: str = "default") -> str:
    """Copies group within one collection only: no group reveals another's documents."""
    return "t-" + (text_sha256 if collection == accounts_schema.DEFAULT_COLLECTION else
                   hashlib.sha256(f"{collection}:{text_sha256}".encode()).hexdigest())[:16]


def near_group_of(doc_id: str) -> str:
    """The group a near-duplicate founds with the first document it is near."""
    return f"n-{doc_id}"


class Catalog:
    def __init__(self, target: str | Path) -> None:
        """Open (and migrate) the catalog at a URL, or a SQLite file's path."""
        self.db: Database = connect(target)
        self.url = self.db.url
        migrations.upgrade(self.db)  # the schema: poshuk/core/migrations/versions
        self._near = LshTable(self.db)

    @property
    def path(self) -> Path:
        """A SQLite catalog's file."""
        if self.db.dialect != "sqlite":
            raise ValueError(f"{redact(self.url)} is not a SQLite file")
        return sqlite_path(self.url)

    def close(self) -> None:
        self.db.close()

    # --- writing -------------------------------------------------------------------

    def add_many(
        self,
        docs: Iterable[Document],
        paths: dict[str, str] | None = None,
        replace: Collection[str] = (),
    ) -> None:
        """Insert documents (with their pages) in one transaction.

        A document whose text equals an earlier one's is kept and linked to it through a
        shared ``duplicate_group``; the earlier one is re-marked for indexing. Ids in
        ``replace`` (a queued upload now parsed, a failure retried) overwrite their row.
        """
        with self._transaction():
            for doc in docs:
                if doc.id in replace:
                    self.db.execute("DELETE FROM pages WHERE doc_id = ?", (doc.id,))
                    self.db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
                self._link_same_text(doc)
                near = self._link_near_text(doc)
                row = self._row(doc)
                inserted = self.db.execute(
                    f"INSERT INTO documents ({', '.join(_DOC_COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in _DOC_COLUMNS)}) ON CONFLICT DO NOTHING",
                    [row[c] for c in _DOC_COLUMNS],
                ).rowcount
                if not inserted:  # already catalogued: the first version stays as it was
                    continue
                if near is not None:
                    self._near.add(doc.id, near)
                self.db.executemany(
                    f"INSERT INTO pages (doc_id, {', '.join(_PAGE_COLUMNS)}) "
                    f"VALUES (?, {', '.join('?' for _ in _PAGE_COLUMNS)}) "
                    f"ON CONFLICT (doc_id, number) DO UPDATE SET {_PAGE_UPDATE}",
                    [(doc.id, *(getattr(p, c) for c in _PAGE_COLUMNS)) for p in doc.pages],
                )
                self._write_entity_names(doc)
            for sha, path in (paths or {}).items():
                self.record_path(sha, path)

    def update_enrichment(self, docs: Iterable[Document]) -> None:
        """Rewrite what :data:`_ENRICHMENT_COLUMNS` hold (and the names entities are seen
        under) for catalogued documents, in one transaction; they are indexed again."""
        assignments = ", ".join(f"{c} = ?" for c in _ENRICHMENT_COLUMNS)
        with self._transaction():
            for doc in docs:
                old = self.db.execute("SELECT entities FROM documents WHERE id = ?",
                                      (doc.id,)).fetchone()
                stale = json.loads(old["entities"]) if old else []
                # by the whole primary key: no scan of every document's names
                self.db.executemany(
                    "DELETE FROM entity_names WHERE key = ? AND surface = ? AND doc_id = ?",
                    [(e["key"], form, doc.id) for e in stale for form in e["surface"]],
                )
                row = self._row(doc)
                self.db.execute(
                    f"UPDATE documents SET {assignments}, indexed = 0 WHERE id = ?",
                    [*(row[c] for c in _ENRICHMENT_COLUMNS), doc.id],
                )
                self._write_entity_names(doc)

    def _write_entity_names(self, doc: Document) -> None:
        self.db.executemany(
            "INSERT INTO entity_names (key, surface, doc_id) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            [(e.key, form, doc.id) for e in doc.entities for form in e.surface],
        )

    def record_path(self, sha256: str, path: str) -> None:
        self.db.execute("INSERT INTO seen_paths (sha256, path) VALUES (?, ?) "
                        "ON CONFLICT DO NOTHING", (sha256, path))

    def mark_indexed(self, ids: Iterable[str]) -> None:
        with self._transaction():
            self.db.executemany(
                "UPDATE documents SET indexed = 1 WHERE id = ?", [(i,) for i in ids]
            )

    def mark_all_indexed(self) -> None:
        """After a rebuild from every parsed document."""
        self.db.execute("UPDATE documents SET indexed = 1 WHERE status = 'ok'")

    def _link_same_text(self, doc: Document) -> None:
        if doc.status != "ok" or not doc.text_sha256:
            return
        twins = self.db.execute(
            "SELECT id FROM documents WHERE text_sha256 = ? AND id != ? AND collection = ?",
            (doc.text_sha256, doc.id, doc.collection),
        ).fetchall()
        if twins:
            doc.duplicate_group = duplicate_group_of(doc.text_sha256, doc.collection)
            self.db.execute(
                "UPDATE documents SET duplicate_group = ?, indexed = 0 "
                "WHERE collection = ? AND (text_sha256 = ? OR duplicate_group = ?)",
                (doc.duplicate_group, doc.collection, doc.text_sha256, doc.duplicate_group),
            )

    def _link_near_text(self, doc: Document) -> Signature | None:
        """Put ``doc`` in the group of a catalogued document whose text is nearly the same
        (MinHash, ``poshuk.core.nearduplicates``); returns ``doc``'s signature to store."""
        if doc.status != "ok":
            return None
        sig = signature("\n".join(page.text for page in doc.pages))
        if sig is None or doc.duplicate_group:
            return sig
        match = self._near.match(sig, keep=lambda other: self.db.execute(  # same collection
            "SELECT 1 FROM documents WHERE id = ? AND collection = ?", (other, doc.collection)
        ).fetchone() is not None)
        if match is not None:
            row = self.db.execute(
                "SELECT duplicate_group FROM documents WHERE id = ?", (match,)
            ).fetchone()
            doc.duplicate_group = (row and row["duplicate_group"]) or near_group_of(match)
            self.db.execute(
                # every member is indexed again: the group's size changed
                "UPDATE documents SET duplicate_group = ?, indexed = 0 "
                "WHERE id = ? OR duplicate_group = ?",
                (doc.duplicate_group, match, doc.duplicate_group),
            )
        return sig

    # --- reading -------------------------------------------------------------------

    def has_sha256(self, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def get(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return self._document(row) if row else None

    def get_many(self, ids: list[str], *, with_pages: bool = True) -> dict[str, Document]:
        return {row["id"]: self._document(row, with_pages)
                for row in self.db.rows_in("SELECT * FROM documents WHERE id IN ({in})", ids)}

    def iter_documents(
        self, *, pending_only: bool = False, enriched_before: int | None = None,
        batch: int = 500,
    ) -> Iterator[Document]:
        """Every parsed document (status ok), in id order, streamed in batches; only those
        not yet indexed, or only those enriched by a version older than ``enriched_before``."""
        where = "status = 'ok'" + (" AND indexed = 0" if pending_only else "")
        if enriched_before is not None:
            where += f" AND enrichment_version < {int(enriched_before)}"
        last = ""
        while True:
            rows = self.db.execute(
                f"SELECT * FROM documents WHERE {where} AND id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._document(row)
            last = rows[-1]["id"]

    def children(self, doc_id: str) -> list[str]:
        """Ids of the files unpacked from the container ``doc_id`` (ZIP, e-mail)."""
        rows = self.db.execute(
            "SELECT id FROM documents WHERE parent_id = ? ORDER BY file_name, id", (doc_id,)
        ).fetchall()
        return [row["id"] for row in rows]

    def group_members(self, group: str | None, exclude: str = "") -> list[str]:
        """Ids of the documents sharing ``group`` (same text), except ``exclude``."""
        if not group:
            return []
        rows = self.db.execute(
            "SELECT id FROM documents WHERE duplicate_group = ? AND id != ? ORDER BY id",
            (group, exclude),
        ).fetchall()
        return [row["id"] for row in rows]

    def entity_names(
        self, keys: Iterable[str], collections: list[str] | None = None
    ) -> dict[str, dict[str, int]]:
        """For each entity key, its surface forms and in how many documents of
        ``collections`` (None: all) each is seen (the index has only the keys)."""
        wanted = list(dict.fromkeys(keys))
        names: dict[str, dict[str, int]] = {key: {} for key in wanted}
        within = "" if collections is None else (
            " AND doc_id IN (SELECT id FROM documents WHERE collection IN "
            f"({', '.join('?' for _ in collections)}))")
        for row in self.db.rows_in(
            "SELECT key, surface, count(*) AS n FROM entity_names "
            f"WHERE key IN ({{in}}){within} GROUP BY key, surface", wanted, collections or []
        ):
            names[row["key"]][row["surface"]] = int(row["n"])
        return names

    def failures(self) -> list[Document]:
        return self.with_status("failed")

    def with_status(self, status: Status) -> list[Document]:
        """Documents in one state (without pages), by file name: failures, queued uploads."""
        rows = self.db.execute(
            "SELECT * FROM documents WHERE status = ? ORDER BY file_name", (status,)
        ).fetchall()
        return [self._document(row, with_pages=False) for row in rows]

    def paths_of(self, sha256: str) -> list[str]:
        """Every path the file with these bytes was seen at."""
        rows = self.db.execute(
            "SELECT path FROM seen_paths WHERE sha256 = ? ORDER BY path", (sha256,)
        ).fetchall()
        return [row["path"] for row in rows]

    def stats(self) -> dict[str, Any]:
        def grouped(sql: str) -> dict[str, int]:
            return {str(k): v for k, v in self.db.execute(sql).fetchall()}

        return {
            "documents": self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "pages": self.db.execute("SELECT COUNT(*) FROM pages").fetchone()[0],
            "ocr_pages": self.db.execute("SELECT COUNT(*) FROM pages WHERE ocr = 1").fetchone()[0],
            "by_status": grouped("SELECT status, COUNT(*) FROM documents GROUP BY status"),
            "by_language": grouped(
                "SELECT COALESCE(language, 'und'), COUNT(*) FROM documents "
                "WHERE status = 'ok' GROUP BY 1 ORDER BY 2 DESC"
            ),
            "by_type": grouped(
                "SELECT COALESCE(type, 'unknown'), COUNT(*) FROM documents "
                "WHERE status = 'ok' GROUP BY 1 ORDER BY 2 DESC"
            ),
            "pending_index": self.count_pending(),
        }

    def count_ok(self) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()[0]
        )

    def count_enriched_before(self, version: int) -> int:
        """Parsed documents whose enrichment an older version of the rules computed."""
        return int(self.db.execute(
            "SELECT COUNT(*) FROM documents WHERE status = 'ok' AND enrichment_version < ?",
            (version,),
        ).fetchone()[0])

    def count_pending(self) -> int:
        """Parsed documents not yet in the index."""
        return int(
            self.db.execute(
                "SELECT COUNT(*) FROM documents WHERE status = 'ok' AND indexed = 0"
            ).fetchone()[0]
        )

    # --- mapping -------------------------------------------------------------------

    def _transaction(self) -> AbstractContextManager[Database]:
        # one writer of documents at a time: duplicate linking reads, then writes
        return self.db.transaction(lock="documents")

    @staticmethod
    def _row(doc: Document) -> dict[str, Any]:
        row = {f.name: f.to_column(getattr(doc, f.name)) for f in fields.columns()}
        row["ingested_at"] = row["ingested_at"] or dt.datetime.now(dt.UTC).isoformat()
        return row

    def _set_copies(self, doc: Document) -> None:
        if not doc.duplicate_group:
            return
        ids = [row["id"] for row in self.db.execute(
            "SELECT id FROM documents WHERE duplicate_group = ?", (doc.duplicate_group,)
        )]
        doc.copies = max(len(ids), 1)
        doc.folded = bool(ids) and doc.id != min(ids)

    def _document(self, row: Row, with_pages: bool = True) -> Document:
        pages = []
        if with_pages:
            pages = [
                Page(**{c: r[c] for c in _PAGE_COLUMNS} | {"ocr": bool(r["ocr"])})
                for r in self.db.execute(
                    f"SELECT {', '.join(_PAGE_COLUMNS)} FROM pages "
                    "WHERE doc_id = ? ORDER BY number",
                    (row["id"],),
                )
            ]
        doc = Document(
            **{f.name: f.from_column(row[f.name]) for f in fields.columns()}, pages=pages
        )
        self._set_copies(doc)
        return doc

