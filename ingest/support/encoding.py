"""Turn the bytes of a text file into ``str`` without losing Cyrillic legacy encodings.

Order: a byte-order mark decides; else strict UTF-8; else the two legacy Cyrillic code
pages our archives are full of (cp1251, KOI8), told apart by letter frequencies, which
works on texts too short for charset-normalizer; else charset-normalizer's best guess;
else UTF-8 with replacement characters and a warning.
"""

from __future__ import annotations

import re

import charset_normalizer

from ingest.errors import ParseError
from poshuk.core.sniff import bom_codec, looks_like_text

# KOI8-U is KOI8-R plus the Ukrainian/Belarusian letters, so it reads both.
_CYRILLIC_CODECS = ("cp1251", "koi8-u")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# The most frequent letters of Russian, Belarusian and Ukrainian prose: 60-75% of its
# letters, against about 40% when a text is read with the wrong code page.
_FREQUENT = frozenset("оеаинтсрвлікуд")
_SCORE_SAMPLE = 65536  # characters scored per candidate; the whole file is decoded


def _cyrillic_score(text: str) -> float | None:
    """How much ``text`` reads like Russian/Belarusian/Ukrainian, or None if it does not.

    cp1251 read as KOI8 (and vice versa) permutes the letters and swaps their case, so the
    right code page is the one with more of the most frequent letters, and more of them in
    lowercase. Western text read as cp1251 yields words that mix Latin and Cyrillic
    letters ("Grьяe"), which real Cyrillic prose does not.
    """
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    cyrillic = [ch for ch in non_ascii if _CYRILLIC.match(ch)]
    if not cyrillic or len(cyrillic) < 0.8 * len(non_ascii):
        return None
    words = [w for w in _WORD.findall(text) if _CYRILLIC.search(w)]
    if sum(1 for w in words if _LATIN.search(w)) > 0.1 * len(words):
        return None
    common = sum(1 for ch in cyrillic if ch.lower() in _FREQUENT) / len(cyrillic)
    if common < 0.5:
        return None
    return common + sum(1 for ch in cyrillic if ch.islower()) / len(cyrillic) / 2


def _legacy_cyrillic(data: bytes) -> str | None:
    best: tuple[float, str] | None = None
    for codec in _CYRILLIC_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:  # cp1251 leaves one byte (0x98) undefined
            continue
        score = _cyrillic_score(text[:_SCORE_SAMPLE])
        if score is not None and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best else None


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode ``data``; the second item is a warning for the archivist, or None."""
    found = bom_codec(data)
    if found:
        codec, label, skip = found
        try:
            return data[skip:].decode(codec), None
        except UnicodeDecodeError:
            return data[skip:].decode(codec, errors="replace"), f"invalid {label} replaced"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    cyrillic = _legacy_cyrillic(data)
    if cyrillic is not None:
        return cyrillic, None
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return str(best), None
    return data.decode("utf-8", errors="replace"), "invalid UTF-8 replaced"


def read_text_file(data: bytes) -> tuple[str, list[str]]:
    """Decode a file that claims to be text; (text, warnings). Binary data is refused."""
    if not looks_like_text(data):
        raise ParseError("not a text file: it contains binary data")
    text, warning = decode_text(data)
    return text, [warning] if warning else []
