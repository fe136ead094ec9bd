"""The parser extension point: one class per format, found through a registry.

A parser declares what it accepts (media types, file extensions) and a ``score``; the
registry picks the best match for a file's *sniffed* media type, falling back to its
extension. Built-in parsers register themselves with ``@register`` exactly as a third-party
parser would.
"""

from __future__ import annotations

from typing import ClassVar

from poshuk.core.model import ParsedDocument


class Parser:
    """Turns the bytes of one file into pages of text plus metadata."""

    name: ClassVar[str]
    media_types: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()
    score: ClassVar[int] = 1

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        """Parse ``data``; raise an ``ingest.errors.IngestError`` subclass on failure."""
        raise NotImplementedError

    @classmethod
    def match(cls, media_type: str, extension: str) -> int:
        """How well this parser fits: 0 means not at all."""
        if media_type in cls.media_types:
            return cls.score * 2
        if extension.lower().lstrip(".") in cls.extensions:
            return cls.score
        return 0


_REGISTRY: list[type[Parser]] = []


def register(cls: type[Parser]) -> type[Parser]:
    """Class decorator: make a parser available to ``pick``."""
    _REGISTRY.append(cls)
    return cls


def registered() -> list[type[Parser]]:
    return list(_REGISTRY)


def pick(media_type: str, extension: str) -> type[Parser] | None:
    """The best-scoring parser for a file, or None when nothing accepts it."""
    best: type[Parser] | None = None
    best_score = 0
    for cls in _REGISTRY:
        score = cls.match(media_type, extension)
        if score > best_score:
            best, best_score = cls, score
    return best
