"""One file → one ``Document`` (parsed, OCR'd, enriched) plus the files it contains.

This is the work a parser process does; it never writes to the catalog or the index
(the pipeline's process does both). Members of a container are written to the blob store
here (content-addressed writes are safe from any process) and handed back by hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from ingest.enrich import enrich
from ingest.errors import IngestError, ParseError
from ingest.parsers import parse_bytes
from ingest.scan import ocr_pdf_pages
from ingest.support.archive import ContainerLimits, is_container, member_name, unpack
from poshuk.core.blobs import BlobStore, sha256_hex
from poshuk.core.catalog import document_id
from poshuk.core.config import Settings
from poshuk.core.model import Document
from poshuk.core.sniff import PDF, sniff_media_type

_MIB = 1 << 20


@dataclass(slots=True)
class Task:
    """A file to parse; its original is already in the blob store."""

    sha256: str
    file_name: str
    size: int
    path: str  # where it was found: a path, ``upload:<name>``, or ``<container>!<member>``
    depth: int = 0  # how many containers it sits inside
    parent_id: str | None = None
    replace: bool = False  # already catalogued (queued upload, retried failure)
    collection: str = "default"  # a container's files are in its collection


@dataclass(slots=True)
class Member:
    """A file unpacked from a container, stored in the blob store."""

    sha256: str
    name: str
    size: int
    path: str


@dataclass(slots=True)
class Outcome:
    task: Task
    doc: Document
    members: list[Member] = field(default_factory=list)


def text_fingerprint(doc: Document) -> str | None:
    """Hash of the whitespace-collapsed text: equal for the same text in another file."""
    text = " ".join(" ".join(page.text.split()) for page in doc.pages).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def new_document(sha256: str, file_name: str, size: int, parent_id: str | None) -> Document:
    return Document(
        id=document_id(sha256), sha256=sha256, file_name=file_name,
        media_type="application/octet-stream", size=size,
        ingested_at=dt.datetime.now(dt.UTC), parent_id=parent_id,
    )


def failed(doc: Document, reason: str) -> Document:
    doc.status, doc.error, doc.pages = "failed", reason, []
    return doc


def _check_pages(data: bytes, limit: int) -> None:
    """Refuse a PDF with more pages than ``limit`` before spending time on any of them."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # the parser reports why it cannot be opened
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count > limit:
        raise ParseError(
            f"PDF has {count} pages, more than the limit of {limit} (POSHUK_MAX_PAGES)"
        )


def build_document(
    data: bytes, file_name: str, settings: Settings, parent_id: str | None = None
) -> tuple[Document, bool]:
    """Parse, OCR and enrich one file; a failure becomes a ``failed`` document with its
    reason. Returns the document and whether it is a container to unpack."""
    doc = new_document(sha256_hex(data), file_name, len(data), parent_id)
    if not data:
        doc.media_type = "application/x-empty"
        return failed(doc, "empty file (0 bytes)"), False
    try:
        if sniff_media_type(data, file_name) == PDF:
            _check_pages(data, settings.max_pages)
        doc.media_type, doc.parser, parsed = parse_bytes(data, file_name)
        if doc.media_type == PDF and settings.ocr:
            languages = [c.strip() for c in settings.ocr_languages.split(",") if c.strip()]
            ocr_pdf_pages(data, parsed, dpi=settings.ocr_dpi, configured=languages)
    except IngestError as err:
        doc.media_type = sniff_media_type(data, file_name)
        return failed(doc, f"{err.reason}: {err}"), False
    enrich(doc, parsed)
    doc.warnings = parsed.warnings
    if not any(page.text.strip() for page in doc.pages):
        doc.warnings.append("no text extracted")
    doc.text_sha256 = text_fingerprint(doc)
    return doc, is_container(doc.media_type)


def process(task: Task, settings: Settings) -> Outcome:
    """Build the task's document and, for a container, store its members."""
    if task.size > settings.max_file_mb * _MIB:  # refused unread: it may not fit in memory
        doc = new_document(task.sha256, task.file_name, task.size, task.parent_id)
        size, limit = task.size / _MIB, f"{settings.max_file_mb} MiB (POSHUK_MAX_FILE_MB)"
        return Outcome(task, failed(doc, f"file is {size:.1f} MiB, over the limit of {limit}"))
    blobs = BlobStore(settings.blob_dir)
    data = blobs.get(task.sha256)
    doc, container = build_document(data, task.file_name, settings, task.parent_id)
    outcome = Outcome(task, doc)
    if not container:
        return outcome
    if task.depth >= settings.max_depth:
        failed(doc, f"nested deeper than {settings.max_depth} containers (POSHUK_MAX_DEPTH)")
        return outcome
    limits = ContainerLimits(
        max_members=settings.max_members,
        max_unpacked_bytes=settings.max_unpacked_mb * _MIB,
        max_ratio=settings.max_ratio,
    )
    try:
        for name, member in unpack(data, doc.media_type, limits):
            sha = blobs.put(member)
            outcome.members.append(
                Member(sha, member_name(name), len(member), f"{task.path}!{name}")
            )
    except IngestError as err:
        outcome.members = []
        failed(doc, f"{err.reason}: {err}")
    return outcome
