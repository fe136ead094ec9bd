"""Markdown files, read as the text a reader sees (no rendering library needed)."""

from __future__ import annotations

import re

from ingest.parsers.base import Parser, register
from ingest.support.encoding import read_text_file
from ingest.support.text import clean_author, clean_title, header_fields, split_pages, tidy_field
from poshuk.core.model import ParsedDocument

_PAGE_BREAK = re.compile(r"\f|^[ \t]*<!--\s*pagebreak\s*-->[ \t]*$", re.MULTILINE | re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_FIELD = re.compile(r"^(title|author)\s*:\s*[\"']?(.*?)[\"']?\s*$", re.MULTILINE)
_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}(\S.*)\n {0,3}=+[ \t]*$",
                 re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:[=-]+|(?:[*_-][ \t]*){3,})$")  # hr or setext underline
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]+\S+.*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_ESCAPED = re.compile("[\U000f0000-\U000f007f]")  # private-use stand-ins for escaped chars
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"`+([^`]+?)`+"), r"\1"),  # inline code
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image → its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url) → text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref] → text
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # _emphasis_, not snake_case
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strikethrough
)


def strip_inline(text: str) -> str:
    """Inline markup of one line removed; backslash-escaped characters kept literally."""
    text = _ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return _ESCAPED.sub(lambda m: chr(ord(m.group()) - 0xF0000), text)


def _table_row(line: str) -> str:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return "\t".join(cell.strip() for cell in cells)


def strip_markdown(text: str) -> str:
    """Readable text of a Markdown page; code blocks are kept as they are."""
    out: list[str] = []
    in_code = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append(line)
            continue
        if _LINK_DEFINITION.match(line) or ("|" in line and _TABLE_RULE.match(line)):
            continue
        if _RULE.match(line):
            out.append("")
            continue
        heading = _HEADING.match(line)
        line = heading.group(1) if heading else _BULLET.sub(r"\1", _QUOTE.sub("", line))
        if line.lstrip().startswith("|"):
            line = _table_row(line)
        out.append(strip_inline(line))
    return "\n".join(out)


@register
class MarkdownParser(Parser):
    """Markdown as readable text: heading marks, emphasis, links and tables reduced to
    their words, code kept. Title from the first level-1 heading (or front matter);
    source and author from ``Source:``-style lines at the top (see the plain parser);
    a form feed or a ``<!-- pagebreak -->`` line starts a new page."""

    name = "markdown"
    media_types = ("text/markdown", "text/x-markdown")
    extensions = ("md", "markdown")
    score = 5

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        text, warnings = read_text_file(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        front: dict[str, str] = {}
        if match := _FRONT_MATTER.match(text):
            front = {k.lower(): v for k, v in _FRONT_FIELD.findall(match.group(1))}
            text = text[match.end():]
        heading = _H1.search(text)
        title = strip_inline(heading.group(1) or heading.group(2)) if heading else None
        pages = split_pages(text, _PAGE_BREAK)
        for page in pages:
            page.text = strip_markdown(page.text)
        fields, _ = header_fields(pages[0].text.split("\n"))  # "**Source:** X" included
        return ParsedDocument(
            pages=pages,
            title=clean_title(title or front.get("title") or fields.get("title")),
            author=clean_author(front.get("author") or fields.get("author")),
            source=tidy_field(fields.get("source")),
            warnings=warnings,
        )
