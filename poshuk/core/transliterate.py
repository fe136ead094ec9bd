"""A query word as another language would write it, so that it also searches that
language's field in its own analysis: a Latin name in Cyrillic (``Navitski`` becomes
``Навицкий`` for Russian and ``Навіцкі`` for Belarusian, and the stemmers then match
``Навицкого`` and ``Навіцкага``, which no folding of the nominative can reach), and a
Belarusian or Ukrainian word in Russian letters and back (``Савіцкая`` → ``Савицкая``
matches ``Савицкой``; ``Навицкого`` → ``навіцкого`` matches ``Навіцкага``).

The rules read the romanisations people use for these languages' names (passport,
BGN/PCGN, Belarusian Łacinka, Polish spelling): digraphs first, then the usual ending
of surnames, then letter by letter. Query-side only, and engine-neutral: both engines
analyse the result with their own Russian, Belarusian and Ukrainian analysis.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["CYRILLIC_LANGUAGES", "language_variant", "to_cyrillic"]

CYRILLIC_LANGUAGES = ("ru", "be", "uk")
_LATIN = re.compile(r"[a-zł]")
_WORD = re.compile(r"[^\W_]+")

_COMMON = {
    "shch": "щ", "szcz": "шч", "sch": "щ", "sh": "ш", "sz": "ш", "š": "ш", "ś": "с",
    "ch": "ч", "cz": "ч", "č": "ч", "ć": "ц", "zh": "ж", "ž": "ж", "ż": "ж", "ź": "з",
    "kh": "х", "ts": "ц", "tz": "ц", "ya": "я", "ja": "я", "yu": "ю", "ju": "ю",
    "yo": "ё", "jo": "ё", "x": "кс", "a": "а", "b": "б", "v": "в", "w": "в", "d": "д",
    "z": "з", "k": "к", "l": "л", "ł": "л", "m": "м", "n": "н", "ń": "н", "o": "о", "p": "п",
    "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "c": "ц", "j": "й", "q": "к",
}  # fmt: skip
_BY_LANGUAGE = {
    "ru": {**_COMMON, "ye": "е", "je": "е", "e": "е", "g": "г", "h": "г", "i": "и", "y": "ы"},
    "be": {**_COMMON, "ye": "е", "je": "е", "ie": "е", "ia": "я", "iu": "ю", "io": "ё",
           "e": "е", "g": "г", "h": "г", "i": "і", "y": "ы", "ŭ": "ў"},
    "uk": {**_COMMON, "ye": "є", "je": "є", "yi": "ї", "e": "е", "g": "ґ", "h": "г",
           "i": "і", "y": "и"},
}  # fmt: skip
_LONGEST = {lang: max(map(len, table)) for lang, table in _BY_LANGUAGE.items()}
# Surname endings whose romanisation hides the Cyrillic (-ский, -скі, -ський).
_ENDINGS = {
    "ru": (re.compile(r"(sk|tsk|ck)(iy|ii|yi|y|i)$"), r"\1ий"),
    "be": (re.compile(r"(sk|tsk|ck)(iy|ii|yi|y|i)$"), r"\1і"),
    "uk": (re.compile(r"(sk|tsk|ck)(iy|ii|yi|y|i)$"), r"\1ий"),
}
# Letters one Cyrillic alphabet has and another writes differently.
_LETTERS = {
    "ru": str.maketrans({"і": "и", "ї": "и", "є": "е", "ў": "в", "ґ": "г", "'": "ъ"}),
    "be": str.maketrans({"и": "і", "щ": "шч", "ъ": "", "ї": "і", "є": "е", "ґ": "г"}),
    "uk": str.maketrans({"ы": "и", "э": "е", "ъ": "", "ё": "ьо", "ў": "в"}),
}
_VOWELS = "аеёиоуыэюяіїє"
_AFTER_VOWEL = {"ru": {"y": "й", "i": "й"}, "be": {"y": "й", "i": "й", "u": "ў"}, "uk": {"y": "й"}}


def language_variant(text: str, lang: str) -> str | None:
    """The query text as ``lang`` (``ru``, ``be`` or ``uk``) would write it — Latin words
    transliterated, the other Cyrillic alphabets' letters replaced — or None when that
    changes nothing. An engine searches ``body_<lang>`` for this text as well as for the
    text as typed."""
    found = [match.group().lower() for match in _WORD.finditer(text)]
    variant = " ".join(
        to_cyrillic(word, lang) if _LATIN.search(word) else _cyrillic_variant(word, lang)
        for word in found
    )
    return None if variant == " ".join(found) else variant


@lru_cache(maxsize=50_000)
def to_cyrillic(word: str, lang: str) -> str:
    """``word`` (Latin) as ``lang`` (``ru``, ``be`` or ``uk``) writes it in Cyrillic; letters
    with no rule are kept as they are."""
    table = _BY_LANGUAGE[lang]
    pattern, ending = _ENDINGS[lang]
    text = pattern.sub(ending, word.lower())
    longest = _LONGEST[lang]
    out: list[str] = []
    i = 0
    while i < len(text):
        for size in range(longest, 0, -1):
            piece = text[i : i + size]
            if piece in table:
                letter = table[piece]
                # after a vowel, y (and i but in Ukrainian) is й, and Belarusian u is ў
                if out and out[-1][-1:] in _VOWELS:
                    letter = _AFTER_VOWEL[lang].get(piece, letter)
                out.append(letter)
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# The Russian/Ukrainian adjective ending -ий/-ій is Belarusian -і after к, г, х and -ы
# elsewhere (Навицкий → Навіцкі).

def _cyrillic_variant(word: str, lang: str) -> str:
    word = word.translate(_LETTERS[lang])
    if lang == "be" and word.endswith("ій") and len(word) > 4:
        return word[:-2] + ("і" if word[-3] in "кгх" else "ы")
    return word
