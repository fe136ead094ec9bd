"""How each text field is analysed, at index and at query time alike, for both engines.

Exact fields are tokenized and lower-cased by the engine itself. Fold fields receive text
already folded by ``poshuk.core.textfold``. Language fields are analysed here in Python —
words, the template's stop words, then the language's stemmer — and handed to either
engine as space-separated stems: tantivy's built-in stemmers lack Polish, Lithuanian,
Belarusian and Ukrainian, and the Elasticsearch node's hunspell analyzers measured worse
and slower (docs/quality.md, "Elasticsearch analysis"). One function analyses text and
query, for both engines, so they cannot drift apart.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer  # PyStemmer: the Snowball project's C stemmers

from poshuk.core.names import nominatives
from poshuk.core.query import Fuzzy, Phrase, Prefix, Term, Text, fuzzy_distance
from poshuk.core.schema import Schema
from poshuk.core.stemmers import stem_be, stem_uk
from poshuk.core.stopwords import stop_words
from poshuk.core.textfold import fold_word, words
from poshuk.core.transliterate import CYRILLIC_LANGUAGES, language_variant

Analyze = Callable[[str], list[list[str]]]
Tokenize = Callable[[str], list[str]]  # an engine's own analysis of the exact fields
WordKey = Callable[[str], str | None]


def _snowball(algorithm: str) -> Callable[[str], str]:
    # A Snowball stemmer keeps the word being stemmed in itself: one per thread, or two
    # API threads stemming at once corrupt each other's words.
    local = threading.local()

    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        if not hasattr(local, "stemmer"):
            local.stemmer = Stemmer.Stemmer(algorithm)
        return str(local.stemmer.stemWord(word))

    return stem


# Chosen per language by measurement (docs/quality.md, "Per-language analysis").
STEMMERS: dict[str, Callable[[str], str]] = {
    "en": _snowball("english"),
    "ru": _snowball("russian"),  # Snowball 3 reads ё as е itself
    "pl": _snowball("polish"),
    "lt": _snowball("lithuanian"),
    "be": stem_be,
    "uk": stem_uk,
}


def analyze(lang: str, text: str) -> list[str]:
    """``text`` as ``lang``'s field holds it: stems of its words, stop words left out."""
    stem, stop = STEMMERS[lang], stop_words(lang)
    return [stem(word) for word in words(text) if word not in stop]


@lru_cache(maxsize=64)
def analysed_text(lang: str, text: str) -> str:
    """A page's text as its language field is given it, in either engine: stems joined by
    spaces. Cached because the same page goes to the doc record's ``body_<lang>`` and to
    its own record's ``text_<lang>`` one after the other."""
    return " ".join(analyze(lang, text))


@cache  # one per language: fields of one language are one kind (Marker)
def _stem_key(lang: str) -> WordKey:
    stem, stop = STEMMERS[lang], stop_words(lang)
    return lru_cache(maxsize=200_000)(lambda word: None if word in stop else stem(word))


def _same(word: str) -> str:
    return word


@dataclass(frozen=True, slots=True)
class SearchField:
    """One field a query word is looked for in, and how the word is analysed for it."""

    name: str
    boost: float
    analyze: Analyze  # query text -> the token sequences to look for (alternatives)
    word_key: WordKey  # one lower-cased word -> its token (None: not indexed)
    language: str | None = None  # set on the fields that hold one language's pages


def scoped(fields: list[SearchField], scope: str) -> list[SearchField]:
    """The fields a ``title:``-style scope searches: ``title`` and its folded twin."""
    return [field for field in fields if field.name.partition("_")[0] == scope]


def word_tokens(fields: list[SearchField], text: str) -> list[tuple[SearchField, str]]:
    """For prefix and fuzzy words: the one token ``text`` is in each field that keeps
    words whole (exact and folded; a stem's prefix or typo means nothing). A field where
    ``text`` is no single token (``342-1*``) is left out."""
    found = []
    for field in fields:
        if field.language is None:
            forms = field.analyze(text)
            if len(forms) == 1 and len(forms[0]) == 1:
                found.append((field, forms[0][0]))
    return found


def field_language(schema: Schema, field: str) -> str | None:
    """The language whose analysis ``field`` gets in Python (``body_be`` → ``be``)."""
    analyzer = schema.field(field).analyzer or ""
    lang = analyzer.removeprefix("poshuk_")
    return lang if lang in schema.languages else None


def _in_language(lang: str) -> Analyze:
    """The query as typed and, for a Cyrillic language, as that language would write it."""

    def forms(text: str) -> list[list[str]]:
        variant = language_variant(text, lang) if lang in CYRILLIC_LANGUAGES else None
        return [analyze(lang, text)] + ([analyze(lang, variant)] if variant else [])

    return forms


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MAX_NOMINATIVES = 2


def _folded(text: str) -> list[list[str]]:
    """The query folded and, where its words are in a case form, as their nominatives
    (``Навицкого`` also looks for ``navicki``, which ``Navitski`` folds to): the fold
    fields hold every script, the language fields only their own."""
    found = words(text)
    folded = [fold_word(word) for word in found]
    options = [nominatives(key, bool(_CYRILLIC.search(word))) for word, key in zip(found, folded,
                                                                                  strict=True)]
    forms = [folded]
    for k in range(min(_MAX_NOMINATIVES, max((len(o) for o in options), default=0))):
        forms.append([o[k] if k < len(o) else key for o, key in zip(options, folded, strict=True)])
    return forms


