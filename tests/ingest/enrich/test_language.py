from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.enrich.language import UNDETERMINED, detect, detect_pages
from poshuk.core.model import Page

LANGID = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "langid" / "sentences"


def paragraphs(lang: str) -> list[str]:
    lines = (LANGID / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    return [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]


@pytest.mark.parametrize("lang", ["be", "ru", "uk", "en", "pl", "lt"])
def test_paragraphs_are_identified(lang: str) -> None:
    texts = paragraphs(lang)
    got = Counter(detect(text)[0] for text in texts)
    assert got[lang] / len(texts) >= 0.95, got.most_common(4)


def test_belarusian_is_not_taken_for_russian_or_ukrainian() -> None:
    texts = paragraphs("be")
    got = Counter(detect(text)[0] for text in texts)
    assert (got["ru"] + got["uk"]) / len(texts) <= 0.02, got


def test_too_little_text_is_undetermined() -> None:
    assert detect("Minsk, 2024") == (UNDETERMINED, 0.0)
    assert detect("") == (UNDETERMINED, 0.0)


def test_pages_get_their_own_language_and_the_longest_language_wins() -> None:
    be, en = paragraphs("be")[0], paragraphs("en")[0]
    pages = [Page(1, en), Page(2, be + " " + be), Page(3, "12 / 34")]
    assert detect_pages(pages) == "be"
    assert [p.language for p in pages] == ["en", "be", None]
