from __future__ import annotations

import datetime as dt

import pytest

from ingest.parsers import parse_bytes
from ingest.parsers.html import HtmlParser, iso_date
from ingest.support.html_text import html_to_text

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>  UN experts urge release of
     ailing political prisoners </title>
  <meta name="Author" content="Special Procedures">
  <meta property="og:site_name" content="OHCHR">
  <meta property="article:published_time" content="2025-03-14T09:30:00+01:00">
  <style>body { color: red }</style>
  <script>var tracking = "do not index";</script>
</head>
<body>
  <nav><a href="/">Home</a></nav>
  <h1>Belarus: experts demand release</h1>
  <p>GENEVA – Independent experts said that
     Nils Muiž<b>nieks</b> received reports.</p>
  <p>Second paragraph<br>with a line break.</p>
  <ul><li>Andrei Navitski</li><li>Dzianis Salmanovich</li></ul>
  <table><tr><th>Group</th><th>Count</th></tr><tr><td>ill</td><td>78</td></tr></table>
  <noscript>Enable JavaScript</noscript>
  <template><p>hidden template</p></template>
  <pre>line one
    indented line</pre>
  <!-- a comment -->
</body>
</html>"""


def test_metadata_comes_from_title_and_meta_tags() -> None:
    media_type, parser, doc = parse_bytes(PAGE.encode(), "statement.html")
    assert (media_type, parser) == ("text/html", "html")
    assert doc.title == "UN experts urge release of ailing political prisoners"
    assert doc.author == "Special Procedures"
    assert doc.source == "OHCHR"
    assert doc.created == dt.date(2025, 3, 14)


def test_visible_text_keeps_paragraphs_and_drops_code() -> None:
    _, _, doc = parse_bytes(PAGE.encode(), "statement.html")
    lines = doc.pages[0].text.splitlines()
    assert "GENEVA – Independent experts said that Nils Muižnieks received reports." in lines
    assert "Second paragraph" in lines and "with a line break." in lines
    assert "Andrei Navitski" in lines and "Dzianis Salmanovich" in lines
    assert "Group Count" in lines and "ill 78" in lines
    text = doc.pages[0].text
    for hidden in ("tracking", "color: red", "Enable JavaScript", "hidden template", "comment"):
        assert hidden not in text
    assert "Belarus: experts demand release\n\nGENEVA" in text  # blank line between blocks
    assert text.count("UN experts urge") == 0  # <title> is metadata, not body text


def test_pre_keeps_its_line_breaks() -> None:
    assert "line one\n    indented line" in html_to_text(PAGE)


def test_title_falls_back_to_the_first_h1() -> None:
    doc = HtmlParser().parse(b"<html><body><h1>Zajava <i>Viasny</i></h1><p>x</p>", "z.htm")
    assert doc.title == "Zajava Viasny"


def test_declared_cp1251_is_honoured() -> None:
    markup = '<html><head><meta charset="windows-1251"><title>Заява</title></head>' \
             "<body><p>Палітвязні ў Беларусі</p></body></html>"
    doc = HtmlParser().parse(markup.encode("cp1251"), "z.html")
    assert doc.title == "Заява"
    assert "Палітвязні ў Беларусі" in doc.pages[0].text
    assert doc.warnings == []


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"<meta charset=iso-8859-1><p>caf\xe9 \x80 5</p>", "café € 5"),  # read as cp1252
        ('<meta charset="utf-16"><p>Палітвязні</p>'.encode(), "Палітвязні"),  # read as UTF-8
        ('<meta charset="x-unknown"><p>Палітвязні</p>'.encode(), "Палітвязні"),  # guessed
    ],
)
def test_declarations_are_read_as_browsers_read_them(data: bytes, text: str) -> None:
    assert HtmlParser().parse(data, "p.html").pages[0].text.strip() == text


def test_undeclared_legacy_cyrillic_is_guessed() -> None:
    markup = "<html><body><p>Правозащитники сообщили о новых задержаниях.</p></body></html>"
    doc = HtmlParser().parse(markup.encode("koi8-r"), "z.html")
    assert "Правозащитники сообщили о новых задержаниях." in doc.pages[0].text


def test_deeply_nested_markup_does_not_overflow() -> None:
    markup = "<div>" * 3000 + "deep text" + "</div>" * 3000
    assert "deep text" in html_to_text(markup)


def test_a_file_name_like_document_parses_without_warnings() -> None:
    # bs4 warns that this "looks like a file name"; under filterwarnings=error that would fail
    assert html_to_text("statement.html").strip() == "statement.html"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-14", dt.date(2025, 3, 14)),
        ("2025-03-14T09:30:00Z", dt.date(2025, 3, 14)),
        ("2025/03/14", dt.date(2025, 3, 14)),
        ("2025-02-30", None),
        ("14 March 2025", None),
        (None, None),
    ],
)
def test_iso_dates(value: str | None, expected: dt.date | None) -> None:
    assert iso_date(value) == expected
