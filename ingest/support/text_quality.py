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
_TOKEN = re.compile(r"\S+")
_EDGE = "()[]{}«»\"'„“”‘’.,;:!?…-–—/*"


def _well_formed(word: str) -> bool:
    if not word or not all(c.isalpha() for c in word):
        return False
    mixed_case = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    return not mixed_case


def well_formed_share(text: str) -> float:
    """Share of the characters of letter-bearing tokens that belong to well-formed words."""
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    total = clean = 0
    for token in _TOKEN.findall(text):
        if not any(c.isalpha() for c in token):
            continue  # numbers, dot leaders, bullets: neither good nor bad evidence
        total += len(token)
        parts = re.split(r"[-'’]", token.strip(_EDGE))
        if all(_well_formed(part) for part in parts):
            clean += len(token)
    return clean / total if total else 0.0


def usable_text(text: str) -> bool:
    """True when the text looks like real words rather than a broken text layer."""
    return well_formed_share(text) >= USABLE_SHARE
