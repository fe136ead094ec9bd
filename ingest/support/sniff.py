"""Tell a file's media type from its content; the extension is only a fallback.

Archives are full of mislabelled files (a PDF saved as ``.txt``, a text note named
``.pdf``), so magic bytes and structure decide, and the extension only refines plain text
(``.md`` → Markdown, ``.html`` fragment → HTML).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath

from ingest.support.encoding import bom_codec, looks_like_text

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
HTML = "text/html"
EMAIL = "message/rfc822"
MARKDOWN = "text/markdown"
TEXT = "text/plain"
BINARY = "application/octet-stream"

# What ``zipfile`` raises on damaged archives besides BadZipFile (found by fuzzing:
# "zip file version 21.0", negative seeks, an empty member name).
ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
    ValueError, IndexError, zlib.error,
)

_TEXT_SAMPLE = 8192  # how much of the start to read for e-mail headers
_HEAD = 1024
_EMAIL_HEADERS = frozenset(
    {"from", "to", "subject", "date", "message-id", "mime-version", "received"}
)
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):")  # an RFC 5322 field name, then ':'
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)
_PREAMBLE = re.compile(r"\s*(<\?xml[^>]*>|<!--.*?-->)", re.DOTALL)
_EXTENSION_REFINES = {"md": MARKDOWN, "markdown": MARKDOWN, "html": HTML, "htm": HTML}


def sniff_media_type(data: bytes, file_name: str) -> str:
    """The media type of ``data``: content first, ``file_name``'s extension as a fallback."""
    # The ZIP magic first: an uncompressed ZIP whose first file is a PDF has ``%PDF-``
    # in its head too, and a PDF reader skips the bytes before it.
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if b"%PDF-" in data[:_HEAD]:
        return PDF
    if not looks_like_text(data):
        return BINARY
    if _is_html(data):
        return HTML
    if _is_email(data):
        return EMAIL
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    return _EXTENSION_REFINES.get(extension, TEXT)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except ZIP_ERRORS:
        # A truncated or damaged archive: still a ZIP by its magic, just not readable.
        return ZIP
    return DOCX if "word/document.xml" in names else ZIP


def _head_text(data: bytes) -> str:
    """The first KiB as text, good enough to spot markup or header names."""
    found = bom_codec(data)
    if found:
        codec, _, skip = found
        return data[skip : skip + _HEAD * 4].decode(codec, errors="ignore")
    return data[:_HEAD].decode("latin-1")  # ASCII-compatible; tags and names are ASCII


def _is_html(data: bytes) -> bool:
    """The first tag, after an XML declaration or comments, is a doctype, html, head or body."""
    head = _head_text(data)
    position = 0
    while match := _PREAMBLE.match(head, position):
        position = match.end()
    return bool(_HTML_START.match(head[position:].lstrip()))


def _is_email(data: bytes) -> bool:
    """The file opens with an RFC 822 header block naming at least two common fields."""
    known: set[str] = set()
    lines = data[:_TEXT_SAMPLE].lstrip(b"\xef\xbb\xbf").splitlines()
    for index, line in enumerate(lines[:200]):
        if not line.strip():
            break
        if index == 0 and line.startswith(b"From "):
            continue  # the envelope line mbox tools put before a saved message
        if line[:1] in (b" ", b"\t") and index > 0:
            continue  # folded continuation of the previous header
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        known.add(match.group(1).decode("ascii").lower())
    return len(known & _EMAIL_HEADERS) >= 2
