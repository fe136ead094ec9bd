"""The demo archive: what the manifest promises, and that the built files keep it."""

from __future__ import annotations

import datetime as dt
import difflib
import email
import hashlib
import re
from collections import Counter
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
from pypdf import PdfReader

import ingest.demo
from ingest.demo import DemoDoc, build_demo_archive, demo_manifest
from ingest.demo.build import (
    FORMATS,
    LANGUAGES,
    REQUIRED_KEYS,
    TYPES,
    DemoSourceError,
    load_sources,
    parse_front_matter,
    parse_source,
    source_files,
    split_pages,
)
from ingest.demo.formats import LABELS, format_date

MANIFEST = demo_manifest()
BY_NAME = {doc.file_name: doc for doc in MANIFEST}
SOURCES = {source.doc.file_name: source for source in load_sources()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = build_demo_archive(tmp_path_factory.mktemp("demo") / "archive")
    return {path.name: path for path in paths}


# --- the manifest ------------------------------------------------------------------


def test_package_exports() -> None:
    assert sorted(ingest.demo.__all__) == ["DemoDoc", "build_demo_archive", "demo_manifest"]
    assert all(isinstance(doc, DemoDoc) for doc in MANIFEST)


def test_enough_documents_in_each_language() -> None:
    assert len(MANIFEST) >= 30
    languages = Counter(doc.language for doc in MANIFEST)
    assert set(languages) == set(LANGUAGES)
    assert all(languages[lang] >= 10 for lang in LANGUAGES), languages


def test_facets_have_something_to_show() -> None:
    types = Counter(doc.type for doc in MANIFEST)
    sources = Counter(doc.source for doc in MANIFEST)
    months = Counter(doc.date.strftime("%Y-%m") for doc in MANIFEST)
    assert len(types) >= 4, types
    assert len(sources) >= 6, sources
    assert len(months) >= 12, months
    assert max(months.values()) >= 2, "some months should hold several documents"
    assert all(dt.date(2020, 8, 1) <= doc.date <= dt.date(2025, 10, 31) for doc in MANIFEST)


def test_formats_and_pages() -> None:
    formats = Counter(doc.format for doc in MANIFEST)
    assert set(formats) == set(FORMATS), formats
    pdfs = [doc for doc in MANIFEST if doc.format == "pdf"]
    assert len(pdfs) >= 12
    assert sum(doc.pages > 1 for doc in pdfs) >= 6
    assert all(doc.pages == 1 for doc in MANIFEST if doc.format in ("html", "eml"))


def test_verdicts_cite_the_same_articles() -> None:
    """A lawyer looking up an article finds several earlier verdicts citing it."""
    verdicts = [source for source in SOURCES.values() if source.doc.type == "verdict"]
    verdict_text = ["\n".join(source.page_texts) for source in verdicts]
    assert len(verdict_text) >= 4
    for article in ("342", "361-1"):
        citing = [text for text in verdict_text if re.search(rf"(ст|арт)\. {article}\b", text)]
        assert len(citing) >= 2, article


def test_file_names_are_numbered_slugs_with_the_format_as_extension() -> None:
    names = [doc.file_name for doc in MANIFEST]
    assert names == sorted(names)
    assert len({name[:2] for name in names}) == len(names)
    for doc in MANIFEST:
        assert re.fullmatch(rf"\d\d-[a-z0-9-]+\.{doc.format}", doc.file_name), doc.file_name


# --- the sources -------------------------------------------------------------------


@pytest.mark.parametrize("entry", source_files(), ids=lambda entry: entry.name)
def test_front_matter_is_complete(entry: Traversable) -> None:
    text = entry.read_text(encoding="utf-8")
    meta, body = parse_front_matter(text)
    assert set(REQUIRED_KEYS) <= set(meta), sorted(set(REQUIRED_KEYS) - set(meta))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"])
    dt.date.fromisoformat(meta["date"])
    assert meta["format"] in FORMATS and meta["type"] in TYPES
    assert meta["language"] in LANGUAGES
    assert len(body.strip()) > 500


@pytest.mark.parametrize("doc", MANIFEST, ids=lambda doc: doc.file_name)
def test_language_labels_match_the_orthography(doc: DemoDoc) -> None:
    source = SOURCES[doc.file_name]
    text = (doc.title + "\n" + "\n".join(source.page_texts)).lower()
    if doc.language == "be":
        assert "ў" in text or "і" in text
        assert not set(text) & set("ищъ"), "Belarusian writes і, not и; no щ or ъ"
    elif doc.language == "ru":
        assert not set(text) & set("ўі")
    else:
        assert len(re.findall(r"[a-z]", text)) > 0.9 * len(re.findall(r"[^\W\d_]", text))


def test_the_republished_statement_differs_only_in_its_header() -> None:
    pairs = []
    docs = list(SOURCES.values())
    for i, first in enumerate(docs):
        for second in docs[i + 1 :]:
            a, b = "\n".join(first.page_texts), "\n".join(second.page_texts)
            if difflib.SequenceMatcher(None, a, b).quick_ratio() < 0.9:
                continue
            if difflib.SequenceMatcher(None, a, b).ratio() >= 0.9:
                pairs.append((first.doc, second.doc))
    assert len(pairs) == 1, [(a.file_name, b.file_name) for a, b in pairs]
    original, copy = pairs[0]
    assert original.source != copy.source and original.format != copy.format


def test_pages_split_on_form_feed_and_marker_lines() -> None:
    body = "one\n\f\ntwo\n=== page ===\n\nthree\n"
    assert split_pages(body) == ["one", "two", "three"]
    assert split_pages("a line with \f inside\n") == ["a line with \f inside"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter\n", "must start with"),
        ("---\ntitle: x\n", "not closed"),
        ("---\nformat: pdf\n---\nbody\n", "lacks title, date, source, type, language"),
        (
            "---\nformat: doc\ntitle: t\ndate: 2024-07-02\nsource: s\ntype: news\n"
            "language: en\n---\nbody\n",
            "format 'doc' is not one of",
        ),
        (
            "---\nformat: txt\ntitle: t\ndate: 02.07.2024\nsource: s\ntype: news\n"
            "language: en\n---\nbody\n",
            "not an ISO date",
        ),
        (
            "---\nformat: html\ntitle: t\ndate: 2024-07-02\nsource: s\ntype: news\n"
            "language: en\n---\none\n=== page ===\ntwo\n",
            "write it as one",
        ),
    ],
)
def test_malformed_sources_are_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(DemoSourceError, match=re.escape(problem)) as info:
        parse_source("99-broken.txt", text)
    assert str(info.value).startswith("99-broken.txt: ")


