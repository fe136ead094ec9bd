"""Figures: the counts a text reports (``at least 1,275 people``, ``больш за 1 200
палітвязняў``, ``45% задержанных``), with what they count.

A figure is a cardinal number — digits with or without thousand separators (``1,275``,
``1 275``, ``1275``), or number words in English, Russian or Belarusian in their common
case forms (``seven``, ``двадцати двух``, ``трох``, ``трое``) — followed, within a few
words, by the noun it counts, or a percentage. Precision comes first, so a number is not
a figure when:

* it is inside a date or a legal citation (the spans of ``dates`` and ``citations``), a
  day before a month name, or a bare four-digit year before an English noun (``the 2020
  elections``; ``1,275 people`` and ``1275 политзаключённых`` are counts);
* it is glued to an identifier: ``№ 15``, ``No. 4``, ``p. 5``, ``ИК-17``, ``1-187/2021``,
  ``7:15``, ``27-летняя``, ``5th``, a URL;
* what follows is a duration or a multiplier (``5 years``, ``15 суток``, ``пять раз``):
  prison terms and ages are not counts (a sentence deserves its own structured field);
* nothing countable follows (``Twenty-three of them``, ``Шестеро получили``), or only an
  indefinite quantity is named (``hundreds of cases``, ``несколько тысяч``, ``сотни
  людей``); ``one``/``один``/``адзін`` alone is mostly not a count and is left out.

Money is kept: its unit is the counted noun (``30 базовых величин``, ``20 долараў``) or
the currency sign before it (``$500``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ingest.enrich.citations import FoundCitation, find_citations
from ingest.enrich.dates import FoundDate, find_dates, month_number
from ingest.enrich.figure_words import (
    ADDITIVE,
    CYR_STOP,
    EN_NOT_PLURAL,
    EN_PLURAL,
    EN_STOP,
    MULTIPLIERS,
    NOT_COUNTED,
    PARTITIVE_DETERMINERS,
    PL_ADDITIVE,
    PL_ADJECTIVE,
    PL_NOUN,
    PL_NUMBER_WORDS,
    PL_PLURAL_I,
    PL_SCALES,
    PL_STOP,
    PLURAL_SCALE,
    SCALES,
)
from poshuk.core.model import Figure, Page
from poshuk.core.textfold import fold

__all__ = ["FoundFigure", "find_figures", "page_figures", "taken_spans"]

# after digits: "3 тыс.", "1,5 млн", "19 млрд", "2.5 million"
_SCALE_AFTER_DIGITS = (r"тыс\.?|тысяч[аиу]?|млн\.?|миллион(?:а|ов)?|мільён(?:а|аў)?|млрд\.?"
                       r"|миллиард(?:а|ов)?|мільярд(?:а|аў|ів)?|thousand|million|mln|billion|bn"
                       r"|тисяч[аі]?|мільйон(?:а|и|ів)?|tys\.?|tysi[ąę]c[ey]?|milion(?:y|ów)?"
                       r"|miliard(?:y|ów)?|mld\.?")


_WORD_VALUES: dict[str, tuple[str, int]] = {}
for _amount, _forms in (*ADDITIVE.items(), *PL_ADDITIVE.items()):
    _WORD_VALUES.update((form, ("n", _amount)) for form in _forms.split())
for _amount, _forms in MULTIPLIERS.items():
    _WORD_VALUES.update((form, ("h", _amount)) for form in _forms.split())
for _amount, _forms in (*SCALES.items(), *PL_SCALES.items()):
    _WORD_VALUES.update((form, ("s", _amount)) for form in _forms.split())

_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex matching any of ``words``, longest first, written as a trie (``с(?:то|
    отни)``): a flat alternation of hundreds of words is tried word by word at every
    position of every page; the trie decides on the first letter."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        branches = [re.escape(char) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:  # a word ends here: its longer continuations are tried first
            return f"(?:{body})?"
        return body

    return pattern(trie)


_WORD_ALT = _trie_pattern(_WORD_VALUES)
_WORD_NUMBER = rf"(?:{_WORD_ALT})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD_ALT}))*"

# thousands separated by commas or spaces ("1,275", "1 275"; not "0,111"), or a decimal
_DIGITS = (r"[1-9]\d{0,2}(?:,\d{3})+(?!\d)|[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
           r"|\d+(?:[.,]\d+)?")
_NUMBER = re.compile(
    rf"(?<![\w/.,:№#+=@&%-])(?P<currency>[$€£₽]\s?)?(?:(?P<digits>{_DIGITS})"
    rf"|(?P<words>{_WORD_NUMBER}))(?:\s?(?P<scale>{_SCALE_AFTER_DIGITS})(?![\w]))?"
    r"(?P<percent>\s?%|\s+(?:percent|per\s+cent|процент\w*|працэнт\w*|відсот\w*|procent\w*"
    r"|proc\.))?"
    r"(?![\w%'’ʼ]|[-/:]\w|[.,]\d)",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:\b(?:at\s+least|no\s+(?:fewer|less)\s+than|not\s+less\s+than|more\s+than|fewer\s+than"
    r"|less\s+than|well\s+over|just\s+(?:over|under)|over|about|around|approximately|roughly"
    r"|nearly|almost|some|up\s+to|as\s+many\s+as|at\s+most|in\s+excess\s+of|upwards\s+of"
    r"|close\s+to|an\s+estimated)"
    r"|(?<![\w-])(?:не\s+(?:менее|меньше|более|больше)(?:\s+чем)?|(?:более|больше|менее|меньше)"
    r"(?:\s+чем)?|свыше|около|порядка|почти|примерно|приблизительно|по\s+меньшей\s+мере"
    r"|как\s+минимум|минимум|максимум|до"
    r"|не\s+(?:менш|больш)\s+(?:за|як|чым)|(?:больш|менш)\s+(?:за|як|чым)|звыш|каля|амаль"
    r"|прыкладна|прынамсі|па\s+меншай\s+меры|як\s+мінімум|мінімум|да))\s+$",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(
    r"(?<![\w-])(?:several|a\s+few|few|many|tens\s+of|hundreds\s+of|несколько|нескольких"
    r"|многие|многих|десятки|некалькі|некалькіх|шмат|дзясяткі)\s+$",
    re.IGNORECASE,
)
# a number right after these is an identifier, a page or a provision, not a count
_MARKER = re.compile(
    r"(?:№|#|§|(?<![\w-])(?:nos?|pp?|art|para|tel|ст|арт|ч|п|пп|стр|с|гл|тел)\."
    r"|(?<![\w-])(?:page|pages|article|articles|part|parts|paragraph|section|chapter|item"
    r"|point|case|room|cell|phone|пункт\w*|стать\w*|артыкул\w*|частк\w*|част[ьиюя]"
    r"|камер\w*|ИК|IK|СИЗО|СІЗА))\s*$",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\s*(?:–|—|\bto\b|\bor\b|\band\b|\bдо\b|\bили\b|\bи\b|\bда\b|\bці\b"
                    r"|\bабо\b|\bі\b)\s*(?=[\d\w])", re.IGNORECASE)
_WORD = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*(?P<word>[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*)")
_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\n\s*\n")
_CONTEXT_CHARS = 120

# "двадцать первая", "twenty-first": an ordinal, whatever follows
_ORDINAL_UNIT = re.compile(
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|перв|втор|трет|четв[её]рт"
    r"|пят[ыоа]|шест[ыоа]|седьм|восьм|девят[ыоа]|перш|трэц|чацв[её]рт|шост|сём|вось"
    r"|дзявят)\w*",
    re.IGNORECASE,
)
# "-ий", "-ей" only after the letters adjectives put before them (русский, общий, общей):
# "акций", "заседаний", "людей" are nouns
_CYR_ADJECTIVE = re.compile(
    r"(?:ых|их|ые|ие|ой|ая|ое|ый|[кгхжшщч]ий|[жшщч]ей|ого|его|ому|ему|ыми|ими|ым|им|іх|ыя|ія|ае|ага|яга"
    r"|аму|яму|ымі|імі|ай)$"
)
# an adverb before an adjective ("социально ориентированным"): part of the phrase, no head
_CYR_ADVERB = re.compile(r"(?:[нк]о|ски|цкі|скі)$")
_CYR_VERB = re.compile(r"(?:ются|ятся|ется|ится|лись|лся|ться|ть|цца|юць|уць|аць|яць|ают|яют"
                       r"|уют|ют|ят|ут|ает|яет|ует|еет|[аиыуя]л[иі]|шли|\w{4}[еая]н[ыо])$")
_CURRENCY_CODES = frozenset("BYN BYR USD EUR RUB PLN".split())
_EXTENSION = frozenset("with without с со без з".split())  # a phrase that says which ones


@dataclass(frozen=True, slots=True)
class FoundFigure:
    value: int | float
    counted: str
    start: int
    end: int
    text: str
    qualifier: str | None
    unit: str | None
    context: str


def _words_value(words: str) -> int | None:
    """``two hundred and fifty`` → 250, ``двадцати двух`` → 22, ``три тысячи`` → 3000;
    None if the words do not make one number."""
    total = current = 0
    last = 0  # the last additive word: the next must fit below its place
    for token in re.split(r"\s+and\s+|[\s-]+", words.lower()):
        kind, value = _WORD_VALUES[token]
        if kind == "n":
            if last and value >= 10 ** (len(str(last)) - 1):
                return None
            current, last = current + value, value
        elif kind == "h":
            current, last = (current or 1) * value, 0
        else:
            total, current, last = total + (current or 1) * value, 0, 0
    return total + current


def _scale_value(word: str) -> int:
    """``тыс.`` → 1000, ``млн`` → 10⁶, ``billion`` → 10⁹."""
    if word.startswith(("млрд", "миллиард", "мільярд", "billion", "bn", "miliard", "mld")):
        return 1_000_000_000
    return 1_000_000 if word.startswith(("м", "m")) else 1000


def _value(match: re.Match[str]) -> int | float | None:
    scale = (match.group("scale") or "").lower()
    if match.group("words"):
        words = _words_value(match.group("words"))
        return words * _scale_value(scale) if words and scale else words
    digits = match.group("digits")
    # "1,275" and "1 275" group thousands; "52,174 млн" (Russian) has a decimal comma
    grouped = re.fullmatch(r"[1-9]\d{0,2}(?:[,\s]\d{3})+", digits)
    if grouped and not ("," in digits and _is_cyrillic(scale)):
        digits = re.sub(r"[,\s]", "", digits)
    value = Decimal(digits.replace(",", "."))  # exact: 8,2 млрд is 8200000000
    if scale:
        value *= _scale_value(scale)
    elif value != value.to_integral_value() and not match.group("percent"):
        return None  # "2.1 Detentions" is a section; a count of people is whole
    return int(value) if value == value.to_integral_value() else float(value)


def _words_after(text: str, pos: int, limit: int = 6) -> list[tuple[int, int, str]]:
    """The words right after ``pos`` separated by spaces only (one line break allowed, as
    in wrapped text): punctuation ends a counted phrase. ``(start, end, word)`` each."""
    out: list[tuple[int, int, str]] = []
    while len(out) < limit and (match := _WORD.match(text, pos)) is not None:
        out.append((match.start("word"), match.end(), match.group("word")))
        pos = match.end()
    return out


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[:1] <= "\u04ff"


def _latin_head(words: list[tuple[int, int, str]], singular: bool) -> tuple[int, int] | None:
    """(first, head) indexes of the counted phrase in English: modifiers, then the first
    plural (``political prisoners``); a partitive ``three of its staff`` reaches past
    ``of``."""
    first = 0
    if words and words[0][2].lower() == "of" and not singular:  # "1 of the …" is no count
        first = 2 if len(words) > 1 and words[1][2].lower() in PARTITIVE_DETERMINERS else 1
    for index in range(first, min(len(words), first + 4)):
        word = words[index][2]
        lower = word.lower()
        if lower in EN_STOP:
            return None
        if singular or lower in EN_PLURAL or word in _CURRENCY_CODES or (
            lower.endswith("s") and not EN_NOT_PLURAL.search(lower)
        ):
            return first, index
    return None


def _polish_head(words: list[tuple[int, int, str]], polish: bool) -> tuple[int, int] | None:
    """(first, head) indexes of the counted phrase in Polish: adjectives, then a noun
    (``więźniów politycznych`` has its noun first), or the adjective itself when no noun
    follows (``120 nieletnich``, ``35 zatrzymanych czeka``); in Polish text (``polish``)
    any word right after the number, as genitive plurals may have no ending (``pięć
    grzywien``, ``12 skarg``)."""
    adjective = None
    for index, (_, _, word) in enumerate(words[:3]):
        lower = word.lower()
        if lower in PL_STOP or lower in EN_STOP:
            break
        if PL_ADJECTIVE.search(lower) and word[:1].islower():
            adjective = index
            continue
        noun = PL_NOUN.search(lower) or (word[:1].islower() and (
            PL_PLURAL_I.search(lower) or (polish and index == 0)))
        if noun:
            return 0, index
        break
    return None if adjective is None else (0, adjective)


def _cyrillic_head(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """(first, head) indexes of the counted phrase in Russian or Belarusian: adjectives
    (``политических``), then a noun; an adjective used as a noun (``политзаключённых``)
    when a verb or a preposition follows it."""
    adjective = None
    for index, (_, _, word) in enumerate(words[:4]):
        lower = word.lower()
        if lower in CYR_STOP or (_CYR_VERB.search(lower) and len(lower) > 4):
            break
        following = words[index + 1][2].lower() if index + 1 < len(words) else ""
        if _CYR_ADVERB.search(lower) and _CYR_ADJECTIVE.search(following):
            continue
        if _CYR_ADJECTIVE.search(lower):
            adjective = index
            continue
        return 0, index
    return None if adjective is None else (0, adjective)


def _counted(text: str, pos: int, value: int | float,
             polish: bool = False) -> tuple[str, int] | None:
    """The phrase a number counts (``political prisoners with disabilities``) and where it
    ends, or None when no countable noun follows; ``polish``: the number is a Polish
    word."""
    words = _words_after(text, pos)
    if not words or month_number(words[0][2]) is not None or _ORDINAL_UNIT.fullmatch(
            words[0][2]):
        return None
    if text[pos - 1] == "." and words[0][2][:1].isupper():
        return None  # "£287 млн. Оставшаяся …": the abbreviation ended the sentence
    cyrillic = _is_cyrillic(words[0][2])
    if cyrillic:
        found = _cyrillic_head(words)
    else:
        found = (None if polish else _latin_head(words, value == 1)) or _polish_head(
            words, polish)
    if found is None or NOT_COUNTED.fullmatch(words[found[1]][2]):
        return None
    first, head = found
    end = words[head][1]
    rest = words[head + 1 :]
    if rest and rest[0][2].lower() in _EXTENSION:  # "with disabilities", "с инвалидностью"
        after = rest[1:]
        extension = _cyrillic_head(after) if cyrillic else _latin_head(after, False)
        if extension is not None:
            end = after[extension[1]][1]
    return " ".join(text[words[first][0] : end].split()), end


def _percent_counted(text: str, pos: int) -> tuple[str, int]:
    """What a percentage is a share of (``45% of detainees``, ``45% задержанных``), if said."""
    words = _words_after(text, pos, 1)
    if not words or not (_is_cyrillic(words[0][2]) or words[0][2].lower() == "of"):
        return "", pos
    return _counted(text, pos, 2) or ("", pos)


def _blocked(text: str, match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    start, end = match.start(), match.end()
    if any(s < end and start < e for s, e in spans):
        return True
    before = text[max(0, start - 12) : start]
    if _MARKER.search(before):
        return True
    unit_before = re.search(r"([^\W\d_]+)\s+$", before)  # "минут пятнадцать": about 15
    if unit_before and NOT_COUNTED.fullmatch(unit_before.group(1)):
        return True
    words = match.group("words")
    if not words:
        return False
    if _words_value(words) == 1:
        return True  # "one" alone: "one of the concerns", "One case involves"
    first = re.split(r"[\s-]+", words.lower())[0]
    if _WORD_VALUES[first][0] == "n":
        return False
    # a bare "thousand", "сотни": indefinite after "several", plural unless qualified
    return bool(_INDEFINITE.search(text[max(0, start - 20) : start])) or (
        first in PLURAL_SCALE and not _QUALIFIER.search(text[max(0, start - 30) : start])
    )


def _range_counted(text: str, match: re.Match[str]) -> tuple[str, int, int] | None:
    """``от 10 до 30 базовых величин``, ``10 or 12 people``: both ends count the noun, and
    share the scale (``от 3 до 4 млн``); (counted, end, the scale the first end takes)."""
    joined = _RANGE.match(text, match.end())
    if joined is None:
        return None
    following = _NUMBER.match(text, joined.end())
    if following is None or following.group("percent"):
        return None
    value = _value(following)
    found = _counted(text, following.end(), value) if value is not None else None
    if found is None:
        return None
    scale = following.group("scale") if not match.group("scale") else None
    return *found, _scale_value(scale.lower()) if scale else 1


# a lower-case word with a letter only Polish has (a Polish name in English text is not)
_POLISH_WORD = re.compile(r"(?<![^\W\d_])[a-ząćęłńóśźż]*[ąćęłńśźż][a-ząćęłńóśźż]*")
_POLISH_NEAR = 80  # characters either side that tell a Polish sentence


def _polish(text: str, match: re.Match[str]) -> bool:
    """Whether the number is in Polish text: a Polish number word, or a lower-case word
    with Polish letters around it."""
    words = match.group("words")
    if words:
        return words.split()[0].lower() in PL_NUMBER_WORDS
    near = text[max(0, match.start() - _POLISH_NEAR) : match.end() + _POLISH_NEAR]
    return _POLISH_WORD.search(near) is not None


def _year_like(match: re.Match[str], qualifier: str | None) -> bool:
    """``the 2020 elections``, ``Россия 2012 президент``: a bare 19xx/20xx is a year; a
    count that size has a qualifier or a separator (``about 2000``, ``2,000``)."""
    digits = match.group("digits") or ""
    return (
        qualifier is None and re.fullmatch(r"(?:19|20)\d\d", digits) is not None
        and not match.group("scale") and not match.group("percent")
    )


def _context(text: str, start: int) -> str:
    stop = _CLAUSE_END.search(text, start)
    clause = " ".join(text[start : stop.start() if stop else len(text)].split())
    if len(clause) <= _CONTEXT_CHARS:
        return clause
    return clause[: clause.rfind(" ", 0, _CONTEXT_CHARS)] + " …"


Spans = list[tuple[int, int]]


def taken_spans(dates: Iterable[FoundDate], citations: Iterable[FoundCitation]) -> Spans:
    """Where a text's dates and legal citations are: no figure is taken from inside them."""
    return [(d.start, d.end) for d in dates] + [(c.start, c.end) for c in citations]


