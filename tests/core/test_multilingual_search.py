"""Every example of issue 5 (multilingual search), on every engine, through the Engine
protocol only: names across scripts and spellings, words in any grammatical form,
diacritics, and exact spelling ranking first."""

from __future__ import annotations

import pytest

from poshuk.core.engines import Engine, SearchRequest
from poshuk.core.model import Document, Page
from poshuk.core.query import parse_query
from tests.core.conftest import EngineFactory

# One short document per spelling; the language is what language ID would say.
TEXTS = {
    "ru-lukashenko": ("ru", "Заявление Лукашенко о помиловании осуждённых было опубликовано."),
    "be-lukashenka": ("be", "Заява Лукашэнкі пра памілаванне асуджаных; подпіс Лукашэнка."),
    "en-lukashenko": ("en", "A statement by Lukashenko on pardons was published on Tuesday."),
    "en-lukashenka": ("en", "Aliaksandr Lukashenka signed the decree late on Tuesday night."),
    "be-lacinka": ("be", "Zajava Łukašenka pra pamiłavannie asudžanych była apublikavana."),
    "be-navitski": ("be", "Палітвязень Андрэй Навіцкі вызвалены па памілаванні ў ліпені."),
    "en-navitski": ("en", "Andrei Navitski was released from the penal colony in July."),
    "be-palitviazni": ("be", "Праваабаронцы прызналі палітвязняў і патрабуюць іх вызвалення."),
    "ru-politzakl": ("ru", "Правозащитники признали их политзаключёнными и требуют освобождения."),
    "ru-politzakl-2": ("ru", "Каждый политзаключенный имеет право на защиту и переписку."),
    "en-prisoner": ("en", "The prisoner was held in solitary confinement for a month."),
    "en-prisoners": ("en", "Rights groups count over a thousand prisoners of conscience."),
    "en-muiznieks": ("en", "Special Rapporteur Nils Muižnieks presented the report in Geneva."),
    "en-muiznieks-plain": ("en", "The rapporteur Muiznieks spoke to journalists afterwards."),
    "en-unrelated": ("en", "The weather in Minsk was cold and the court adjourned early."),
    "ru-unrelated": ("ru", "Погода в Минске была холодной, и заседание суда отложили."),
}


def document(doc_id: str, lang: str, text: str) -> Document:
    return Document(
        id=doc_id, sha256=doc_id.ljust(64, "0"), file_name=f"{doc_id}.txt",
        media_type="text/plain", size=len(text), title=doc_id, language=lang,
        pages=[Page(1, text, lang)],
    )


@pytest.fixture
def engine(empty_engine: EngineFactory) -> Engine:
    engine = empty_engine()
    engine.add(document(doc_id, lang, text) for doc_id, (lang, text) in TEXTS.items())
    engine.commit()
    return engine


def ids(engine: Engine, query: str, size: int = 20) -> list[str]:
    result = engine.search(SearchRequest(parse_query(query), size=size))
    return [hit.id for hit in result.hits]


LUKASHENKO = {"ru-lukashenko", "be-lukashenka", "en-lukashenko", "en-lukashenka", "be-lacinka"}


@pytest.mark.parametrize(
    "query", ["Lukashenko", "Lukashenka", "Łukašenka", "Лукашенко", "Лукашэнка", "lukashenko"]
)
def test_every_spelling_of_lukashenko_finds_every_other(engine: Engine, query: str) -> None:
    assert set(ids(engine, query)) >= LUKASHENKO
    assert "en-unrelated" not in ids(engine, query)


@pytest.mark.parametrize("query", ["Navitski", "Навіцкі", "Навицкий", "Navitskiy"])
def test_navitski_finds_the_cyrillic_and_the_latin_spelling(engine: Engine, query: str) -> None:
    assert set(ids(engine, query)) == {"be-navitski", "en-navitski"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("політвязні", {"be-palitviazni", "be-navitski"}),
        ("палітвязняў", {"be-palitviazni", "be-navitski"}),
        ("политзаключённых", {"ru-politzakl", "ru-politzakl-2"}),
        ("политзаключенный", {"ru-politzakl", "ru-politzakl-2"}),
        ("prisoner", {"en-prisoner", "en-prisoners"}),
        ("prisoners", {"en-prisoner", "en-prisoners"}),
    ],
)
def test_a_word_finds_its_other_forms(engine: Engine, query: str, expected: set[str]) -> None:
    assert set(ids(engine, query)) == expected


@pytest.mark.parametrize("query", ["Muiznieks", "Muižnieks", "MUIŽNIEKS"])
def test_diacritics_and_case_are_folded(engine: Engine, query: str) -> None:
    assert set(ids(engine, query)) == {"en-muiznieks", "en-muiznieks-plain"}


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Muižnieks", "en-muiznieks"),
        ("Muiznieks", "en-muiznieks-plain"),
        ("Łukašenka", "be-lacinka"),
        ("Lukashenka", "en-lukashenka"),
        ("Лукашенко", "ru-lukashenko"),
        ("политзаключенный", "ru-politzakl-2"),
        ("prisoners", "en-prisoners"),
    ],
)
def test_exact_spelling_ranks_first(engine: Engine, query: str, first: str) -> None:
    assert ids(engine, query)[0] == first


def test_yo_and_ye_are_one_letter(engine: Engine) -> None:
    assert "ru-lukashenko" in ids(engine, "осужденных")


def test_highlights_mark_the_form_found(engine: Engine) -> None:
    result = engine.search(SearchRequest(parse_query("Navitski"), size=5))
    marks = {hit.id: " ".join(h.text for h in hit.highlights) for hit in result.hits}
    assert "<mark>Навіцкі</mark>" in marks["be-navitski"]
    assert "<mark>Navitski</mark>" in marks["en-navitski"]


def test_a_phrase_matches_across_scripts_in_order_only(engine: Engine) -> None:
    assert set(ids(engine, '"Andrei Navitski"')) == {"be-navitski", "en-navitski"}
    assert ids(engine, '"Navitski Andrei"') == []


def test_u_short_and_dotted_i_are_folded(engine: Engine) -> None:
    # ў written as у, і as и or as a Latin i (as web text often has it)
    assert "be-palitviazni" in ids(engine, "палітвязнЯу")
    assert "be-navitski" in ids(engine, "Навицки")
    assert "be-navitski" in ids(engine, "Навiцкi")
