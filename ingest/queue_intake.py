"""Putting work on the queue: files stored and queued for ``poshuk worker``s to parse (a
team deployment's ``poshuk ingest``), batches of documents to re-enrich or reindex, and the
summary of a queued ingest once the workers are done with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.pipeline import IngestSummary
from ingest.sources import read_files
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog, document_id
from poshuk.core.config import Settings
from poshuk.core.model import Document
from poshuk.core.sniff import sniff_media_type
from poshuk.core.work_queue import Kind, WorkQueue, queue_original

BATCH = 500  # documents per reenrich/reindex item
_SNIFF_BYTES = 1 << 16


@dataclass(slots=True)
class Queued:
    """What a queued ingest handed to the workers, and what it did not."""

    summary: IngestSummary = field(default_factory=IngestSummary)
    items: list[int] = field(default_factory=list)  # the work items queued
    doc_ids: list[str] = field(default_factory=list)  # their documents


def queue_files(
    catalog: Catalog, queue: WorkQueue, settings: Settings, paths: Iterable[Path],
    collection: str, on_file: Callable[[str], None] | None = None,
) -> Queued:
    """Store each file in the blob store and queue it for parsing; bytes the catalog
    already holds count as duplicates, unreadable files as failures (nothing is parsed)."""
    blobs = BlobStore(settings.blob_dir)
    out = Queued()
    for found in read_files(paths, blobs, settings.max_file_mb << 20):
        out.summary.files += 1
        if found.error:
            out.summary.failed.append((found.path, found.error))
        elif catalog.has_sha256(found.sha256):
            out.summary.duplicates += 1
            catalog.record_path(found.sha256, found.path)
        else:
            name = Path(found.path).name
            with blobs.path(found.sha256).open("rb") as handle:
                head = handle.read(_SNIFF_BYTES)
            doc = Document(
                id=document_id(found.sha256), sha256=found.sha256, file_name=name,
                media_type=sniff_media_type(head, name), size=found.size, status="queued",
                ingested_at=dt.datetime.now(dt.UTC), collection=collection,
            )
            out.items.append(queue_original(catalog, doc, found.path))
            out.doc_ids.append(doc.id)
        if on_file:
            on_file(found.path)
    return out


def queue_batches(catalog: Catalog, queue: WorkQueue, kind: Kind, tag: str) -> list[int]:
    """Every parsed document, in batches of :data:`BATCH` ids, queued as ``kind`` items
    keyed by ``tag`` and the batch's number (the same tag queues batch n once; a run again
    gives it the current ids). Keys name no document: a deletion strips its id from the
    payloads (:meth:`WorkQueue.forget_document`)."""
    items: list[int] = []
    ids: list[str] = []
    for doc in catalog.iter_documents():
        ids.append(doc.id)
        if len(ids) == BATCH:
            items.append(queue.enqueue(kind, f"{tag}:{len(items)}", {"ids": ids}, again=True))
            ids = []
    if ids:
        items.append(queue.enqueue(kind, f"{tag}:{len(items)}", {"ids": ids}, again=True))
    return items


def summarise(catalog: Catalog, queued: Queued, seconds: float) -> IngestSummary:
    """The summary of a queued ingest once its items are done: what the workers made of
    each file (and of the files unpacked from it), as a local ingest reports it."""
    summary = queued.summary
    summary.accepted = summary.pages = summary.ocr_pages = summary.indexed = 0
    stack = list(queued.doc_ids)
    parsed: list[str] = []
    while stack:
        batch, stack = stack[:500], stack[500:]
        for doc in catalog.get_many(batch).values():
            stack.extend(catalog.children(doc.id))
            if doc.status == "failed":
                seen = catalog.paths_of(doc.sha256)
                summary.failed.append((seen[0] if seen else doc.file_name,
                                       doc.error or "failed"))
            elif doc.status == "ok":
                summary.accepted += 1
                parsed.append(doc.id)
                summary.pages += len(doc.pages)
                summary.ocr_pages += sum(1 for page in doc.pages if page.ocr)
    summary.indexed = _indexed(catalog, parsed)
    summary.seconds = seconds
    return summary


def _indexed(catalog: Catalog, ids: list[str]) -> int:
    return sum(int(row[0]) for row in catalog.db.rows_in(
        "SELECT COUNT(*) FROM documents WHERE indexed = 1 AND id IN ({in})", ids))


def waiting(catalog: Catalog, queued: Queued) -> tuple[int, int]:
    """``(items finished, documents of them still waiting for the index)``."""
    states = WorkQueue(catalog.db).states(queued.items)
    return states["done"] + states["failed"], catalog.count_pending()
