"""One key per entity across cases, scripts and spellings.

A name's words are folded to their Latin skeleton (``poshuk.core.textfold``: Лукашэнка,
Лукашенко, Lukashenko → ``lukasenka``) and stripped of a case ending (Навицкого,
Навіцкі, Navitski → ``navick``), so the declined forms of Russian and Belarusian meet the
nominative and the Latin spellings; the sounds Belarusian writes as it says them are
written alike (Бяляцкі, Беляцкий, Bialiatski → ``beleck``). A person is keyed by surname and,
where the text gives it, the first letter of the given name (``Andrei Navitski``,
``Навицкого А. С.`` → ``person:navick a``; ``Pavel Navitski`` → ``person:navick p``), so that
namesakes stay apart; a surname named alone is ``person:navick`` (the enricher joins it to
the one person of that surname its document names).
Organisations and places are keyed by all their words, or by the gazetteer's id.
"""

from __future__ import annotations

import re
from functools import lru_cache

from poshuk.core.textfold import fold_word, fold_words

__all__ = ["bare", "entity_key", "given_name_key", "initial", "nominatives", "person_key", "stem"]

# Case and gender endings of Russian, Belarusian, Ukrainian and Polish nouns and adjectives
# after folding (longest first; no o: keys write it as a; ``eha`` is Polish -ego); a stem
# keeps at least _MIN_STEM letters.
_ENDINGS = (
    "aha", "eha", "amu", "emu", "ami", "ach", "avi", "evi", "aia", "uiu", "aiu",
    "aj", "ej", "am", "em", "im", "ih", "av", "ev", "ai",
    "a", "u", "e", "i",
)
_MIN_STEM = 4


# Russian and Belarusian spell one name differently where Belarusian writes its sounds:
# unstressed о as а (Воронкович, Варанковіч), е after a consonant as я (Беляцкий,
# Бяляцкі), soft т as ц (Тихановская, Ціханоўская). Keys write the Belarusian and Russian
# forms alike: every o as a, a consonant's ia as e, ci/ce as ti/te.
_RECONCILE = (
    (re.compile(r"o"), "a"),
    (re.compile(r"(?<=[^aeiou])ia"), "e"),
    (re.compile(r"c(?=[ie])"), "t"),
)


def _reconcile(folded: str) -> str:
    for pattern, replacement in _RECONCILE:
        folded = pattern.sub(replacement, folded)
    return folded


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """The folded word without its case endings, Russian and Belarusian spellings
    reconciled: ``navickoha`` → ``navick``; stripped until none is left, so that
    ``mohileve`` and ``mahiliav`` meet at ``mahil``."""
    folded = _reconcile(folded)
    while True:
        for ending in _ENDINGS:
            if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_STEM:
                folded = folded[: -len(ending)]
                break
        else:
            return folded


_FINAL_VOWELS = re.compile(r"[aeiou]+$")


@lru_cache(maxsize=50_000)
def given_name_key(folded: str) -> str:
    """A given name without its final vowels, the way its case forms differ (Андрэй,
    Андрэя, Андрія, Andrei → ``andr``; Hanna, Ганны → ``han``): short names need a
    shorter stem than surnames, and Petrov must not become Petr."""
    key = _FINAL_VOWELS.sub("", _reconcile(folded))
    return key if len(key) >= 2 else folded


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in fold_words(text))


def entity_key(kind: str, name: str) -> str:
    """``person:navick`` for any form of Navitski; ``organisation:human riht`` …"""
    words = stems(name)
    if kind == "person" and words:
        words = words[-1:]
    return f"{kind}:{' '.join(words)}"


def initial(given: str) -> str:
    """The letter a given name or initial is keyed by, alike in every script: the first of
    its skeleton, with the letters spellings of one name swap merged: ``i`` for e, y, i
    (Евгений, Yevgeny, Jauhen) and ``a`` for a, o, u, v (Ольга, Вольга, Volha, В.;
    Уладзімір, Владимир; Ганна, Анна)."""
    # two letters for digraphs (Kh = Х, Ts = Ц); a letter after them keeps a lone О an o
    first = fold_word(given.strip()[:2] + "x")[:1] if given.strip() else ""
    if given_name_key(fold_word(given.strip())) in _PROTHETIC_H:
        first = "a"
    return {"e": "i", "y": "i", "o": "a", "u": "a", "v": "a"}.get(first, first)


# Given names Belarusian and Ukrainian begin with a г that Russian and Polish do not
# write (Ганна, Hanna = Анна, Anna), as given-name keys.
_PROTHETIC_H = frozenset({"han"})


def person_key(surname_stem: str, given: str | None = None) -> str:
    """``person:navick a`` (surname and given name or initial), ``person:navick`` alone."""
    letter = initial(given) if given else ""
    return f"person:{surname_stem} {letter}" if letter else f"person:{surname_stem}"


def bare(key: str) -> str:
    """A person's key without the initial (``person:navick a`` → ``person:navick``)."""
    return key.split(" ", 1)[0] if key.startswith("person:") else key


# Case endings of a surname after folding (Навицкого navickoha, Навіцкаму navickamu,
# Nawickiego navickeha, Савицкой savickoi, Лазовську lazovsku) and, for a Cyrillic word,
# of a noun (Пашкевича paskevica).
_ADJECTIVE_CASE = re.compile(r"(?<=[sckz]k)(?:aha|eha|oha|amu|emu|omu|aiu|oiu|uiu|im|om|am|"
                             r"ai|ei|oi|ui|u)$")  # not the nominatives -i, -a themselves
_NOUN_CASE = re.compile(r"(?<=[^aeiou])(?:am|em|om|im|a|u|e|i)$")
_MIN_NOMINATIVE = 4


def nominatives(folded: str, cyrillic: bool) -> list[str]:
    """The nominatives a folded word in a case form may stand for, as the other scripts
    write them folded: a -ski/-ska surname in either gender (``navickoha`` → ``navicki``,
    ``navickaia``), and for a Cyrillic word a noun's bare stem (``paskevica`` →
    ``paskevic``). Query-side: a Russian-writing user's ``Навицкого`` meets ``Navitski``."""
    match = _ADJECTIVE_CASE.search(folded)
    if match and match.start() >= _MIN_NOMINATIVE:
        base = folded[: match.start()]
        return [form for form in (base + "i", base + "aia") if form != folded]
    match = _NOUN_CASE.search(folded) if cyrillic else None
    if match and match.start() >= _MIN_NOMINATIVE:
        return [folded[: match.start()]]
    return []
