"""Legal citations in English, Russian, Belarusian, Ukrainian and Polish text, normalised
to one key each.

Key scheme (what a lawyer filters by is the article; the part is detail kept alongside):

* national codes: ``<country>-<code>-<article>``: ``BY-CC-342``, ``BY-CC-361-1``,
  ``BY-AO-23.34``, ``RU-CC-282.2``; codes are ``CC`` (criminal), ``AO`` (administrative
  offences), ``CPC`` (criminal procedure), ``CONST`` (constitution). The country is
  ``RU`` or ``UA`` when the citation says so (``РФ``, ``Russian Federation``, ``України``),
  else ``BY``: this is a Belarusian archive.
* treaties: ``ICCPR-21`` (the Covenant, in any of its names; articles 1–53 only).
* UN document symbols: ``UN-A/HRC/56/65``; UN treaty-body communications:
  ``UN-COMM-2897/2016`` (``communication No.``, or a case number ``справа № …``,
  ``sprawa nr …`` with a treaty body named beside it); European Court applications:
  ``ECHR-12345/20``.

A list of articles (``ч. 3 ст. 130 и ч. 1 ст. 361-1 УК``, ``Articles 130, 342 and 361-1
of the Criminal Code``, ``art. 130 cz. 3 i art. 361-1 k.k.``) takes the code named after
its last article. An article with no code after it or its list (``under Article 342``)
belongs to the national code named last before it in the same text, or to the Covenant
named before it in the same sentence; otherwise it is not a citation we can key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from poshuk.core.model import Citation, Page

__all__ = ["FoundCitation", "find_citations", "page_citations"]

_NUMBER = r"\d{1,4}(?:[-.]\d{1,3}){0,2}"
_AND = r"(?:,|и|і|й|та|and|&|i|oraz|lub|або|или|ці|or)"
_LIST = rf"{_NUMBER}(?:\s*(?:{_AND}|–|—|-)\s*{_NUMBER})*"
_PART_WORD = r"ч\.|част[ьиюяі]\w*|частк\w*|частц\w*|частин\w*|Parts?|Paragraph|cz\.|część|§|ust\."
_ARTICLE = re.compile(
    rf"(?:(?:(?<!\w)(?:{_PART_WORD})\s*(?P<part>\d{{1,2}})"
    r"(?:\s+of|\s*,)?\s+))?"
    r"(?<!\w)(?:ст\.|стать\w*|статт\w*|статей|арт\.|артыкул\w*|Articles?|Art\.|artykuł\w*|art\.)"
    rf"\s*(?P<numbers>{_LIST})"
    rf"(?:\s*(?:{_PART_WORD})\s*(?P<part_after>\d{{1,2}})(?!\d))?",
    re.IGNORECASE,
)
# between two articles of one list (``ч. 3 ст. 130 и ч. 1 ст. 361-1``)
_BETWEEN = re.compile(rf"\s*(?:{_AND}|;)\s*$", re.IGNORECASE)
_COVENANT_ARTICLES = 53
_SENTENCE_BREAK = re.compile(r"[.!?;]\s+[A-ZА-ЯЁІЎЇЄҐ]|\n\s*\n")
_RANGE_DASHES = "–—"
_MAX_RANGE = 30

# (code, pattern); matched right after the article numbers (or anywhere, for context).
_CODES: list[tuple[str, str]] = [
    ("CPC", r"УПК|КПК|Уголовно-процессуальн\w*\s+кодекс\w*|Крымінальна-працэсуальн\w*\s+"
            r"кодэкс\w*|Кримінальн\w*\s+процесуальн\w*\s+кодекс\w*|Code\s+of\s+Criminal\s+"
            r"Procedure|Criminal\s+Procedure\s+Code|[Kk]odeks\w*\s+postępowania\s+karnego|"
            r"k\.p\.k\."),
    ("AO", r"КоАП|КаАП|Кодекс\w*\s+(?:Республики\s+Беларусь\s+)?об\s+административных\s+"
           r"правонарушениях|Кодэкс\w*\s+(?:Рэспублікі\s+Беларусь\s+)?аб\s+адміністрацыйных\s+"
           r"правапарушэннях|Code\s+of\s+Administrative\s+Offen[cs]es|КУпАП|Кодекс\w*\s+України\s+"
           r"про\s+адміністративні\s+правопорушення|[Kk]odeks\w*\s+wykroczeń"),
    ("CC", r"УК|КК|Уголовн\w*\s+кодекс\w*|Крымінальн\w*\s+кодэкс\w*|Кримінальн\w*\s+"
           r"кодекс\w*|Criminal\s+Code|[Kk]odeks\w*\s+karn\w*|k\.k\."),
    ("CONST", r"Конституци\w*|Канстытуцы\w*|Конституці\w*|Constitution|Konstytucj\w*"),
    ("ICCPR", r"(?:International\s+)?Covenant(?:\s+on\s+Civil\s+and\s+Political\s+Rights)?|"
              r"(?:Международн\w*\s+)?[Пп]акт\w*(?:\s+о\s+гражданских\s+и\s+политических\s+"
              r"правах)?|(?:Міжнародн\w*\s+)?[Пп]акт\w*(?:\s+аб\s+грамадзянскіх\s+і\s+"
              r"палітычных\s+правах)?|(?:Міжнародн\w*\s+)?[Пп]акт\w*(?:\s+про\s+громадянські\s+"
              r"(?:і|та)\s+політичні\s+права)?|(?:Międzynarodow\w*\s+)?Pakt\w*(?:\s+Praw\s+"
              r"Obywatelskich\s+i\s+Politycznych)?|ICCPR|МПГПП"),
]
_CODE_AFTER = re.compile(
    r"\s*(?:of\s+the\s+|of\s+|the\s+)?(?:(?P<adj>Belarusian|Russian|Ukrainian)\s+)?(?:"
    + "|".join(f"(?P<{code}>{pattern})" for code, pattern in _CODES)
    + r")(?![\w-])",
)
_CODE_ANYWHERE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<{code}>{pattern})" for code, pattern in _CODES)
    + r")(?![\w-])"
)
_RUSSIA = re.compile(
    r"^\W{0,3}(?:РФ|Российской\s+Федерации|Расійскай\s+Федэрацыі|of\s+the\s+Russian\s+Federation|"
    r"Російської\s+Федерації|Federacji\s+Rosyjskiej)"
)
_UKRAINE = re.compile(r"^\W{0,3}(?:України|Украины|Украіны|of\s+Ukraine|Ukrainy)")
_UN_SYMBOL = re.compile(
    r"(?<![\w/])(?:A/HRC|A|S|E/CN\.4|E|CCPR/C|CAT/C|CERD/C|CEDAW/C|CRC/C|CRPD/C|CED/C|"
    r"E/C\.12)(?:/[A-Z0-9][A-Za-z0-9.()]*)*/\d+(?:/(?:Add|Rev|Corr)\.\d+)*(?![\w/])"
)
_COMMUNICATION = re.compile(
    r"\b(?:[Cc]ommunications?|сообщени\w*|паведамленн\w*)\s+(?:No\.?|№|nos?\.)\s*"
    r"(?P<number>\d{1,5}/\d{4})\b"
)
_ECHR = re.compile(
    r"\b(?:[Aa]pplications?|жалоб\w*|скарг\w*|заяв\w*|skarg\w*)\s+(?:[Nn]o\.?|№|nr)\s*"
    r"(?P<number>\d{1,6}/\d{2})\b"
)
# A case number (``справа № 4035/2021``, ``sprawa nr 3811/2020``) is a treaty-body
# communication when a UN committee is named within _COMMITTEE_NEAR characters of it.
_CASE = re.compile(
    r"(?<!\w)(?:[Cc]ases?|справ\w*|дел[оау]|spraw\w*)\s+(?:[Nn]o\.?|№|nr)\s*"
    r"(?P<number>\d{1,5}/\d{4})(?![/\d])"
)
_COMMITTEE = re.compile(
    r"(?i:Committee|Комитет\w*|Камітэт\w*|Комітет\w*|Komitet\w*)"
)
_COMMITTEE_NEAR = 300


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
    if adjective == "Ukrainian" or _UKRAINE.match(after):
        return "UA"
    return "BY"


def _key(code: str, country: str, article: str) -> str:
    return f"ICCPR-{article}" if code == "ICCPR" else f"{country}-{code}-{article}"


def _code_after(text: str, matches: list[re.Match[str]], i: int) -> re.Match[str] | None:
    """The code named right after article ``i`` or after the list it begins or continues
    (``ч. 3 ст. 130 и ч. 1 ст. 361-1 УК``)."""
    while True:
        code = _CODE_AFTER.match(text, matches[i].end())
        if code or i + 1 >= len(matches):
            return code
        if not _BETWEEN.match(text[matches[i].end() : matches[i + 1].start()]):
            return None
        i += 1


def _code_before(text: str, codes: list[re.Match[str]], at: int) -> re.Match[str] | None:
    """The code named last before ``at``: any national code, or the Covenant if named
    earlier in the same sentence."""
    earlier = [m for m in codes if m.start() < at]
    national = [m for m in earlier if _code_of(m) != "ICCPR"]
    if (earlier and _code_of(earlier[-1]) == "ICCPR"
            and not _SENTENCE_BREAK.search(text, earlier[-1].end(), at)):
        return earlier[-1]
    return national[-1] if national else None


def _articles(text: str) -> Iterator[FoundCitation]:
    codes = list(_CODE_ANYWHERE.finditer(text))
    matches = list(_ARTICLE.finditer(text))
    for i, match in enumerate(matches):
        code_match = _code_after(text, matches, i)
        if code_match:
            adjective = code_match.group("adj")
            end = code_match.end() if code_match.start() == match.end() else match.end()
        else:
            code_match, adjective, end = _code_before(text, codes, match.start()), None, match.end()
            if code_match is None:
                continue
        code = _code_of(code_match)
        country = _country(text[code_match.end() : code_match.end() + 40], adjective)
        part_text = match.group("part") or match.group("part_after")
        part = int(part_text) if part_text else None
        for article in _numbers(match.group("numbers")):
            if code == "ICCPR" and not (article.isdigit() and
                                        1 <= int(article) <= _COVENANT_ARTICLES):
                continue
            yield FoundCitation(_key(code, country, article), part, match.start(), end,
                                " ".join(text[match.start() : end].split()))


def _cases(text: str) -> Iterator[FoundCitation]:
    committees = [m.start() for m in _COMMITTEE.finditer(text)]
    for match in _CASE.finditer(text):
        if any(abs(at - match.start()) <= _COMMITTEE_NEAR for at in committees):
            yield FoundCitation(f"UN-COMM-{match.group('number')}", None, match.start(),
                                match.end(), match.group(0))


def find_citations(text: str) -> list[FoundCitation]:
    """Every citation in ``text``, in order of appearance."""
    found = list(_articles(text))
    for match in _UN_SYMBOL.finditer(text):
        found.append(FoundCitation(f"UN-{match.group(0)}", None, match.start(), match.end(),
                                   match.group(0)))
    found += _cases(text)
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
