"""HTML to readable text, shared by the HTML parser and HTML-only e-mails.

Block elements become line breaks (paragraphs become blank lines) so that paragraphs
survive; inline elements do not split words; whitespace inside text collapses as a
browser would, except in ``<pre>``.
"""

from __future__ import annotations

import codecs
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from bs4.dammit import EncodingDetector
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
)

from ingest.support.encoding import decode_text
from poshuk.core.sniff import bom_codec

_DROPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta"})
_PARAGRAPH = frozenset(
    {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
     "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "form", "fieldset", "address",
     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "details", "summary"}
)
_LINE = frozenset({"li", "tr", "dt", "dd", "caption", "figcaption", "option", "legend"})
_CELL = frozenset({"td", "th"})
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: &nbsp; is content, not layout
# WHATWG encoding labels that browsers read as windows-1252.
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"})


class _Marker(str):
    """Text queued on the traversal stack, as opposed to a node of the tree."""


def decode_html(data: bytes) -> tuple[str, str | None]:
    """Decode HTML bytes: a BOM, then the declared ``<meta charset>``, then ``decode_text``."""
    if not bom_codec(data):
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared:
            declared = declared.lower()
            codec = "cp1252" if declared in _AS_CP1252 else declared
            if declared.startswith(("utf-16", "utf-32")):  # a <meta> readable as ASCII says
                codec = "utf-8"  # nothing true about UTF-16; browsers take it as UTF-8
            try:
                codecs.lookup(codec)
                return data.decode(codec), None
            except (LookupError, UnicodeDecodeError):
                pass  # unknown or wrong declaration: guess like for plain text
    return decode_text(data)


def make_soup(markup: str) -> BeautifulSoup:
    """Parse with lxml's forgiving HTML parser (any markup, fragments included)."""
    with warnings.catch_warnings():
        # bs4 warns when markup looks like a URL/file name or like XHTML; both are still
        # parsed correctly, and under pytest's filterwarnings=error they would fail.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(markup, "lxml")


def soup_text(root: Tag) -> str:
    """The readable text under ``root`` (iterative, so deep nesting cannot overflow)."""
    parts: list[str] = []
    # The stack holds nodes, text markers, and +1/-1 for entering/leaving a <pre>.
    stack: list[PageElement | _Marker | int] = [root]
    in_pre = 0
    while stack:
        item = stack.pop()
        if isinstance(item, int):
            in_pre += item
        elif isinstance(item, _Marker):
            parts.append(item)
        elif isinstance(item, Tag):
            if item.name in _DROPPED:
                continue
            if item.name == "br":
                parts.append("\n")
                continue
            before, after = _separators(item.name)
            parts.append(before)
            stack.append(_Marker(after))
            if item.name == "pre":
                stack.append(-1)
            stack.extend(reversed(item.contents))
            if item.name == "pre":
                stack.append(1)
        elif isinstance(item, NavigableString) and not isinstance(item, _SKIPPED_STRINGS):
            parts.append(str(item) if in_pre else _HTML_SPACE.sub(" ", item))
    return "".join(parts)


def _separators(name: str) -> tuple[str, str]:
    if name in _PARAGRAPH:
        return "\n\n", "\n\n"
    if name in _LINE:
        return "\n", "\n"
    if name in _CELL:
        return "", "\t"
    return "", ""


def html_to_text(markup: str) -> str:
    """Readable text of an HTML document or fragment."""
    soup = make_soup(markup)
    return soup_text(soup.body or soup)
