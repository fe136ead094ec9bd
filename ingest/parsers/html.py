"""HTML pages (saved web pages, statements, press releases)."""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup, Tag
from bs4.exceptions import ParserRejectedMarkup

from ingest.errors import ParseError
from ingest.parsers.base import Parser, register
from ingest.support.html_text import decode_html, make_soup, soup_text
from ingest.support.text import clean_author, clean_title, tidy_field
from poshuk.core.model import Page, ParsedDocument
from poshuk.core.sniff import looks_like_text

_AUTHOR_KEYS = ("author", "dc.creator", "dcterms.creator")
_SOURCE_KEYS = ("og:site_name", "dc.publisher", "dcterms.publisher", "publisher")
_DATE_KEYS = ("date", "article:published_time", "dc.date", "dc.date.issued", "dcterms.date",
              "dcterms.created", "dcterms.issued", "citation_publication_date")
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/](\d{2})[-/](\d{2})")


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """``<meta name|property=... content=...>`` by lowercased key, first occurrence wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        if not isinstance(tag, Tag):
            continue
        key = tag.get("name") or tag.get("property") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[key] for key in keys if key in meta), None)


def iso_date(value: str | None) -> dt.date | None:
    """The date at the start of an ISO-8601 string (``2025-03-14T10:00:00+01:00``)."""
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _title(soup: BeautifulSoup) -> str | None:
    if soup.title and (title := clean_title(soup.title.get_text())):
        return title
    heading = soup.find("h1")
    return clean_title(soup_text(heading)) if isinstance(heading, Tag) else None


@register
class HtmlParser(Parser):
    """The visible text of an HTML page as one page (scripts and styles dropped, block
    elements kept as line breaks); title from ``<title>`` or the first ``<h1>``; author,
    site name and publication date from ``<meta>`` tags."""

    name = "html"
    media_types = ("text/html", "application/xhtml+xml")
    extensions = ("html", "htm", "xhtml")
    score = 5

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        if not looks_like_text(data):
            raise ParseError("not an HTML file: it contains binary data")
        markup, warning = decode_html(data)
        try:
            soup = make_soup(markup)
        except ParserRejectedMarkup as err:
            raise ParseError(f"HTML cannot be parsed: {err}") from err
        meta = _meta(soup)
        return ParsedDocument(
            pages=[Page(number=1, text=soup_text(soup.body or soup))],
            title=_title(soup),
            author=clean_author(_first(meta, _AUTHOR_KEYS)),
            source=tidy_field(_first(meta, _SOURCE_KEYS)),
            created=next(filter(None, (iso_date(meta.get(key)) for key in _DATE_KEYS)), None),
            warnings=[warning] if warning else [],
        )
