from __future__ import annotations

from poshuk.core.schema import load_template
from poshuk.core.stopwords import stop_words


def test_inline_lists_come_from_the_template() -> None:
    filters = load_template()["template"]["settings"]["analysis"]["filter"]
    for lang in ("be", "uk", "pl"):
        assert stop_words(lang) == frozenset(filters[f"poshuk_{lang}_stop"]["stopwords"])
    assert {"і", "ў", "гэта"} <= stop_words("be")
    assert "палітвязні" not in stop_words("be")


def test_a_named_elasticsearch_list_has_no_words_here() -> None:
    assert stop_words("en") == frozenset()
    assert stop_words("xx") == frozenset()
