"""Dates written in English, Russian, Belarusian, Ukrainian and Polish text, normalised
to ISO.

Days (``2 July 2024``, ``July 2, 2024``, ``2 июля 2024 г.``, ``2 ліпеня 2024 г.``,
``5 квітня 2024 року``, ``5 kwietnia 2024 r.``, ``02.07.2024``, ``2024-07-02``), months
(``March 2025``, ``в марте 2025 года``, ``у сакавіку 2025 г.``, ``w marcu 2021 r.``) and
years with a cue that makes the number a year (``in 2024``, ``в 2024 году``, ``2024 г.``,
``у 2024 році``, ``od 2020 r.``); bare four-digit numbers are not taken for years. Where
matches overlap (``July 2024`` inside ``2 July 2024``) the longest wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

# English, Russian, Belarusian, Ukrainian and Polish names of each month, in their cases
_MONTH_NAMES = [
    "january январь января январе студзень студзеня студзені січень січня січні styczeń "
    "stycznia styczniu",
    "february февраль февраля феврале люты лютага лютым лютий лютого лютому luty lutego lutym",
    "march март марта марте сакавік сакавіка сакавіку березень березня березні marzec marca "
    "marcu",
    "april апрель апреля апреле красавік красавіка красавіку квітень квітня квітні kwiecień "
    "kwietnia kwietniu",
    "may май мая мае травень траўня траўні травня травні maj maja maju",
    "june июнь июня июне чэрвень чэрвеня чэрвені червень червня червні czerwiec czerwca "
    "czerwcu",
    "july июль июля июле ліпень ліпеня ліпені липень липня липні lipiec lipca lipcu",
    "august август августа августе жнівень жніўня жніўні серпень серпня серпні sierpień "
    "sierpnia sierpniu",
    "september сентябрь сентября сентябре верасень верасня верасні вересень вересня вересні "
    "wrzesień września wrześniu",
    "october октябрь октября октябре кастрычнік кастрычніка кастрычніку жовтень жовтня "
    "жовтні październik października październiku",
    "november ноябрь ноября ноябре лістапад лістапада лістападзе листопад листопада листопаді "
    "listopad listopada listopadzie",
    "december декабрь декабря декабре снежань снежня снежні грудень грудня грудні grudzień "
    "grudnia grudniu",
]
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(_MONTH_NAMES, start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number
    _MONTHS[_names[:3]] = _number  # the English abbreviation (Jan, Feb …)
_MONTHS["sept"] = 9

# A month is any word here, kept only if _MONTHS knows it (``_build``): an alternation of
# the ~150 names tried at every word was 90% of the time of finding dates.
_MONTH_RE = r"[^\W\d_]+"
_PATTERNS = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy_num", re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b")),
    ("mdy", re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")),
    ("my", re.compile(rf"\b({_MONTH_RE})\.?,?\s+(?:(?i:of)\s+)?(\d{{4}})\b")),
    ("y", re.compile(r"(?:\b(?:in|since|during|until|by|early|late|mid-|в|во|с|до|у|ў|з|да|к|"
                     r"від|od|do|w|we|przed|po)"
                     r"\s+(\d{4})(?!\s*[-–—./]\s*\d)\b|"
                     r"\b(\d{4})\s*(?:годзе|год[ауе]?|г\.|року|році|рік|р\.|roku|rok|r\.))",
                     re.I)),
]
_MIN_YEAR, _MAX_YEAR = 1900, 2100


Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: dt.date  # the first day of the period named
    start: int
    end: int  # the span in the text searched: other finders skip numbers inside it
    text: str
    precision: Precision = "day"

    @property
    def iso(self) -> str:
        """ISO form truncated to the precision: ``2024-07-02``, ``2025-03``, ``2024``."""
        return self.value.isoformat()[: {"day": 10, "month": 7, "year": 4}[self.precision]]


def _build(kind: str, groups: tuple[str | None, ...]) -> dt.date | None:
    if kind == "y":
        year, month, day = int(groups[0] or groups[1] or 0), 1, 1
    elif kind == "iso":
        year, month, day = int(str(groups[0])), int(str(groups[1])), int(str(groups[2]))
    elif kind == "dmy_num":
        day, month, year = int(str(groups[0])), int(str(groups[1])), int(str(groups[2]))
    else:  # a month's name: the word must be one
        name, numbers = (groups[1], groups[::2]) if kind == "dmy" else (groups[0], groups[1:])
        named = _MONTHS.get(str(name).lower())
        if named is None:
            return None
        month = named
        if kind == "my":
            day, year = 1, int(str(numbers[0]))
        else:
            day, year = int(str(numbers[0])), int(str(numbers[1]))
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_PRECISION: dict[str, Precision] = {"my": "month", "y": "year"}


def month_number(word: str) -> int | None:
    """The month a word names in any of the three languages (``ліпеня`` → 7), else None:
    a number before a month name is a day, even without a year."""
    return _MONTHS.get(word.lower().rstrip("."))


def find_dates(text: str, precisions: tuple[Precision, ...] = ("day",)) -> Iterator[FoundDate]:
    """Every well-formed date of the given precisions in ``text``, in order of appearance
    (days only unless asked: a document's own date is a day)."""
    found: list[tuple[int, int, FoundDate]] = []
    for kind, pattern in _PATTERNS:
        precision = _PRECISION.get(kind, "day")
        if precision not in precisions:
            continue
        for match in pattern.finditer(text):
            value = _build(kind, match.groups())
            if value is not None:
                item = FoundDate(value, match.start(), match.end(), match.group(0).strip(),
                                 precision)
                found.append((match.start(), match.end(), item))
    found.sort(key=lambda f: (f[0], -f[1]))
    covered = -1
    for start, end, item in found:
        if start >= covered:
            covered = end
            yield item
