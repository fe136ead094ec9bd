"""Helpers several test modules share: free ports, an evidence ZIP, the facet oracle.

The oracle computes, from catalogued ``Document`` objects alone, which facet values a
document has and whether it passes a set of filters — the independent side that engine
and API counts are checked against.
"""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

from ingest.support.pdfwrite import write_scanned_pdf
from poshuk.core.model import Document

FACETS = ("lang", "type", "source", "entity", "citation", "year")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Words of a page that exists only as an image, inside a ZIP of evidence.
SCANNED_WORDS = "Detention protocol of the Okrestina centre, cell eleven"


def write_evidence_zip(path: Path) -> None:
    """A ZIP holding a scanned protocol (no text layer: OCR reads it) and a lawyer's note."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("protocol-scan.pdf", write_scanned_pdf([SCANNED_WORDS]))
        archive.writestr("lawyer-note.txt", "Note by the lawyer on the detention protocol.\n")


def facet_values(doc: Document, facet: str) -> set[str]:
    return {
        "lang": set(doc.languages) or {"und"},
        "type": {doc.type or "unknown"},
        "source": {doc.source or "unknown"},
        "entity": {e.key for e in doc.entities},
        "citation": {c.key for c in doc.citations},
        "year": {str(doc.date.year)} if doc.date else set(),
    }[facet]


def passes(doc: Document, filters: dict[str, list[str]], skip: str = "") -> bool:
    """Values of one filter OR-ed, filters AND-ed; ``skip`` ignores one (disjunctive)."""
    return all(facet_values(doc, f) & set(v) for f, v in filters.items() if f != skip)
