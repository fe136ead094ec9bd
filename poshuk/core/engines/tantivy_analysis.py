"""How the embedded engine analyses each text field, at add() and at query time alike.

Exact fields are tokenized and lower-cased by tantivy itself. Fold fields receive text
already folded by ``poshuk.core.textfold``. Language fields are analysed here in Python —
words, the template's stop words, then the language's stemmer — and handed to tantivy as
space-separated stems: tantivy's built-in stemmers lack Polish, Lithuanian, Belarusian
and Ukrainian, and the highlighter needs every stem in Python anyway (to mark the forms a
page matched), so English and Russian go the same way rather than through tantivy's own
Snowball. The same function analyses the query, so the two sides cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
import tantivy

from poshuk.core.engines.tantivy_stemmers import stem_be, stem_uk
from poshuk.core.schema import Schema
from poshuk.core.stopwords import stop_words
from poshuk.core.textfold import fold_word, fold_words, words
from poshuk.core.transliterate import CYRILLIC_LANGUAGES, language_variant

Analyze = Callable[[str], list[list[str]]]
WordKey = Callable[[str], str | None]


def _snowball(algorithm: str) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(algorithm)

    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        return str(stemmer.stemWord(word))

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


def _stem_key(lang: str) -> WordKey:
    stem, stop = STEMMERS[lang], stop_words(lang)
    return lambda word: None if word in stop else stem(word)


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


def _field(schema: Schema, name: str, boost: float, exact: tantivy.TextAnalyzer) -> SearchField:
    lang = field_language(schema, name)
    if lang is not None:
        return SearchField(name, boost, _in_language(lang), _stem_key(lang), lang)
    if schema.field(name).analyzer == "poshuk_fold":
        return SearchField(name, boost, lambda text: [fold_words(text)], fold_word)
    return SearchField(name, boost, lambda text: [exact.analyze(text)], _same)


def doc_fields(schema: Schema, exact: tantivy.TextAnalyzer) -> list[SearchField]:
    """The document-record fields a query searches, with the template's boosts: exact
    spelling (highest), folded, and every language's own field."""
    boosts = {
        **schema.text_fields,
        **schema.fold_fields,
        **{f"body_{lang}": schema.language_boost for lang in schema.languages},
    }
    return [_field(schema, name, boost, exact) for name, boost in boosts.items()]


def page_fields(schema: Schema, exact: tantivy.TextAnalyzer) -> list[SearchField]:
    """The page-record fields that find the pages a hit's highlights come from."""
    return [_field(schema, page, 1.0, exact) for page in schema.page_fields.values()]
