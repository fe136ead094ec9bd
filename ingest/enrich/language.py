"""Language of each page and of the document (first cut: langdetect).

langdetect has no Belarusian model: it labels Belarusian as Russian or Ukrainian. The
letters settle it where langdetect cannot — ``ў`` is Belarusian only, ``ї є ґ`` Ukrainian
only, ``ы э`` never Ukrainian or Bulgarian, and Belarusian writes ``і`` where
Russian and Ukrainian also write ``и`` — so
Cyrillic text is re-labelled from its orthography when the signal is clear.
"""

from __future__ import annotations

import re
from collections import Counter

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from poshuk.core.model import Page

UNDETERMINED = "und"
_MIN_LETTERS = 20
_SAMPLE_CHARS = 1000
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

DetectorFactory.seed = 0  # langdetect is randomised; a fixed seed makes it repeatable


def _orthography(text: str) -> str | None:
    lower = text.lower()
    if any(ch in "әөүұқғңһј" for ch in lower):  # Kazakh, Serbian … letters: not ours to settle
        return None
    counts = Counter(ch for ch in lower if ch in "ўїєґіиыэщ")
    letters = sum(1 for ch in lower if "а" <= ch <= "я" or ch in "ёўіїєґ")
    if letters < _MIN_LETTERS:
        return None
    if counts["ў"] and counts["и"] + counts["щ"] <= counts["ў"]:
        return "be"
    if counts["ї"] + counts["є"] + counts["ґ"] and counts["ы"] == 0 and counts["ъ"] == 0:
        return "uk"
    if counts["і"] and counts["и"] == 0 and counts["щ"] == 0:
        return "be"
    # ы and э are Russian or Belarusian, never Bulgarian or Ukrainian (which write ъ, и)
    if counts["ы"] + counts["э"] and counts["і"] == 0 and counts["ў"] == 0:
        return "ru"
    return None


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or ``und``, confidence 0..1) for one stretch of text."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return UNDETERMINED, 0.0
    # The letters decide clear Cyrillic cases at a fraction of langdetect's cost.
    by_letters = _orthography(sample)
    if by_letters:
        return by_letters, 0.9
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return UNDETERMINED, 0.0
    lang, prob = str(best.lang), float(best.prob)
    if prob < 0.5:
        return UNDETERMINED, prob
    return lang, prob


def detect_pages(pages: list[Page]) -> str:
    """Set each page's language; return the document's (weighted by page length)."""
    weight: Counter[str] = Counter()
    for page in pages:
        lang, _confidence = detect(page.text)
        page.language = None if lang == UNDETERMINED else lang
        if page.language:
            weight[page.language] += len(page.text)
    if not weight:
        return UNDETERMINED
    return weight.most_common(1)[0][0]
