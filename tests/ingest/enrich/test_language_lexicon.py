"""The words' frequencies as a second opinion on lingua (``language_lexicon``)."""

from __future__ import annotations

import pytest

from ingest.enrich.language import detect
from ingest.enrich.language_lexicon import MARGIN, _likelihood, likeliest, overruled


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
    [  # written for the project; lingua's first choice (with the archive's prior) was under
        # the confidence floor, and the words prefer one language by the margin
        ("Uz jsem doma.", "cs"),  # lingua: cs (und before the lists)
        ("Napatie v meste rastie.", "sk"),  # lingua: sk (und before the lists)
        # Czech without diacritics (Slovak: rastie, zajtra); und before this rule
        ("Cena chleba roste.", "cs"),  # lingua: pl
        ("Zitra prsi.", "cs"),  # lingua: sk
    ],
)
def test_the_words_name_the_language_lingua_is_too_unsure_of(text: str, lang: str) -> None:
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


def test_the_likeliest_needs_another_listed_candidate_and_the_margin() -> None:
    assert likeliest("the court has decided", ("de", "en", "fr")) == "en"
    assert likeliest("the court", ("en",)) is None  # nothing to compare with
    assert likeliest("the court", ("en", "be")) is None  # Belarusian has no list
    # Czech and Slovak share "v": the margin is not reached on it alone
    assert likeliest("v", ("cs", "sk")) is None
    assert likeliest("qzxv wqpz", ("en", "de")) is None  # words no list knows


def test_words_without_diacritics_and_serbian_cyrillic_are_found() -> None:
    unlisted = _likelihood(["qzxvw"], [], "cs")
    assert _likelihood(["priprava"], [], "cs") > unlisted + MARGIN  # příprava without marks
    assert _likelihood(["године", "био"], [], "sr") > unlisted + MARGIN  # the list is Latin


def test_a_word_with_an_apostrophe_is_looked_up_whole_then_in_parts() -> None:
    unlisted = _likelihood(["qzxvw"], [], "uk")
    assert _likelihood([], ["п'ять"], "uk") > unlisted + MARGIN  # listed whole
    assert _likelihood([], ["l'homme"], "fr") > 2 * unlisted + MARGIN  # l + homme
    # typographic apostrophes are read as the list writes them: Ukrainian, not Russian
    assert likeliest("п’ять м’ясо", ("ru", "uk")) == "uk"
    assert likeliest("пять мясо", ("uk", "ru")) == "ru"
