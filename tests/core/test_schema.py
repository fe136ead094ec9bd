"""The embedded engine's schema must not drift from the canonical index template."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import tantivy

from poshuk.core.analysis import analysed_text
from poshuk.core.engines.tantivy_schema import ANALYZERS, build_schema
from poshuk.core.model import Citation, Document, Entity, MentionedDate, Page
from poshuk.core.records import doc_record, page_records
from poshuk.core.schema import TEMPLATE_NAME, load_schema, load_template
from poshuk.core.textfold import fold

MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"


def test_template_file_is_the_loaded_one() -> None:
    on_disk = json.loads((MAPPINGS / f"{TEMPLATE_NAME}.json").read_text(encoding="utf-8"))
    assert on_disk == load_template()
    assert on_disk["index_patterns"] == [f"{TEMPLATE_NAME}*"]
    assert on_disk["version"] == load_schema().version


def test_tantivy_schema_has_every_template_field_and_no_other() -> None:
    schema = build_schema(load_schema())
    for spec in load_schema().fields:
        value = 1 if spec.kind == "integer" else "x"
        if spec.kind != "date":
            tantivy.Query.term_query(schema, spec.name, value)  # raises for an unknown field
    with pytest.raises(ValueError):
        tantivy.Query.term_query(schema, "no_such_field", "x")


def test_records_written_by_the_code_use_only_template_fields() -> None:
    doc = Document(
        id="abc", sha256="0" * 64, file_name="a.pdf", media_type="application/pdf", size=1,
        title="T", date=dt.date(2024, 7, 2), language="be", type="verdict", source="Viasna",
        pages=[Page(n, "text", lang) for n, lang in enumerate(load_schema().languages, 1)],
        entities=[Entity("person", "Andrei Navitski")],
        citations=[Citation("BY-CC-342", "ст. 342 УК")], duplicate_group="t-1", copies=2,
        folded=True,
        dates=[MentionedDate("2025-03", "month", "March 2025")],
    )
    template_fields = set(load_template()["template"]["mappings"]["properties"])
    written = set(doc_record(doc)) | {k for r in page_records(doc) for k in r}
    assert written <= template_fields
    # every template field is written by one kind of record or the other, but the
    # vectors, which `poshuk embed` adds (poshuk.core.engines.es_vectors)
    vectors = load_schema().vectors
    assert template_fields - written == {vectors.field, vectors.model_field, vectors.content_field}


def test_every_facet_and_the_histogram_are_keyword_fields() -> None:
    schema = load_schema()
    for name in (*schema.facets, schema.histogram):
        assert schema.field(name).kind == "keyword", name


def test_every_analyzer_in_the_template_has_a_tantivy_equivalent() -> None:
    analysis = load_template()["template"]["settings"]["analysis"]["analyzer"]
    assert set(analysis) <= set(ANALYZERS)
    for spec in load_schema().fields:
        if spec.kind == "text":
            assert spec.analyzer in analysis


def test_text_fields_for_search_and_highlight_exist() -> None:
    schema = load_schema()
    for name in (*schema.text_fields, schema.highlight_field):
        assert schema.field(name).kind == "text"
    assert schema.field(schema.highlight_field).stored


def test_fold_language_and_page_fields_are_text_fields() -> None:
    schema = load_schema()
    for name in (*schema.fold_fields, *schema.page_fields, *schema.page_fields.values()):
        assert schema.field(name).kind == "text", name
    for lang in schema.languages:
        assert schema.page_fields[f"body_{lang}"] == f"text_{lang}"


def test_pages_go_to_the_field_of_their_language_and_fold_in_python() -> None:
    doc = Document(
        id="d", sha256="1" * 64, file_name="x.txt", media_type="text/plain", size=1,
        title="Muižnieks", language="ru",
        pages=[Page(1, "Судья Ёлкин", "ru"), Page(2, "Суддзя Ўладзь", "be"), Page(3, "Без метки")],
    )
    record = doc_record(doc)
    # each page analysed for its language; an unlabelled page is the document's
    ru = [analysed_text("ru", "Судья Ёлкин"), analysed_text("ru", "Без метки")]
    assert record["body_ru"] == ru
    assert record["body_be"] == [analysed_text("be", "Суддзя Ўладзь")]
    assert "body_en" not in record
    assert record["title_fold"] == fold("Muiznieks")
    assert record["body_fold"][0] == fold("Sudya Elkin")
    pages = page_records(doc)
    assert pages[1]["text_be"] == record["body_be"] and "text_ru" not in pages[1]


def test_a_document_with_one_page_of_text_is_indexed_once() -> None:
    doc = Document(
        id="s", sha256="2" * 64, file_name="s.pdf", media_type="application/pdf", size=1,
        pages=[Page(1, ""), Page(2, "Statement text", "en"), Page(3, "")],
    )
    assert page_records(doc) == []
    assert doc_record(doc)["page"] == 2
    doc.pages.append(Page(4, "More text", "en"))
    assert [r["page"] for r in page_records(doc)] == [2, 4]
    assert "page" not in doc_record(doc)
