"""Language of each page and of the document, with a confidence.

lingua (statistical n-gram models shipped inside its wheel) restricted to the languages
an archive of this kind holds: fewer candidates is both faster and more accurate, and it
has a real Belarusian model (langdetect had none). The letter rules that used to patch
langdetect made lingua worse (web text writes Latin ``i`` for ``і``, and short Ukrainian
sentences often have no ``і ї є ґ``), so lingua decides alone. The thresholds below were
chosen on ``shared/data/langid``; accuracy, confusions and speed are in ``docs/quality.md``
(``benchmarks/langid_quality.py``).
"""

from __future__ import annotations

import re
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from poshuk.core.model import Page

UNDETERMINED = "und"
LANGUAGES = ("en", "ru", "be", "uk", "pl", "lt", "lv", "de", "fr")
_MIN_LETTERS = 8  # fewer letters than this cannot be told apart reliably
_MIN_CONFIDENCE = 0.5  # below this the text is mixed or too unlike any candidate (measured:
# 0.6 loses 2% of Russian sentences, 0.0 lets through 3 more be/ru/uk confusions in 900)
_SAMPLE_CHARS = 600  # enough to be sure of a page; the cost grows with the length
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@cache
def _detector() -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return builder.with_preloaded_language_models().build()


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or ``und``, confidence 0..1) for one stretch of text."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < _MIN_LETTERS:
        return UNDETERMINED, 0.0
    best = _detector().compute_language_confidence_values(sample)[0]
    confidence = round(best.value, 3)
    if confidence < _MIN_CONFIDENCE:
        return UNDETERMINED, confidence
    return best.language.iso_code_639_1.name.lower(), confidence


def detect_pages(pages: list[Page]) -> tuple[str, float]:
    """Set each page's language and confidence; return the document's (the language with
    the most text) and its confidence (the share of the text in that language, weighted
    by the pages' own confidences)."""
    weight: dict[str, float] = {}
    total = 0
    for page in pages:
        lang, confidence = detect(page.text)
        page.language = None if lang == UNDETERMINED else lang
        page.language_confidence = confidence if page.language else None
        if page.language:
            weight[page.language] = weight.get(page.language, 0.0) + len(page.text) * confidence
            total += len(page.text)
    if not weight:
        return UNDETERMINED, 0.0
    lang, score = max(weight.items(), key=lambda item: item[1])
    return lang, round(score / total, 3)
