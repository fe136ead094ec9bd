"""What the UI shows of a thesaurus expansion: escaped, one line per expanded word."""

from __future__ import annotations

from ui.api_client import Expansion
from ui.expansion import ALSO, also_html


def test_the_added_terms_are_listed_after_the_word_and_escaped() -> None:
    expanded: list[Expansion] = [
        {"term": "hunger strike", "concepts": ["hunger_strike"],
         "also": ["галадоўка", "голодовка"]},
        {"term": "<script>", "concepts": ["x"], "also": ["a & b", "<img src=x>"]},
        {"term": "nothing", "concepts": [], "also": []},
    ]
    shown = also_html(expanded)
    first, second = shown.split("<br>")
    assert first == f"<b>hunger strike</b> — {ALSO} галадоўка, голодовка"
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in second and "a &amp; b" in second
    assert "nothing" not in shown
