from __future__ import annotations

import pytest

from poshuk.core.query import (
    And,
    MatchAll,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
    parse_query,
    positive_leaves,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", MatchAll()),
        ("   ", MatchAll()),
        ("prisoners", Term("prisoners")),
        ("political prisoners", And((Term("political"), Term("prisoners")))),
        ('"political prisoners"', Phrase("political prisoners")),
        ("a OR b", Or((Term("a"), Term("b")))),
        ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
        ("a AND b", And((Term("a"), Term("b")))),
        ("NOT a", Not(Term("a"))),
        ("-a", Not(Term("a"))),
        ("+a b", And((Term("a"), Term("b")))),
        ("(a OR b) -c", And((Or((Term("a"), Term("b"))), Not(Term("c"))))),
        ('x -"y z"', And((Term("x"), Not(Phrase("y z"))))),
        ("or and not", And((Term("or"), Term("and"), Term("not")))),
        ("ст. 342 - УК", And((Term("ст."), Term("342"), Term("УК")))),
        ("A/HRC/56/65", Term("A/HRC/56/65")),
    ],
)
def test_parses(text: str, expected: object) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ('"political prisoners', 0, "unbalanced quote"),
        ('a "b', 2, "unbalanced quote"),
        ("(a OR b", 0, "unbalanced bracket"),
        ("a) b", 1, "unbalanced bracket"),
        ("a AND", 5, "ends where a word was expected"),
        ("a OR OR b", 5, "OR needs a word"),
        ("NOT", 3, "ends where a word was expected"),
    ],
)
def test_malformed_queries_name_the_problem_and_place(text: str, position: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert caught.value.position == position
    assert words in str(caught.value)
    assert f"character {position + 1}" in str(caught.value)


def test_positive_leaves_skip_negated_words() -> None:
    tree = parse_query('(a OR "b c") -d NOT e f')
    assert positive_leaves(tree) == [Term("a"), Phrase("b c"), Term("f")]
