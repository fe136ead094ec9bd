"""The search box's query language, parsed once into a small tree both engines compile.

    query    := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := unary ("AND"? unary)*          words side by side must all match
    unary    := ("NOT" | "-") unary | "+"? atom
    atom     := "(" or_expr ")" | '"' phrase '"' | word

``AND``/``OR``/``NOT`` are operators only in capitals, so a search for the word "or" still
works in lower case. A malformed query raises ``QuerySyntaxError`` naming the position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class QuerySyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str


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


Node = Term | Phrase | And | Or | Not | MatchAll

_TOKEN = re.compile(r'\s*(?:(?P<lpar>\()|(?P<rpar>\))|(?P<quote>")|(?P<word>[^\s()"]+))')


@dataclass(slots=True)
class _Tok:
    kind: str  # lpar rpar phrase word op neg plus
    text: str
    pos: int


def _lex(text: str) -> list[_Tok]:
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
            tokens.append(_Tok("phrase", text[start + 1 : end], start))
            pos = end + 1
            continue
        pos = match.end()
        if match.group("lpar"):
            tokens.append(_Tok("lpar", "(", start))
        elif match.group("rpar"):
            tokens.append(_Tok("rpar", ")", start))
        else:
            word = match.group("word")
            if word in ("AND", "OR", "NOT"):
                tokens.append(_Tok("op", word, start))
            elif word.startswith("-") and len(word) > 1:
                tokens.append(_Tok("neg", "-", start))
                tokens.append(_Tok("word", word[1:], start + 1))
            elif word.startswith("+") and len(word) > 1:
                tokens.append(_Tok("word", word[1:], start + 1))
            elif word in ("-", "+"):
                if pos < len(text) and text[pos] in '("':
                    tokens.append(_Tok("neg" if word == "-" else "plus", word, start))
                # a lone dash between words is punctuation, not an operator
            else:
                tokens.append(_Tok("word", word, start))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Tok], length: int) -> None:
        self.tokens = tokens
        self.i = 0
        self.length = length

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
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("the query ends where a word was expected", self.length)
        if (tok.kind == "op" and tok.text == "NOT") or tok.kind == "neg":
            self.take()
            return Not(self.unary())
        if tok.kind == "plus":
            self.take()
        return self.atom()

    def atom(self) -> Node:
        tok = self.take() if self.peek() else None
        if tok is None:
            raise QuerySyntaxError("the query ends where a word was expected", self.length)
        if tok.kind == "word":
            return Term(tok.text)
        if tok.kind == "phrase":
            return Phrase(tok.text)
        if tok.kind == "lpar":
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != "rpar":
                raise QuerySyntaxError("unbalanced bracket: close it with )", tok.pos)
            self.take()
            return node
        if tok.kind == "rpar":
            raise QuerySyntaxError("unbalanced bracket: remove this ) or add a (", tok.pos)
        raise QuerySyntaxError(f"{tok.text} needs a word after it", tok.pos)


def parse_query(text: str) -> Node:
    """Parse the search box; an empty box means every document."""
    tokens = _lex(text)
    if not tokens:
        return MatchAll()
    return _Parser(tokens, len(text)).parse()


def positive_leaves(node: Node) -> list[Term | Phrase]:
    """The words and phrases a matching document contains (for highlighting)."""
    if isinstance(node, Term | Phrase):
        return [node]
    if isinstance(node, And | Or):
        return [leaf for item in node.items for leaf in positive_leaves(item)]
    return []
