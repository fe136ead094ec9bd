from __future__ import annotations

import datetime as dt

import pytest

from poshuk.core.query import (
    And,
    DateRange,
    Fuzzy,
    Keyword,
    MatchAll,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Scoped,
    Term,
    fuzzy_distance,
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
        ("prigovor*", Prefix("prigovor")),
        ("-verd*", Not(Prefix("verd"))),
        ("Navitsky~", Fuzzy("Navitsky")),
        ("Navitsky~1", Fuzzy("Navitsky", 1)),
        ('"hunger strike"~5', Phrase("hunger strike", 5)),
        ("title:verdict", Scoped("title", Term("verdict"))),
        ('title:"open letter"', Scoped("title", Phrase("open letter"))),
        ("title:(a OR bo*)", Scoped("title", Or((Term("a"), Prefix("bo"))))),
        ('entity:"Andrei Navitski"', Keyword("entity", "Andrei Navitski")),
        ("citation:BY-CC-342 -lang:RU", And((Keyword("citation", "BY-CC-342"),
                                           Not(Keyword("lang", "ru"))))),
        ("date:2024-01..2024-06", DateRange(dt.date(2024, 1, 1), dt.date(2024, 6, 30))),
        ("date:2024-02", DateRange(dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("date:..2023", DateRange(None, dt.date(2023, 12, 31))),
        ("date:2024-03-05..", DateRange(dt.date(2024, 3, 5), None)),
        ("http://example.org", Term("http://example.org")),  # not a field
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
        ("a*", 0, "at least 2 letters"),
        ("word~7", 4, "too many typing errors"),
        ("date:2024-13", 5, "is not a date"),
        ("x date:2024..2023", 7, "runs backwards"),
        ("date:..", 5, "at least one end"),
        ("lang: ru", 0, "needs a value right after the colon"),
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


def test_fuzzy_distance_grows_with_the_word_unless_given() -> None:
    assert [fuzzy_distance(w, None) for w in ("ab", "abcde", "abcdef")] == [0, 1, 2]
    assert fuzzy_distance("abcdef", 1) == 1


def test_scoped_prefix_and_fuzzy_words_are_highlight_leaves() -> None:
    leaves = positive_leaves(parse_query("title:verdict pris* Navitsky~ -x entity:y"))
    assert leaves == [Term("verdict"), Prefix("pris"), Fuzzy("Navitsky")]