def _field(schema: Schema, name: str, boost: float, exact: Tokenize) -> SearchField:
    lang = field_language(schema, name)
    if lang is not None:
        return SearchField(name, boost, _in_language(lang), _stem_key(lang), lang)
    if schema.field(name).analyzer == "poshuk_fold":
        return SearchField(name, boost, _folded, fold_word)
    return SearchField(name, boost, lambda text: [exact(text)], _same)


def doc_fields(schema: Schema, exact: Tokenize) -> list[SearchField]:
    """The document-record fields a query searches, with the template's boosts: exact
    spelling (highest), folded, and every language's own field."""
    boosts = {
        **schema.text_fields,
        **schema.fold_fields,
        **{f"body_{lang}": schema.language_boost for lang in schema.languages},
    }
    return [_field(schema, name, boost, exact) for name, boost in boosts.items()]


def page_fields(schema: Schema, exact: Tokenize) -> list[SearchField]:
    """The page-record fields that find the pages a hit's highlights come from."""
    return [_field(schema, page, 1.0, exact) for page in schema.page_fields.values()]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions costing one (as both engines'
    fuzzy queries count), or ``limit + 1`` once it is certainly beyond ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def _word_matches(leaf: Prefix | Fuzzy, token: str, key: str) -> bool:
    if isinstance(leaf, Prefix):
        return key.startswith(token)
    limit = fuzzy_distance(token, leaf.distance)
    return edit_distance(token, key, limit) <= limit


class Marker:
    """Which words of a page match a query's ``leaves`` in the page's fields (exact,
    folded, the page's language's own), in whatever spelling or form: the words to mark in
    a snippet. A phrase marks its words only where they stand together (a phrase with slop
    marks each of its words). The query is analysed once, for each kind of field, when the
    marker is made: one marker serves every page of a search."""

    def __init__(self, fields: list[SearchField], leaves: list[Text]) -> None:
        texts: list[Term | Phrase] = []
        for leaf in leaves:
            if isinstance(leaf, Phrase) and leaf.slop:
                texts += [Term(word) for word in words(leaf.text)]
            elif isinstance(leaf, Term | Phrase):
                texts.append(leaf)
        # fields analysed alike (every exact field, every folded one, one language's
        # fields) mark the same words: each kind once
        kinds = {(field.language, field.word_key): field for field in fields}
        self._kinds: list[_Kind] = []
        for field in kinds.values():
            expanding = [(leaf, token) for leaf in leaves if isinstance(leaf, Prefix | Fuzzy)
                         for _, token in word_tokens([field], leaf.text)]
            forms = [t for leaf in texts for t in field.analyze(leaf.text) if t]
            single = {tokens[0] for tokens in forms if len(tokens) == 1}
            phrases = [tokens for tokens in forms if len(tokens) > 1]
            if expanding or single or phrases:
                self._kinds.append(_Kind(field, expanding, single, phrases))

    def positions(self, text_words: list[str], language: str | None = None) -> set[int]:
        """Positions in ``text_words`` (a page's words as written, lower-cased, in order)
        of the words to mark on a page in ``language``."""
        found, marked = self._match(text_words, language)
        marked.update(i for i, w in enumerate(text_words) if w in found)
        return marked

    def words(self, text_words: list[str], language: str | None = None) -> set[str]:
        """The words at :meth:`positions`, as a set of spellings."""
        found, marked = self._match(text_words, language)
        return found | {text_words[i] for i in marked}

    def _match(self, text_words: list[str], language: str | None) -> tuple[set[str], set[int]]:
        """The words that match wherever they stand, and the positions of phrases' words."""
        found: set[str] = set()
        marked: set[int] = set()
        distinct = set(text_words)
        for kind in self._kinds:
            field = kind.field
            if field.language not in (None, language):
                continue
            if field.word_key is _same and not kind.expanding and not kind.phrases:
                found |= distinct & kind.single  # a word is its own token
                continue
            key_of = {w: field.word_key(w) for w in distinct}  # each distinct word once
            for leaf, token in kind.expanding:
                found.update(w for w, k in key_of.items() if k and _word_matches(leaf, token, k))
            if kind.single:
                found.update(w for w, k in key_of.items() if k in kind.single)
            if not kind.phrases:
                continue
            # the page's words as this field indexes them, stop words left out
            keyed = [(i, k) for i, w in enumerate(text_words) if (k := key_of[w]) is not None]
            keys = [k for _, k in keyed]
            for tokens in kind.phrases:
                n = len(tokens)
                for start in range(len(keys) - n + 1):
                    if keys[start : start + n] == tokens:
                        marked.update(i for i, _ in keyed[start : start + n])
        return found, marked


@dataclass(frozen=True, slots=True)
class _Kind:
    """One kind of field and the query as it analyses it."""

    field: SearchField
    expanding: list[tuple[Prefix | Fuzzy, str]]  # prefix and fuzzy words, as its tokens
    single: set[str]  # tokens of one-token words and phrases
    phrases: list[list[str]]  # token runs of the rest


def matching_positions(
    fields: list[SearchField],
    leaves: list[Text],
    text_words: list[str],
    language: str | None = None,
) -> set[int]:
    """:meth:`Marker.positions` for one page."""
    return Marker(fields, leaves).positions(text_words, language)
