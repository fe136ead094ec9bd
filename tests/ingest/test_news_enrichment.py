"""The shared news reports yield what ``shared/corpus/README.md`` says a reader finds in
them: people, organisations, places, dates and figures."""

from __future__ import annotations

from pathlib import Path

from ingest.document import build_document
from ingest.enrich.entities import resolve
from poshuk.core.config import Settings
from poshuk.core.model import Document


def _news(shared_dir: Path) -> list[Document]:
    folder = shared_dir / "corpus" / "news"
    settings = Settings()
    return [
        build_document(p.read_bytes(), p.name, settings)[0] for p in sorted(folder.glob("*.txt"))
    ]


def test_news_reports_yield_the_people_organisations_places_and_dates(shared_dir: Path) -> None:
    docs = _news(shared_dir)
    entities = {(e.type, e.key) for d in docs for e in d.entities}
    expected = [
        ("person", "Nils Muižnieks"), ("person", "Aliaksandr Lukashenko"),
        ("person", "Andrei Navitski"), ("person", "Dzianis Salmanovich"),
        ("organisation", "UN Human Rights Office"), ("organisation", "Viasna"),
        ("organisation", "Cyber Partisans"), ("location", "Belarus"),
    ]
    for kind, name in expected:
        assert (kind, resolve(kind, name)) in entities, name  # type: ignore[arg-type]
    mentioned = {(m.value, m.precision) for d in docs for m in d.dates}
    assert {("2020-08", "month"), ("2024-07-02", "day"), ("2025-02", "month"),
            ("2025-03", "month")} <= mentioned


def test_news_reports_yield_the_figures(shared_dir: Path) -> None:
    """1,275 political prisoners, 219 at high risk, 7 with disabilities, 78 seriously ill."""
    figures = {(f.value, f.counted): f for d in _news(shared_dir) for f in d.figures}
    assert {(1275, "people"), (219, "political prisoners"),
            (7, "political prisoners with disabilities"), (78, "others")} <= set(figures)
    assert figures[(1275, "people")].pages == [1]
    assert "high risk" in figures[(219, "political prisoners")].context


def test_news_reports_share_no_entity_key_for_different_people(shared_dir: Path) -> None:
    docs = _news(shared_dir)
    people = {e.key: e.surface for d in docs for e in d.entities if e.type == "person"}
    navitski = people[resolve("person", "Andrei Navitski")]
    assert all("Navitski" in form for form in navitski)
