"""Dates written in English, Russian and Belarusian text, normalised to ISO.

First cut: day-precision dates (``2 July 2024``, ``July 2, 2024``, ``2 июля 2024 г.``,
``2 ліпеня 2024 г.``, ``02.07.2024``, ``2024-07-02``). Month- and year-precision dates
come with the enrichment issue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january январь января студзень студзеня",
        "february февраль февраля люты лютага",
        "march март марта сакавік сакавіка",
        "april апрель апреля красавік красавіка",
        "may май мая травень траўня мая",
        "june июнь июня чэрвень чэрвеня",
        "july июль июля ліпень ліпеня",
        "august август августа жнівень жніўня",
        "september сентябрь сентября верасень верасня",
        "october октябрь октября кастрычнік кастрычніка",
        "november ноябрь ноября лістапад лістапада",
        "december декабрь декабря снежань снежня",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTHS.update({name[:3]: n for name, n in list(_MONTHS.items()) if name.isascii()})
_MONTHS["sept"] = 9

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy_num", re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)),
    ("mdy", re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)),
]
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: dt.date
    start: int
    text: str


def _build(kind: str, groups: tuple[str, ...]) -> dt.date | None:
    if kind == "iso":
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif kind == "dmy_num":
        day, month, year = int(groups[0]), int(groups[1]), int(groups[2])
    elif kind == "dmy":
        day, month, year = int(groups[0]), _MONTHS[groups[1].lower()], int(groups[2])
    else:
        month, day, year = _MONTHS[groups[0].lower()], int(groups[1]), int(groups[2])
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> Iterator[FoundDate]:
    """Every well-formed date in ``text``, in order of appearance."""
    found: list[FoundDate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _build(kind, match.groups())
            if value is not None:
                found.append(FoundDate(value, match.start(), match.group(0)))
    found.sort(key=lambda f: f.start)
    yield from found
