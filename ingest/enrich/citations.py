"""Legal citations in English, Russian and Belarusian text, normalised to one key each.

Key scheme (what a lawyer filters by is the article; the part is detail kept alongside):

* national codes: ``<country>-<code>-<article>``: ``BY-CC-342``, ``BY-CC-361-1``,
  ``BY-AO-23.34``, ``RU-CC-282.2``; codes are ``CC`` (criminal), ``AO`` (administrative
  offences), ``CPC`` (criminal procedure), ``CONST`` (constitution). The country is
  ``RU`` when the citation says so (``РФ``, ``Russian Federation``, ``Russian``), else
  ``BY``: this is a Belarusian archive.
* treaties: ``ICCPR-21`` (the Covenant, in any of its names).
* UN document symbols: ``UN-A/HRC/56/65``; UN treaty-body communications:
  ``UN-COMM-2897/2016``; European Court applications: ``ECHR-12345/20``.

An article with no code after it (``under Article 342``) belongs to the code named last
before it in the same text; with none named yet it is not a citation we can key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from poshuk.core.model import Citation, Page

__all__ = ["FoundCitation", "find_citations", "page_citations"]

_NUMBER = r"\d{1,4}(?:[-.]\d{1,3}){0,2}"
_LIST = rf"{_NUMBER}(?:\s*(?:,|и|і|and|&|–|—|-)\s*{_NUMBER})*"
_ARTICLE = re.compile(
    r"(?:(?:\b(?:ч\.|част[ьиюя]\w*|частк\w*|частц\w*|Part|Paragraph)\s*(?P<part>\d{1,2})"
    r"(?:\s+of|\s*,)?\s+))?"
    r"\b(?:ст\.|стать\w*|арт\.|артыкул\w*|Articles?|Art\.)\s*"
    rf"(?P<numbers>{_LIST})",
    re.IGNORECASE,
)
_RANGE_DASHES = "–—"
_MAX_RANGE = 30

# (code, pattern); matched right after the article numbers (or anywhere, for context).
_CODES: list[tuple[str, str]] = [
    ("CPC", r"УПК|КПК|Уголовно-процессуальн\w*\s+кодекс\w*|Крымінальна-працэсуальн\w*\s+"
            r"кодэкс\w*|Code\s+of\s+Criminal\s+Procedure|Criminal\s+Procedure\s+Code"),
    ("AO", r"КоАП|КаАП|Кодекс\w*\s+(?:Республики\s+Беларусь\s+)?об\s+административных\s+"
           r"правонарушениях|Кодэкс\w*\s+(?:Рэспублікі\s+Беларусь\s+)?аб\s+адміністрацыйных\s+"
           r"правапарушэннях|Code\s+of\s+Administrative\s+Offen[cs]es"),
    ("CC", r"УК|КК|Уголовн\w*\s+кодекс\w*|Крымінальн\w*\s+кодэкс\w*|Criminal\s+Code"),
    ("CONST", r"Конституци\w*|Канстытуцы\w*|Constitution"),
    ("ICCPR", r"(?:International\s+)?Covenant(?:\s+on\s+Civil\s+and\s+Political\s+Rights)?|"
              r"(?:Международн\w*\s+)?[Пп]акт\w*(?:\s+о\s+гражданских\s+и\s+политических\s+"
              r"правах)?|(?:Міжнародн\w*\s+)?[Пп]акт\w*(?:\s+аб\s+грамадзянскіх\s+і\s+"
              r"палітычных\s+правах)?"),
]
_CODE_AFTER = re.compile(
    r"\s*(?:of\s+the\s+|of\s+|the\s+)?(?:(?P<adj>Belarusian|Russian)\s+)?(?:"
    + "|".join(f"(?P<{code}>{pattern})" for code, pattern in _CODES)
    + r")(?![\w-])",
)
_CODE_ANYWHERE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<{code}>{pattern})" for code, pattern in _CODES)
    + r")(?![\w-])"
)
_RUSSIA = re.compile(
    r"^\W{0,3}(?:РФ|Российской\s+Федерации|Расійскай\s+Федэрацыі|of\s+the\s+Russian\s+Federation)"
)
_UN_SYMBOL = re.compile(
    r"(?<![\w/])(?:A/HRC|A|S|E/CN\.4|E|CCPR/C|CAT/C|CERD/C|CEDAW/C|CRC/C|CRPD/C|CED/C|"
    r"E/C\.12)(?:/[A-Z0-9][A-Za-z0-9.()]*)*/\d+(?:/(?:Add|Rev|Corr)\.\d+)*(?![\w/])"
)
_COMMUNICATION = re.compile(
    r"\b(?:[Cc]ommunications?|сообщени\w*|паведамленн\w*)\s+(?:No\.?|№|nos?\.)\s*"
    r"(?P<number>\d{1,5}/\d{4})\b"
)
_ECHR = re.compile(
    r"\b(?:[Aa]pplications?|жалоб\w*|скарг\w*)\s+(?:[Nn]o\.?|№)\s*(?P<number>\d{1,6}/\d{2})\b"
)


@dataclass(frozen=True, slots=True)
class FoundCitation:
    key: str
    part: int | None
    start: int
    end: int  # the span in the text searched: other finders skip numbers inside it
    text: str


def _numbers(listed: str) -> list[str]:
    """``342`` → [342]; ``19 and 21`` → [19, 21]; ``355–360`` → 355..360."""
    out: list[str] = []
    tokens = re.findall(rf"{_NUMBER}|[{_RANGE_DASHES}]", listed)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (
            index + 2 < len(tokens)
            and tokens[index + 1] in _RANGE_DASHES
            and token.isdigit()
            and tokens[index + 2].isdigit()
            and 0 < int(tokens[index + 2]) - int(token) <= _MAX_RANGE
        ):
            out += [str(n) for n in range(int(token), int(tokens[index + 2]) + 1)]
            index += 3
            continue
        if token not in _RANGE_DASHES:
            out.append(token)
        index += 1
    return out


def _code_of(match: re.Match[str]) -> str:
    return next(code for code, _ in _CODES if match.group(code))


def _country(after: str, adjective: str | None) -> str:
    if adjective == "Russian" or _RUSSIA.match(after):
        return "RU"
    return "BY"


def _key(code: str, country: str, article: str) -> str:
    return f"ICCPR-{article}" if code == "ICCPR" else f"{country}-{code}-{article}"


def _articles(text: str) -> Iterator[FoundCitation]:
    codes_before = [(m.start(), m) for m in _CODE_ANYWHERE.finditer(text)]
    for match in _ARTICLE.finditer(text):
        code_match = _CODE_AFTER.match(text, match.end())
        if code_match:
            code = _code_of(code_match)
            country = _country(text[code_match.end() : code_match.end() + 40],
                               code_match.group("adj"))
            end = code_match.end()
        else:
            earlier = [m for start, m in codes_before if start < match.start()]
            if not earlier:
                continue
            code = _code_of(earlier[-1])
            country = _country(text[earlier[-1].end() : earlier[-1].end() + 40], None)
            end = match.end()
        part = int(match.group("part")) if match.group("part") else None
        for article in _numbers(match.group("numbers")):
            yield FoundCitation(_key(code, country, article), part, match.start(), end,
                                " ".join(text[match.start() : end].split()))


def find_citations(text: str) -> list[FoundCitation]:
    """Every citation in ``text``, in order of appearance."""
    found = list(_articles(text))
    for match in _UN_SYMBOL.finditer(text):
        found.append(FoundCitation(f"UN-{match.group(0)}", None, match.start(), match.end(),
                                   match.group(0)))
    for pattern, prefix in ((_COMMUNICATION, "UN-COMM"), (_ECHR, "ECHR")):
        for match in pattern.finditer(text):
            found.append(FoundCitation(f"{prefix}-{match.group('number')}", None,
                                       match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda c: c.start)


def page_citations(
    pages: list[Page], found: dict[int, list[FoundCitation]] | None = None
) -> list[Citation]:
    """One :class:`Citation` per key, with the pages it is on, the parts cited and the
    first wording seen; in order of first appearance. ``found``: each page's citations by
    page number, when the caller has found them already."""
    by_key: dict[str, Citation] = {}
    for page in pages:
        for item in found[page.number] if found else find_citations(page.text):
            citation = by_key.setdefault(item.key, Citation(key=item.key, text=item.text))
            if page.number not in citation.pages:
                citation.pages.append(page.number)
            if item.part is not None and item.part not in citation.parts:
                citation.parts.append(item.part)
    return list(by_key.values())
