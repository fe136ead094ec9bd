"""Language-neutral folding, applied in Python at index *and* query time for both engines.

Neither engine can be trusted to fold the same way (the Elasticsearch node here has no
``asciifolding`` or ICU), so the ``*_fold`` fields receive text already folded here and are
analysed with nothing more than a tokenizer and lower-casing.

Every word becomes one Latin "skeleton" key that the spellings people actually use for the
same name share: Cyrillic is transliterated, diacritics dropped, and the spellings that
Russian and Belarusian passports, BGN/PCGN, Belarusian Łacinka, Polish and ISO 9 write
differently for one sound collapse into one letter:

* ``ш щ / sh shch sch sz š ŝ`` → ``s``; ``ч / ch cz č`` → ``c``; ``ж / zh ž ż`` → ``z``;
  ``ц / ts c`` → ``c``; ``х / kh h`` and ``г / g h`` → ``h`` (Belarusian and Ukrainian say
  ``h`` for ``г``: Hrodna, Hrynkevich); ``y j`` → ``i``; ``w`` → ``v``;
* ``ie`` → ``e`` (Łacinka writes ``ie`` for ``е``), ``u`` after ``a e o`` → ``v``
  (Belarusian ``ў``: Lazoŭskaja = Lazouskaya = Lazovskaya), doubled letters once
  (Navitskiy = Navitski), and a final ``o`` → ``a`` (Belarusian writes unstressed ``о`` as
  ``а``: Lukashenko = Lukashenka).

So ``Lukashenko``, ``Lukashenka``, ``Łukašenka``, ``Лукашенко`` and ``Лукашэнка`` all fold to
``lukasenka``, and ``Navitski`` and ``Навіцкі`` to ``navicki``. The key is for matching
only; exact spellings are matched on the exact fields, which rank higher.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_word", "fold_words", "word_spans", "words"]

# Apostrophes inside a word (Ukrainian п'ять, Belarusian з'ява) join it; other
# punctuation and the underscore separate words, as both engines' tokenizers do.
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_APOSTROPHES = str.maketrans("", "", "'’ʼ")

_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "e",
        "є": "e", "ж": "z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ў": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s",
        "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    }  # fmt: skip
)
# Latin letters that do not decompose into a base letter and a mark, or whose ISO 9
# value is two letters.
_LATIN = str.maketrans(
    {"ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ŝ": "s",
     "û": "iu", "â": "ia"}  # fmt: skip
)
_REWRITES = (
    (re.compile(r"shch|szcz|sch|sh|sz"), "s"),
    (re.compile(r"ch|cz"), "c"),
    (re.compile(r"zh"), "z"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ts"), "c"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"g"), "h"),
    (re.compile(r"q"), "k"),
    (re.compile(r"ie"), "e"),
    (re.compile(r"(?<=[aeo])u"), "v"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"o$"), "a"),
)


def strip_marks(text: str) -> str:
    """``text`` without its combining marks (``Příprava`` → ``Priprava``), in compatibility
    form (ligatures and full-width letters as plain letters: ``ﬁ`` → ``fi``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The skeleton key of one word (``Лукашэнка`` → ``lukasenka``)."""
    text = word.lower().translate(_APOSTROPHES).translate(_CYRILLIC).translate(_LATIN)
    text = strip_marks(text)
    if not text.isascii():  # another script (Greek, Georgian …): folded case and marks only
        return text
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, apostrophes inside a word removed: the tokens
    every Python-side analysis (folding, the embedded engine's stemmers) starts from."""
    lowered = text.lower()
    found: list[str] = _WORD.findall(lowered)
    if any(mark in lowered for mark in "'’ʼ"):
        return [word.translate(_APOSTROPHES) for word in found]
    return found


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each word of ``text``, ``word`` as :func:`words` gives it
    (for marking words in the text as written)."""
    return [
        (m.start(), m.end(), m.group().lower().translate(_APOSTROPHES))
        for m in _WORD.finditer(text)
    ]


def fold_words(text: str) -> list[str]:
    """The skeleton keys of the words of ``text``, in order."""
    return list(map(fold_word, words(text)))


def fold(text: str) -> str:
    """``text`` as space-separated skeleton keys: what the ``*_fold`` fields are given, and
    what a query for them must be passed through."""
    return " ".join(map(fold_word, words(text)))
