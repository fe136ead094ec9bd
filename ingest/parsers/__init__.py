"""Parsers: one module per format, found through the registry in ``base``.

Importing this package registers the built-in parsers (exactly as a third-party parser
registers itself: with ``@register``). ``parse_bytes`` is what the pipeline calls.
"""

from __future__ import annotations

from pathlib import PurePath

from ingest.errors import ParseError, UnsupportedFormat
from ingest.parsers import (  # noqa: F401 - registers them
    archive,
    docx,
    email,
    html,
    markdown,
    pdf,
    plain,
)
from ingest.parsers.base import Parser, pick, registered
from ingest.support.text import normalise_text
from poshuk.core.model import ParsedDocument
from poshuk.core.sniff import sniff_media_type

__all__ = ["Parser", "pick", "registered", "parse_bytes"]


def parse_bytes(data: bytes, file_name: str) -> tuple[str, str, ParsedDocument]:
    """Sniff, pick a parser and parse: (media type, parser name, document).

    Every page's text comes back through ``normalise_text`` (here, and only here).
    Raises ``UnsupportedFormat`` when no parser accepts the file, or whatever
    ``IngestError`` the parser raises.
    """
    media_type = sniff_media_type(data, file_name)
    parser = pick(media_type, PurePath(file_name).suffix)
    if parser is None:
        raise UnsupportedFormat(f"no parser for {media_type} ({file_name})")
    try:
        parsed = parser().parse(data, file_name)
    except RecursionError as err:  # deeply nested HTML, XML or MIME parts
        raise ParseError(f"{media_type} is nested too deeply to parse") from err
    for page in parsed.pages:
        page.text = normalise_text(page.text)
    return media_type, parser.name, parsed
