"""Ingest finds in the demo archive what its authors meant (the manifest is the gold)."""

from __future__ import annotations

import pytest

from ingest.demo import DemoDoc, build_demo_archive, demo_manifest
from ingest.document import build_document
from poshuk.core.config import Settings
from poshuk.core.model import Document


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[DemoDoc, Document]]:
    folder = tmp_path_factory.mktemp("demo")
    build_demo_archive(folder)
    settings = Settings(home=folder / "home")
    return [
        (meta, build_document((folder / meta.file_name).read_bytes(), meta.file_name, settings)[0])
        for meta in demo_manifest()
    ]


def test_every_demo_document_parses(built: list[tuple[DemoDoc, Document]]) -> None:
    assert [(m.file_name, d.error) for m, d in built if d.status != "ok"] == []


def test_language_date_title_and_pages_are_found(built: list[tuple[DemoDoc, Document]]) -> None:
    for meta, doc in built:
        assert doc.language == meta.language, meta.file_name
        assert doc.date == meta.date, meta.file_name
        assert doc.title == meta.title, meta.file_name
        assert len(doc.pages) == meta.pages, meta.file_name


def test_document_types_mostly_match(built: list[tuple[DemoDoc, Document]]) -> None:
    # Rule-based first cut: a regression floor, measured 34/36 when written.
    right = sum(doc.type == meta.type for meta, doc in built)
    assert right / len(built) >= 0.85, [(m.file_name, m.type, d.type) for m, d in built]


def test_sources_are_found(built: list[tuple[DemoDoc, Document]]) -> None:
    assert [m.file_name for m, d in built if not d.source] == []


def test_date_source_says_where_the_date_came_from(
    built: list[tuple[DemoDoc, Document]],
) -> None:
    by_format: dict[str, set[str]] = {}
    for meta, doc in built:
        by_format.setdefault(meta.format, set()).add(doc.date_source)
    assert by_format["pdf"] == {"metadata"}
    assert by_format["txt"] == {"heading"}
