"""The embedded engine's per-language analysis: the issue's word pairs share a stem."""

from __future__ import annotations

import pytest

from poshuk.core.analysis import _folded, analyze
from poshuk.core.textfold import fold_words


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("be", ["політвязні", "палітвязняў", "палітвязні", "палітвязень", "палітвязнямі"]),
        ("be", ["Навіцкі", "Навіцкага", "Навіцкаму"]),
        ("be", ["Лукашэнка", "Лукашэнкі"]),
        ("uk", ["політв'язні", "політв’язнів", "політв'язня", "політв'язень"]),
        ("ru", ["политзаключённых", "политзаключенный", "политзаключенные"]),
        ("en", ["prisoner", "prisoners"]),
        ("pl", ["polityczni", "politycznych", "politycznego"]),
        ("lt", ["kaliniai", "kalinių"]),
    ],
)
def test_forms_share_one_stem(lang: str, forms: list[str]) -> None:
    stems = {tuple(analyze(lang, form)) for form in forms}
    assert len(stems) == 1, dict(zip(forms, (analyze(lang, f) for f in forms), strict=True))


def test_stop_words_from_the_template_are_left_out() -> None:
    assert analyze("be", "і палітвязні ў калоніі") == analyze("be", "палітвязні калоніі")
    assert len(analyze("be", "і палітвязні ў калоніі")) == 2


def test_different_words_keep_different_stems() -> None:
    assert analyze("be", "палітвязні") != analyze("be", "палітыка")
    assert analyze("ru", "свобода") != analyze("ru", "свидетель")


@pytest.mark.parametrize(
    ("query", "nominative"),
    [("Навицкого", "Navitski"), ("Навіцкаму", "Navitski"), ("Nawickiego", "Navitski"),
     ("Савицкой", "Savitskaya"), ("Лазовську", "Lazouskaya"), ("Пашкевича", "Пашкевич")],
)
def test_a_surname_in_a_case_form_also_looks_for_its_nominative_in_any_script(
    query: str, nominative: str
) -> None:
    assert fold_words(nominative) in _folded(query)


def test_nominatives_are_not_made_of_nominatives_or_of_english_words() -> None:
    assert _folded("Navitski") == [["navicki"]]
    assert _folded("prisoners released") == [fold_words("prisoners released")]
