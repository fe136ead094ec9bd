"""A second opinion from the words themselves, where lingua's letter sequences go wrong.

lingua scores letter n-grams. Looking each word of a text up in each candidate language's
frequency list (wordfreq's small lists, shipped in its wheel: the words used at least once a
million in Wikipedia, subtitles, news, books and web text) says how likely the whole text is
in that language: the classic word-unigram identifier, learned from other text than lingua's.
Where it finds another candidate likelier by more than :data:`MARGIN` per word, it overrules
lingua; where lingua is too unsure to name a language, lingua's first choice stands if the
words prefer it by that margin over every other candidate. Only languages wordfreq lists
take part (Belarusian, Kazakh and Estonian have no list: neither chosen nor ruled out here).
The margin was chosen on the tune halves (docs/quality.md).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from itertools import repeat

from wordfreq import get_frequency_list

MARGIN = 1.0  # nats per word: e (2.7) times likelier a word, on average
_UNLISTED = math.log(1e-8)  # a word not in a list (the small lists stop at 1e-6)
# our code → wordfreq's list; Serbian's is Serbo-Croatian in Latin letters
_LISTS = {lang: lang for lang in ("en", "ru", "uk", "pl", "lt", "lv", "de", "fr", "bg", "mk",
                                  "cs", "sk")} | {"sr": "sh"}
_LATIN = ("en", "pl", "lt", "lv", "de", "fr", "cs", "sk", "sr")  # also listed without marks
_SERBIAN_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
})


@cache
def _log_frequencies(lang: str) -> dict[str, float]:
    """Natural log of each listed word's frequency; for Latin-script languages also each
    word without its diacritics (web text often drops them), unless that is a word too.
    Built from the list's buckets (one per centibel, commonest first), rarest first so
    that a word's commonest reading wins."""
    table: dict[str, float] = {}
    bare: dict[str, float] = {}
    buckets = get_frequency_list(_LISTS[lang], wordlist="small")
    for centibels in range(len(buckets) - 1, -1, -1):
        value = -centibels / 100 * math.log(10)
        table.update(dict.fromkeys(buckets[centibels], value))
        if lang in _LATIN:
            bare.update(dict.fromkeys(_without_marks(buckets[centibels]), value))
    return bare | table


_LATIN_MARKS = re.compile("[\u0300-\u036f]")  # what Latin letters' diacritics decompose to


def _without_marks(words: list[str]) -> list[str]:
    """Each word of ``words`` that has diacritics, without them (all in one pass: a list
    holds tens of thousands)."""
    marked = "\n".join(word for word in words if not word.isascii())
    if not marked:
        return []
    return _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", marked)).split("\n")


def _likelihood(words: list[str], lang: str) -> float:
    """Mean log-likelihood per word of ``words`` (lower case) in ``lang``."""
    table = _log_frequencies(lang)
    if lang == "sr":
        words = [word.translate(_SERBIAN_LATIN) for word in words]
    return sum(map(table.get, words, repeat(_UNLISTED, len(words)))) / len(words)


def _scores(words: list[str], candidates: tuple[str, ...]) -> dict[str, float]:
    if not words:
        return {}
    return {lang: _likelihood(words, lang) for lang in candidates if lang in _LISTS}


def overruled(words: list[str], lang: str, candidates: tuple[str, ...]) -> str:
    """``lang``, or the candidate whose list finds ``words`` likelier by :data:`MARGIN`
    per word (the likeliest such one)."""
    scores = _scores(words, candidates)
    if lang not in scores:
        return lang
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] - scores[lang] >= MARGIN else lang


def confirms(words: list[str], lang: str, candidates: tuple[str, ...]) -> bool:
    """Whether ``words`` are likelier in ``lang`` than in every other listed candidate by
    :data:`MARGIN` per word (there must be another to compare with)."""
    scores = _scores(words, candidates)
    others = [value for other, value in scores.items() if other != lang]
    return lang in scores and bool(others) and scores[lang] - max(others) >= MARGIN
