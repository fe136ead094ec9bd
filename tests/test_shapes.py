"""One definition per shape: the facets of the index template (``_meta``) are the query
language's fields and the search parameters; the Document's fields (``poshuk.core.fields``)
are the catalog's columns, the detail response's and the export's, with nothing listed by
hand beside them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from pathlib import Path

import httpx
import pytest

from poshuk.core import fields
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.model import Citation, Document, Entity, Figure, MentionedDate, Page
from poshuk.core.query import Keyword, parse_query
from poshuk.core.schema import load_schema
from search_api.routers.export import COLUMNS
from search_api.schemas import DocumentOut
from search_api.search_params import KNOWN, search_request
from tests.api.conftest import serve

FACETS = load_schema().facets


@pytest.mark.parametrize("facet", FACETS)
def test_each_facet_is_a_field_of_the_query_language(facet: str) -> None:
    node = parse_query(f'{facet}:"x"')
    assert isinstance(node, Keyword) and node.field == facet


def test_each_facet_is_a_repeatable_search_parameter() -> None:
    parameters = inspect.signature(search_request).parameters
    for facet in FACETS:
        assert facet in KNOWN and facet in parameters
        assert "list[str]" in str(parameters[facet].annotation)


def _every_field_set() -> Document:
    """A document with a value other than the default in every catalogued field."""
    return Document(
        id="f" * 16, sha256="f" * 64, file_name="all-fields.pdf", media_type="application/pdf",
        size=123, status="failed", error="kept anyway", parser="pdf", warnings=["a warning"],
        title="Every field", date=dt.date(2024, 7, 2), date_source="heading", language="be",
        language_confidence=0.97, type="verdict", source="A source", access="restricted",
        pages=[Page(1, "Text of the page.", "be", 0.97, ocr=True, ocr_confidence=88.5)],
        entities=[Entity("person", "person:navick", ["Андрэй Навіцкі"])],
        citations=[Citation("BY-CC-342", "арт. 342", [1], [1])],
        dates=[MentionedDate("2020-08", "month", "August 2020")],
        figures=[Figure(12, "journalists", "12 journalists", None, None, "12 journalists", [1])],
        enrichment_version=7, text_sha256="e" * 64, duplicate_group="t-eeee",
        ingested_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC), parent_id="p" * 16,
        collection="evidence",
    )


def test_the_catalog_keeps_every_field(tmp_path: Path) -> None:
    doc = _every_field_set()
    defaults = Document(id="", sha256="", file_name="", media_type="", size=0)
    assert [f.name for f in fields.columns()
            if getattr(doc, f.name) == getattr(defaults, f.name)] == []
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    try:
        present = {r["name"] for r in catalog.db.execute("PRAGMA table_info(documents)")}
        assert {f.name for f in fields.columns()} <= present
        catalog.add_many([doc])
        back = catalog.get(doc.id)
    finally:
        catalog.close()
    assert back is not None
    for f in fields.document_fields():
        if f.column or f.name == "pages":
            assert getattr(back, f.name) == getattr(doc, f.name), f.name


def test_the_detail_response_and_the_export_show_their_fields(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    catalog = Catalog(settings.catalog_path)
    doc = _every_field_set()
    catalog.add_many([doc])
    catalog.close()
    with serve(settings) as url:
        body = httpx.get(f"{url}/documents/{doc.id}", timeout=30).json()
    shown = {f.name for f in fields.shown()}
    assert shown <= set(body) and not {f.name for f in fields.document_fields()
                                       if not f.api} & set(body)
    assert body["date"] == "2024-07-02" and body["ingested_at"].startswith("2025-01-02T03:04:05")
    assert body["entities"] == [dataclasses.asdict(e) for e in doc.entities]
    assert body["pages"] == [dataclasses.asdict(p) for p in doc.pages]
    assert {f.name for f in fields.exported()} <= set(COLUMNS)
    assert set(DocumentOut.model_fields) == shown | {"languages", "duplicates", "children"}
