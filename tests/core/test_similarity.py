from __future__ import annotations

import pytest

from poshuk.core.model import Document, Page
from poshuk.core.similarity import rank_by_text


def doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, sha256=doc_id, file_name=doc_id, media_type="text/plain",
                    size=len(text), pages=[Page(1, text)])


def test_order_follows_shared_text() -> None:
    base = doc("a", "Navitski hunger strike Zhodzina colony appeal rejected by the court")
    same = doc("b", "Navitski hunger strike Zhodzina colony appeal rejected by the court")
    close = doc("c", "Navitski appeal rejected; hunger strike continues in Zhodzina")
    far = doc("d", "Weather forecast: sunny spells over Brest and Hrodna")
    ranked = rank_by_text(base, [far, close, same])
    assert [d.id for d, _ in ranked] == ["b", "c", "d"]
    scores = [score for _, score in ranked]
    assert scores[0] == pytest.approx(1.0)
    assert scores[2] == 0.0


def test_short_function_words_do_not_make_documents_similar() -> None:
    base = doc("a", "the and of to in for on at by")
    other = doc("b", "the and of to in for on at by")
    assert rank_by_text(base, [other])[0][1] == 0.0
