"""Language-neutral folding, applied in Python at index *and* query time for both engines.

Neither engine can be trusted to fold the same way (the Elasticsearch node here has no
``asciifolding`` or ICU), so the ``*_fold`` fields receive text already folded here and
are analysed with nothing more than a tokenizer and lower-casing.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics (``Muižnieks`` → ``muiznieks``, ``ё`` → ``е``)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