# --- the built archive -------------------------------------------------------------


def test_build_writes_one_file_per_document(built: dict[str, Path]) -> None:
    assert sorted(built) == [doc.file_name for doc in MANIFEST]
    assert all(path.stat().st_size > 0 for path in built.values())
    assert not [p for p in next(iter(built.values())).parent.iterdir() if p.name not in built]


def test_building_twice_gives_the_same_bytes(built: dict[str, Path], tmp_path: Path) -> None:
    again = {path.name: path for path in build_demo_archive(tmp_path / "again")}
    assert {n: sha256(p) for n, p in again.items()} == {n: sha256(p) for n, p in built.items()}
    # building over an existing archive rewrites nothing and returns the same files
    before = {path.name: path.stat().st_mtime_ns for path in again.values()}
    build_demo_archive(tmp_path / "again")
    assert {path.name: path.stat().st_mtime_ns for path in again.values()} == before


@pytest.mark.parametrize(
    "doc", [d for d in MANIFEST if d.format == "pdf"], ids=lambda doc: doc.file_name
)
def test_pdf_has_the_pages_and_metadata_written(doc: DemoDoc, built: dict[str, Path]) -> None:
    reader = PdfReader(built[doc.file_name])
    assert len(reader.pages) == doc.pages
    meta = reader.metadata
    assert meta is not None
    assert meta.title == doc.title
    assert meta.author == (doc.author or doc.source)
    assert meta.subject == doc.type
    assert meta.creation_date is not None and meta.creation_date.date() == doc.date
    first = reader.pages[0].extract_text()
    assert first.startswith(f"{LABELS[doc.language]['source']}: ")
    last_page_text = SOURCES[doc.file_name].page_texts[-1]
    last_word = re.findall(r"\w+", last_page_text)[-1]
    assert last_word in reader.pages[-1].extract_text()


@pytest.mark.parametrize(
    "doc", [d for d in MANIFEST if d.format == "txt"], ids=lambda doc: doc.file_name
)
def test_text_file_opens_with_source_title_and_date(doc: DemoDoc, built: dict[str, Path]) -> None:
    text = built[doc.file_name].read_text(encoding="utf-8")
    labels = LABELS[doc.language]
    head = text.split("\n")[:3]
    assert head == [
        f"{labels['source']}: {doc.source}",
        doc.title,
        f"{labels['date']}: {format_date(doc.date, doc.language)}",
    ]
    assert text.count("\f") == doc.pages - 1


@pytest.mark.parametrize(
    "doc", [d for d in MANIFEST if d.format == "md"], ids=lambda doc: doc.file_name
)
def test_markdown_opens_with_the_title(doc: DemoDoc, built: dict[str, Path]) -> None:
    text = built[doc.file_name].read_text(encoding="utf-8")
    assert text.startswith(f"# {doc.title}\n\n{LABELS[doc.language]['source']}: {doc.source}\n")
    assert text.count("<!-- pagebreak -->") == doc.pages - 1


@pytest.mark.parametrize(
    "doc", [d for d in MANIFEST if d.format == "html"], ids=lambda doc: doc.file_name
)
def test_html_carries_its_metadata(doc: DemoDoc, built: dict[str, Path]) -> None:
    page = built[doc.file_name].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{doc.language}">' in page
    assert f'<meta property="og:site_name" content="{doc.source}">' in page
    assert f'<meta name="date" content="{doc.date.isoformat()}">' in page
    assert "<script>" in page and "<style>" in page
    assert page.count("<p>") >= 4


@pytest.mark.parametrize(
    "doc", [d for d in MANIFEST if d.format == "eml"], ids=lambda doc: doc.file_name
)
def test_email_parses_with_its_headers(doc: DemoDoc, built: dict[str, Path]) -> None:
    message = email.message_from_bytes(built[doc.file_name].read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == doc.title
    assert message["From"].addresses[0].display_name == doc.source
    assert all(
        address.domain.endswith(("example.org", "example.com"))
        for header in ("From", "To")
        for address in message[header].addresses
    )
    assert parsedate_to_datetime(message["Date"]).date() == doc.date
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert SOURCES[doc.file_name].page_texts[0][:40] in body.get_content()


def test_one_email_also_has_an_html_part(built: dict[str, Path]) -> None:
    kinds = []
    for doc in MANIFEST:
        if doc.format == "eml":
            message = email.message_from_bytes(built[doc.file_name].read_bytes())
            kinds.append(message.get_content_type())
    assert "multipart/alternative" in kinds
    assert "text/plain" in kinds
