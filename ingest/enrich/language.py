"""Language of each page and of the document, with a confidence.

lingua (statistical n-gram models shipped inside its wheel) restricted to the languages
an archive of this kind holds and their close neighbours (Bulgarian, Macedonian, Serbian,
Kazakh, Czech, Slovak, Estonian), narrowed per text to the languages whose alphabet the text
fits; it has a real Belarusian model (langdetect had none). The letter rules that used to patch
langdetect made lingua worse (web text writes Latin ``i`` for ``і``, and short Ukrainian
sentences often have no ``і ї є ґ``), so lingua decides, except where a close neighbour's
function words outvote it (``language_votes``) or the words' frequencies in each language
make another candidate far likelier (``language_lexicon``). The thresholds below were
chosen on ``shared/data/langid``; accuracy, confusions and speed are in ``docs/quality.md``
(``benchmarks/langid_quality.py``).
"""

from __future__ import annotations

import re
from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from ingest.enrich import language_lexicon
from ingest.enrich.language_lexicon import likeliest, overruled
from ingest.enrich.language_votes import by_votes
from poshuk.core.model import Page

UNDETERMINED = "und"
# The archive's languages, then their neighbours, which are recognised so that they are
# not taken for one of the first (a Bulgarian text is not Russian).
ARCHIVE_LANGUAGES = ("en", "ru", "be", "uk", "pl", "lt", "lv", "de", "fr")
LANGUAGES = (*ARCHIVE_LANGUAGES, "bg", "mk", "sr", "kk", "cs", "sk", "et")
_MIN_LETTERS = 8  # fewer letters than this cannot be told apart reliably
_MIXED = 0.6  # a text with less than this share in one script is mixed
_ARCHIVE_PRIOR = 1.5  # the archive's own languages are likelier than their neighbours
_MIN_CONFIDENCE = 0.3  # below this the text is mixed or too unlike any candidate, unless
# its words name one (language_lexicon.likeliest); measured on shared/data/langid with the
# prior above: 0.5 leaves 6% of short Russian sentences undetermined, 0.3 keeps be/ru/uk
# confusions at 1% or less
_SAMPLE_CHARS = 600  # enough to be sure of a page; the cost grows with the length
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@cache
def _detector(codes: tuple[str, ...] = LANGUAGES) -> LanguageDetector:
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return builder.with_preloaded_language_models().build()


