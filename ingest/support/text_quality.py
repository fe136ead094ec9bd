"""Is a page's text layer worth keeping, or is it garbage that OCR should replace?

Scanned PDFs often carry an invisible text layer from a poor OCR run: Cyrillic read as
Latin look-alikes ("Hanorosas AeKnapai...IVIs:t" for "Налоговая декларация"), or glyph
codes from a font without a Unicode map. Real text is mostly *well-formed words*: letters
only (digits and punctuation around them allowed), with capitals only at the start unless
the whole word is capitals. The share of such words (by characters, over tokens that have
a letter at all) is ≥ 0.78 on every real text page of the shared sample PDFs and ≤ 0.21
on the garbage layers (measured on ``shared/data/pdfs``); the threshold sits between.
"""

from __future__ import annotations

import re
import unicodedata

USABLE_SHARE = 0.5
_SAMPLE = 1500  # characters judged per page: enough to tell, and cheap on long pages
_TOKEN = re.compile(r"\S+")
_JOINERS = re.compile(r"[-'’]")
# Combining marks (Arabic vowel signs, decomposed accents) are part of the letter before.
_MARKS = {
    cp: None for cp in range(0x300, 0x10000) if unicodedata.category(chr(cp)) in ("Mn", "Me")
}
_EDGE = "()[]{}«»\"'„“”‘’.,;:!?…-–—/*"


def _well_formed(word: str) -> bool:
    """Letters only, and no capital after the first letter unless all are capitals
    (scripts without case, like Arabic, always pass that test)."""
    return word.isalpha() and (
        word.islower() or word.isupper() or word.istitle() or word.lower() == word.upper()
    )


def well_formed_share(text: str) -> float:
    """Share of the characters of letter-bearing tokens that belong to well-formed words
    (judged on the first ``_SAMPLE`` characters)."""
    total = clean = 0
    for token in _TOKEN.findall(text[:_SAMPLE].translate(_MARKS)):
        core = token.strip(_EDGE)
        if core.isalpha():  # the common case: one plain word
            total += len(token)
            clean += len(token) if _well_formed(core) else 0
        elif any(c.isalpha() for c in core):  # numbers, dot leaders: no evidence
            total += len(token)
            if all(_well_formed(part) for part in _JOINERS.split(core)):
                clean += len(token)
    return clean / total if total else 0.0


def usable_text(text: str) -> bool:
    """True when the text looks like real words rather than a broken text layer."""
    return well_formed_share(text) >= USABLE_SHARE
