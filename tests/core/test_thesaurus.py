"""The thesaurus as data (complete in every language, unambiguous unless marked, spelled in
each language's own alphabet) and query expansion through it."""

from __future__ import annotations

import re

import pytest

from poshuk.core.analysis import analyze
from poshuk.core.query import And, Expanded, Not, Term, parse_query, positive_leaves
from poshuk.core.thesaurus import (
    LANGUAGES,
    MAX_ALSO,
    MAX_ALSO_TOTAL,
    ThesaurusError,
    expand,
    expansions,
    parse,
    thesaurus,
)

CONCEPTS = list(thesaurus().concepts.values())
# Letters a language's words may not contain: each language in its own official alphabet.
FOREIGN_LETTERS = {
    "en": re.compile(r"[^\W\d_a-zA-Z]"),
    "ru": re.compile(r"[іїєґўІЇЄҐЎa-zA-Z]"),
    "be": re.compile(r"[иъщїєґИЪЩЇЄҐa-zA-Z]"),
    "uk": re.compile(r"[ыэёъўЫЭЁЪЎa-zA-Z]"),
    "pl": re.compile(r"[а-яА-ЯіїєґўІЇЄҐЎ]"),
}


def test_there_are_at_least_300_concepts() -> None:
    assert len(CONCEPTS) >= 300  # read by parse, which refuses a repeated id (below)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_concept_has_a_preferred_term_in_every_language(lang: str) -> None:
    missing = [c.id for c in CONCEPTS if not any(x.lang == lang and x.preferred for x in c.labels)]
    assert missing == []


def test_every_broader_concept_exists() -> None:
    known = {concept.id for concept in CONCEPTS}
    assert [c.id for c in CONCEPTS if c.broader and c.broader not in known] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_terms_are_written_in_their_own_alphabet(lang: str) -> None:
    wrong = [
        (c.id, x.text) for c in CONCEPTS for x in c.labels
        if x.lang == lang and FOREIGN_LETTERS[lang].search(x.text)
        and not x.text.isupper()  # Latin abbreviations (SIZO, KGB) aside
    ]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unmarked_term_names_two_concepts(lang: str) -> None:
    """A query is analysed as every language would: any term of any language that this
    language's analysis turns into another concept's term must be marked shared."""
    names: dict[tuple[str, ...], set[str]] = {}
    for concept in CONCEPTS:
        for label in concept.labels:
            if not label.shared and (key := tuple(analyze(lang, label.text))):
                names.setdefault(key, set()).add(concept.id)
    ambiguous = {" ".join(k): sorted(v) for k, v in names.items() if len(v) > 1}
    assert ambiguous == {}


def test_every_term_leaves_something_to_search() -> None:
    empty = [(c.id, x.text) for c in CONCEPTS for x in c.labels if not x.key()]
    assert empty == []


def test_a_malformed_line_or_repeated_id_is_rejected_with_its_number() -> None:
    with pytest.raises(ThesaurusError, match="line 2"):
        parse("# header\nid\tbroader\tonly three\n")
    line = "id\t\t" + "\t".join(["word"] * len(LANGUAGES))
    with pytest.raises(ThesaurusError, match="line 3: id 'id' again"):
        parse(f"{line}\n\n{line}\n")


def _also(query: str) -> list[str]:
    return [term for found in expansions(expand(parse_query(query))) for term in found["also"]]


HUNGER_STRIKE = {"en": "hunger strike", "ru": "голодовка", "be": "галадоўка",
                 "uk": "голодування", "pl": "głodówka"}


@pytest.mark.parametrize(("query", "lang"), [
    ("hunger strike", "en"), ("hunger strikes", "en"), ("голодовку", "ru"),
    ("галадоўкі", "be"), ("голодуванням", "uk"), ("głodówki", "pl"),
])
def test_a_concept_in_any_language_and_case_form_adds_the_other_languages(
    query: str, lang: str
) -> None:
    also = _also(query)
    assert {term for other, term in HUNGER_STRIKE.items() if other != lang} <= set(also)
    assert HUNGER_STRIKE[lang] not in also  # the typed word is searched as typed
    assert len(also) <= MAX_ALSO


def test_words_side_by_side_are_matched_as_one_phrase_and_the_rest_kept() -> None:
    node = expand(parse_query("hunger strike Navitski"))
    assert isinstance(node, And)
    first, rest = node.items
    assert isinstance(first, Expanded) and first.concepts == ("hunger_strike",)
    assert first.item == And((Term("hunger"), Term("strike")))
    assert rest == Term("Navitski")


def test_a_negated_word_is_widened_so_it_leaves_out_what_the_word_finds() -> None:
    node = expand(parse_query("-torture"))
    assert isinstance(node, Not) and isinstance(node.item, Expanded)
    assert node.item.item == Term("torture")


def test_a_word_naming_no_concept_and_a_quoted_phrase_are_left_as_typed() -> None:
    assert expand(parse_query("Navitski")) == Term("Navitski")
    assert expand(parse_query('"hunger strike"')) == parse_query('"hunger strike"')


def test_expansion_is_bounded_per_query() -> None:
    query = " OR ".join(["torture", "pardon", "amnesty", "verdict", "appeal", "fine",
                         "search", "arrest", "election", "journalist"])
    found = expansions(expand(parse_query(query)))
    added = sum(len(item["also"]) for item in found)
    assert 3 <= len(found) < 10
    assert MAX_ALSO_TOTAL - MAX_ALSO < added <= MAX_ALSO_TOTAL


def test_the_added_terms_are_highlighted_too() -> None:
    leaves = positive_leaves(expand(parse_query("hunger strike")))
    assert Term("галадоўка") in leaves
