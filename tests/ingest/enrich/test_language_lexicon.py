"""The words' frequencies as a second opinion on lingua (``language_lexicon``)."""

from __future__ import annotations

import pytest

from ingest.enrich.language import detect
from ingest.enrich.language_lexicon import MARGIN, _likelihood, confirms, overruled


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # written for the project; lingua with the word votes gave each to a neighbour
        ("Заходь, не соромся.", "uk"),  # lingua: ru
        ("Dalsi schuzka bude v breznu.", "cs"),  # lingua: sk (no diacritics)
    ],
)
def test_the_words_overrule_lingua_where_it_took_a_neighbour(text: str, lang: str) -> None:
    assert detect(text)[0] == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # lingua's first choice was right but under the confidence floor (und before)
        ("Uz jsem doma.", "cs"),
        ("Napatie v meste rastie.", "sk"),
    ],
)
def test_an_unsure_lingua_stands_when_the_words_bear_it_out(text: str, lang: str) -> None:
    found, confidence = detect(text)
    assert found == lang
    assert confidence < 0.3  # still reported as unsure


def test_another_candidate_wins_only_by_the_margin() -> None:
    english = "the court has decided"
    assert overruled(english, "de", ("en", "de")) == "en"
    assert overruled(english, "en", ("en", "de")) == "en"
    # a language with no list (Belarusian) is neither overruled nor compared
    assert overruled(english, "be", ("en", "be")) == "be"
    # words no list knows: every language is as likely, nothing changes
    assert overruled("qzxv wqpz", "de", ("en", "de")) == "de"


def test_confirming_needs_another_listed_candidate_and_the_margin() -> None:
    assert confirms("the court has decided", "en", ("en", "de", "fr"))
    assert not confirms("the court", "en", ("en",))  # nothing to compare with
    assert not confirms("the court", "en", ("en", "be"))
    # Czech and Slovak share "v": the margin is not reached on it alone
    assert not confirms("v", "cs", ("cs", "sk"))


def test_words_without_diacritics_and_serbian_cyrillic_are_found() -> None:
    unlisted = _likelihood(["qzxvw"], [], "cs")
    assert _likelihood(["priprava"], [], "cs") > unlisted + MARGIN  # příprava without marks
    assert _likelihood(["године", "био"], [], "sr") > unlisted + MARGIN  # the list is Latin


def test_a_word_with_an_apostrophe_is_looked_up_whole_then_in_parts() -> None:
    unlisted = _likelihood(["qzxvw"], [], "uk")
    assert _likelihood([], ["п'ять"], "uk") > unlisted + MARGIN  # listed whole
    assert _likelihood([], ["l'homme"], "fr") > 2 * unlisted + MARGIN  # l + homme
    # typographic apostrophes are read as the list writes them: Ukrainian, not Russian
    assert confirms("п’ять м’ясо", "uk", ("uk", "ru"))
    assert confirms("пять мясо", "ru", ("uk", "ru"))
