"""Russian named entities from natasha/slovnet: the model's weights ship inside the
``natasha`` wheel (navec embeddings + slovnet NER), so it runs offline with nothing to
download. Loaded once per process, on first use (about a second)."""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

__all__ = ["spans"]

_KINDS: dict[str, Literal["person", "organisation", "location"]] = {
    "PER": "person", "ORG": "organisation", "LOC": "location",
}


@cache
def _pipeline() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def spans(text: str) -> list[tuple[int, int, Literal["person", "organisation", "location"], str]]:
    """``(start, end, kind, text)`` for each entity the model finds."""
    from natasha import Doc

    segmenter, tagger = _pipeline()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [(s.start, s.stop, _KINDS[s.type], s.text) for s in doc.spans if s.type in _KINDS]
