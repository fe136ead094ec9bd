"""Text clean-up shared by every parser: page text and metadata fields.

``normalise_text`` works on one page's string at a time, so it can never merge pages.
"""

from __future__ import annotations

import re
import unicodedata

from poshuk.core.model import Page

# Invisible characters that only break words apart for search. ZWJ/ZWNJ (U+200C/D) stay:
# they carry spelling in Persian and Indic scripts and inside emoji.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\u180e"))
# NBSP and the other Unicode spaces become a plain space.
_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
             "\u200a\u202f\u205f\u3000"),
    " ",
)
# Typographic ligatures (U+FB00-FB06: ff fi fl ffi ffl ſt st) from PDF fonts: NFC keeps
# them, and "ﬁle" would then never match a search for "file".
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
_TRANSLATE = {**_INVISIBLE, **_SPACES, **_LIGATURES}

_NEWLINES = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
# C0 and C1 controls except \t and \n (NUL in metadata, stray bytes from broken decoders).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")
# A letter, a hyphen at the end of the line, a letter at the start of the next one.
_HYPHEN_BREAK = re.compile(r"([^\W\d_])[-\u2010][ \t]*\n[ \t]*([^\W\d_])")
_BLANKS = re.compile(r"[ \t]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _join_hyphenated(match: re.Match[str]) -> str:
    before, after = match.group(1), match.group(2)
    # "polit-\nical" is one word broken by the layout; "Minsk-\nBrest" is a compound.
    if after.islower():
        return before + after
    return match.group(0)


def normalise_text(text: str) -> str:
    """Canonical form of one page of extracted text, for display and for the index.

    NFC; soft hyphens, zero-width characters and ligatures resolved; Unicode spaces made
    plain; words hyphenated across a line end joined when the next line goes on in
    lowercase; runs of spaces collapsed, lines trimmed, at most one blank line in a row.
    """
    text = _NEWLINES.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _SOFT_BREAK.sub("", text)  # a soft hyphen is always a word-internal break
    text = text.translate(_TRANSLATE)
    text = _CONTROL.sub("", text)
    text = _HYPHEN_BREAK.sub(_join_hyphenated, text)
    lines = (_BLANKS.sub(" ", line).strip() for line in text.split("\n"))
    text = "\n".join(lines)
    return _MANY_NEWLINES.sub("\n\n", text).strip()


FORM_FEED = re.compile("\f")


def split_pages(text: str, page_break: re.Pattern[str] = FORM_FEED) -> list[Page]:
    """Pages of a text file split at ``page_break``; breaks at the very end add no page."""
    parts = page_break.split(text)
    while len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return [Page(number=number, text=part) for number, part in enumerate(parts, 1)]


# "Key: value" lines near the top of a text (EN, RU, BE, UK), by the field they fill.
_HEADER_KEYS = {
    "source": "source", "источник": "source", "крыніца": "source", "джерело": "source",
    "author": "author", "автор": "author",
    "title": "title", "заголовок": "title", "загаловак": "title", "назва": "title",
}
_HEADER_LINE = re.compile(r"^\s*([^\W\d_]+)\s*:\s*(\S.*)$")
_HEADER_SCAN = 6  # non-empty lines: a header is at the top, not in the body


def header_fields(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """``Source:`` / ``Источник:`` / ``Крыніца:`` (and author, title) lines among the
    first few non-empty lines: the fields found, and the indexes of the lines they took."""
    fields: dict[str, str] = {}
    used: set[int] = set()
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > _HEADER_SCAN:
            break
        match = _HEADER_LINE.match(line)
        if match and (key := _HEADER_KEYS.get(match.group(1).lower())):
            fields.setdefault(key, match.group(2).strip())
            used.add(index)
    return fields, used


# Metadata fields ----------------------------------------------------------------------

_TOOL_PREFIX = re.compile(
    r"^(microsoft\s+(word|powerpoint|excel)|ms\s+word|libreoffice|openoffice)\s*[-–:]\s*",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"^\S.*\.(docx?|rtf|odt|pdf|txt|wpd|pptx?|xlsx?|html?|tex|dvi|ps|indd|pages)$",
    re.IGNORECASE,
)
_PERL_REF = re.compile(r"^(ARRAY|HASH|SCALAR|CODE)\(0x[0-9a-f]+\)$", re.IGNORECASE)
_JUNK_TITLES = re.compile(
    r"^(untitled|untitled document|no title|title|unknown|none|null|document\s*\d*"
    r"|документ\s*\d*|без названия|безымянный\s*\d*|без назвы)$",
    re.IGNORECASE,
)
_JUNK_AUTHORS = frozenset(
    {"administrator", "admin", "user", "owner", "unknown", "author", "python-docx", "none"}
)


def tidy_field(value: str | None) -> str | None:
    """One line of metadata: NFC, no control characters, single spaces; None if empty."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).translate(_TRANSLATE)
    value = " ".join(_CONTROL.sub(" ", value).split())
    return value or None


def clean_title(value: str | None) -> str | None:
    """A metadata title worth showing, or None for the junk that authoring tools leave.

    "Microsoft Word - report.doc", a bare file name, "Untitled", a Perl "ARRAY(0x..)"
    or a string without a single letter say nothing about the document.
    """
    value = tidy_field(value)
    if value is None:
        return None
    if _TOOL_PREFIX.match(value) or _FILE_NAME.match(value) or _PERL_REF.match(value):
        return None
    if _JUNK_TITLES.match(value) or not any(ch.isalpha() for ch in value):
        return None
    return value


def clean_author(value: str | None) -> str | None:
    """A metadata author, or None for placeholders such as "Administrator"."""
    value = tidy_field(value)
    if value is None or value.casefold() in _JUNK_AUTHORS or _PERL_REF.match(value):
        return None
    if not any(ch.isalpha() for ch in value):
        return None
    return value
