"""Close neighbours told apart by their words (``language_votes``), beside lingua."""

from __future__ import annotations

import pytest

from ingest.enrich.language import detect
from ingest.enrich.language_votes import by_votes


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # short sentences written for the project that lingua alone gave to a neighbour
        ("Кой ще плати за това?", "bg"),  # кой, ще, това: Bulgarian (lingua: ru)
        ("Тя написа писмо до президента.", "bg"),
        ("Пресуда је обжаљена пред вишим судом.", "sr"),  # је (lingua: mk)
        ("Я сам к тебе приду завтра.", "ru"),  # к: not Ukrainian (lingua: uk)
        ("Она написала письмо президенту.", "ru"),
        ("Urcite budou i dalsi obeti.", "cs"),  # budou (lingua: sk)
        ("Мене не пустили на суд.", "uk"),  # мене (lingua: ru)
        ("Все буде добре.", "uk"),
    ],
)
def test_a_neighbours_words_outvote_lingua(text: str, lang: str) -> None:
    assert detect(text)[0] == lang


def test_a_quoted_neighbour_does_not_turn_a_russian_text() -> None:
    text = ("Правозащитники заявили, что суд над журналистом был политическим. Его коллеги "
            "в Софии написали: «Той е невинен, това е съдът на властта». Адвокат сказал, "
            "что обжалует приговор, и это уже третья жалоба.")
    assert detect(text)[0] == "ru"


def test_two_votes_overrule_a_sure_lingua_and_one_an_unsure_one() -> None:
    scores = {"ru": 0.6, "bg": 0.4}
    assert by_votes("ще дойде", "ru", 0.95, scores) == "ru"  # one vote (ще)
    assert by_votes("ще дойде", "ru", 0.6, scores) == "bg"
    assert by_votes("това ще стане", "ru", 0.95, scores) == "bg"  # two (това, ще)
    # a vote against: Russian что cancels one of them
    assert by_votes("что това ще", "ru", 0.95, scores) == "ru"


def test_only_a_neighbour_lingua_scored_can_win_and_ties_go_to_its_higher_score() -> None:
    assert by_votes("това ще", "ru", 0.5, {"ru": 1.0}) == "ru"  # bg ruled out before
    assert by_votes("това ще", "en", 0.5, {"en": 0.6, "bg": 0.4}) == "en"  # not its group
    # но, и: ru bg mk sr against Ukrainian; the tie between them goes to lingua's better
    assert by_votes("но и", "uk", 0.5, {"uk": 0.5, "ru": 0.2, "bg": 0.3}) == "bg"
    assert by_votes("но и", "uk", 0.5, {"uk": 0.5, "ru": 0.3, "bg": 0.2}) == "ru"


def test_a_hard_sign_before_a_consonant_is_bulgarian_not_russian() -> None:
    assert by_votes("съдът път", "ru", 0.95, {"ru": 0.6, "bg": 0.4}) == "bg"
    assert by_votes("объявить подъезд", "ru", 0.6, {"ru": 0.6, "bg": 0.4}) == "ru"


def test_words_ukrainian_shares_with_bulgarian_do_not_vote_against_it() -> None:
    # ще (still; Bulgarian: will), година (hour; Bulgarian: year), той (that)
    scores = {"uk": 0.5, "bg": 0.3}
    for text in ("ще спить", "година минула", "той день"):
        assert by_votes(text, "uk", 0.5, scores) == "uk", text
