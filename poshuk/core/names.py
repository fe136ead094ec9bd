"""One key per entity across cases, scripts and spellings.

A name's words are folded to their Latin skeleton (``poshuk.core.textfold``: Лукашэнка,
Лукашенко, Lukashenko → ``lukasenka``) and stripped of a case ending (Навицкого,
Навіцкі, Navitski → ``navick``), so the declined forms of Russian and Belarusian meet the
nominative and the Latin spellings. A person is keyed by surname alone (documents name
people by surname after the first mention, and in verdicts as ``Навицкого А. С.``):
two people sharing a surname share a key — the price of merging every spelling.
Organisations and places are keyed by all their words, or by the gazetteer's id.
"""

from __future__ import annotations

from functools import lru_cache

from poshuk.core.textfold import fold_words

__all__ = ["entity_key", "stem"]

# Case and gender endings of Russian and Belarusian nouns and adjectives after folding
# (longest first); a stem keeps at least _MIN_STEM letters.
_ENDINGS = (
    "oha", "aha", "omu", "amu", "emu", "ami", "ach", "ovi", "evi", "aia", "oia", "uiu",
    "aiu",
    "oj", "aj", "ej", "om", "em", "im", "ih", "ov", "ev", "ai", "oi",
    "a", "u", "e", "i", "o",
)
_MIN_STEM = 4


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """The folded word without its case endings: ``navickoha`` → ``navick``; stripped
    until none is left, so that ``mohileve`` and ``mohilev`` meet at ``mohil``."""
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
