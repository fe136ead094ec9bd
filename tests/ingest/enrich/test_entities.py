from __future__ import annotations

import pytest

from ingest.enrich.entities import document_entities, find_entities, resolve, source_name
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
        ("person", resolve("person", "Nils Muižnieks")),
        ("person", resolve("person", "Dzianis Salmanovich")),
        ("organisation", resolve("organisation", "Cyber Partisans")),
        ("organisation", resolve("organisation", "Human Rights House Foundation")),
        ("location", resolve("location", "Geneva")),
        ("location", resolve("location", "Vilnius")),
    }


def test_belarusian_rules_find_people_by_given_name_and_by_initials() -> None:
    text = ("Праваабарончы цэнтр «Вясна» паведаміў, што Андрэй Навіцкі вызвалены. "
            "Суддзя Варанковіч Т. С.")
    keys = _keys(text, "be")
    assert ("person", resolve("person", "Andrei Navitski")) in keys
    assert ("person", resolve("person", "Варанковіч Т.")) in keys
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
    navitski = entities[resolve("person", "Andrei Navitski")]  # "Navitski" alone joins him
    assert navitski.type == "person"
    assert {"Андрэй Навіцкі", "Andrei Navitski"} <= set(navitski.surface)


def test_verdict_procedure_is_not_an_entity() -> None:
    text = ("ПРИГОВОР\nИМЕНЕМ РЕСПУБЛИКИ БЕЛАРУСЬ\nСуд Октябрьского района г. Витебска в "
            "составе председательствующего Сидоренко В. Г., при секретаре Ковалёвой Н. И., "
            "рассмотрев дело Жукова Олега Викторовича,\nУСТАНОВИЛ:\nЖуков О. В. нарушил "
            "порядок. Водворён в ШИЗО, затем в СИЗО № 8. УПК Республики Беларусь. Суд\n"
            "ПРИГОВОРИЛ:")
    found = find_entities(text, "ru")
    people = {e.key for e in found if e.kind == "person"}
    assert people == {resolve("person", s) for s in ("Сидоренко В.", "Ковалёвой Н.", "Жукова О.")}
    surfaces = {e.surface for e in found}
    assert not surfaces & {"УСТАНОВИЛ", "ПРИГОВОРИЛ", "УПК", "Суд", "ШИЗО", "СИЗО № 8"}
    assert not any("\n" in s or s.lower().startswith("председатель") for s in surfaces)


def test_english_possessives_exclamations_and_the_word_on() -> None:
    text = ("Free Ihar Losik! On Monday Losik's wife met Ihar Losik's lawyer. "
            "The UN Human Rights Committee and the OSCE wrote to the Office.")
    keys = _keys(text, "en")
    assert keys == {("person", resolve("person", "Ihar Losik")),
                    ("organisation", resolve("organisation", "Human Rights Committee")),
                    ("organisation", resolve("organisation", "OSCE"))}


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Суд у Бресті засудив Андрія Навіцького, повідомила Ганна Коваль.", "uk"),
     ("Sąd w Brześciu skazał Andrzeja Nawickiego, poinformowała Hanna Kowal.", "pl")],
)
def test_ukrainian_and_polish_people_have_the_keys_of_their_other_spellings(
    text: str, lang: str
) -> None:
    keys = _keys(text, lang)
    assert ("person", resolve("person", "Andrei Navitski")) in keys
    assert ("person", resolve("person", "Hanna Koval")) in keys


def test_a_surname_in_ovich_after_a_given_name_is_the_surname() -> None:
    assert _keys("Фатографу Паўлу Лагуновічу вярнулі тэхніку.", "be") == {
        ("person", resolve("person", "Павел Лагуновіч"))}


def test_namesakes_are_told_apart_and_a_lone_surname_joins_the_only_one() -> None:
    pages = [Page(1, "Суд засудив Павла Мельника і Ганну Мельник. Мельник П. оскаржив.", "uk"),
             Page(2, "Вчера адвокат Мельника подал жалобу в Верховный суд.", "ru")]
    keys = {e.key for e in document_entities(pages, "uk") if e.type == "person"}
    assert keys == {resolve("person", "Павла Мельника"), resolve("person", "Ганну Мельник"),
                    resolve("person", "Мельник")}  # the lone surname fits both: left alone
    assert len(keys) == 3
    single = [Page(1, "Andrei Navitski wrote. Navitski's mother and Навицкий А. С.", "en")]
    assert {e.key for e in document_entities(single, "en")} == {
        resolve("person", "Andrei Navitski")}


