from __future__ import annotations

from ingest.parsers import parse_bytes
from ingest.parsers.markdown import MarkdownParser, strip_inline

STATEMENT = """\
Some intro line before the heading.

# Statement on *political* prisoners

Published by [Viasna](https://spring96.org) on **14 March 2025**.

## Figures

- 1,275 political prisoners
- [x] 219 at _high risk_
> Quoted: `release them`

| Group | Count |
|-------|------:|
| ill   | 78    |

```
code_block_keeps *stars* and [brackets](x)
```

See snake_case_name and 2*3*4 and \\*literal stars\\*.

[ref]: https://example.org
"""


def parse(markdown: str) -> list[str]:
    _, parser, doc = parse_bytes(markdown.encode(), "statement.md")
    assert parser == "markdown"
    return [p.text for p in doc.pages]


def test_title_is_the_first_level_one_heading_without_markup() -> None:
    doc = MarkdownParser().parse(STATEMENT.encode(), "s.md")
    assert doc.title == "Statement on political prisoners"


def test_markup_is_reduced_to_readable_text() -> None:
    (text,) = parse(STATEMENT)
    assert "Statement on political prisoners" in text.splitlines()
    assert "Published by Viasna on 14 March 2025." in text
    assert "Figures" in text.splitlines()
    assert "1,275 political prisoners" in text.splitlines()
    assert "219 at high risk" in text.splitlines()
    assert "Quoted: release them" in text.splitlines()
    assert "Group Count\nill 78" in text
    for markup in ("#", "**", "](", "|", "---", "https://example.org", "> "):
        assert markup not in text.replace("[brackets](x)", ""), markup


def test_code_blocks_and_plain_underscores_stay_as_written() -> None:
    (text,) = parse(STATEMENT)
    assert "code_block_keeps *stars* and [brackets](x)" in text
    assert "snake_case_name and 2*3*4 and *literal stars*." in text


def test_page_breaks_split_pages() -> None:
    pages = parse("# Report\n\nPage one.\n<!-- pagebreak -->\nPage two.\fPage three.\n")
    assert pages == ["Report\n\nPage one.", "Page two.", "Page three."]


def test_front_matter_title_and_author_are_used_when_there_is_no_heading() -> None:
    markdown = "---\ntitle: \"Заява Вясны\"\nauthor: Праваабарончы цэнтр\n---\nТэкст заявы.\n"
    doc = MarkdownParser().parse(markdown.encode(), "z.md")
    assert doc.title == "Заява Вясны"
    assert doc.author == "Праваабарончы цэнтр"
    assert [p.text.strip() for p in doc.pages] == ["Тэкст заявы."]


def test_source_line_under_the_heading_is_the_source() -> None:
    markdown = "# Журналісты за кратамі\n\n**Крыніца:** Беларуская асацыяцыя журналістаў\n\nТэкст."
    doc = MarkdownParser().parse(markdown.encode(), "z.md")
    assert doc.source == "Беларуская асацыяцыя журналістаў"
    assert doc.title == "Журналісты за кратамі"


def test_setext_heading_is_a_title() -> None:
    doc = MarkdownParser().parse(b"Annual report\n=============\n\nText.", "r.md")
    assert doc.title == "Annual report"
    assert "=" not in doc.pages[0].text


def test_inline_images_keep_their_alt_text() -> None:
    assert strip_inline("![Protest in Minsk](photo.jpg) and <b>bold</b>") == (
        "Protest in Minsk and bold"
    )
