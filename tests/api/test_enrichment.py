"""/entities and /entities/{id} on the demo archive and the shared news reports, checked
against the catalog; and the enrichment facets of /search (both engines)."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from poshuk.core.model import Document
from poshuk.core.records import period_bounds
from tests.api.conftest import Archive


@pytest.fixture(scope="module")
def docs(archive: Archive) -> list[Document]:
    catalog = archive.catalog()
    try:
        return [d for d in catalog.iter_documents() if d.status == "ok"]
    finally:
        catalog.close()


def _named(docs: list[Document], key: str) -> set[str]:
    return {d.id for d in docs if any(e.key == key for e in d.entities)}


def test_entity_list_counts_documents_as_the_catalog_does(
    api: httpx.Client, docs: list[Document]
) -> None:
    listed = api.get("/entities", params={"size": 500}).json()
    expected = Counter(e.key for d in docs for e in d.entities)
    assert listed["total"] == len(expected)
    assert {e["id"]: e["documents"] for e in listed["entities"]} == dict(expected)


def test_one_entity_across_scripts_and_spellings(api: httpx.Client, docs: list[Document]) -> None:
    found = api.get("/entities", params={"type": "person", "q": "Навіцкі"}).json()["entities"]
    assert found[0]["id"] == "person:navick a"  # the most named of those matching
    assert all(e["id"].startswith("person:navick") for e in found)
    navitski = found[0]
    assert navitski["name"] == "Andrei Navitski"  # the most frequent Latin spelling
    page = api.get("/entities/person:navick a").json()
    variants = {v["text"] for v in page["variants"]}
    assert {"Andrei Navitski", "Андрэй Навіцкі", "Андрея Навицкого"} <= variants
    assert page["documents"] == len(_named(docs, "person:navick a")) == navitski["documents"]
    assert sum(b["count"] for b in page["timeline"]) == sum(
        1 for d in docs if d.date and d.id in _named(docs, "person:navick a")
    )
    # co-occurring: counted within the entity's documents, itself left out
    together = Counter(
        e.key for d in docs if d.id in _named(docs, "person:navick a") for e in d.entities
    )
    for other in page["co_occurring"]:
        assert other["id"] != "person:navick a"
        assert other["documents"] == together[other["id"]]


def test_viasna_is_one_organisation_in_every_language(api: httpx.Client) -> None:
    found = api.get("/entities", params={"type": "organisation", "q": "Вясна"}).json()
    assert found["entities"] and found["total"] == 1  # one entity, found by any spelling
    page = api.get(f"/entities/{found['entities'][0]['id']}").json()
    variants = {v["text"] for v in page["variants"]}
    assert {"Вясна", "Весна", "Viasna"} <= variants
    assert page["name"].startswith("Viasna")


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/entities", {"type": "planet"}, 422, "type"),
        ("/entities", {"kind": "person"}, 400, "unknown parameter"),
        ("/entities/person:nobody-at-all", {}, 404, "no document names"),
    ],
)
def test_bad_entity_requests_say_what_to_fix(
    api: httpx.Client, path: str, params: dict[str, str], status: int, words: str
) -> None:
    answer = api.get(path, params=params)
    assert answer.status_code == status
    assert words in str(answer.json()["detail"])


def test_entity_facet_values_carry_display_names(api: httpx.Client) -> None:
    facet = api.get("/search", params={"facet_size": 200}).json()["facets"]["entity"]
    by_key = {v["value"]: v for v in facet}
    assert by_key["location:belarus"]["label"] == "Belarus"
    assert by_key["person:navick a"]["label"] == "Andrei Navitski"


def test_citation_filter_finds_every_way_of_citing_the_article(
    api: httpx.Client, docs: list[Document]
) -> None:
    answer = api.get("/search", params={"citation": "BY-CC-342", "size": 100}).json()
    expected = {d.id for d in docs if any(c.key == "BY-CC-342" for c in d.citations)}
    assert {h["id"] for h in answer["hits"]} == expected
    languages = {d.language for d in docs if d.id in expected}
    assert {"en", "ru", "be"} <= languages  # Article 342 / ст. 342 УК / арт. 342 КК


def test_document_view_lists_citations_with_pages_and_parts(
    api: httpx.Client, docs: list[Document]
) -> None:
    verdict = next(d for d in docs if d.file_name.startswith("06-prigovor-navitsky"))
    body = api.get(f"/documents/{verdict.id}").json()
    cited = {c["key"]: c for c in body["citations"]}
    assert cited["BY-CC-342"]["parts"] == [1]
    assert cited["BY-CC-342"]["pages"] and all(p >= 1 for p in cited["BY-CC-342"]["pages"])
    assert "BY-CPC-355" in cited  # ст. 355–360 УПК: a range, every article in it


def test_mentioned_filter_finds_documents_talking_about_a_period(
    api: httpx.Client, docs: list[Document]
) -> None:
    start, end = "2024-07-01", "2024-07-31"
    answer = api.get("/search", params={"mentioned_from": start, "mentioned_to": end,
                                        "size": 100}).json()
    expected = {
        d.id for d in docs
        if any(start <= day.isoformat() <= end for m in d.dates for day in period_bounds(m.value))
    }
    assert expected and {h["id"] for h in answer["hits"]} == expected
    bad = api.get("/search", params={"mentioned_from": "2025-01-01", "mentioned_to": "2024-01-01"})
    assert bad.status_code == 400 and "mentioned_from" in bad.json()["detail"]


def test_republished_statement_is_grouped_and_the_news_reports_are_only_similar(
    api: httpx.Client, docs: list[Document]
) -> None:
    by_name = {d.file_name: d for d in docs}
    original = next(d for name, d in by_name.items() if name.startswith("29-joint-statement"))
    republished = next(d for name, d in by_name.items() if name.startswith("30-hrh-republished"))
    body = api.get(f"/documents/{republished.id}").json()
    assert body["duplicate_group"] is not None
    assert original.id in body["duplicates"]
    news = sorted((d for d in docs if d.file_name.startswith(("000_", "001_"))),
                  key=lambda d: d.file_name)
    assert len(news) == 2 and all(d.duplicate_group is None for d in news)
    similar = api.get(f"/documents/{news[0].id}/similar").json()
    assert news[1].id in {h["id"] for h in similar["hits"]}


def test_fold_gives_one_hit_per_group_of_copies(api: httpx.Client, docs: list[Document]) -> None:
    groups = Counter(d.duplicate_group for d in docs if d.duplicate_group)
    assert groups and all(n >= 2 for n in groups.values())
    folded = api.get("/search", params={"fold": "true", "size": 100}).json()
    assert folded["total"] == len(docs) - sum(n - 1 for n in groups.values())
    copies = {h["id"]: h["copies"] for h in folded["hits"]}
    for group, size in groups.items():
        first = min(d.id for d in docs if d.duplicate_group == group)
        assert copies[first] == size
    bad = api.get("/search", params={"fold": "maybe"})
    assert bad.status_code == 422
