from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from poshuk.core.catalog import Catalog, document_id, duplicate_group_of
from poshuk.core.migrations import current, head
from poshuk.core.model import Citation, Document, Entity, Figure, MentionedDate, Page
from tests.pg import PgServer


def _doc(sha: str, text: str = "body", **extra: object) -> Document:
    return Document(
        id=document_id(sha), sha256=sha, file_name=f"{sha[:4]}.txt", media_type="text/plain",
        size=len(text), pages=[Page(1, text, "en"), Page(2, text + " two")],
        text_sha256=f"text-{text}".ljust(64, "0"), **extra,  # type: ignore[arg-type]
    )


def test_round_trip_keeps_every_field(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    doc = _doc(
        "a" * 64, title="Прысуд", date=dt.date(2024, 7, 2), date_source="heading",
        language="be", language_confidence=0.97, type="verdict", source="Суд",
        warnings=["page 3 has no text layer"],
        entities=[Entity("person", "Andrei Navitski", ["Андрэй Навіцкі"])],
        citations=[Citation("BY-CC-342", "ч. 1 ст. 342 КК", [1])],
        dates=[MentionedDate("2024-07-02", "day", "2 ліпеня 2024 г.")],
        figures=[
            Figure(1200, "палітвязняў", "больш за 1200 палітвязняў", "больш за", None,
                   "больш за 1200 палітвязняў застаюцца за кратамі", [1, 2]),
            Figure(12.5, "задержанных", "12,5% задержанных", unit="%", pages=[2]),
        ],
        enrichment_version=1,
    )
    catalog.add_many([doc])
    back = catalog.get(doc.id)
    assert back is not None
    assert back.ingested_at is not None
    back.ingested_at = doc.ingested_at
    assert back == doc


def test_wal_mode_and_durable_reopen(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    catalog = Catalog(path)
    catalog.add_many([_doc("b" * 64)])
    catalog.close()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert Catalog(path).has_sha256("b" * 64)


def test_same_text_in_another_file_is_kept_and_linked(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    first, second, other = _doc("c" * 64, "same"), _doc("d" * 64, "same"), _doc("e" * 64, "x")
    catalog.add_many([first])
    catalog.mark_indexed([first.id])
    catalog.add_many([second, other])
    group = duplicate_group_of(first.text_sha256 or "")
    got_first, got_second, got_other = (catalog.get(d.id) for d in (first, second, other))
    assert got_first and got_second and got_other
    assert got_first.duplicate_group == got_second.duplicate_group == group
    assert got_other.duplicate_group is None
    assert catalog.group_members(group, exclude=first.id) == [second.id]
    # the earlier twin must be re-indexed so its index record carries the group
    pending = {d.id for d in catalog.iter_documents(pending_only=True)}
    assert first.id in pending


def test_pending_documents_stream_in_batches_until_marked(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    docs = [_doc(hashlib.sha256(bytes([i])).hexdigest(), f"t{i}") for i in range(1, 8)]
    catalog.add_many(docs)
    assert [d.id for d in catalog.iter_documents(pending_only=True, batch=3)] == sorted(
        d.id for d in docs
    )
    catalog.mark_indexed(d.id for d in docs[:5])
    assert len(list(catalog.iter_documents(pending_only=True, batch=2))) == 2
    assert catalog.stats()["pending_index"] == 2


def test_failures_are_listed_with_their_reason(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    bad = _doc("f" * 64, status="failed", error="encrypted: needs a password")
    bad.pages = []
    catalog.add_many([bad, _doc("0" * 64)])
    assert [(d.id, d.error) for d in catalog.failures()] == [
        (bad.id, "encrypted: needs a password")
    ]
    assert catalog.stats()["by_status"] == {"failed": 1, "ok": 1}
    assert [d.id for d in catalog.iter_documents()] == [document_id("0" * 64)]


def test_adding_a_catalogued_document_again_changes_nothing(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    first = _doc("9" * 64, "original text", title="First")
    catalog.add_many([first])
    again = _doc("9" * 64, "other text", title="Second")
    catalog.add_many([again])
    stored = catalog.get(first.id)
    assert stored is not None
    assert stored.title == "First"
    assert [p.text for p in stored.pages] == ["original text", "original text two"]


def test_language_confidence_is_kept_per_page(catalog_url: str) -> None:
    catalog = Catalog(catalog_url)
    doc = _doc("e" * 64)
    doc.pages[0].language_confidence = 0.88
    catalog.add_many([doc])
    back = catalog.get(doc.id)
    assert back is not None
    assert [p.language_confidence for p in back.pages] == [0.88, None]


def _catalog_without(path: Path, docs: list[Document], *columns: str) -> Catalog:
    """A catalog holding ``docs`` as a version before ``columns`` (``table.column``) and
    before migrations left it, reopened by this version."""
    catalog = Catalog(path)
    catalog.add_many(docs)
    catalog.close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE alembic_version")
    for column in columns:
        table, name = column.split(".")
        for (index,) in db.execute(  # an index on the column came with it
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql LIKE ?", (table, f"%{name}%"),
        ).fetchall():
            db.execute(f"DROP INDEX {index}")
        db.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
    db.commit()
    db.close()
    return Catalog(path)


def test_a_catalog_from_before_language_confidence_gains_the_columns(tmp_path: Path) -> None:
    reopened = _catalog_without(tmp_path / "old.sqlite3", [_doc("f" * 64)],
                                "documents.language_confidence", "pages.language_confidence")
    old = reopened.get(document_id("f" * 64))
    assert old is not None and old.language_confidence is None
    reopened.add_many([_doc("9" * 64, "other", language_confidence=0.5)])
    new = reopened.get(document_id("9" * 64))
    assert new is not None and new.language_confidence == 0.5


def test_a_catalog_from_before_figures_gains_them_and_reports_its_stale_rows(
    tmp_path: Path,
) -> None:
    reopened = _catalog_without(
        tmp_path / "old.sqlite3", [_doc("f" * 64), _doc("8" * 64, "another", status="failed")],
        "documents.figures", "documents.enrichment_version",
    )
    old = reopened.get(document_id("f" * 64))
    assert old is not None and (old.figures, old.enrichment_version) == ([], 0)
    reopened.add_many([_doc("9" * 64, "other", enrichment_version=1)])
    assert reopened.count_enriched_before(1) == 1  # the old parsed row; not the failure
    assert [d.id for d in reopened.iter_documents(enriched_before=1)] == [old.id]


def test_update_enrichment_rewrites_the_derived_columns_and_entity_names(
    catalog_url: str,
) -> None:
    catalog = Catalog(catalog_url)
    doc = _doc("a" * 64, title="Прысуд", date=dt.date(2020, 1, 1), date_source="text",
               entities=[Entity("person", "person:old", ["Old Name"])])
    catalog.add_many([doc])
    catalog.mark_all_indexed()
    doc.entities = [Entity("person", "person:navick", ["Андрэй Навіцкі"])]
    doc.figures = [Figure(7, "палітвязняў", "сем палітвязняў", pages=[1])]
    doc.date, doc.date_source, doc.enrichment_version = dt.date(2024, 7, 2), "heading", 1
    doc.title = "not written back"
    catalog.update_enrichment([doc])

    back = catalog.get(doc.id)
    assert back is not None
    assert (back.figures, back.entities, back.date, back.date_source) == (
        doc.figures, doc.entities, dt.date(2024, 7, 2), "heading")
    assert (back.enrichment_version, back.title) == (1, "Прысуд")
    assert back.pages == doc.pages
    assert catalog.entity_names(["person:old", "person:navick"]) == {
        "person:old": {}, "person:navick": {"Андрэй Навіцкі": 1}}
    assert catalog.count_pending() == 1  # to be indexed again


def test_a_catalog_from_before_migrations_is_upgraded_to_the_same_schema(
    tmp_path: Path,
) -> None:
    """Every column added since the first release dropped at once, as the oldest catalogs
    lack them: reopened, the schema equals a new catalog's, and the rows are kept."""
    new = sqlite3.connect(tmp_path / "new.sqlite3")
    Catalog(tmp_path / "new.sqlite3").close()
    reopened = _catalog_without(
        tmp_path / "old.sqlite3", [_doc("f" * 64)],
        "documents.language_confidence", "documents.parent_id", "documents.figures",
        "documents.enrichment_version", "pages.language_confidence", "pages.ocr",
        "pages.ocr_confidence",
    )
    reopened.close()
    old = sqlite3.connect(tmp_path / "old.sqlite3")

    def schema(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            t: sorted(tuple(r)[1:] for r in db.execute(f"PRAGMA table_info({t})"))
            for t in tables
        } | {"indexes": sorted(r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'"))}

    assert schema(old) == schema(new)
    assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [(head(),)]
    again = Catalog(tmp_path / "old.sqlite3")
    back = again.get(document_id("f" * 64))
    again.close()
    assert back is not None and back.pages and back.figures == []


def test_the_migrations_build_the_same_schema_on_both_backends(
    pg_server: PgServer, tmp_path: Path
) -> None:
    """Every revision runs on SQLite and PostgreSQL and yields the same tables and columns."""
    sqlite, postgres = Catalog(tmp_path / "c.sqlite3"), Catalog(pg_server.new_database())

    def schema(catalog: Catalog) -> dict[str, list[str]]:
        return {table: sorted(catalog.db.columns(table)) for table in catalog.db.tables()}

    assert schema(sqlite) == schema(postgres)
    assert {"documents", "pages", "audit", "users", "alembic_version"} <= set(schema(sqlite))
    assert current(sqlite.db) == current(postgres.db) == head()
    sqlite.close()
    postgres.close()
