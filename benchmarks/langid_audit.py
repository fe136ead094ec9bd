"""A second reading of the labels of ``shared/data/langid``, and the answers it counts right.

The outside corpus is web text labelled by the file it sits in, and some of its lines are
in another language (the Czech file holds Polish and English lines). Two readers, working
apart and without the detector's answers, each read every line of the sixteen files and
listed those not written in their file's language (``langid/audit.tsv``: line numbers, what
each reader found, and a reason; never the text). A line is scored against another language
only where both listed it and name a language in common; where both listed it but name no
common language (or none at all) it is left out; a line only one reader listed keeps its
label. A line in a language the detector does not know (Latin) is right when undetermined.
The readers did not see the detector's answers, and no rule of the detector was written
from their findings.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

AUDIT = Path(__file__).resolve().parent / "langid" / "audit.tsv"
Answers = frozenset[str] | None  # the languages counted right; None: the line is left out


def _reading(cell: str) -> Answers:
    """One reader's finding: a language code, ``mixed:xx,yy`` (either is right), ``none``."""
    if cell == "none":
        return None
    return frozenset(cell.removeprefix("mixed:").split(","))


def accepted(label: str, first: str, second: str) -> Answers:
    """The answers counted right for a line labelled ``label`` that the two readers found
    to be ``first`` and ``second`` (``""`` where a reader did not list the line)."""
    if not (first and second):
        return frozenset({label})
    one, other = _reading(first), _reading(second)
    if one is None or other is None or not one & other:
        return None
    return one & other


def is_right(guess: str, answers: frozenset[str], known: tuple[str, ...]) -> bool:
    """Whether ``guess`` (a code of ``known`` or ``und``) is one of ``answers``, or ``und``
    for a line in languages outside ``known``."""
    return guess in answers or (guess == "und" and not answers & set(known))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(folder: Path, audit: Path = AUDIT) -> dict[tuple[str, int], Answers] | None:
    """``(language, line number from 0)`` → the answers counted right, for the lines whose
    answers differ from their label; ``None`` when ``folder`` does not hold the very files
    that were read (their SHA-256 is kept beside the findings)."""
    answers: dict[tuple[str, int], Answers] = {}
    for row in audit.read_text(encoding="utf-8").splitlines():
        cells = row.split("\t")
        if cells[0] == "#sha256":
            if digest(folder / f"{cells[1]}.txt") != cells[2]:
                return None
        elif not row.startswith("#") and cells[0] != "lang":
            lang, line, first, second = cells[:4]
            found = accepted(lang, first, second)
            if found != frozenset({lang}):
                answers[(lang, int(line) - 1)] = found
    return answers
