"""Light suffix-stripping stemmers for Belarusian and Ukrainian (the embedded engine's
stand-in for the hunspell dictionaries Elasticsearch uses).

Snowball has no algorithm for either language, and no PyPI package ships a Belarusian
dictionary, so these strip the longest inflectional ending that leaves a stem of at least
three letters. Belarusian is first normalised for its alternations: unstressed ``о`` is
written ``а`` (akanne: палітвязні and політвязні, Навіцкага), ``ў`` is ``у`` after a vowel,
``ё`` is ``е``, and ``э`` is ``е`` (Лукашэнка, and Лукашенка as a Latin name transliterates).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

_MIN_STEM = 3

_BE_ENDINGS = (
    # nouns
    "а", "я", "у", "ю", "ы", "і", "е", "ь", "ам", "ям", "ай", "яй", "аю", "яю", "ах", "ях",
    "амі", "ямі", "ау", "яу", "еу", "ей", "ем", "ею", "ым", "ім",
    # adjectives and participles
    "ая", "яя", "ае", "яе", "ыя", "ія", "ага", "яга", "аму", "яму", "ых", "іх", "ымі",
    "імі", "ую", "юю",
    # verbs
    "ць", "ці", "уць", "юць", "аць", "яць", "іць", "ыць", "ла", "лі", "еш", "еце", "ецца",
    "цца", "ся",
)  # fmt: skip
_UK_ENDINGS = (
    # nouns
    "а", "я", "у", "ю", "і", "и", "е", "о", "ї", "є", "ь", "ам", "ям", "ах", "ях", "ами",
    "ями", "ів", "їв", "ей", "ою", "ею", "єю", "ом", "ем", "єм", "ов",
    # adjectives and participles
    "ий", "ій", "ого", "ього", "ому", "ьому", "им", "ім", "их", "іх", "ими", "іми", "ої",
    "ую", "юю", "ая", "яя", "еє",
    # verbs
    "ти", "ть", "ся", "ться", "уть", "ють", "ать", "ять", "ити", "ли", "ла", "ло", "ає",
    "ємо", "єте",
)  # fmt: skip

_BE_NORMALISE = str.maketrans({"о": "а", "ў": "у", "ё": "е", "э": "е"})
_UK_NORMALISE = str.maketrans({"ґ": "г"})


def _stemmer(
    endings: tuple[str, ...], table: dict[int, str], fleeting: dict[str, str]
) -> Callable[[str], str]:
    by_length = sorted(set(endings), key=len, reverse=True)

    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        word = word.translate(table)
        for ending, replacement in fleeting.items():
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                return word[: -len(ending)] + replacement
        for ending in by_length:
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                return word[: -len(ending)]
        return word

    return stem


# The vowel of a noun's last syllable that drops in its other forms (палітвязень,
# палітвязня; кравец, краўца) is dropped from the nominative's stem as well.
_BE_FLEETING = {"ень": "н", "ец": "ц"}
_UK_FLEETING = {"ень": "н", "ець": "ц"}

stem_be = _stemmer(_BE_ENDINGS, _BE_NORMALISE, _BE_FLEETING)
stem_uk = _stemmer(_UK_ENDINGS, _UK_NORMALISE, _UK_FLEETING)
