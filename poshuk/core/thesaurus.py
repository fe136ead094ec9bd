"""The field's multilingual thesaurus (``data/thesaurus.tsv``) and query expansion.

A query word or phrase that names a concept also searches the concept's other terms (its
names in the other languages, its synonyms), weighted below the words as typed: "hunger
strike" also finds галадоўка and голодовка. Terms are matched through each language's own
analysis (``poshuk.core.analysis.analyze``), so "голодовку" names the concept as
"голодовка" does. Expansion is bounded: a few terms per word, a few words per query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypedDict

from poshuk.core.analysis import analyze
from poshuk.core.query import And, Expanded, Node, Not, Or, Phrase, Scoped, Term
from poshuk.core.textfold import words

LANGUAGES = ("en", "ru", "be", "uk", "pl")
LIGHT_STEMMERS = ("be", "uk")  # suffix strippers (poshuk.core.stemmers), not Snowball
SHARED = "~"  # marks a term that names more than one concept
ALSO_BOOST = 0.01  # an added term's weight: low enough that the words as typed rank first
# (0.5 cost the judged set of benchmarks/relevance.py 0.24 recall@10 on inflected words;
# 0.01 costs nothing there on either engine: docs/quality.md, "Cross-language search")
MAX_ALSO = 20  # terms added for one word or phrase
ALSO_SLOP = 2  # an added phrase's words may stand this far apart (licences revoked)
MAX_ALSO_TOTAL = 48  # terms added to one query (bounds the clauses an engine runs)

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Label:
    text: str
    lang: str
    preferred: bool
    shared: bool  # searched when its concept is expanded, but never names a concept itself

    def key(self, lang: str | None = None) -> Key:
        """The label as ``lang``'s analysis (its own language by default) turns it into stems."""
        return tuple(analyze(lang or self.lang, self.text))


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    broader: str | None
    labels: tuple[Label, ...]


class ThesaurusError(ValueError):
    pass


def parse(text: str) -> list[Concept]:
    """Concepts from the TSV text (see the file's header for the format)."""
    concepts: list[Concept] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 + len(LANGUAGES):
            raise ThesaurusError(
                f"line {number}: {len(cells)} cells; expected id, broader, "
                + ", ".join(LANGUAGES)
            )
        if cells[0] in seen:
            raise ThesaurusError(f"line {number}: id {cells[0]!r} again")
        seen.add(cells[0])
        labels = []
        for lang, cell in zip(LANGUAGES, cells[2:], strict=True):
            terms = [term.strip() for term in cell.split("|") if term.strip()]
            for i, term in enumerate(terms):
                shared = term.startswith(SHARED)
                labels.append(Label(term.removeprefix(SHARED).strip(), lang, i == 0, shared))
        concepts.append(Concept(cells[0].strip(), cells[1].strip() or None, tuple(labels)))
    return concepts


class Thesaurus:
    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = {concept.id: concept for concept in concepts}
        # per language: a term's stems -> the concepts it names
        self.index: dict[str, dict[Key, set[str]]] = {lang: {} for lang in LANGUAGES}
        for concept in concepts:
            for label in concept.labels:
                key = label.key()
                if key and not label.shared:
                    self.index[label.lang].setdefault(key, set()).add(concept.id)
        self.longest = max((len(k) for keys in self.index.values() for k in keys), default=0)

    def concepts_named(self, text: str) -> dict[str, Key]:
        """The concepts ``text`` names in any language, each with the stems it matched by."""
        found: dict[str, Key] = {}
        for lang in LANGUAGES:
            key = tuple(analyze(lang, text))
            named = self.index[lang].get(key, set()) if key else set()
            if not named and lang in LIGHT_STEMMERS and len(key) == 1 and len(key[0]) > 4:
                # the light stemmers leave a letter of some endings (калонія → калан,
                # калоніі → калані): a word one letter longer than a term's stem names it
                key = (key[0][:-1],)
                named = self.index[lang].get(key, set())
            for concept in sorted(named):
                found.setdefault(concept, key)
        return found

    def also(
        self, text: str, limit: int = MAX_ALSO
    ) -> tuple[tuple[str, ...], tuple[Term | Phrase, ...]]:
        """The concepts ``text`` names and their other terms (preferred labels first, one
        language after another), at most ``limit``; none for a word naming no concept."""
        named = self.concepts_named(text)
        seen = {(lang, tuple(analyze(lang, text))) for lang in LANGUAGES}  # the typed word
        ranked: list[tuple[int, int, Label]] = []  # (place in its language, order, label)
        for concept_id in named:
            place = dict.fromkeys(LANGUAGES, 0)
            for order, label in enumerate(self.concepts[concept_id].labels):
                ranked.append((place[label.lang], order, label))
                place[label.lang] += 1
        added: list[Term | Phrase] = []
        for _, _, label in sorted(ranked, key=lambda r: r[:2]):
            keys = {(label.lang, label.key()), ("", (label.text.lower(),))}
            if keys & seen:  # a form of a term already searched
                continue
            seen |= keys
            multiword = len(words(label.text)) > 1
            added.append(Phrase(label.text, ALSO_SLOP) if multiword else Term(label.text))
            if len(added) >= limit:
                break
        return tuple(named), tuple(added)


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The project's thesaurus, read once."""
    text = resources.files("poshuk.core").joinpath("data/thesaurus.tsv").read_text("utf-8")
    return Thesaurus(parse(text))


