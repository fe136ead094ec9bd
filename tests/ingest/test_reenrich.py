"""Re-enrichment from the pages a catalog holds: a catalog an older version built (no
figures, version 0) gets what the text gives now, without parsing a file again."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from ingest.document import build_document
from ingest.enrich import ENRICHMENT_VERSION, enrich_text
from ingest.reenrich import reenrich
from ingest.support.pdfwrite import write_pdf
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.model import Document, Page
from tests.fixtures import NEWS

OLD_TEXT = "Минск, 2 июля 2024 г. Задержаны 12 журналистов."


def _catalog_of_an_older_version(tmp_path: Path) -> tuple[Catalog, list[str]]:
    """The news reports of the fixtures and a PDF dated by its metadata, catalogued, then
    set back to what the version before figures left: no figures, no version, stale
    entities."""
    files = {p.name: p.read_bytes() for p in sorted(NEWS.glob("*.txt"))}
    files["dated.pdf"] = write_pdf([OLD_TEXT], created=dt.date(2023, 1, 5))
    docs = [build_document(data, name, Settings())[0] for name, data in files.items()]
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    catalog.add_many(docs)
    catalog.mark_all_indexed()
    catalog.close()
    db = sqlite3.connect(tmp_path / "catalog.sqlite3")
    db.execute("UPDATE documents SET figures = '[]', enrichment_version = 0, entities = '[]', "
               "dates = '[]'")
    db.execute("DELETE FROM entity_names")
    db.commit()
    db.close()
    return Catalog(tmp_path / "catalog.sqlite3"), [d.id for d in docs]


def test_stale_documents_get_figures_entities_and_dates_back(tmp_path: Path) -> None:
    catalog, ids = _catalog_of_an_older_version(tmp_path)
    assert catalog.count_enriched_before(ENRICHMENT_VERSION) == 3
    batches: list[int] = []
    assert reenrich(catalog, on_batch=batches.append) == 3
    assert batches == [3]
    assert catalog.count_enriched_before(ENRICHMENT_VERSION) == 0
    docs = catalog.get_many(ids)
    figures = {(f.value, f.counted) for d in docs.values() for f in d.figures}
    assert {(1142, "people"), (64, "political prisoners"), (120, "new names"),
            (12, "журналистов")} <= figures
    assert any(e.key == "person:dzeravenk m" for d in docs.values() for e in d.entities)
    assert catalog.entity_names(["person:dzeravenk m"])["person:dzeravenk m"]
    assert catalog.count_pending() == 3  # the index is rebuilt afterwards
    # a second run finds nothing older; asked to, it redoes everything
    assert reenrich(catalog) == 0
    assert reenrich(catalog, stale_only=False) == 3


def test_a_date_from_the_file_metadata_is_kept(tmp_path: Path) -> None:
    catalog, _ = _catalog_of_an_older_version(tmp_path)
    reenrich(catalog)
    [dated] = [d for d in catalog.iter_documents() if d.file_name == "dated.pdf"]
    assert (dated.date, dated.date_source) == (dt.date(2023, 1, 5), "metadata")
    assert [m.value for m in dated.dates] == ["2024-07-02"]  # but mentioned dates are found


def test_enrich_text_recomputes_a_date_the_text_gave() -> None:
    doc = Document(id="x", sha256="x" * 64, file_name="x.txt", media_type="text/plain", size=1,
                   pages=[Page(1, OLD_TEXT)], date=dt.date(1999, 1, 1), date_source="text")
    enrich_text(doc)
    assert (doc.date, doc.date_source) == (dt.date(2024, 7, 2), "heading")
    assert [(f.value, f.counted) for f in doc.figures] == [(12, "журналистов")]
    assert doc.enrichment_version == ENRICHMENT_VERSION
    doc.pages = [Page(1, "Без дат и чисел.")]
    enrich_text(doc)
    assert (doc.date, doc.date_source, doc.dates, doc.figures) == (None, "none", [], [])
