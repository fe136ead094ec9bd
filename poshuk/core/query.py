"""The search box's query language, parsed once into a small tree both engines compile.

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary ("AND"? unary)*          words side by side must all match
    unary    := ("NOT" | "-") unary | "+"? atom
    atom     := "(" or_expr ")" | '"' phrase '"' ("~" N)? | word ("*" | "~" N?)?
              | "title:" atom | KEYWORD ":" (value | '"' value '"') | "date:" range

``AND``/``OR``/``NOT`` are operators only in capitals, so a search for the word "or" still
works in lower case. ``word*`` is a prefix, ``word~`` a word within a few typing errors
(``word~1``: within one), ``"a b"~5`` the words at most five positions apart. Field
scopes: ``title:`` searches titles only; ``entity:``, ``citation:``, ``lang:``, ``type:``,
``source:`` and ``year:`` match a facet value exactly; ``date:2024-01..2024-06`` is a date
range (a year, month or day, either end may be left open). A malformed query raises
``QuerySyntaxError`` naming the position; one beyond a limit of ``QueryLimits`` raises
``QueryLimitError`` naming the limit. The parser recurses only into brackets, negations
and ``title:``, each counted against ``max_depth``, so no input can exhaust the stack.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from poshuk.core.query_limits import LIMITS, QueryLimitError, QuerySyntaxError
from poshuk.core.schema import load_schema


@dataclass(frozen=True, slots=True)
class Term:
    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    slop: int = 0  # words may stand this many positions apart ("a b"~5)


@dataclass(frozen=True, slots=True)
class Prefix:
    text: str  # word* : any word starting with ``text``


@dataclass(frozen=True, slots=True)
class Fuzzy:
    text: str
    distance: int | None = None  # edit distance; None: by length, see fuzzy_distance


@dataclass(frozen=True, slots=True)
class Keyword:
    field: str  # a facet field (entity, citation, lang, type, source, year)
    value: str


@dataclass(frozen=True, slots=True)
class DateRange:
    start: dt.date | None  # inclusive; None: open
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class Scoped:
    field: str  # a text field group the item is searched in only (title)
    item: Node


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class MatchAll:
    pass


@dataclass(frozen=True, slots=True)
class Expanded:
    """``item``, or any of ``also`` weighted by ``boost``: the terms of the thesaurus
    concepts ``item`` names (``poshuk.core.thesaurus``); never made by the parser."""

    item: Node
    also: tuple[Term | Phrase, ...]
    boost: float
    concepts: tuple[str, ...]


Node = (
    Term | Phrase | Prefix | Fuzzy | Keyword | DateRange | Scoped | And | Or | Not | MatchAll
    | Expanded
)
Text = Term | Phrase | Prefix | Fuzzy  # what is looked for in the text fields

SCOPES = ("title",)
KEYWORD_FIELDS = load_schema().facets  # every facet is a field of the language too
FIELDS = (*SCOPES, *KEYWORD_FIELDS, "date")
_LOWER_CASE = ("lang", "type", "year")  # facet values that are always lower case
MAX_DISTANCE = 2
MIN_PREFIX = 2
_FIELD = re.compile(r"([a-z]+):(.*)", re.DOTALL)
_FUZZY = re.compile(r"(.+)~(\d*)")
_SLOP = re.compile(r"~(\d+)")
_DAY = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def fuzzy_distance(token: str, given: int | None) -> int:
    """The edit distance a fuzzy word allows: as typed, else by length (none for one or
    two letters, one up to five, two beyond), as Elasticsearch's ``AUTO`` does."""
    if given is not None:
        return given
    return 0 if len(token) <= 2 else 1 if len(token) <= 5 else 2

_TOKEN = re.compile(r'\s*(?:(?P<lpar>\()|(?P<rpar>\))|(?P<quote>")|(?P<word>[^\s()"]+))')


