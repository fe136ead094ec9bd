"""/search widens a query naming a thesaurus concept to its other languages, says what it
added, and searches only the words as typed with expand=false."""

from __future__ import annotations

import httpx


def search(api: httpx.Client, **params: str) -> dict:
    response = api.get("/search", params={"size": "100", **params})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_concept_in_english_finds_belarusian_and_russian_documents(api: httpx.Client) -> None:
    widened = search(api, q="political prisoner")
    typed = search(api, q="political prisoner", expand="false")
    languages = {hit["language"] for hit in widened["hits"]}
    assert {"be", "ru"} <= languages
    assert widened["total"] > typed["total"]
    assert {hit["language"] for hit in typed["hits"][:3]} == {"en"}
    assert widened["hits"][0]["id"] == typed["hits"][0]["id"]  # the typed words rank first
    added = widened["expanded"]
    assert [x["term"] for x in added] == ["political prisoner"]
    assert "палітвязень" in added[0]["also"] and "политзаключённый" in added[0]["also"]
    assert typed["expanded"] == []


def test_the_added_terms_are_highlighted(api: httpx.Client) -> None:
    hits = search(api, q="pardon", lang="be")["hits"]
    assert any("<mark>памілаванн" in x["text"] for hit in hits for x in hit["highlights"])


def test_a_bad_expand_value_is_a_400_that_names_it(api: httpx.Client) -> None:
    response = api.get("/search", params={"q": "pardon", "expand": "perhaps"})
    assert response.status_code in (400, 422)
    assert "expand" in response.text