def expand(node: Node, source: Thesaurus | None = None) -> Node:
    """``node`` with each word that names a concept (and each run of words side by side
    that does: ``hunger strike``) widened to the concept's other terms, at most
    ``MAX_ALSO_TOTAL`` terms in all. A "phrase in quotes" is searched as typed; a negated word is
    widened too, so ``-prison`` leaves out what ``prison`` finds."""
    budget = [MAX_ALSO_TOTAL]
    return _expand(node, source or thesaurus(), budget)


def _expand(node: Node, source: Thesaurus, budget: list[int]) -> Node:
    if isinstance(node, Term):  # a "phrase in quotes" asks for exactly those words
        return _widened(node, node.text, source, budget)
    if isinstance(node, Scoped):
        return Scoped(node.field, _expand(node.item, source, budget))
    if isinstance(node, Not):
        return Not(_expand(node.item, source, budget))
    if isinstance(node, Or):
        return Or(tuple(_expand(item, source, budget) for item in node.items))
    if isinstance(node, And):
        return And(tuple(_runs(list(node.items), source, budget)))
    return node


def _runs(items: list[Node], source: Thesaurus, budget: list[int]) -> Iterator[Node]:
    """The items of an AND, each run of plain words matched longest phrase first."""
    i = 0
    while i < len(items):
        item = items[i]
        if not isinstance(item, Term):
            yield _expand(item, source, budget)
            i += 1
            continue
        end = i + 1
        while end < len(items) and end - i < source.longest and isinstance(items[end], Term):
            end += 1
        for n in range(end - i, 0, -1):
            run = items[i : i + n]
            text = " ".join(t.text for t in run if isinstance(t, Term))
            if n > 1 and not source.concepts_named(text):
                continue
            whole = run[0] if n == 1 else And(tuple(run))
            yield _widened(whole, text, source, budget)
            i += n
            break


def _widened(node: Node, text: str, source: Thesaurus, budget: list[int]) -> Node:
    if budget[0] <= 0:
        return node
    concepts, also = source.also(text, min(MAX_ALSO, budget[0]))
    if not also:
        return node
    budget[0] -= len(also)
    return Expanded(node, also, ALSO_BOOST, concepts)


class Expansion(TypedDict):
    term: str  # the words as typed
    concepts: list[str]
    also: list[str]  # the terms searched besides


def expansions(node: Node) -> list[Expansion]:
    """What expansion added to a query, for the response: the words as typed, the
    concepts they named, and the terms searched besides."""
    if isinstance(node, Expanded):
        return [{
            "term": _typed(node.item),
            "concepts": list(node.concepts),
            "also": [alt.text for alt in node.also],
        }]
    if isinstance(node, Scoped | Not):
        return expansions(node.item)
    if isinstance(node, And | Or):
        return [found for item in node.items for found in expansions(item)]
    return []


def _typed(node: Node) -> str:
    if isinstance(node, Term | Phrase):
        return node.text
    if isinstance(node, And):
        return " ".join(_typed(item) for item in node.items)
    return ""
