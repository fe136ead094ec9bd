"""The ingest pipeline: files → blob store + catalog (committed first) → index.

Order matters for durability: the original is fsynced into the blob store, then the
catalog commits the batch, then the engine commits and the catalog marks the batch
indexed. A crash at any point loses nothing accepted; the next run (or ``reindex``)
indexes whatever is still marked pending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.enrich import enrich
from ingest.errors import IngestError
from ingest.parsers import parse_bytes
from ingest.support.sniff import sniff_media_type
from poshuk.core.blobs import BlobStore, sha256_hex
from poshuk.core.catalog import Catalog, document_id
from poshuk.core.engines import Engine, EngineUnavailable
from poshuk.core.model import Document

BATCH_SIZE = 64


@dataclass(slots=True)
class IngestSummary:
    files: int = 0
    accepted: int = 0
    duplicates: int = 0
    pages: int = 0
    indexed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    index_problem: str | None = None  # why documents were left waiting to be indexed


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every regular file under ``paths`` (recursively, sorted, hidden entries skipped)."""
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_file():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder) / name


def text_fingerprint(doc: Document) -> str | None:
    """Hash of the whitespace-collapsed text: equal for the same text in another file."""
    text = " ".join(" ".join(page.text.split()) for page in doc.pages).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def build_document(data: bytes, file_name: str) -> Document:
    """Parse and enrich one file; a failure becomes a ``failed`` document with its reason."""
    sha = sha256_hex(data)
    doc = Document(
        id=document_id(sha),
        sha256=sha,
        file_name=file_name,
        media_type="application/octet-stream",
        size=len(data),
        ingested_at=dt.datetime.now(dt.UTC),
    )
    if not data:
        doc.media_type = "application/x-empty"
        doc.status, doc.error = "failed", "empty file (0 bytes)"
        return doc
    try:
        doc.media_type, doc.parser, parsed = parse_bytes(data, file_name)
    except IngestError as err:
        doc.media_type = sniff_media_type(data, file_name)
        doc.status, doc.error = "failed", f"{err.reason}: {err}"
        return doc
    enrich(doc, parsed)
    doc.warnings = parsed.warnings
    if not any(page.text.strip() for page in doc.pages):
        doc.warnings.append("no text extracted")
    doc.text_sha256 = text_fingerprint(doc)
    return doc


class Pipeline:
    """Accepts files into the catalog and indexes them; with ``engine=None``, or once the
    engine fails (a stopped Elasticsearch node), it keeps accepting into the catalog and
    leaves the documents pending for the next run or ``poshuk reindex``."""

    def __init__(
        self,
        catalog: Catalog,
        blobs: BlobStore,
        engine: Engine | None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.catalog = catalog
        self.blobs = blobs
        self.engine = engine
        self.batch_size = batch_size
        self.index_problem: str | None = None

    def ingest(
        self, paths: Iterable[Path], on_file: Callable[[Path], None] | None = None
    ) -> IngestSummary:
        started = time.perf_counter()
        summary = IngestSummary()
        summary.indexed += self.index_pending()
        batch: list[Document] = []
        batch_paths: dict[str, str] = {}
        for path in iter_files(paths):
            summary.files += 1
            if on_file:
                on_file(path)
            try:
                data = path.read_bytes()
            except OSError as err:
                summary.failed.append((str(path), f"unreadable: {err.strerror or err}"))
                continue
            sha = sha256_hex(data)
            if sha in batch_paths or self.catalog.has_sha256(sha):
                summary.duplicates += 1
                self.catalog.record_path(sha, str(path))
                continue
            self.blobs.put(data)
            doc = build_document(data, path.name)
            batch.append(doc)
            batch_paths[sha] = str(path)
            if doc.status == "failed":
                summary.failed.append((str(path), doc.error or "failed"))
            else:
                summary.accepted += 1
                summary.pages += len(doc.pages)
            if len(batch) >= self.batch_size:
                summary.indexed += self._flush(batch, batch_paths)
                batch, batch_paths = [], {}
        summary.indexed += self._flush(batch, batch_paths)
        summary.seconds = time.perf_counter() - started
        summary.index_problem = self.index_problem
        return summary

    def _flush(self, batch: list[Document], paths: dict[str, str]) -> int:
        if not batch:
            return 0
        self.catalog.add_many(batch, paths)
        # Documents linked as same-text twins were re-marked pending; index them too.
        return self.index_pending()

    def index_pending(self) -> int:
        """Index every catalogued document not yet marked indexed; returns how many."""
        total = 0
        chunk: list[Document] = []
        for doc in self.catalog.iter_documents(pending_only=True):
            chunk.append(doc)
            if len(chunk) >= 500:
                total += self._index(chunk)
                chunk = []
        return total + self._index(chunk)

    def _index(self, docs: list[Document]) -> int:
        if not docs or self.engine is None:
            return 0
        try:
            self.engine.add(docs)
            self.engine.commit()
        except EngineUnavailable as err:
            self.index_problem = str(err)
            self.engine = None  # stop trying for this run; the documents stay pending
            return 0
        self.catalog.mark_indexed(doc.id for doc in docs)
        return len(docs)
