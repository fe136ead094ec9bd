"""One key per entity across cases, scripts and spellings.

A name's words are folded to their Latin skeleton (``poshuk.core.textfold``: Лукашэнка,
Лукашенко, Lukashenko → ``lukasenka``) and stripped of a case ending (Навицкого,
Навіцкі, Navitski → ``navick``), so the declined forms of Russian and Belarusian meet the
nominative and the Latin spellings; the sounds Belarusian writes as it says them are
written alike (Бяляцкі, Беляцкий, Bialiatski → ``beleck``). A person is keyed by surname
alone (documents name people by surname after the first mention, and in verdicts as
``Навицкого А. С.``): two people sharing a surname share a key — the price of merging
every spelling.
Organisations and places are keyed by all their words, or by the gazetteer's id.
"""

from __future__ import annotations

import re
from functools import lru_cache

from poshuk.core.textfold import fold_words

__all__ = ["entity_key", "given_name_key", "stem"]

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
