"""/search over a real server, checked against the catalog (computed independently)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache

import httpx
import pytest

from poshuk.core.engines.tantivy_schema import ANALYZERS
from poshuk.core.model import Document
from poshuk.core.textfold import fold
from tests.api.conftest import PAGE3_WORD, Archive
from tests.support import FACETS, facet_values, passes

ANALYZE = ANALYZERS["poshuk_exact"]()


@pytest.fixture(scope="module")
def docs(archive: Archive) -> list[Document]:
    catalog = archive.catalog()
    try:
        return list(catalog.iter_documents())
    finally:
        catalog.close()


@cache
def page_tokens(text: str) -> frozenset[str]:
    return frozenset(ANALYZE.analyze(text))


def contains(doc: Document, word: str) -> bool:
    token = ANALYZE.analyze(word)[0]
    return any(token in page_tokens(p.text) for p in doc.pages) or token in page_tokens(
        doc.title or ""
    )


def search(api: httpx.Client, **params: object) -> dict:  # type: ignore[type-arg]
    response = api.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_empty_query_lists_every_parsed_document(api: httpx.Client, docs: list[Document]) -> None:
    body = search(api)
    assert body["total"] == len(docs) >= 35
    assert len(body["hits"]) == 10
    assert set(body) >= {"total", "took_ms", "hits", "facets", "date_histogram"}


FILTER_SETS: list[dict[str, list[str]]] = [{}, {"lang": ["ru"]}, {"lang": ["be", "en"]}]


@pytest.mark.parametrize("filters", FILTER_SETS)
def test_facet_counts_equal_counts_from_the_catalog(
    api: httpx.Client, docs: list[Document], filters: dict[str, list[str]]
) -> None:
    body = search(api, facet_size=200, **filters)
    assert body["total"] == sum(passes(d, filters) for d in docs)
    for facet in FACETS:
        expected: Counter[str] = Counter()
        for doc in docs:
            if passes(doc, filters, skip=facet):
                expected.update(facet_values(doc, facet))
        got = {fv["value"]: fv["count"] for fv in body["facets"][facet]}
        assert {k: v for k, v in got.items() if v} == dict(expected), facet


def test_every_facet_shows_something_on_the_demo_archive(api: httpx.Client) -> None:
    body = search(api)
    for facet in ("lang", "type", "source", "year"):
        assert len(body["facets"][facet]) >= 3, facet
    assert {"en", "ru", "be"} <= {fv["value"] for fv in body["facets"]["lang"]}
    assert len(body["date_histogram"]) >= 12


@pytest.mark.parametrize("facet", ["lang", "type", "source", "year"])
def test_each_facet_value_narrows_to_its_count(api: httpx.Client, facet: str) -> None:
    shown = search(api)["facets"][facet]
    for entry in shown[:4]:
        narrowed = search(api, **{facet: entry["value"]})
        assert narrowed["total"] == entry["count"]
        # a facet's own counts ignore its selection: the other values are still offered
        assert {fv["value"] for fv in narrowed["facets"][facet]} == {
            fv["value"] for fv in shown
        }


def test_values_of_one_filter_are_ored_and_filters_anded(api: httpx.Client) -> None:
    ru = search(api, lang="ru")["total"]
    be = search(api, lang="be")["total"]
    both = search(api, lang=["ru", "be"])["total"]
    assert max(ru, be) <= both <= ru + be
    verdicts = search(api, type="verdict")["total"]
    ru_verdicts = search(api, lang="ru", type="verdict")["total"]
    assert ru_verdicts <= min(ru, verdicts)


def test_histogram_counts_documents_per_month(api: httpx.Client, docs: list[Document]) -> None:
    body = search(api)
    expected = Counter(f"{d.date:%Y-%m}" for d in docs if d.date)
    assert {b["key"]: b["count"] for b in body["date_histogram"]} == dict(expected)


def russian_word(docs: list[Document]) -> str:
    """The commonest long Russian word of the Russian documents (found independently)."""
    counts: Counter[str] = Counter()
    for doc in docs:
        if doc.language == "ru":
            for page in doc.pages:
                counts.update(
                    w.lower() for w in re.findall(r"[А-Яа-яЁё]{7,}", page.text)
                    if not set(w.lower()) & set("іў")
                )
    return counts.most_common(1)[0][0]


def test_a_russian_word_finds_russian_documents_with_marked_snippets_and_pages(
    api: httpx.Client, docs: list[Document]
) -> None:
    word = russian_word(docs)
    body = search(api, q=word, size=100)
    expected = {d.id for d in docs if contains(d, word)}
    found = [h["id"] for h in body["hits"]]
    # every document with the word as written is found (others may have another form of
    # it: stemmed or folded matches), and the best hit has it as written
    assert expected <= set(found)
    assert found[0] in expected
    by_id = {d.id: d for d in docs}
    russian = [h for h in body["hits"] if h["language"] == "ru"]
    assert russian, body["hits"]
    for hit in body["hits"]:
        doc = by_id[hit["id"]]
        for highlight in hit["highlights"]:
            marked = re.findall(r"<mark>(.*?)</mark>", highlight["text"])
            assert marked
            page = next(p for p in doc.pages if p.number == highlight["page"])
            for form in marked:  # the word in any form or script (Беларусь: Belarus), there
                assert fold(form)[:5] == fold(word)[:5] and form in page.text
    assert all(h["highlights"] for h in russian if contains_on_pages(by_id[h["id"]], word))


def contains_on_pages(doc: Document, word: str) -> bool:
    token = ANALYZE.analyze(word)[0]
    return any(token in page_tokens(p.text) for p in doc.pages)


def test_highlight_names_the_page_the_word_is_on(api: httpx.Client) -> None:
    body = search(api, q=PAGE3_WORD)
    assert body["total"] == 1
    highlights = body["hits"][0]["highlights"]
    assert [h["page"] for h in highlights] == [3]
    assert f"<mark>{PAGE3_WORD}</mark>" in highlights[0]["text"]


def ids(api: httpx.Client, query: str) -> set[str]:
    body = search(api, q=query, size=100)
    assert body["total"] <= 100
    return {h["id"] for h in body["hits"]}


@pytest.mark.parametrize("word", ["court", "prison", "colony"])
def test_a_word_finds_every_document_containing_it(
    api: httpx.Client, docs: list[Document], word: str
) -> None:
    """Every document with the exact word is found; an engine that also matches other
    forms of it (stemming) may find more, never fewer."""
    exact = {d.id for d in docs if contains(d, word)}
    assert exact and exact <= ids(api, word)


@pytest.mark.parametrize(
    ("query", "combine"),
    [
        ("court prison", lambda a, b: a & b),
        ("court AND prison", lambda a, b: a & b),
        ("court OR colony", lambda a, b: a | b),
        ("court -prison", lambda a, b: a - b),
        ("court NOT prison", lambda a, b: a - b),
    ],
)
def test_boolean_queries_combine_the_sets_of_their_words(
    api: httpx.Client, query: str, combine: object
) -> None:
    first, second = query.split()[0], query.split()[-1].lstrip("-")
    expected = combine(ids(api, first), ids(api, second))  # type: ignore[operator]
    assert expected and ids(api, query) == expected


def test_phrase_is_stricter_than_its_words(api: httpx.Client) -> None:
    words = search(api, q="political prisoners")["total"]
    phrase = search(api, q='"political prisoners"')
    reversed_phrase = search(api, q='"prisoners political"')["total"]
    assert 0 < phrase["total"] <= words
    assert reversed_phrase < phrase["total"]
    for hit in phrase["hits"]:
        for highlight in hit["highlights"]:
            assert re.search(r"<mark>political</mark>\s*<mark>prisoners</mark>",
                             highlight["text"], re.I)


def test_date_range_is_inclusive_and_checked_against_the_catalog(
    api: httpx.Client, docs: list[Document]
) -> None:
    dated = sorted(d.date for d in docs if d.date)
    start, end = dated[3], dated[-4]
    body = search(api, date_from=start.isoformat(), date_to=end.isoformat())
    assert body["total"] == sum(1 for d in docs if d.date and start <= d.date <= end)
    only_from = search(api, date_from=end.isoformat())["total"]
    assert only_from == sum(1 for d in docs if d.date and d.date >= end)


@pytest.mark.parametrize("sort", ["date_desc", "date_asc"])
def test_date_sorts(api: httpx.Client, sort: str) -> None:
    body = search(api, sort=sort, size=100)
    dates = [h["date"] for h in body["hits"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=sort == "date_desc")
    assert all(d is None for d in dates[len(dated) :])
    assert all(h["score"] is None for h in body["hits"])


def test_relevance_sort_orders_by_score(api: httpx.Client) -> None:
    scores = [h["score"] for h in search(api, q="court", size=50)["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


def test_pages_do_not_overlap_and_add_up(api: httpx.Client) -> None:
    total = search(api)["total"]
    seen: list[str] = []
    page = 1
    while True:
        hits = search(api, sort="date_asc", page=page, size=7)["hits"]
        if not hits:
            break
        seen += [h["id"] for h in hits]
        page += 1
    assert len(seen) == len(set(seen)) == total


def test_year_filter_matches_document_dates(api: httpx.Client, docs: list[Document]) -> None:
    year = Counter(d.date.year for d in docs if d.date).most_common(1)[0][0]
    body = search(api, year=str(year), size=100)
    assert body["total"] == sum(1 for d in docs if d.date and d.date.year == year)
    assert all(h["date"].startswith(str(year)) for h in body["hits"])


def test_took_ms_is_reported(api: httpx.Client) -> None:
    took = search(api, q="court")["took_ms"]
    assert isinstance(took, float) and 0 < took < 10_000


def test_unknown_facet_value_gives_no_hits_but_keeps_the_value_listed(api: httpx.Client) -> None:
    body = search(api, source="No Such Publisher")
    assert body["total"] == 0
    assert {"value": "No Such Publisher", "count": 0} in body["facets"]["source"]


def test_dates_in_hits_are_iso(api: httpx.Client) -> None:
    for hit in search(api, size=100)["hits"]:
        if hit["date"]:
            dt.date.fromisoformat(hit["date"])
