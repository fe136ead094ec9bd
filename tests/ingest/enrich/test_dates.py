from __future__ import annotations

import datetime as dt

import pytest

from ingest.enrich.dates import find_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Geneva, 2 July 2024 — the experts", dt.date(2024, 7, 2)),
        ("on July 2, 2024 the court", dt.date(2024, 7, 2)),
        ("Минск, 2 июля 2024 г.", dt.date(2024, 7, 2)),
        ("Мінск, 2 ліпеня 2024 г.", dt.date(2024, 7, 2)),
        ("12 жніўня 2020 г.", dt.date(2020, 8, 12)),
        ("пратакол ад 02.07.2024", dt.date(2024, 7, 2)),
        ("dated 2024-07-02.", dt.date(2024, 7, 2)),
        ("on 9 Sept 2020", dt.date(2020, 9, 9)),
        ("15 ДЕКАБРЯ 2021", dt.date(2021, 12, 15)),
    ],
)
def test_each_written_form_is_normalised(text: str, expected: dt.date) -> None:
    assert [f.value for f in find_dates(text)] == [expected]


def test_impossible_and_out_of_range_dates_are_ignored() -> None:
    assert list(find_dates("31.02.2024, 1 Smarch 2024, 01.01.1066, 2024-13-01")) == []


def test_dates_come_in_order_of_appearance() -> None:
    text = "Arrested 10.08.2020, tried on 3 March 2021 and released 2024-07-02."
    assert [f.value.isoformat() for f in find_dates(text)] == [
        "2020-08-10", "2021-03-03", "2024-07-02",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in March 2025 the experts", [("2025-03", "month")]),
        ("в марте 2025 года", [("2025-03", "month")]),
        ("у сакавіку 2025 г.", [("2025-03", "month")]),
        ("a February 2025 amendment", [("2025-02", "month")]),
        ("in 2024, authorities", [("2024", "year")]),
        ("в 2024 году", [("2024", "year")]),
        ("у 2024 годзе", [("2024", "year")]),
        ("on 2 July 2024 an amnesty", [("2024-07-02", "day")]),  # not also July 2024
        ("1,275 people; case 1-187/2021; in 2020-2021", []),
    ],
)
def test_months_and_years_have_their_precision(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = find_dates(text, ("day", "month", "year"))
    assert [(f.iso, f.precision) for f in found] == expected


def test_only_days_unless_asked() -> None:
    assert [f.iso for f in find_dates("2 July 2024, March 2025, in 2020")] == ["2024-07-02"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Одеса, 17 травня 2023 року. Правозахисники", ["2023-05-17"]),
        ("у лютому 2022 року і в 2021 році", ["2022-02", "2021"]),
        ("Kraków, 30 czerwca 2022 r. Sąd", ["2022-06-30"]),
        ("w październiku 2021 r. i od 2019 r.", ["2021-10", "2019"]),
    ],
)
def test_ukrainian_and_polish_dates(text: str, iso: list[str]) -> None:
    assert [d.iso for d in find_dates(text, ("day", "month", "year"))] == iso


def test_only_words_that_are_month_names_make_dates() -> None:
    """A month is any word the tables know, in any case; a word that only case-folds to a
    name (``ſ`` is a long s) is not one, and stops nothing (it raised a KeyError when an
    alternation of names matched case-insensitively)."""
    text = ("ſeptember 2024; Maya 2024; Janek 3, 2024; 12 apples 2024; "
            "MARCH OF 2021; 3 \u212aWIECIEŃ 2020; Sept. 9, 2022; 5 ЛІПЕНЯ 2019 г.")
    found = [(d.iso, d.text) for d in find_dates(text, ("day", "month", "year"))]
    assert found == [("2021-03", "MARCH OF 2021"), ("2020-04-03", "3 \u212aWIECIEŃ 2020"),
                     ("2022-09-09", "Sept. 9, 2022"), ("2019-07-05", "5 ЛІПЕНЯ 2019")]
