"""Stop words per language, read from the index template: the one list both engines use.

Elasticsearch reads the template's ``poshuk_<lang>_stop`` filters itself; the embedded
engine asks here. A filter that names one of Elasticsearch's built-in lists (``_english_``,
``_russian_``, ``_lithuanian_``) has no words in the template, so the embedded engine keeps
those languages' stop words (BM25 gives them almost no weight anyway).
"""

from __future__ import annotations

from functools import cache

from poshuk.core.schema import load_template

__all__ = ["stop_words"]


@cache
def stop_words(lang: str) -> frozenset[str]:
    """The template's inline stop words for ``lang`` (empty for a named built-in list)."""
    filters = load_template()["template"]["settings"]["analysis"]["filter"]
    words = filters.get(f"poshuk_{lang}_stop", {}).get("stopwords", [])
    return frozenset(words) if isinstance(words, list) else frozenset()
