from __future__ import annotations

import unicodedata

import pytest

from ingest.support.text import (
    clean_author,
    clean_title,
    header_fields,
    normalise_text,
    split_pages,
    tidy_field,
)


def test_nfc_composes_decomposed_letters() -> None:
    decomposed = "Muiz\u030cnieks"  # z + combining caron, as some PDFs emit it
    assert normalise_text(decomposed) == "Muižnieks"
    assert unicodedata.is_normalized("NFC", normalise_text(decomposed))


def test_soft_hyphens_and_zero_width_characters_disappear() -> None:
    raw = "polit\u00adical pris\u200boners\u2060 \ufeffok"
    assert normalise_text(raw) == "political prisoners ok"


def test_soft_hyphen_at_a_line_end_joins_the_word() -> None:
    assert normalise_text("polit\u00ad\nical") == "political"


def test_zero_width_joiners_stay_because_they_spell_words() -> None:
    assert normalise_text("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    )


def test_unicode_spaces_become_plain_spaces() -> None:
    text = "1\u00a0275\u2009political\u202fprisoners\u3000here"
    assert normalise_text(text) == "1 275 political prisoners here"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("polit-\nical prisoners", "political prisoners"),
        ("палітвяз-\nні", "палітвязні"),
        ("политзаклю-\nчённые", "политзаключённые"),
        ("polit-  \n   ical", "political"),
        ("polit\u2010\nical", "political"),  # U+2010 HYPHEN
    ],
)
def test_words_broken_at_a_line_end_are_joined(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Minsk-\nBrest",  # compound with a capital on the next line
        "Брэст-\nЛітоўск",
        "2020-\n2021",  # digits, not letters
        "see -\nbelow",  # a dash after a space is not a hyphenation
    ],
)
def test_hyphens_that_are_not_line_breaks_in_a_word_stay(raw: str) -> None:
    assert normalise_text(raw) == raw


def test_whitespace_is_collapsed_and_lines_trimmed() -> None:
    raw = "  First \t  line  \r\nsecond\tline   \r\n\n\n\n\nthird\n\n"
    assert normalise_text(raw) == "First line\nsecond line\n\nthird"


def test_ligatures_and_control_characters_are_resolved() -> None:
    assert normalise_text("the \ufb01rst o\ufb00ice\x00\x07") == "the first office"


def test_normalising_twice_changes_nothing() -> None:
    raw = "A\u00a0b  c\n\n\n\nd-\ne Muiz\u030cnieks \ufb01le"
    once = normalise_text(raw)
    assert normalise_text(once) == once


def test_form_feeds_never_survive_inside_a_page() -> None:
    assert "\f" not in normalise_text("one\ftwo")


def test_split_pages_numbers_from_one_and_ignores_a_trailing_break() -> None:
    pages = split_pages("first\fsecond\f\n")
    assert [(p.number, p.text) for p in pages] == [(1, "first"), (2, "second")]


def test_split_pages_keeps_an_empty_page_in_the_middle() -> None:
    assert [p.number for p in split_pages("a\f\fc")] == [1, 2, 3]


@pytest.mark.parametrize(
    "junk",
    [
        None,
        "",
        "   ",
        "Untitled",
        "untitled document",
        "Microsoft Word - report.doc",
        "Microsoft PowerPoint - slides.pptx",
        "statement_2024.docx",
        "ARRAY(0x2c7cf020)",
        "Документ1",
        "---",
        "Без названия",
    ],
)
def test_clean_title_drops_tool_junk(junk: str | None) -> None:
    assert clean_title(junk) is None


def test_clean_title_keeps_real_titles_on_one_line() -> None:
    title = "Overview of the Technology Acceptance Model:\r\n Origins\x00"
    assert clean_title(title) == "Overview of the Technology Acceptance Model: Origins"
    assert clean_title("Справаздача аб палітвязнях") == "Справаздача аб палітвязнях"


@pytest.mark.parametrize("junk", ["Administrator", "user", "python-docx", "ARRAY(0x1)", "—"])
def test_clean_author_drops_placeholders(junk: str) -> None:
    assert clean_author(junk) is None


def test_clean_author_keeps_people_and_organisations() -> None:
    assert clean_author(" Праваабарончы  цэнтр «Вясна» ") == "Праваабарончы цэнтр «Вясна»"


def test_tidy_field_is_none_for_blank() -> None:
    assert tidy_field(" \t ") is None
    assert tidy_field("Viasna\u00a0Human Rights Centre") == "Viasna Human Rights Centre"


def test_header_fields_are_read_from_the_top_only() -> None:
    lines = ["Крыніца: Вясна", "Title line", "", "Author: Anna", "Body"] + ["x"] * 5
    lines.append("Source: too far down")
    fields, used = header_fields(lines)
    assert fields == {"source": "Вясна", "author": "Anna"}
    assert used == {0, 3}
