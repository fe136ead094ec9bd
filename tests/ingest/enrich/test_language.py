from __future__ import annotations

from collections import Counter

import pytest

from ingest.enrich.language import UNDETERMINED, detect, detect_pages
from poshuk.core.model import Page
from tests.conftest import require_shared
from tests.fixtures.passages import PASSAGES


def sentences(lang: str) -> list[str]:
    """lingua's test sentences (the outside corpus): a measurement, skipped without it."""
    folder = require_shared("data/langid/sentences")
    return (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def paragraphs(lang: str) -> list[str]:
    lines = sentences(lang)
    return [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]


@pytest.mark.parametrize("lang", ["be", "ru", "uk", "en", "pl", "lt", "lv", "de", "fr"])
def test_sentences_are_identified(lang: str) -> None:
    texts = sentences(lang)
    got = Counter(detect(text)[0] for text in texts)
    assert got[lang] / len(texts) >= 0.98, got.most_common(4)


def test_belarusian_russian_and_ukrainian_are_not_confused() -> None:
    for lang in ("be", "ru", "uk"):
        texts = sentences(lang)
        got = Counter(detect(text)[0] for text in texts)
        others = sum(n for code, n in got.items() if code in {"be", "ru", "uk"} - {lang})
        assert others / len(texts) <= 0.01, (lang, got)


def test_belarusian_paragraphs_are_sure() -> None:
    results = [detect(text) for text in paragraphs("be")]
    assert all(lang == "be" for lang, _ in results)
    assert min(confidence for _, confidence in results) >= 0.9


def test_too_little_text_is_undetermined() -> None:
    assert detect("Minsk, 2024") == (UNDETERMINED, 0.0)
    assert detect("") == (UNDETERMINED, 0.0)
    assert detect("12 / 34 — 56") == (UNDETERMINED, 0.0)


def test_belarusian_is_recognised_where_langdetect_had_no_model() -> None:
    assert detect("Суд прызнаў палітвязняў вінаватымі па артыкуле 342.")[0] == "be"
    assert detect("Суд признал политзаключённых виновными по статье 342.")[0] == "ru"
    assert detect("Суд визнав політв'язнів винними за статтею 342.")[0] == "uk"


def test_mixed_text_is_undetermined_or_low_confidence() -> None:
    lang, confidence = detect("Minsk Мінск Минск Vilnius Вільнюс")
    assert lang == UNDETERMINED or confidence < 0.9


@pytest.mark.parametrize("lang", sorted(PASSAGES))
def test_passages_written_for_the_project_are_identified_surely(lang: str) -> None:
    for text in PASSAGES[lang]:
        found, confidence = detect(text)
        assert (found, confidence >= 0.9) == (lang, True), text


def test_pages_get_their_own_language_and_confidence_and_the_longest_language_wins() -> None:
    be, en = PASSAGES["be"][0], PASSAGES["en"][0]
    pages = [Page(1, en), Page(2, be + " " + be), Page(3, "12 / 34")]
    lang, confidence = detect_pages(pages)
    assert lang == "be"
    assert 0.5 < confidence <= 1.0
    assert [p.language for p in pages] == ["en", "be", None]
    assert pages[0].language_confidence is not None and pages[0].language_confidence > 0.5
    assert pages[2].language_confidence is None


def test_a_document_with_no_text_is_undetermined() -> None:
    assert detect_pages([Page(1, "")]) == (UNDETERMINED, 0.0)