# Letters of a script that a language's alphabet has (Cyrillic languages; Czech and
# Slovak, which share the rest): a text with several letters its alphabet lacks is not in
# that language (a Bulgarian or Kazakh text is not Ukrainian for lingua's n-grams alone).
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ALPHABETS: dict[str, tuple[re.Pattern[str], str]] = {
    "ru": (_CYRILLIC, "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "uk": (_CYRILLIC, "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": (_CYRILLIC, "абвгдеёжзійклмнопрстуўфхцчшыьэюя"),
    "bg": (_CYRILLIC, "абвгдежзийклмнопрстуфхцчшщъьюя"),
    "mk": (_CYRILLIC, "абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "sr": (_CYRILLIC, "абвгдђежзијклљмнњопрстћуфхцчџш"),
    "kk": (_CYRILLIC, "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"),
    "cs": (re.compile(r"[äĺôŕěřů]"), "ěřů"),
    "sk": (re.compile(r"[äĺôŕěřů]"), "äĺôŕ"),
}
_CYRILLIC_LANGUAGES = tuple(lang for lang, (script, _) in _ALPHABETS.items()
                            if script is _CYRILLIC)
_FOREIGN_SHARE = 0.02  # more than this: a quoted name in a long text is no reason to exclude
_OWN_LETTERS = {"kk": re.compile("[әғқңөұүһ]")}  # Kazakh is never written without them


def _script_letters(sample: str) -> dict[re.Pattern[str], str]:
    """The letters of ``sample`` in each script an alphabet is checked in, found once."""
    letters: dict[re.Pattern[str], str] = {}
    for script, _ in _ALPHABETS.values():
        if script not in letters:
            letters[script] = "".join(script.findall(sample))
    return letters


def _candidates(sample: str, letters: dict[re.Pattern[str], str],
                mostly_cyrillic: bool) -> tuple[str, ...]:
    """The languages whose alphabet ``sample`` (lower case; ``letters``: its
    :func:`_script_letters`) fits. A mostly Cyrillic text that fits none of the Cyrillic
    alphabets mixes two of them (a Belarusian sentence running into a Russian one): all of
    them stay candidates and lingua decides, rather than none (which left only Latin
    languages, and the text undetermined)."""
    codes = tuple(lang for lang in LANGUAGES if _possible(lang, sample, letters))
    if not mostly_cyrillic or any(lang in _CYRILLIC_LANGUAGES for lang in codes):
        return codes
    return tuple(lang for lang in _CYRILLIC_LANGUAGES if _has_own_letters(lang, sample))


def _has_own_letters(lang: str, sample: str) -> bool:
    own = _OWN_LETTERS.get(lang)
    return own is None or own.search(sample) is not None


_ALPHABET_DELETED = {lang: str.maketrans("", "", alphabet)
                     for lang, (_, alphabet) in _ALPHABETS.items()}


def _possible(lang: str, sample: str, letters: dict[re.Pattern[str], str]) -> bool:
    if not _has_own_letters(lang, sample):
        return False
    if lang not in _ALPHABETS:
        return True
    found = letters[_ALPHABETS[lang][0]]
    foreign = len(found.translate(_ALPHABET_DELETED[lang]))  # the letters its alphabet lacks
    return foreign <= _FOREIGN_SHARE * len(found)


# UTF-8 read as a Central or Western European code page (``NejlĂ©pe``, ``rÃ©sumÃ©``): the
# text is detected as it was written. Two marker letters followed by a continuation byte's
# character are needed, so real Romanian or Portuguese text is left alone.
_MOJIBAKE = re.compile(r"[ĂÄĹÃÂÅ][\u0080-\u02ff\u2000-\u20ff]")


def _unmangled(sample: str) -> str:
    if len(_MOJIBAKE.findall(sample)) < 2:
        return sample
    for codepage in ("cp1250", "cp1252"):
        try:
            return sample.encode(codepage).decode("utf-8")
        except UnicodeError:
            continue
    return sample


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or ``und``, confidence 0..1) for one stretch of text: lingua
    restricted to the languages whose alphabet the text fits, the archive's own languages
    weighted up. The confidence is lingua's in its own first choice, also where a
    neighbour's words or the word lists gave another language."""
    sample = _unmangled(text[:_SAMPLE_CHARS])
    letters = len(_LETTER.findall(sample))
    if letters < _MIN_LETTERS:
        return UNDETERMINED, 0.0
    lowered = sample.lower()
    by_script = _script_letters(lowered)
    cyrillic = len(by_script[_CYRILLIC])
    mostly_cyrillic = cyrillic * 2 >= letters
    codes = _candidates(lowered, by_script, mostly_cyrillic)
    values = {
        v.language.iso_code_639_1.name.lower(): v.value * (
            _ARCHIVE_PRIOR if v.language.iso_code_639_1.name.lower() in ARCHIVE_LANGUAGES else 1)
        for v in _detector(codes if len(codes) > 1 else LANGUAGES)
        .compute_language_confidence_values(sample)
    }
    total = sum(values.values())
    if not total:
        return UNDETERMINED, 0.0
    lang = max(values, key=values.__getitem__)
    sure = values[lang] / total
    # text half in another script is mixed, however sure the letters it fits made lingua
    majority = max(share := cyrillic / letters, 1 - share)
    confidence = round(sure * (majority if majority < _MIXED else 1.0), 3)
    # the words' lists are asked of the candidates written in the text's main script
    chances = tuple(c for c in values if (c in _CYRILLIC_LANGUAGES) == mostly_cyrillic)
    if confidence < _MIN_CONFIDENCE:
        # too unsure to choose, unless the text is not mixed (at least 60% of its letters
        # Cyrillic, or 60% not) and its words prefer one candidate by the lists' margin
        named = likeliest(lowered, chances) if majority >= _MIXED else None
        return named or UNDETERMINED, confidence
    lang = by_votes(lowered, lang, sure, {c: values[c] for c in codes if c in values})
    return overruled(lowered, lang, chances), confidence


def warm() -> None:
    """Load lingua's models and build the word lists now (a second or two), so that no
    page pays for them."""
    detect("A short sentence to load the language identification models.")
    language_lexicon.warm()


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
