"""Ingest exceptions.

    IngestError                 anything the pipeline records on a document and moves past
     ├── UnsupportedFormat      no parser accepts the file's content type
     ├── EncryptedDocument      the file is encrypted and cannot be opened without a password
     └── ParseError             a parser accepted the file but could not read it

The pipeline catches only ``IngestError``; anything else is a bug and is allowed to crash.
Parsers raise these ``from`` the library's own exception so the cause stays visible.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base class: a file could not be turned into a document."""

    reason = "error"


class UnsupportedFormat(IngestError):
    reason = "unsupported format"


class EncryptedDocument(IngestError):
    reason = "encrypted"


class ParseError(IngestError):
    reason = "parse error"
