"""Query words as another language writes them (Latin names in Cyrillic, and between the
Cyrillic alphabets)."""

from __future__ import annotations

import pytest

from poshuk.core.transliterate import language_variant, to_cyrillic


@pytest.mark.parametrize(
    ("latin", "lang", "cyrillic"),
    [
        ("Navitski", "ru", "навицкий"),
        ("Navitski", "be", "навіцкі"),
        ("Navitsky", "uk", "навіцкий"),
        ("Hrynkevich", "be", "грынкевіч"),
        ("Lazouskaya", "be", "лазоўская"),
        ("Savitskaya", "ru", "савицкая"),
        ("Łukašenka", "be", "лукашенка"),
        ("Andrei", "ru", "андрей"),
        ("Viasna", "be", "вясна"),
        ("Shchukin", "ru", "щукин"),
    ],
)
def test_latin_names_in_cyrillic(latin: str, lang: str, cyrillic: str) -> None:
    assert to_cyrillic(latin, lang) == cyrillic


def test_variant_rewrites_other_alphabets_letters() -> None:
    assert language_variant("Савіцкая", "ru") == "савицкая"
    assert language_variant("Навицкого", "be") == "навіцкого"
    assert language_variant("Navitski Andrei", "be") == "навіцкі андрей"


def test_variant_is_none_when_nothing_changes() -> None:
    assert language_variant("Навицкого", "ru") is None
    assert language_variant("палітвязні", "be") is None
    assert language_variant("342", "ru") is None


def test_a_russian_adjective_surname_is_written_the_belarusian_way() -> None:
    assert language_variant("Навицкий", "be") == "навіцкі"
    assert language_variant("Навицкий Гринкевич", "be") == "навіцкі грінкевіч"
    assert language_variant("Савицкий", "uk") is None  # Ukrainian writes -ий itself
