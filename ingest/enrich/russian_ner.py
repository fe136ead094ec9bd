"""Russian named entities from natasha/slovnet: the model's weights ship inside the
``natasha`` wheel (navec embeddings + slovnet NER), so it runs offline with nothing to
download. Loaded once per process, on first use (about a second)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

__all__ = ["Span", "spans", "spans_many"]

Kind = Literal["person", "organisation", "location"]
Span = tuple[int, int, Kind, str]  # start, end, kind, text
_KINDS: dict[str, Kind] = {"PER": "person", "ORG": "organisation", "LOC": "location"}


@cache
def _tagger() -> Any:
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


def spans_many(texts: Sequence[str]) -> list[list[Span]]:
    """For each text, ``(start, end, kind, text)`` of each entity the model finds. The
    texts go to the model together (it runs them eight to a batch: half the time of one
    by one); the tagger tokenises each text itself, so natasha's own segmentation, which
    only its other taggers use, is not run."""
    wanted = [i for i, text in enumerate(texts) if text.strip()]
    found: list[list[Span]] = [[] for _ in texts]
    markups = _tagger().map([texts[i] for i in wanted]) if wanted else ()
    for i, markup in zip(wanted, markups, strict=True):
        text = texts[i]
        found[i] = [(s.start, s.stop, _KINDS[s.type], text[s.start:s.stop])
                    for s in markup.spans if s.type in _KINDS]
    return found


def spans(text: str) -> list[Span]:
    """:func:`spans_many` of one text."""
    return spans_many([text])[0]
