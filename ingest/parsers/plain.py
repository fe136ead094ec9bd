"""Plain text files."""

from __future__ import annotations

from ingest.parsers.base import Parser, register
from ingest.support.encoding import read_text_file
from ingest.support.text import (
    clean_author,
    clean_title,
    header_fields,
    split_pages,
    tidy_field,
)
from poshuk.core.model import ParsedDocument

_TITLE_MAX = 200


@register
class PlainTextParser(Parser):
    """Text in any common encoding; form feeds split pages. The title is the first line
    when it is short; ``Source:`` / ``Источник:`` / ``Крыніца:`` (and ``Author:``,
    ``Title:``) lines at the top give source, author and title."""

    name = "plain"
    media_types = ("text/plain",)
    extensions = ("txt", "text")
    score = 5

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        text, warnings = read_text_file(data)
        lines = text.splitlines()
        fields, used = header_fields(lines)
        first = next((ln.strip() for i, ln in enumerate(lines) if ln.strip() and i not in used), "")
        title = fields.get("title") or (first if len(first) <= _TITLE_MAX else None)
        return ParsedDocument(
            pages=split_pages(text),
            title=clean_title(title),
            author=clean_author(fields.get("author")),
            source=tidy_field(fields.get("source")),
            warnings=warnings,
        )
