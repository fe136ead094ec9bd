from __future__ import annotations

import pytest

from ingest.enrich.entities import document_entities, find_entities, resolve
from poshuk.core.model import Page


def _keys(text: str, language: str) -> set[tuple[str, str]]:
    return {(e.kind, e.key) for e in find_entities(text, language)}


@pytest.mark.parametrize(
    ("kind", "forms"),
    [
        ("person", ["Лукашэнка", "Лукашенко", "Lukashenko", "Лукашэнку", "Aliaksandr Lukashenka"]),
        ("person", ["Andrei Navitski", "Андрэй Навіцкі", "Андрея Навицкого",
                    "Навицкого Андрея Сергеевича", "Навицкий А. С."]),
        ("person", ["Tatsiana Lazouskaya", "Лазовской Т. В.", "Таццяны Віктараўны Лазоўскай"]),
        ("organisation", ["Viasna", "Вясна", "Весна", "Вясны", "Viasna Human Rights Centre"]),
        ("organisation", ["OHCHR", "UN Human Rights Office", "УВКПЧ"]),
        ("location", ["Belarus", "Беларусь", "Беларуси", "Беларусі", "Republic of Belarus"]),
        ("location", ["Homiel", "Gomel", "Гомель", "Гомелі", "Гомеле"]),
    ],
)
def test_spellings_cases_and_scripts_resolve_to_one_key(kind: str, forms: list[str]) -> None:
    assert len({resolve(kind, form) for form in forms}) == 1  # type: ignore[arg-type]


def test_different_people_keep_different_keys() -> None:
    people = ["Andrei Navitski", "Dzianis Salmanovich", "Volha Savitskaya", "Nils Muižnieks"]
    assert len({resolve("person", p) for p in people}) == len(people)


def test_english_names_organisations_and_places() -> None:
    text = ("Nils Muižnieks, the Special Rapporteur, met Dzianis Salmanovich of the Cyber "
            "Partisans and Human Rights House Foundation staff in Geneva and Vilnius.")
    assert _keys(text, "en") >= {
        ("person", resolve("person", "Muižnieks")),
        ("person", resolve("person", "Salmanovich")),
        ("organisation", resolve("organisation", "Cyber Partisans")),
        ("organisation", resolve("organisation", "Human Rights House Foundation")),
        ("location", resolve("location", "Geneva")),
        ("location", resolve("location", "Vilnius")),
    }


def test_belarusian_rules_find_people_by_given_name_and_by_initials() -> None:
    text = ("Праваабарончы цэнтр «Вясна» паведаміў, што Андрэй Навіцкі вызвалены. "
            "Суддзя Варанковіч Т. С.")
    keys = _keys(text, "be")
    assert ("person", resolve("person", "Navitski")) in keys
    assert ("person", resolve("person", "Варанковіч")) in keys
    assert ("organisation", resolve("organisation", "Viasna")) in keys
    assert not any(kind == "person" and "праваабар" in key for kind, key in keys)


def test_russian_model_finds_people_the_rules_do_not_know() -> None:
    text = "Адвокат Гришина заявила, что её подзащитный Сорокин будет обжаловать приговор в Москве."
    keys = _keys(text, "ru")
    assert ("person", resolve("person", "Гришина")) in keys
    assert ("person", resolve("person", "Сорокин")) in keys
    assert ("location", resolve("location", "Москва")) in keys


def test_streets_and_districts_are_not_places() -> None:
    text = "Его задержали на улице Кальварийской в Заводском районе Минска."
    places = {key for kind, key in _keys(text, "ru") if kind == "location"}
    assert places == {resolve("location", "Минск")}


def test_document_entities_are_one_per_key_with_their_forms() -> None:
    pages = [Page(1, "Андрэй Навіцкі пісаў з Магілёва.", "be"),
             Page(2, "Andrei Navitski was freed. Navitski thanked Viasna.", "en")]
    entities = {e.key: e for e in document_entities(pages, "be")}
    navitski = entities[resolve("person", "Navitski")]
    assert navitski.type == "person"
    assert {"Андрэй Навіцкі", "Andrei Navitski"} <= set(navitski.surface)