@dataclass(slots=True)
class _Tok:
    kind: str  # lpar rpar phrase word op neg plus field
    text: str
    pos: int
    slop: int = 0


def _lex_word(word: str, start: int, tokens: list[_Tok]) -> None:
    """One whitespace-free run: an operator, ``-``/``+`` prefixes, a ``field:`` scope (the
    value may follow in the same run) or a word."""
    while word[0] in "-+" and len(word) > 1:
        if word[0] == "-":
            tokens.append(_Tok("neg", "-", start))
        word, start = word[1:], start + 1
    field = _FIELD.fullmatch(word)
    if field and field.group(1) in FIELDS:
        tokens.append(_Tok("field", field.group(1), start))
        if field.group(2):
            tokens.append(_Tok("word", field.group(2), start + len(field.group(1)) + 1))
    elif word in ("AND", "OR", "NOT"):
        tokens.append(_Tok("op", word, start))
    else:
        tokens.append(_Tok("word", word, start))


def _check_characters(text: str) -> None:
    """Text that was not valid UTF-8 (decoded to U+FFFD) or holds control characters
    would otherwise analyse to nothing and match every document."""
    for pos, char in enumerate(text):
        if char == "\ufffd":
            raise QuerySyntaxError("not valid UTF-8 text: send the query encoded as UTF-8", pos)
        if unicodedata.category(char) in ("Cc", "Cs") and not char.isspace():
            raise QuerySyntaxError(f"control character U+{ord(char):04X} in the query", pos)


def _lex(text: str) -> list[_Tok]:
    if len(text) > LIMITS.max_length:
        raise QueryLimitError(
            f"the query is {len(text)} characters long; shorten it", "max_length", 0
        )
    _check_characters(text)
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(text, pos)
        assert match is not None  # the pattern accepts any non-space character
        start = match.start(match.lastgroup or 0)
        if match.group("quote"):
            end = text.find('"', start + 1)
            if end < 0:
                raise QuerySyntaxError('unbalanced quote: close the phrase with "', start)
            pos = end + 1
            slop = _SLOP.match(text, pos)
            if slop:
                pos = slop.end()
                if int(slop.group(1)) > LIMITS.max_slop:
                    raise QueryLimitError(
                        "the words of a phrase may stand too far apart", "max_slop",
                        slop.start(),
                    )
            tokens.append(
                _Tok("phrase", text[start + 1 : end], start, int(slop.group(1)) if slop else 0)
            )
            continue
        pos = match.end()
        if match.group("lpar"):
            tokens.append(_Tok("lpar", "(", start))
        elif match.group("rpar"):
            tokens.append(_Tok("rpar", ")", start))
        elif match.group("word") in ("-", "+"):
            if pos < len(text) and text[pos] in '("':
                tokens.append(_Tok("neg" if match.group("word") == "-" else "plus", "", start))
            # a lone dash between words is punctuation, not an operator
        else:
            _lex_word(match.group("word"), start, tokens)
    return tokens


def _word(tok: _Tok) -> Term | Prefix | Fuzzy:
    """A word, with a trailing ``*`` (prefix) or ``~``/``~N`` (fuzzy)."""
    if tok.text.endswith("*"):
        stem = tok.text[:-1]
        if len(stem) < MIN_PREFIX:
            raise QuerySyntaxError(
                f"a prefix needs at least {MIN_PREFIX} letters before *", tok.pos
            )
        _check_stem(stem, "a prefix (word*)", tok.pos)
        return Prefix(stem)
    fuzzy = _FUZZY.fullmatch(tok.text)
    if fuzzy:
        distance = int(fuzzy.group(2)) if fuzzy.group(2) else None
        if distance is not None and distance > MAX_DISTANCE:
            raise QuerySyntaxError(
                f"~{distance} allows too many typing errors: use ~1 or ~{MAX_DISTANCE}",
                tok.pos + len(fuzzy.group(1)),
            )
        _check_stem(fuzzy.group(1), "a fuzzy word (word~)", tok.pos)
        return Fuzzy(fuzzy.group(1), distance)
    return Term(tok.text)