def _figures(text: str, spans: Spans) -> Iterator[FoundFigure]:
    for match in _NUMBER.finditer(text):
        value = _value(match)
        if value is None or _blocked(text, match, spans):
            continue
        qualifier_match = _QUALIFIER.search(text[max(0, match.start() - 30) : match.start()])
        qualifier = " ".join(qualifier_match.group(0).split()) if qualifier_match else None
        unit = match.group("currency").strip() if match.group("currency") else None
        if match.group("percent"):
            counted, end = _percent_counted(text, match.end())
            unit = "%"
        else:
            found = _counted(text, match.end(), value, _polish(text, match))
            ranged = None if found else _range_counted(text, match)
            if ranged:
                found, value = ranged[:2], value * ranged[2] if match.group("digits") else value
            if found is None and unit is None:
                continue
            counted, end = found or ("", match.end())
            if _year_like(match, qualifier):
                continue
        start = match.start() - (len(qualifier_match.group(0)) if qualifier_match else 0)
        surface = " ".join(text[start:max(end, match.end())].split())
        yield FoundFigure(value, counted, start, max(end, match.end()), surface, qualifier,
                          unit, _context(text, start))


def find_figures(text: str, taken: Spans | None = None) -> list[FoundFigure]:
    """Every figure in ``text``, in order of appearance; ``taken``: the spans of its dates
    and citations (:func:`taken_spans`), if the caller has found them already."""
    if taken is None:
        taken = taken_spans(find_dates(text, ("day", "month", "year")), find_citations(text))
    return list(_figures(text, taken))


def page_figures(pages: list[Page], taken: dict[int, Spans] | None = None) -> list[Figure]:
    """One :class:`Figure` per value and counted phrase (folded: ``политзаключённых`` =
    ``политзаключенных``), with the pages it is on and the first wording seen; in order
    of first appearance. ``taken``: each page's date and citation spans, by page number."""
    by_key: dict[tuple[int | float, str | None, str], Figure] = {}
    for page in pages:
        for item in find_figures(page.text, taken.get(page.number) if taken else None):
            figure = by_key.setdefault(
                (item.value, item.unit, fold(item.counted)),
                Figure(value=item.value, counted=item.counted, text=item.text,
                       qualifier=item.qualifier, unit=item.unit, context=item.context),
            )
            if page.number not in figure.pages:
                figure.pages.append(page.number)
    return list(by_key.values())
