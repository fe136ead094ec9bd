"""Query expansion through the thesaurus on both engines: a concept typed in one language
finds the documents that name it in another, ranked below those with the words as typed."""

from __future__ import annotations

import pytest

from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.query import parse_query
from poshuk.core.thesaurus import expand
from tests.core.conftest import EngineFactory
from tests.core.test_multilingual_search import document

DOCUMENTS = [document(*row) for row in (
    ("en-hunger", "en", "The prisoner went on a hunger strike against his conditions."),
    ("be-hunger", "be", "Палітвязень абвясціў галадоўку ў калоніі, паведамляюць сваякі."),
    ("ru-hunger", "ru", "Заключённый объявил голодовку в знак протеста против условий."),
    ("pl-hunger", "pl", "Więzień polityczny rozpoczął głodówkę w kolonii karnej."),
    ("be-pardon", "be", "Палітвязня вызвалілі па памілаванні ў верасні."),
    ("en-weather", "en", "The strike of the clock was loud; nobody was hungry."),
)]


@pytest.fixture
def engine(empty_engine: EngineFactory) -> Engine:
    filled = empty_engine()
    filled.add(DOCUMENTS)
    filled.commit()
    return filled


def ids(engine: Engine, query: str, widen: bool = True) -> list[str]:
    node = expand(parse_query(query)) if widen else parse_query(query)
    return [hit.id for hit in engine.search(SearchRequest(node, size=10)).hits]


def test_a_concept_in_english_finds_it_in_every_language_typed_words_first(
    engine: Engine,
) -> None:
    found = ids(engine, "hunger strike")
    assert found[0] == "en-hunger"
    assert set(found) == {"en-hunger", "be-hunger", "ru-hunger", "pl-hunger"}
    assert ids(engine, "hunger strike", widen=False) == ["en-hunger"]


@pytest.mark.parametrize("query", ["голодовку", "галадоўкі", "hunger strikes"])
def test_any_case_form_names_the_concept(engine: Engine, query: str) -> None:
    assert {"en-hunger", "be-hunger", "ru-hunger", "pl-hunger"} <= set(ids(engine, query))


def test_expansion_keeps_the_other_words_of_the_query_required(engine: Engine) -> None:
    assert set(ids(engine, "hunger strike паведамляюць")) == {"be-hunger"}


def test_highlights_mark_the_added_terms(engine: Engine) -> None:
    result = engine.search(SearchRequest(expand(parse_query("hunger strike")), size=10))
    marked = {h.id: " ".join(x.text for x in h.highlights) for h in result.hits}
    assert "<mark>галадоўку</mark>" in marked["be-hunger"]
