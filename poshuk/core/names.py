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

__all__ = ["entity_key", "stem"]

# Case and gender endings of Russian and Belarusian nouns and adjectives after folding
# (longest first; no o: keys write it as a); a stem keeps at least _MIN_STEM letters.
_ENDINGS = (
    "aha", "amu", "emu", "ami", "ach", "avi", "evi", "aia", "uiu", "aiu",
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


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """The folded word without its case endings, Russian and Belarusian spellings
    reconciled: ``navickoha`` → ``navick``; stripped until none is left, so that
    ``mohileve`` and ``mahiliav`` meet at ``mahil``."""
    for pattern, replacement in _RECONCILE:
        folded = pattern.sub(replacement, folded)
    while True:
        for ending in _ENDINGS:
            if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_STEM:
                folded = folded[: -len(ending)]
                break
        else:
            return folded


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in fold_words(text))


def entity_key(kind: str, name: str) -> str:
    """``person:navick`` for any form of Navitski; ``organisation:human riht`` …"""
    words = stems(name)
    if kind == "person" and words:
        words = words[-1:]
    return f"{kind}:{' '.join(words)}"
