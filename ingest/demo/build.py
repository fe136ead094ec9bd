"""Build the demo archive from the sources in ``ingest/demo/documents``.

Each source is one UTF-8 file ``NN-slug.txt``: a front matter block between ``---`` lines
(``key: value``, one a line), then the body. Pages are separated by a line holding only a
form feed or only ``=== page ===``::

    ---
    format: pdf            (pdf | txt | md | html | eml)
    title: ...
    date: 2024-07-02       (the document's own date, ISO)
    source: Viasna Human Rights Centre
    author: ...            (optional)
    type: statement        (statement | report | verdict | news | letter | appeal)
    language: be           (en | ru | be)
    to: ...                (optional, eml only: the recipient)
    mime: multipart/alternative   (optional, eml only: add an HTML part)
    ---
    Body text ...

``build_demo_archive`` writes one file per source in its format, always the same bytes;
``demo_manifest`` says what each file is meant to be, so tests can compare what ingest
finds against it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.demo import formats

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

FORMATS = ("pdf", "txt", "md", "html", "eml")
TYPES = ("statement", "report", "verdict", "news", "letter", "appeal")
LANGUAGES = ("en", "ru", "be")
REQUIRED_KEYS = ("format", "title", "date", "source", "type", "language")
OPTIONAL_KEYS = ("author", "to", "mime")
SINGLE_PAGE_FORMATS = ("html", "eml")  # no page structure in the file

_SOURCE_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.txt$")
_PAGE_BREAK = re.compile(r"^(?:\f|=== page ===)$")
_FENCE = "---"


class DemoSourceError(ValueError):
    """A demo source file is malformed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class DemoDoc:
    """What one file of the demo archive is meant to be."""

    file_name: str  # the built file, e.g. ``06-prigovor-navitsky-342.pdf``
    format: str
    title: str
    date: dt.date
    source: str
    type: str
    language: str
    pages: int
    author: str | None = None


@dataclass(frozen=True, slots=True)
class DemoSource:
    """A parsed source: the manifest entry, the text of each page and the e-mail options."""

    doc: DemoDoc
    page_texts: tuple[str, ...]
    recipient: str | None = None
    alternative: bool = False

    @property
    def stem(self) -> str:
        return self.doc.file_name.rsplit(".", 1)[0]


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``text`` into its front matter (as a dict) and its body.

    Raises ``ValueError`` when the block is missing or a line is not ``key: value``.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise ValueError("no front matter: the file must start with a '---' line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise ValueError("front matter is not closed by a '---' line") from None
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise ValueError(f"line {number}: expected 'key: value', got {line!r}")
        if key in meta:
            raise ValueError(f"line {number}: {key!r} given twice")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key] = value
    return meta, "\n".join(lines[end + 1 :])


def split_pages(body: str) -> list[str]:
    """The body's pages, each without leading or trailing blank lines."""
    pages: list[list[str]] = [[]]
    for line in body.split("\n"):
        if _PAGE_BREAK.match(line.rstrip(" \t")):
            pages.append([])
        else:
            pages[-1].append(line.rstrip())
    return ["\n".join(page).strip("\n") for page in pages]


def parse_source(name: str, text: str) -> DemoSource:
    """Parse and check one source file called ``name``."""
    match = _SOURCE_NAME.match(name)
    if not match:
        raise DemoSourceError(f"{name}: the name must look like 'NN-some-slug.txt'")
    try:
        meta, body = parse_front_matter(text)
    except ValueError as exc:
        raise DemoSourceError(f"{name}: {exc}") from None

    def fail(problem: str) -> DemoSourceError:
        return DemoSourceError(f"{name}: {problem}")

    missing = [key for key in REQUIRED_KEYS if key not in meta]
    if missing:
        raise fail(f"front matter lacks {', '.join(missing)}")
    unknown = sorted(set(meta) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise fail(f"unknown front matter keys {', '.join(unknown)}")
    for key, allowed in (("format", FORMATS), ("type", TYPES), ("language", LANGUAGES)):
        if meta[key] not in allowed:
            raise fail(f"{key} {meta[key]!r} is not one of {', '.join(allowed)}")
    try:
        date = dt.date.fromisoformat(meta["date"])
    except ValueError:
        raise fail(f"date {meta['date']!r} is not an ISO date (YYYY-MM-DD)") from None
    if meta["format"] != "eml" and ("to" in meta or "mime" in meta):
        raise fail("'to' and 'mime' apply to eml only")
    if meta.get("mime", "text/plain") not in ("text/plain", "multipart/alternative"):
        raise fail(f"mime {meta['mime']!r} is not text/plain or multipart/alternative")

    pages = split_pages(body)
    if any(not page.strip() for page in pages):
        raise fail("the body is empty or has an empty page")
    if meta["format"] in SINGLE_PAGE_FORMATS and len(pages) > 1:
        raise fail(f"a {meta['format']} document has no pages; write it as one")

    doc = DemoDoc(
        file_name=f"{match.group(1)}-{match.group(2)}.{meta['format']}",
        format=meta["format"],
        title=meta["title"],
        date=date,
        source=meta["source"],
        type=meta["type"],
        language=meta["language"],
        pages=len(pages),
        author=meta.get("author"),
    )
    return DemoSource(
        doc=doc,
        page_texts=tuple(pages),
        recipient=meta.get("to"),
        alternative=meta.get("mime") == "multipart/alternative",
    )


def source_files() -> list[Traversable]:
    """The source files shipped in the package, in file-name order."""
    folder = files("ingest.demo") / "documents"
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".txt")),
        key=lambda entry: entry.name,
    )


def load_sources() -> list[DemoSource]:
    """Every source, parsed and checked (names and built file names must be unique)."""
    sources = [parse_source(f.name, f.read_text(encoding="utf-8")) for f in source_files()]
    numbers = [s.doc.file_name[:2] for s in sources]
    duplicated = sorted({n for n in numbers if numbers.count(n) > 1})
    if duplicated:
        raise DemoSourceError(f"demo sources share numbers: {', '.join(duplicated)}")
    return sources


def demo_manifest() -> list[DemoDoc]:
    """What each file of the demo archive is meant to be, in file-name order."""
    return [source.doc for source in load_sources()]


def render(source: DemoSource) -> bytes:
    """The bytes of one demo file."""
    doc, pages = source.doc, list(source.page_texts)
    if doc.format == "pdf":
        return formats.render_pdf(doc, pages)
    if doc.format == "txt":
        return formats.render_txt(doc, pages)
    if doc.format == "md":
        return formats.render_md(doc, pages)
    if doc.format == "html":
        return formats.render_html(doc, pages)
    return formats.render_eml(
        doc, pages, stem=source.stem, recipient=source.recipient, alternative=source.alternative
    )


def build_demo_archive(dest: Path) -> list[Path]:
    """Write every demo document into ``dest`` (created if needed); return the paths.

    Files already there under the same names are overwritten; other files are left alone.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for source in load_sources():
        path = dest / source.doc.file_name
        data = render(source)
        if not path.is_file() or path.read_bytes() != data:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        written.append(path)
    return written
