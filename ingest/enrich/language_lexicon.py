"""A second opinion from the words themselves, where lingua's letter sequences go wrong.

lingua scores letter n-grams. Looking each word of a text up in each candidate language's
frequency list (wordfreq's small lists, shipped in its wheel: the words used at least once a
million in Wikipedia, subtitles, news, books and web text) says how likely the whole text is
in that language: the classic word-unigram identifier, learned from other text than lingua's.
Where it finds another candidate likelier by at least :data:`MARGIN` per word, it overrules
lingua; where lingua is too unsure to name a language, the words name it if they prefer
one listed candidate by that margin over every other. Only languages wordfreq lists take
part: Belarusian, Kazakh and Estonian have no list, so the words never name them nor overrule
them, but a text lingua is too unsure of, even one it put first, may be named a listed
neighbour (an Estonian word pair Latvian: docs/quality.md). The margin was chosen on the
tune halves (docs/quality.md).
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import repeat

from poshuk.core.textfold import strip_marks

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
    from wordfreq import get_frequency_list  # here: it imports ftfy, langcodes, msgpack

    table: dict[str, float] = {}
    bare: dict[str, float] = {}
    buckets = get_frequency_list(_LISTS[lang], wordlist="small")
    for centibels in range(len(buckets) - 1, -1, -1):
        value = -centibels / 100 * math.log(10)
        table.update(dict.fromkeys(buckets[centibels], value))
        if lang in _LATIN:
            bare.update(dict.fromkeys(_without_marks(buckets[centibels]), value))
    bare.update(table)  # a listed word's own frequency wins over a bare form's
    return bare


def _without_marks(words: list[str]) -> list[str]:
    """Each word of ``words`` that has diacritics, without them (in one pass: a list holds
    tens of thousands)."""
    marked = "\n".join(word for word in words if not word.isascii())
    return strip_marks(marked).split("\n") if marked else []


# a word: letters, with apostrophes inside it kept (Ukrainian п'ять, English don't are
# listed whole; French l'homme is listed as l and homme, which are tried when it is not)
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_APOSTROPHE = str.maketrans("’ʼ", "''")


def _likelihood(plain: list[str], elided: list[str], lang: str) -> float:
    """Mean log-likelihood per word in ``lang`` of the words ``plain`` (letters only) and
    ``elided`` (with an apostrophe inside)."""
    table = _log_frequencies(lang)
    if lang == "sr":
        plain = [word.translate(_SERBIAN_LATIN) for word in plain]
        elided = [word.translate(_SERBIAN_LATIN) for word in elided]
    total = sum(map(table.get, plain, repeat(_UNLISTED, len(plain))))
    for word in elided:
        whole = table.get(word)
        total += whole if whole is not None else sum(
            table.get(part, _UNLISTED) for part in word.split("'"))
    return total / (len(plain) + len(elided))


def _scores(lowered: str, candidates: tuple[str, ...]) -> dict[str, float]:
    words = _WORD.findall(lowered.translate(_APOSTROPHE))
    if not words:
        return {}
    plain = [word for word in words if "'" not in word]
    elided = [word for word in words if "'" in word]
    return {lang: _likelihood(plain, elided, lang) for lang in candidates if lang in _LISTS}


def overruled(lowered: str, lang: str, candidates: tuple[str, ...]) -> str:
    """``lang``, or the candidate in which the words of ``lowered`` (lower-case text) are
    at least :data:`MARGIN` per word likelier (the likeliest such one)."""
    scores = _scores(lowered, candidates)
    if lang not in scores:
        return lang
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] - scores[lang] >= MARGIN else lang


def likeliest(lowered: str, candidates: tuple[str, ...]) -> str | None:
    """The listed candidate in which the words of ``lowered`` are likelier than in every
    other listed candidate by at least :data:`MARGIN` per word; None if none is, or if fewer
    than two candidates have a list."""
    scores = _scores(lowered, candidates)
    if len(scores) < 2:
        return None
    best, second = sorted(scores, key=scores.__getitem__, reverse=True)[:2]
    return best if scores[best] - scores[second] >= MARGIN else None


def warm() -> None:
    """Build every list now (about half a second), so that no page pays for it."""
    for lang in _LISTS:
        _log_frequencies(lang)