@pytest.mark.parametrize(
    ("sources", "shown"),
    [(["Вясна", "Весна", "Viasna Human Rights Centre", "Праваабарончы цэнтр «Вясна»",
       "Centrum Praw Człowieka „Wiasna”"], "Viasna"),
     (["BAJ", "Беларуская асацыяцыя журналістаў", "Białoruskie Stowarzyszenie Dziennikarzy"],
      "Belarusian Association of Journalists")],
)
def test_sources_naming_one_organisation_are_one_source(sources: list[str], shown: str) -> None:
    assert {source_name(s) for s in sources} == {shown}


@pytest.mark.parametrize(
    "source", ["UN Special Rapporteur on Belarus", "Суд Заводского района г. Минска",
               "Nasha Niva", None],
)
def test_other_sources_stay_as_written(source: str | None) -> None:
    assert source_name(source) == source


def test_belarusian_and_russian_given_names_give_one_initial() -> None:
    assert resolve("person", "Вольга Савіцкая") == resolve("person", "Ольгу Савицкую")
    assert resolve("person", "Уладзімір Лабковіч") == resolve("person", "Владимира Лобковича")
    assert resolve("person", "Viktar Babaryka") != resolve("person", "Eduard Babaryka")


def test_a_role_in_a_participle_form_is_no_surname() -> None:
    assert _keys("Старшынствуючы Т. С. абвясціў перапынак.", "be") == set()


def test_a_channel_named_after_a_brand_is_no_organisation() -> None:
    found = find_entities("Видео опубликовали в Telegram-канале правозащитников.", "ru")
    assert not any("канал" in e.surface.lower() for e in found)


@pytest.mark.parametrize(
    ("kind", "forms"),
    [
        ("location", ["Brest", "Brześć", "Brześciu", "Брэст"]),  # w Brześciu
        ("location", ["Homiel", "Homel", "Homlu"]),  # w Homlu
        ("organisation", ["Human Rights Council", "Рада з прав людини", "Ради ООН з прав людини"]),
        ("organisation", ["European Union", "Unia Europejska", "Unii Europejskiej", "ЄС"]),
        ("organisation", ["OHCHR", "UNITED NATIONS HUMAN RIGHTS OFFICE OF THE HIGH COMMISSIONER"]),
    ],
)
def test_gazetteer_names_in_their_case_forms(kind: str, forms: list[str]) -> None:
    keys = {resolve(kind, form) for form in forms}  # type: ignore[arg-type]
    assert len(keys) == 1, keys


def test_the_gazetteer_names_stay_apart_under_the_loose_comparison() -> None:
    from ingest.enrich import gazetteer
    from ingest.enrich.entities import _gazetteer_words, _tokens
    from poshuk.core.names import entity_key

    owner: dict[tuple[str, ...], str] = {}
    for kind, display, variants in gazetteer.KNOWN:
        for name in (display, *variants):
            words = _gazetteer_words(_tokens(name))
            assert owner.setdefault(words, entity_key(kind, display)) == entity_key(
                kind, display), (name, words)


def test_an_acronym_meets_acronyms_only() -> None:
    assert ("location", resolve("location", "Russia")) not in _keys("Его доставили в РУУС.", "ru")


def test_a_polish_organisation_named_head_first_holds_its_place_name() -> None:
    found = _keys("Fundacja Wolna Białoruś i Fundacja Helsińska Praw Człowieka apelują.", "pl")
    assert ("organisation", resolve("organisation", "Fundacja Wolna Białoruś")) in found
    assert ("organisation", resolve("organisation", "Fundacji Helsińskiej Praw Człowieka")) in found
    assert ("location", resolve("location", "Białoruś")) not in found


def test_hanna_and_anna_are_one_given_name() -> None:
    assert resolve("person", "Рудак Ганны Ігараўны") == resolve("person", "Анна Рудак")
    assert resolve("person", "Hanna Rudak") == resolve("person", "Анны Рудак")
    assert resolve("person", "Halina Rudak") != resolve("person", "Anna Rudak")
