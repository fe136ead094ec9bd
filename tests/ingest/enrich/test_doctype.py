from __future__ import annotations

import pytest

from ingest.enrich.doctype import DEFAULT_TYPE, classify


@pytest.mark.parametrize(
    ("title", "opening", "expected"),
    [
        ("ПРЫСУД імем Рэспублікі Беларусь", "", "verdict"),
        ("Приговор по делу № 1-123/2024", "", "verdict"),
        ("Statement on the amnesty", "", "statement"),
        ("Заява праваабаронцаў", "", "statement"),
        ("Доклад о положении с правами человека", "", "report"),
        ("Untitled", "Dear Ms Ivanova, I write from the colony", "letter"),
        ("Note", "Minsk weather", DEFAULT_TYPE),
    ],
)
def test_classify(title: str, opening: str, expected: str) -> None:
    assert classify(title, opening) == expected


def test_title_words_outweigh_the_opening() -> None:
    opening = "The report of the court ... the report was cited in the verdict."
    assert classify("Verdict of the Minsk City Court", opening) == "verdict"
