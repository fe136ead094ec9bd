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
    Scoped,
    Term,
    expanding,
    fuzzy_distance,
    parse_query,
    positive_leaves,
)
from poshuk.core.query_limits import LIMITS, QueryLimitError, QuerySyntaxError


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
        ("a*b*c*d*", 1, "only letters and digits, not '*'"),
        ("342-1*", 3, "only letters and digits, not '-'"),
        ("word~2~2", 4, "only letters and digits, not '~'"),
        ("ok bad\ufffdword", 6, "not valid UTF-8"),
        ("nul\x00byte", 3, "control character U+0000"),
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


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("-" * 961 + "navitski", "max_depth"),  # crashed tantivy once
        ("NOT " * (LIMITS.max_depth + 1) + "a", "max_depth"),
        ("(" * 250 + "a" + ")" * 250, "max_depth"),
        ("-(" * 13 + "a" + ")" * 13, "max_depth"),
        ("title:(" * 13 + "a" + ")" * 13, "max_depth"),
        (" ".join(["w"] * (LIMITS.max_clauses + 1)), "max_clauses"),
        ('"' + " ".join(["w"] * (LIMITS.max_clauses + 1)) + '"', "max_clauses"),
        (" ".join(["navitskiy~2"] * (LIMITS.max_expanding + 1)), "max_expanding"),
        (" OR ".join(["pa*"] * (LIMITS.max_expanding + 1)), "max_expanding"),
        ("a" * (LIMITS.max_term_length + 1) + "*", "max_term_length"),
        ("x" * (LIMITS.max_length + 1), "max_length"),
        ('"a b"~99999999999999999999', "max_slop"),
    ],
)
def test_queries_beyond_a_limit_name_it(text: str, limit: str) -> None:
    with pytest.raises(QueryLimitError) as caught:
        parse_query(text)
    assert caught.value.limit == limit
    assert f"limit {limit}={getattr(LIMITS, limit)}" in str(caught.value)


def test_queries_at_the_limits_parse() -> None:
    deep = "(" * LIMITS.max_depth + "a" + ")" * LIMITS.max_depth
    assert parse_query(deep) == Term("a")
    assert len(parse_query(" ".join(["w"] * LIMITS.max_clauses)).items) == LIMITS.max_clauses  # type: ignore[union-attr]
    fuzzy = " ".join(f"w{i}~1" for i in range(LIMITS.max_expanding))
    assert len(expanding(parse_query(fuzzy))) == LIMITS.max_expanding
    assert parse_query("a" * LIMITS.max_term_length + "*") == Prefix("a" * LIMITS.max_term_length)


def test_stacked_negations_cancel_in_pairs() -> None:
    assert parse_query("--a") == Term("a")
    assert parse_query("NOT -a") == Term("a")
    assert parse_query("- - -a b") == And((Not(Term("a")), Term("b")))
    assert parse_query("x ---a") == And((Term("x"), Not(Term("a"))))


def test_letters_of_any_script_make_a_prefix() -> None:
    assert parse_query("Лукашэнк*") == Prefix("Лукашэнк")
    assert parse_query("Muižniek~1") == Fuzzy("Muižniek", 1)
    assert parse_query("2024*") == Prefix("2024")


def test_highlight_leaves_are_distinct() -> None:
    assert positive_leaves(parse_query("a a OR a pa* pa*")) == [Term("a"), Prefix("pa")]
