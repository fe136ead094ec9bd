"""Both engines against counts computed independently, by brute force in Python."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator

import pytest

from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.engines.tantivy_schema import ANALYZERS
from poshuk.core.model import Citation, Document, Entity, Page
from poshuk.core.query import parse_query
from tests.core.conftest import ENGINES, EngineFactory, engine_factory
from tests.support import FACETS, facet_values, passes

WORDS = "prisoner court verdict minsk appeal article statement hunger strike amnesty".split()
LANGS = ["en", "ru", "be"]
TYPES = ["verdict", "statement", "report", "news"]
SOURCES = ["Viasna", "OHCHR", "BAJ", "Amnesty"]
PEOPLE = ["Andrei Navitski", "Maryia Kalesnikava", "Ihar Losik"]
ARTICLES = ["BY-CC-342", "BY-CC-361-1", "BY-CC-130"]
ANALYZE = ANALYZERS["poshuk_exact"]()


def make_corpus(n: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        pages = [
            Page(p, " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))))
            for p in range(1, rng.randint(1, 4) + 1)
        ]
        docs.append(
            Document(
                id=f"doc{i:04d}", sha256=f"{i:064d}", file_name=f"f{i}.txt",
                media_type="text/plain", size=100, title=f"Document {i}",
                date=None if i % 9 == 0 else dt.date(2020 + i % 5, 1 + i % 12, 1 + i % 28),
                language=rng.choice(LANGS), type=rng.choice(TYPES), source=rng.choice(SOURCES),
                pages=pages,
                entities=[Entity("person", p) for p in rng.sample(PEOPLE, rng.randint(0, 2))],
                citations=[Citation(a, a) for a in rng.sample(ARTICLES, rng.randint(0, 2))],
            )
        )
    return docs


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return make_corpus(240)


@pytest.fixture(scope="module", params=ENGINES)
def engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    corpus: list[Document],
) -> Iterator[Engine]:
    factory = engine_factory(str(request.param), request, tmp_path_factory.mktemp("index"))
    engine = next(factory)()
    engine.add(corpus)
    engine.commit()
    yield engine
    next(factory, None)


FILTER_CASES = [
    {},
    {"lang": ["en"]},
    {"lang": ["en", "be"]},
    {"type": ["verdict"], "source": ["Viasna", "BAJ"]},
    {"entity": ["Andrei Navitski"], "citation": ["BY-CC-342"]},
    {"year": ["2021", "2023"], "lang": ["ru"]},
    {"citation": ["BY-CC-361-1", "BY-CC-130"], "type": ["news", "report"], "lang": ["be"]},
]


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_filter_totals_and_disjunctive_facets_match_brute_force(
    engine: Engine, corpus: list[Document], filters: dict[str, list[str]]
) -> None:
    result = engine.search(
        SearchRequest(parse_query(""), filters=filters, facet_size=50, highlights=False)
    )
    assert result.total == sum(passes(d, filters) for d in corpus)
    for name in FACETS:
        expected: Counter[str] = Counter()
        for doc in corpus:
            if passes(doc, filters, skip=name):
                expected.update(facet_values(doc, name))
        got = {fv.value: fv.count for fv in result.facets[name]}
        # selected values are always listed, even at zero
        for value in filters.get(name, []):
            assert value in got
        assert {k: v for k, v in got.items() if v} == dict(expected), name


def test_histogram_counts_months_of_matching_documents(
    engine: Engine, corpus: list[Document]
) -> None:
    result = engine.search(SearchRequest(parse_query(""), filters={"lang": ["ru"]}))
    expected = Counter(
        f"{d.date:%Y-%m}" for d in corpus if d.date and "ru" in d.languages
    )
    assert {b.key: b.count for b in result.date_histogram} == dict(expected)
    keys = [b.key for b in result.date_histogram]
    assert keys == sorted(keys)


def tokens(doc: Document) -> set[str]:
    return {t for p in doc.pages for t in ANALYZE.analyze(p.text)} | set(
        ANALYZE.analyze(doc.title or "")
    )


def has_phrase(doc: Document, words: list[str]) -> bool:
    for page in doc.pages:
        seq = ANALYZE.analyze(page.text)
        if any(seq[i : i + len(words)] == words for i in range(len(seq))):
            return True
    return False


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        ("prisoner", lambda t, d: "prisoner" in t),
        ("prisoner court", lambda t, d: {"prisoner", "court"} <= t),
        ("prisoner AND court", lambda t, d: {"prisoner", "court"} <= t),
        ("prisoner OR amnesty", lambda t, d: bool({"prisoner", "amnesty"} & t)),
        ("prisoner -court", lambda t, d: "prisoner" in t and "court" not in t),
        ("NOT minsk", lambda t, d: "minsk" not in t),
        ('"hunger strike"', lambda t, d: has_phrase(d, ["hunger", "strike"])),
        ("(appeal OR amnesty) -verdict", lambda t, d: bool({"appeal", "amnesty"} & t)
         and "verdict" not in t),
        ("PRISONER", lambda t, d: "prisoner" in t),
    ],
)
def test_text_query_totals_match_brute_force(
    engine: Engine, corpus: list[Document], query: str, predicate: object
) -> None:
    result = engine.search(SearchRequest(parse_query(query), highlights=False))
    expected = sum(bool(predicate(tokens(d), d)) for d in corpus)  # type: ignore[operator]
    assert result.total == expected


def test_date_sorts_are_monotonic_with_undated_last(engine: Engine) -> None:
    for sort, descending in (("date_asc", False), ("date_desc", True)):
        result = engine.search(
            SearchRequest(parse_query(""), sort=sort, size=100, page=3, highlights=False)
        )
        dates = [h.date for h in result.hits]
        dated = [d for d in dates if d]
        assert dated == sorted(dated, reverse=descending)
        assert all(d is None for d in dates[len(dated) :])


def test_pages_are_disjoint_and_cover_all_results(
    engine: Engine, corpus: list[Document]
) -> None:
    seen: list[str] = []
    for page in range(1, 6):
        result = engine.search(
            SearchRequest(parse_query(""), sort="date_desc", page=page, size=50, highlights=False)
        )
        seen += [h.id for h in result.hits]
    assert len(seen) == len(set(seen)) == len(corpus)


def test_date_range_is_inclusive(engine: Engine, corpus: list[Document]) -> None:
    start, end = dt.date(2021, 3, 4), dt.date(2022, 6, 7)
    result = engine.search(
        SearchRequest(parse_query(""), date_from=start, date_to=end, highlights=False)
    )
    assert result.total == sum(1 for d in corpus if d.date and start <= d.date <= end)


def _doc(doc_id: str, pages: list[str], **extra: object) -> Document:
    return Document(
        id=doc_id, sha256=doc_id.ljust(64, "0"), file_name=f"{doc_id}.pdf",
        media_type="application/pdf", size=1, title=f"Title {doc_id}",
        pages=[Page(i + 1, text) for i, text in enumerate(pages)], **extra,  # type: ignore[arg-type]
    )


def test_highlights_name_the_page_the_words_are_on(empty_engine: EngineFactory) -> None:
    engine = empty_engine()
    engine.add([_doc("h1", ["nothing here", "still nothing", "the Palitviazni <b> appeal"])])
    engine.commit()
    hit = engine.search(SearchRequest(parse_query("palitviazni"))).hits[0]
    assert [h.page for h in hit.highlights] == [3]
    assert "<mark>Palitviazni</mark>" in hit.highlights[0].text
    assert "&lt;b&gt;" in hit.highlights[0].text  # the text around marks is escaped


def test_folding_finds_words_without_diacritics(empty_engine: EngineFactory) -> None:
    engine = empty_engine()
    engine.add([_doc("f1", ["Nils Muižnieks, UN Special Rapporteur"])])
    engine.commit()
    assert engine.search(SearchRequest(parse_query("Muiznieks"))).total == 1
    assert engine.search(SearchRequest(parse_query('"nils muiznieks"'))).total == 1


def test_adding_a_document_again_replaces_it(empty_engine: EngineFactory) -> None:
    engine = empty_engine()
    engine.add([_doc("r1", ["first version"])])
    engine.commit()
    engine.add([_doc("r1", ["second version"])])
    engine.commit()
    assert engine.count() == 1
    assert engine.search(SearchRequest(parse_query("first"))).total == 0
    assert engine.search(SearchRequest(parse_query("second"))).total == 1


def test_similar_finds_the_document_sharing_rare_words_and_never_itself(
    empty_engine: EngineFactory,
) -> None:
    engine = empty_engine()
    base = "Navitski hunger strike Zhodzina colony appeal rejected"
    docs = [
        _doc("s1", [base + " first report"]),
        _doc("s2", [base + " second report from the colony"]),
        _doc("s3", ["Weather in Brest is sunny and warm today"]),
        _doc("s4", ["Colony rules changed; no appeal possible"]),
    ]
    engine.add(docs)
    engine.commit()
    result = engine.similar(docs[0], 5)
    ids = [h.id for h in result.hits]
    assert "s1" not in ids
    assert ids[0] == "s2"
    assert "s3" not in ids


def test_a_document_with_one_page_of_text_is_highlighted_on_that_page(
    empty_engine: EngineFactory,
) -> None:
    engine = empty_engine()
    engine.add([_doc("one", ["", "   ", "The only page with the word Zhodzina on it"]),
                _doc("two", ["Zhodzina on page one", "and a second page"])])
    engine.commit()
    result = engine.search(SearchRequest(parse_query("zhodzina")))
    pages = {hit.id: [h.page for h in hit.highlights] for hit in result.hits}
    assert pages == {"one": [3], "two": [1]}
    texts = [h.text for hit in result.hits for h in hit.highlights]
    assert all("<mark>Zhodzina</mark>" in text for text in texts)


def test_a_document_re_added_with_one_page_keeps_no_stale_pages(
    empty_engine: EngineFactory,
) -> None:
    engine = empty_engine()
    engine.add([_doc("p", ["alpha", "beta", "gamma zebra"])])
    engine.commit()
    engine.add([_doc("p", ["zebra alone"])])
    engine.commit()
    hit = engine.search(SearchRequest(parse_query("zebra"))).hits[0]
    assert [h.page for h in hit.highlights] == [1]
    assert engine.search(SearchRequest(parse_query("gamma"))).total == 0
