"""Tesseract OCR (the Debian ``tesseract-ocr`` binary) on one page image.

The binary is run directly (image on stdin, TSV on stdout) rather than through a wrapper
library: TSV gives every word with its confidence, which is all we need. It runs with
``OMP_THREAD_LIMIT=1`` because the ingest already keeps every core busy with one worker
each; Tesseract's own threads would only fight them.
"""

from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass

from ingest.errors import ParseError

# ISO 639-1 codes (what language detection reports) → Tesseract's traineddata names.
TESSERACT_CODES = {"en": "eng", "ru": "rus", "be": "bel", "uk": "ukr", "pl": "pol"}


@dataclass(slots=True)
class OcrText:
    text: str
    confidence: float  # mean word confidence, 0–100, weighted by word length


@functools.cache
def installed_languages() -> frozenset[str]:
    """Tesseract language data present on this machine (empty when Tesseract is missing)."""
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def tesseract_languages(codes: list[str]) -> str:
    """``eng+rus`` for ``["en", "ru"]``: known, installed languages only, order kept."""
    installed = installed_languages()
    chosen = [TESSERACT_CODES[c] for c in codes if c in TESSERACT_CODES]
    chosen = [name for name in dict.fromkeys(chosen) if name in installed]
    return "+".join(chosen) or "eng"


def recognise(image_png: bytes, languages: str, timeout: float = 120.0) -> OcrText:
    """Words of a page image, laid out in lines and paragraphs as Tesseract found them."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", languages, "--psm", "3", "tsv"],
            input=image_png, capture_output=True, timeout=timeout, env=env, check=True,
        )
    except FileNotFoundError as err:
        raise ParseError("OCR needs Tesseract (Debian package tesseract-ocr)") from err
    except subprocess.CalledProcessError as err:
        message = err.stderr.decode("utf-8", "replace").strip()[-200:]
        raise ParseError(f"Tesseract failed: {message}") from err
    except subprocess.TimeoutExpired as err:
        raise ParseError(f"Tesseract took longer than {timeout:.0f} s on one page") from err
    return _from_tsv(done.stdout.decode("utf-8", "replace"))


def _from_tsv(tsv: str) -> OcrText:
    lines: dict[tuple[str, str, str], list[str]] = {}
    weighted = letters = 0.0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        word, confidence = cols[11].strip(), float(cols[10])
        lines.setdefault((cols[2], cols[3], cols[4]), []).append(word)
        if confidence >= 0:
            weighted += confidence * len(word)
            letters += len(word)
    text, previous = [], None
    for (block, par, _line), words in lines.items():
        if previous is not None and previous != (block, par):
            text.append("")  # a blank line between paragraphs
        text.append(" ".join(words))
        previous = (block, par)
    return OcrText("\n".join(text), round(weighted / letters, 1) if letters else 0.0)
