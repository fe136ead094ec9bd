from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.errors import ParseError
from ingest.parsers import parse_bytes
from ingest.parsers.plain import PlainTextParser
from tests.fixtures import NEWS


def news_files() -> list[Path]:
    files = sorted(NEWS.glob("*.txt"))
    assert len(files) == 2
    return files


def test_news_reports_have_their_headline_as_title() -> None:
    for path in news_files():
        data = path.read_bytes()
        media_type, parser, doc = parse_bytes(data, path.name)
        assert (media_type, parser) == ("text/plain", "plain")
        headline = data.decode("utf-8").splitlines()[0].strip()
        assert doc.title == headline
        assert len(doc.pages) == 1
        assert doc.warnings == []


def test_news_text_is_nfc_and_keeps_names_with_diacritics() -> None:
    decomposed = [unicodedata.normalize("NFD", p.read_text("utf-8")) for p in news_files()]
    texts = [parse_bytes(t.encode(), "news.txt")[2].pages[0].text for t in decomposed]
    assert all("Tomáš Kovář" in text for text in texts)
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    assert "\u00a0" in decomposed[0]  # the first report has no-break spaces …
    assert all("\u00a0" not in text for text in texts)  # … the text has plain ones


def test_form_feeds_split_pages() -> None:
    _, _, doc = parse_bytes(b"Page one\n\fPage two\fPage three\f", "pages.txt")
    assert [(p.number, p.text) for p in doc.pages] == [
        (1, "Page one"), (2, "Page two"), (3, "Page three")
    ]


@pytest.mark.parametrize(
    ("header", "source"),  # the header may come before or after the title line
    [
        ("Source: Viasna Human Rights Centre", "Viasna Human Rights Centre"),
        ("Источник: Правозащитный центр «Весна»", "Правозащитный центр «Весна»"),
        ("Крыніца: Праваабарончы цэнтр «Вясна»", "Праваабарончы цэнтр «Вясна»"),
    ],
)
def test_a_leading_header_block_gives_the_source(header: str, source: str) -> None:
    text = f"\n{header}\nAuthor: Anna Kowalska\n\nStatement on the amnesty\n\nBody text."
    doc = PlainTextParser().parse(text.encode(), "s.txt")
    assert doc.source == source
    assert doc.author == "Anna Kowalska"
    assert doc.title == "Statement on the amnesty"


def test_source_before_the_title_line_is_not_the_title() -> None:
    text = "Источник: Белорусский Хельсинкский комитет\nЗаявление комитета\nДата: 23 июля 2021 г."
    doc = PlainTextParser().parse(text.encode(), "z.txt")
    assert doc.source == "Белорусский Хельсинкский комитет"
    assert doc.title == "Заявление комитета"


def test_a_source_line_in_the_body_is_just_text() -> None:
    text = "Headline\n\n" + "Paragraph.\n\n" * 6 + "Source: quoted in the body"
    doc = PlainTextParser().parse(text.encode(), "s.txt")
    assert doc.source is None
    assert doc.title == "Headline"


def test_a_long_first_line_is_not_a_title() -> None:
    doc = PlainTextParser().parse(("word " * 60).encode() + b"\nmore", "long.txt")
    assert doc.title is None


def test_legacy_cyrillic_files_are_decoded() -> None:
    text = "Заява Беларускай асацыяцыі журналістаў\n\nПраваабаронцы паведамілі пра затрыманні."
    _, _, doc = parse_bytes(text.encode("cp1251"), "zajava.txt")
    assert doc.title == "Заява Беларускай асацыяцыі журналістаў"
    assert doc.pages[0].text == text


def test_binary_data_named_txt_is_refused() -> None:
    with pytest.raises(ParseError, match="not a text file"):
        parse_bytes(b"\x00\x01\x02\x03binary\x00" * 10, "image.txt")
