"""Tell a file's media type from its content; the extension is only a fallback.

Archives are full of mislabelled files (a PDF saved as ``.txt``, a text note named
``.pdf``), so magic bytes and structure decide, and the extension only refines plain text
(``.md`` → Markdown, ``.html`` fragment → HTML). In the core because ingest picks a
parser by it and the API serves originals with the sniffed type, never an uploader's claim.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from pathlib import PurePath

import charset_normalizer

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
HTML = "text/html"
EMAIL = "message/rfc822"
MARKDOWN = "text/markdown"
TEXT = "text/plain"
BINARY = "application/octet-stream"
MEDIA_TYPES = (PDF, DOCX, ZIP, HTML, EMAIL, MARKDOWN, TEXT, BINARY)  # all it answers

# What ``zipfile`` raises on damaged archives besides BadZipFile (found by fuzzing:
# "zip file version 21.0", negative seeks, an empty member name).
ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
    ValueError, IndexError, zlib.error,
)

_TEXT_SAMPLE = 8192  # how much of the start to read for text checks and e-mail headers
_HEAD = 1024
_EMAIL_HEADERS = frozenset(
    {"from", "to", "subject", "date", "message-id", "mime-version", "received"}
)
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):")  # an RFC 5322 field name, then ':'
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)
_PREAMBLE = re.compile(r"\s*(<\?xml[^>]*>|<!--.*?-->)", re.DOTALL)
_EXTENSION_REFINES = {"md": MARKDOWN, "markdown": MARKDOWN, "html": HTML, "htm": HTML}

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


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


def bom_codec(data: bytes) -> tuple[str, str, int] | None:
    """(Python codec, display name, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return codec, label, len(bom)
    return None


def looks_like_text(data: bytes) -> bool:
    """True when the start of ``data`` is text: a BOM, or no NUL bytes and decodable."""
    if bom_codec(data):
        return True
    sample = data[:_TEXT_SAMPLE]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as err:
        # The sample may end inside a multi-byte character; that is not an error.
        if err.start >= len(sample) - 3 and len(data) > len(sample):
            return True
    return charset_normalizer.from_bytes(sample).best() is not None


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
