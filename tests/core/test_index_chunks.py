"""Index passes in even chunks, by documents and by pages (poshuk.core.index_chunks)."""

from __future__ import annotations

import pytest

from poshuk.core import index_chunks
from poshuk.core.index_chunks import even_chunks
from poshuk.core.model import Document, Page


def _docs(pages: list[int]) -> list[Document]:
    return [Document(id=f"d{i}", sha256="0" * 64, file_name=f"d{i}.txt", media_type="text/plain",
                     size=1, pages=[Page(number=n + 1, text="x") for n in range(count)])
            for i, count in enumerate(pages)]


def _sizes(docs: list[Document], count: int) -> list[int]:
    return [len(chunk) for chunk in even_chunks(docs, count)]


def test_chunks_are_as_even_as_they_can_be(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_chunks, "INDEX_CHUNK", 3)
    assert _sizes(_docs([1] * 7), 7) == [3, 2, 2]  # not 3, 3 and a tail of 1
    assert _sizes(_docs([1] * 9), 9) == [3, 3, 3]
    assert _sizes(_docs([1] * 2), 2) == [2]
    assert _sizes(_docs([1] * 9), 4) == [2, 2]  # the first ``count`` only
    assert _sizes(_docs([1] * 2), 5) == [2]  # fewer than counted: what there is
    assert _sizes(_docs([]), 0) == []
    chunks = list(even_chunks(_docs([1] * 7), 7))
    assert [doc.id for chunk in chunks for doc in chunk] == [f"d{i}" for i in range(7)]


def test_a_chunk_ends_at_its_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_chunks, "INDEX_CHUNK", 100)
    monkeypatch.setattr(index_chunks, "INDEX_CHUNK_PAGES", 10)
    assert _sizes(_docs([4, 4, 4, 4, 1]), 5) == [3, 2]  # 12 pages end the first
    assert _sizes(_docs([30, 1, 1]), 3) == [1, 2]  # one long document goes alone