def _check_stem(stem: str, what: str, pos: int) -> None:
    """A prefix or fuzzy word is one word: letters and digits (with their accents) only,
    so that every engine sees one token (``a*b*`` or ``342-1*`` would match nothing
    definite, and ``*`` inside a word is no wildcard)."""
    for offset, char in enumerate(stem):
        if not (char.isalnum() or unicodedata.category(char).startswith("M")):
            raise QuerySyntaxError(
                f"{what} may hold only letters and digits, not {char!r}", pos + offset
            )
    if len(stem) > LIMITS.max_term_length:
        raise QueryLimitError(
            f"{what} of {len(stem)} characters is too long", "max_term_length", pos
        )


def _day(text: str, pos: int, last: bool) -> dt.date:
    """The first (or ``last``) day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    found = _DAY.fullmatch(text)
    try:
        if found is None:
            raise ValueError(text)
        year = int(found.group(1))
        month = int(found.group(2) or (12 if last else 1))
        if found.group(3):
            return dt.date(year, month, int(found.group(3)))
        return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    except ValueError:
        raise QuerySyntaxError(
            f"date: {text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD, "
            "or a range such as date:2024-01..2024-06",
            pos,
        ) from None


def _date_range(tok: _Tok) -> DateRange:
    if ".." not in tok.text:
        return DateRange(_day(tok.text, tok.pos, False), _day(tok.text, tok.pos, True))
    first, _, second = tok.text.partition("..")
    start = _day(first, tok.pos, False) if first else None
    end = _day(second, tok.pos + len(first) + 2, True) if second else None
    if start is None and end is None:
        raise QuerySyntaxError("date: give at least one end of the range", tok.pos)
    if start and end and start > end:
        raise QuerySyntaxError(f"date: the range runs backwards ({tok.text})", tok.pos)
    return DateRange(start, end)


class _Parser:
    def __init__(self, tokens: list[_Tok], length: int) -> None:
        self.tokens = tokens
        self.i = 0
        self.length = length
        self.depth = 0  # brackets, negations and scopes open around the current token
        self.clauses = 0
        self.expanding = 0

    def nest(self, levels: int, tok: _Tok) -> None:
        self.depth += levels
        if self.depth > LIMITS.max_depth:
            raise QueryLimitError(
                "too deeply nested (brackets, NOT, - and title: inside one another)",
                "max_depth", tok.pos,
            )

    def leaf(self, node: Node, tok: _Tok) -> Node:
        """Count ``node`` against the clause limits."""
        self.clauses += max(1, len(tok.text.split())) if isinstance(node, Phrase) else 1
        if self.clauses > LIMITS.max_clauses:
            raise QueryLimitError(
                "too many words and field values in one query", "max_clauses", tok.pos
            )
        if isinstance(node, Prefix | Fuzzy):
            self.expanding += 1
            if self.expanding > LIMITS.max_expanding:
                raise QueryLimitError(
                    "too many prefix (word*) and fuzzy (word~) words in one query",
                    "max_expanding", tok.pos,
                )
        return node

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            raise QuerySyntaxError("unbalanced bracket: remove this ) or add a (", tok.pos)
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while (tok := self.peek()) and tok.kind == "op" and tok.text == "OR":
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self) -> Node:
        items = [self.unary()]
        while (tok := self.peek()) and tok.kind != "rpar" and not (
            tok.kind == "op" and tok.text == "OR"
        ):
            if tok.kind == "op" and tok.text == "AND":
                self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node:
        """Stacked negations are read in a loop and cancel in pairs (``--a`` is ``a``)."""
        negations = 0
        depth = self.depth
        while (tok := self.peek()) is not None and (
            (tok.kind == "op" and tok.text == "NOT") or tok.kind == "neg"
        ):
            self.take()
            negations += 1
            self.nest(1, tok)
        if tok is None:
            raise QuerySyntaxError("the query ends where a word was expected", self.length)
        if tok.kind == "plus":
            self.take()
        node = self.atom()
        self.depth = depth
        return Not(node) if negations % 2 else node

    def atom(self) -> Node:
        tok = self.take() if self.peek() else None
        if tok is None:
            raise QuerySyntaxError("the query ends where a word was expected", self.length)
        if tok.kind == "word":
            return self.leaf(_word(tok), tok)
        if tok.kind == "phrase":
            return self.leaf(Phrase(tok.text, tok.slop), tok)
        if tok.kind == "field":
            return self.field(tok)
        if tok.kind == "lpar":
            self.nest(1, tok)
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != "rpar":
                raise QuerySyntaxError("unbalanced bracket: close it with )", tok.pos)
            self.take()
            self.depth -= 1
            return node
        if tok.kind == "rpar":
            raise QuerySyntaxError("unbalanced bracket: remove this ) or add a (", tok.pos)
        raise QuerySyntaxError(f"{tok.text} needs a word after it", tok.pos)

    def field(self, tok: _Tok) -> Node:
        """``title:`` scopes the atom after it; the other fields take one value."""
        value = self.peek()
        if value is None or value.pos != tok.pos + len(tok.text) + 1:
            raise QuerySyntaxError(
                f"{tok.text}: needs a value right after the colon, e.g. {_example(tok.text)}",
                tok.pos,
            )
        if tok.text in SCOPES:
            self.nest(1, tok)
            node = Scoped(tok.text, self.atom())
            self.depth -= 1
            return node
        self.take()
        if value.kind not in ("word", "phrase") or not value.text.strip():
            raise QuerySyntaxError(
                f"{tok.text}: needs a value, e.g. {_example(tok.text)}", value.pos
            )
        if tok.text == "date":
            return self.leaf(_date_range(value), value)
        text = value.text.strip()
        keyword = Keyword(tok.text, text.lower() if tok.text in _LOWER_CASE else text)
        return self.leaf(keyword, value)


_EXAMPLES = {
    "title": 'title:verdict or title:"open letter"',
    "entity": 'entity:"Ales Bialiatski"',
    "citation": "citation:BY-CC-342",
    "lang": "lang:be",
    "type": "type:verdict",
    "source": 'source:"Viasna"',
    "year": "year:2024",
    "collection": "collection:default",
    "date": "date:2024-01..2024-06",
}


def _example(field: str) -> str:
    return _EXAMPLES.get(field, f'{field}:"a value from the {field} facet"')


def parse_query(text: str) -> Node:
    """Parse the search box; an empty box means every document."""
    tokens = _lex(text)
    if not tokens:
        return MatchAll()
    return _Parser(tokens, len(text)).parse()


def positive_leaves(node: Node) -> list[Text]:
    """The distinct words and phrases a matching document contains (for highlighting),
    in query order."""
    found: dict[Text, None] = {}
    stack: list[Node] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Term | Phrase | Prefix | Fuzzy):
            found[item] = None
        elif isinstance(item, Scoped):
            stack.append(item.item)
        elif isinstance(item, Expanded):
            stack.extend(reversed([item.item, *item.also]))
        elif isinstance(item, And | Or):
            stack.extend(reversed(item.items))
    return list(found)


def expanding(node: Node) -> list[Prefix | Fuzzy]:
    """The prefix and fuzzy words anywhere in ``node``, negated ones too: the words an
    engine expands into many index terms, which make a search costly."""
    found: list[Prefix | Fuzzy] = []
    stack: list[Node] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Prefix | Fuzzy):
            found.append(item)
        elif isinstance(item, Scoped | Not | Expanded):
            stack.append(item.item)
        elif isinstance(item, And | Or):
            stack.extend(item.items)
    return found
