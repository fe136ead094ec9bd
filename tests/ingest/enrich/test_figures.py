"""Figures: counts with what they count, in English, Russian and Belarusian; and what is
not a figure (years, dates, provisions, identifiers, durations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.enrich.figures import find_figures, page_figures
from poshuk.core.model import Page


def pairs(text: str) -> list[tuple[int | float, str]]:
    return [(f.value, f.counted) for f in find_figures(text)]


def test_the_four_figures_of_the_shared_news_reports(shared_dir: Path) -> None:
    """What shared/corpus/README.md says a reader finds: 1,275 political prisoners, 219 at
    high risk, 7 with disabilities, 78 seriously ill."""
    found = {
        (f.value, f.counted, f.qualifier)
        for path in sorted((shared_dir / "corpus" / "news").glob("*.txt"))
        for f in find_figures(path.read_text(encoding="utf-8"))
    }
    assert {
        (1275, "people", "at least"),
        (219, "political prisoners", "at least"),
        (7, "political prisoners with disabilities", "at least"),
        (78, "others", None),
    } <= found
    # nothing from "the 2020 presidential election", "since 2021", "2 July 2024"
    assert all(value not in {2020, 2021, 2024, 2025} for value, _, _ in found)


def test_a_figure_keeps_its_wording_and_its_clause(shared_dir: Path) -> None:
    text = (shared_dir / "corpus" / "news").glob("000_*.txt").__next__().read_text("utf-8")
    [figure] = [f for f in find_figures(text) if f.value == 1275]
    assert figure.text == "at least 1,275 people"
    assert figure.context.startswith("at least 1,275 people remain imprisoned on politically")
    assert text[figure.start : figure.end] == "at least 1,275 people"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("В колониях остаются 1275 политзаключённых.", [(1275, "политзаключённых")]),
        ("Не менее 40 журналистов задержаны.", [(40, "журналистов")]),
        ("На волі больш за 1200 палітвязняў не засталося.", [(1200, "палітвязняў")]),
        ("За кратами 1 200 палітвязняў.", [(1200, "палітвязняў")]),
        ("Задержаны двадцать два участника марша.", [(22, "участника")]),
        ("Суд допросил двух свидетелей и трёх экспертов.",
         [(2, "свидетелей"), (3, "экспертов")]),
        ("Трое журналистов остаются под стражей.", [(3, "журналистов")]),
        ("Затрыманыя сем актывістаў і чатыры журналісткі.",
         [(7, "актывістаў"), (4, "журналісткі")]),
        ("Пяцёра калег працуюць з-за мяжы.", [(5, "калег")]),
        ("Около сотни человек пришли к суду.", [(100, "человек")]),
        ("Свыше двух тысяч задержанных прошли через изолятор.", [(2000, "задержанных")]),
        ("Оштрафованы на сумму от 10 до 30 базовых величин.",
         [(10, "базовых величин"), (30, "базовых величин")]),
        ("По данным правозащитников, 7 политзаключённых с инвалидностью нуждаются в помощи.",
         [(7, "политзаключённых с инвалидностью")]),
        ("Some 2,500 people signed the appeal.", [(2500, "people")]),
        ("Police seized two laptops and three phones.", [(2, "laptops"), (3, "phones")]),
        ("The homes of three of its staff were searched.", [(3, "staff")]),
        ("Twenty-five detainees were released.", [(25, "detainees")]),
        ("about 1.5 million people voted", [(1_500_000, "people")]),
        ("two hundred and fifty protesters", [(250, "protesters")]),
    ],
)
def test_counts_with_what_they_count(text: str, expected: list[tuple[int, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("at least 219 political prisoners", 219, "at least"),
        ("more than 200 political prisoners", 200, "more than"),
        ("не менее 40 журналистов", 40, "не менее"),
        ("более чем 50 организаций", 50, "более чем"),
        ("свыше 300 задержанных", 300, "свыше"),
        ("больш за 1200 палітвязняў", 1200, "больш за"),
        ("не менш за 57 чалавек", 57, "не менш за"),
        ("каля 300 чалавек", 300, "каля"),
        ("around 1,400 people", 1400, "around"),
    ],
)
def test_qualifiers_are_kept_as_written(text: str, value: int, qualifier: str) -> None:
    [figure] = find_figures(text)
    assert (figure.value, figure.qualifier, figure.text) == (value, qualifier, text)


def test_percentages_are_figures_with_or_without_what_they_share() -> None:
    found = [(f.value, f.unit, f.counted) for f in find_figures(
        "45% of detainees were fined; около 60 % задержанных — женщины; "
        "больш як 70 працэнтаў з іх асуджаныя; 12.5 percent voted")]
    assert found == [(45, "%", "detainees"), (60, "%", "задержанных"), (70, "%", ""),
                     (12.5, "%", "")]


@pytest.mark.parametrize(
    "text",
    [
        # years and dates, with or without a year
        "Belarus' disputed 2020 presidential election and the 2020 events",
        "Since 2020 protests have been banned; in 2024 pardons followed.",
        "Задержан 15 ноября 2020 г., осуждён 16 февраля 2021 г.",
        "Вашыя лісты ад 3 і 10 снежня я атрымаў толькі 28 снежня.",
        "В 2020–2021 гг. и в 2022 году",
        "weekly digest, 8–14 July 2024",
        # provisions, document symbols, case and institution numbers
        "по ч. 1 ст. 342 УК; ст. 342, 130 и 369 УК; арт. 23.34 КаАП",
        "under Part 2 of Article 361-1 of the Criminal Code",
        "the report A/HRC/56/65 and communication No. 2897/2016",
        "Дело № 1-187/2021; СИЗО № 1; ИК-17; Penal colony No. 4",
        # pages, sections, times, addresses, phones, ordinals, identifiers
        "see p. 5 and pages 12 to 14; 2.1 Detentions on a mass scale",
        "1. Summary\n\n2. Main findings",
        "officers arrived at 7:15 am; about 4 pm near 8 Angarskaya Street",
        "тел. +375 29 123-45-67; студента 3-го курса; the 5th colony; 27-летняя",
        "https://spring96.org/files/2024/1275/people",
        # durations, ages and multipliers
        "sentenced to three and a half years; up to 15 days; more than four hours",
        "назначил 4 года лишения свободы; 1 год 6 месяцев; от 7 до 15 суток",
        "на 3,5 года калоніі; больш за 90 сутак; 3 гады і 10 месяцаў",
        "пять раз водворялся в ШИЗО; 37-летний инженер",
        # indefinite quantities, "one", and numbers with nothing counted
        "dozens of towns, hundreds of cases, several thousand people, tens of thousands",
        "сотни людей; некалькі соцень чалавек; несколько тысяч задержанных",
        "One case involves a woman; one of the concerns; адзін канверт",
        "Twenty-three of them reached me; Шестеро получили по 3 года; з іх 12 — за падпіскі",
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_money_is_a_figure_with_its_unit() -> None:
    found = [(f.value, f.counted, f.unit) for f in find_figures(
        "пералічыў 20 долараў; штраф 30 базовых величин; a fine of $500")]
    assert found == [(20, "долараў", None), (30, "базовых величин", None), (500, "", "$")]


def test_page_figures_merge_one_figure_across_pages_and_spellings() -> None:
    pages = [
        Page(1, "В колониях 1275 политзаключённых."),
        Page(2, "Ничего."),
        Page(3, "Повторим: 1275 политзаключенных, из них 167 женщин."),
    ]
    figures = page_figures(pages)
    assert [(f.value, f.counted, f.pages) for f in figures] == [
        (1275, "политзаключённых", [1, 3]), (167, "женщин", [3]),
    ]
    assert figures[0].text == "1275 политзаключённых"  # the first wording seen


def test_a_collective_noun_is_counted_through_the_plural_after_it() -> None:
    assert pairs("Two police officers held him; two police vans waited.") == [
        (2, "police officers"), (2, "police vans")]
    assert pairs("He was beaten by two police.") == []
    assert pairs("Five media outlets were closed.") == [(5, "media outlets")]


def test_ukrainian_and_polish_counts() -> None:
    assert pairs("Затримано понад 2 тисячі людей, серед них 12 журналістів.") == [
        (2000, "людей"), (12, "журналістів")]
    assert pairs("Zatrzymano 40 tysięcy osób, w tym 7 dziennikarzy; wyrok: 8 lat.") == [
        (40000, "osób"), (7, "dziennikarzy")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skazano dwie osoby i czterech studentów.", [(2, "osoby"), (4, "studentów")]),
        ("Zapłacił pięć grzywien, a do sądu wpłynęło czterdzieści skarg.",
         [(5, "grzywien"), (40, "skarg")]),
        ("W akcji wzięło udział trzy tysiące osób.", [(3000, "osób")]),
        ("Zatrzymano ponad 1500 osób, w tym 120 nieletnich.",
         [(1500, "osób"), (120, "nieletnich")]),
        ("Do Komitetu trafiło 12 skarg, a 35 zatrzymanych czeka na proces.",
         [(12, "skarg"), (35, "zatrzymanych")]),
        ("Grzywna wyniosła 2 tys. rubli.", [(2000, "rubli")]),
    ],
)
def test_polish_number_words_and_counted_nouns(text: str, expected: list[tuple[int, str]]) -> None:
    assert pairs(text) == expected


def test_polish_and_ukrainian_percentages() -> None:
    assert [(f.value, f.unit) for f in find_figures("Około 40 proc. ankietowanych.")] == [
        (40, "%")]
    assert [(f.value, f.unit) for f in find_figures("Це 15 відсотків засуджених.")] == [
        (15, "%")]


def test_a_polish_name_does_not_make_english_text_polish() -> None:
    assert pairs("Łukaszenka said 5 key witnesses and 3 were heard in Kraków.") == [
        (5, "key witnesses")]
    assert pairs("Zatrzymano kilka tysięcy osób.") == []  # indefinite: several thousand
