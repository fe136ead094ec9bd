"""People, organisations and places named in a document, one entity per key.

Three layers, each doing what it is good at:

* the gazetteer (``ingest.enrich.gazetteer``): the organisations and places of the domain
  in every spelling, any language;
* rules, any language: a given name followed by a capitalised word (``Andrei Navitski``,
  ``Андрэй Навіцкі``, with patronymic or surname first as verdicts write them), a surname
  with initials (``Навицкого А. С.``), a capitalised English name ending in an
  organisation word (``Human Rights House Foundation``), a quoted name after an
  organisation word (``центр «Весна»``);
* for Russian pages, the natasha/slovnet NER model (weights inside the wheel, runs
  offline), whose people, places and organisations go through the same keys.

Keys come from ``poshuk.core.names``; a gazetteer entry's key is that of its display name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from ingest.enrich import gazetteer, russian_ner
from ingest.enrich.gazetteer import Kind
from poshuk.core.model import Entity, Page
from poshuk.core.names import bare, entity_key, given_name_key, person_key, stem
from poshuk.core.textfold import fold_word

__all__ = ["document_entities", "find_entities", "resolve", "source_name"]

# a word, with its hyphenated or apostrophised parts, but not an English possessive 's
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’](?![sS]\b)[^\W\d_]+)*")
_UPPER = "A-ZА-ЯЁІЎЇЄҐŁŚŻŹĆŃÓŠŽČ"
_INITIALS = re.compile(
    rf"(?P<surname>[{_UPPER}][^\W\d_]+(?:-[{_UPPER}][^\W\d_]+)?)[ \t]+"
    rf"(?P<initial>[{_UPPER}])\.[ \t]?(?:[{_UPPER}]\.)?(?!\w)"
)
_QUOTED = re.compile(
    r"(?P<cue>[^\W\d_][\w'’]*)\s+[«\"“„](?P<name>[^»\"”\n]{2,60})[»\"”]"
)
# a patronymic after folding and stemming: a given name and -ovich/-ovna (Сергеевича,
# Віктараўны); -ovich alone is also a surname ending (Лагуновіч, Salmanovich)
_PATRONYMIC = re.compile(r"^(?P<name>\w+?)[aeiou]*v(?:ic|n)$")
# Capitalised words that are never names, whatever a rule or the model says: procedural
# abbreviations (codes, detention units, police units) and institutions named generically.
_NOT_NAMES = frozenset(
    """упк ук коап кк кпк каап купап смі сми шизо пкт сизо ик иу ивс цип лтп рувд ровд гувд
    увд рф рб суд суда судом комитет камітэт комітет committee court office""".split()
)
# a service or a channel named after a brand (Telegram-канал), not an organisation
_GENERIC_ORG = re.compile(
    r"(?:^|[\s-])(?:канал\w*|чат\w*|сайт\w*|аккаунт\w*|channel|chat|account)$", re.IGNORECASE
)
# executive committees (Мингорисполком) are bodies, though the model calls some places
_EXECUTIVE = re.compile(r"исполком|выканкам", re.IGNORECASE)
_COURT = re.compile(r"(?:^|\s)(?:суд|суда|суде|court|sąd|sądu)(?:\s|$)", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])\W*$")
_CAPS_WORD = 5  # capitals with a word this long are a heading (УСТАНОВИЛ), not an acronym
_MAX_GAZETTEER_WORDS = 9
# The model tags streets, metro stations and city districts as places; an archive's
# place facet is about towns and countries, so those are dropped.
_NOT_A_PLACE_BEFORE = re.compile(
    r"(?:ул\.|улиц\w*|вул\.|вуліц\w*|проспект\w*|праспект\w*|пр-т|пл\.|площад\w*|"
    r"станци\w*|станцы\w*|метро|переул\w*|завулк\w*)\s*[«\"]?\s*$",
    re.IGNORECASE,
)
_NOT_A_PLACE_AFTER = re.compile(r"^[»\"]?\s*(?:район\w*|раён\w*|област\w*|вобласц\w*)",
                                re.IGNORECASE)
_DISTRICT = re.compile(r"(?:район|раён|област|вобласц)\w*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundEntity:
    kind: Kind
    key: str
    surface: str


class _Token(NamedTuple):  # a tuple: made for every word of every page, and cheaply
    start: int
    end: int
    text: str
    stem: str
    loose: str  # the stem as gazetteer names are compared (_loose)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _acronym(name: str) -> bool:
    return " " not in name and sum(ch.isupper() for ch in name) >= 2


# A gazetteer word is compared by a looser form of its stem than keys use, so that the
# case forms of its names meet them: the final vowel of a short word (Рада, Ради; Unia,
# Unii), the fleeting e of a last syllable (Homel, w Homlu) and, in a longer word, a final
# c that a soft vowel after it turned into t (Brześć, w Brześciu). An acronym alone is
# compared as it is, with acronyms only (РУУС is not Russia). The gazetteer's names stay
# apart under it (tested).
_FLEETING_E = re.compile(r"(?<=[^aeiou])e(?=[^aeiou]$)")
_SHORT = 4  # the shortest stem; endings are not stripped below it


@cache
def _loose(word_stem: str) -> str:
    if len(word_stem) <= _SHORT:
        return word_stem[:-1] if word_stem[-1:] in tuple("aeiou") else word_stem
    loose = _FLEETING_E.sub("", word_stem)
    return loose[:-1] + "t" if loose.endswith("c") else loose


def _gazetteer_words(tokens: list[_Token]) -> tuple[str, ...]:
    if len(tokens) == 1 and _acronym(tokens[0].text):
        return ("=" + tokens[0].stem,)  # meets acronyms only
    return tuple(t.loose for t in tokens)


@cache
def _gazetteer() -> dict[tuple[str, ...], tuple[Kind, str]]:
    index: dict[tuple[str, ...], tuple[Kind, str]] = {}
    for kind, display, variants in gazetteer.KNOWN:
        key = entity_key(kind, display)
        for name in (display, *variants):
            index.setdefault(_gazetteer_words(_tokens(name)), (kind, key))
    return index


@cache
def _first_words() -> frozenset[str]:
    return frozenset(words[0] for words in _gazetteer())


@cache
def _displays() -> dict[str, str]:
    return {entity_key(kind, display): display for kind, display, _ in gazetteer.KNOWN}


@cache
def _acronyms() -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """Gazetteer names known only as acronyms, and their spellings: they match only as
    written (``ООН``, ``UN``), never a word that folds alike (``On``, ``ON``)."""
    spelled: dict[tuple[str, ...], bool] = {}
    spellings = set()
    for _, display, variants in gazetteer.KNOWN:
        for name in (display, *variants):
            words = _gazetteer_words(_tokens(name))
            spelled[words] = spelled.get(words, True) and _acronym(name)
            if _acronym(name):
                spellings.add(name.upper())
    return frozenset(words for words, only in spelled.items() if only), frozenset(spellings)


@cache
def _given_names() -> frozenset[str]:
    """Keys of the given names; with the fleeting vowel of the nominative dropped as well
    (Paweł, Pawła; Марек, Марка)."""
    keys = set()
    for name in gazetteer.GIVEN_NAMES:
        key = given_name_key(fold_word(name))
        keys.add(key)
        if len(key) > 4 and key[-2] in "eo" and key[-1] not in "aeiou":
            keys.add(key[:-2] + key[-1])
    return frozenset(keys)


# participles and adjectives used as roles (председательствующий, старшынствуючы)
_ROLE_FORM = re.compile(r"(?:ющ|ящ|ючы|ячы|учы|ачы)(?:ий|его|ему|ая|ей|ага|аму|ы|ая|ай)?$")


@cache
def _roles() -> frozenset[str]:
    return frozenset(gazetteer.ROLES)


def _is_role(word: str) -> bool:
    lower = word.lower()
    return lower in _roles() or bool(_ROLE_FORM.search(lower))


def _is_given(token: _Token) -> bool:
    return len(token.text) > 2 and given_name_key(fold_word(token.text)) in _given_names()


def _is_patronymic(token: _Token) -> bool:
    match = _PATRONYMIC.match(token.stem)
    return match is not None and given_name_key(match.group("name")) in _given_names()


@cache
def _org_heads() -> frozenset[str]:
    return frozenset(gazetteer.ORG_HEADS)


@cache
def _org_heads_first() -> frozenset[str]:
    return frozenset(gazetteer.ORG_HEADS_FIRST)


@cache
def _org_cues() -> frozenset[str]:
    return frozenset(cue.lower() for cue in gazetteer.ORG_CUES)


def _person(name: str) -> tuple[str, str | None] | None:
    """The surname of a person's name as written (not an initial, a given name, or a
    patronymic after a given name) and the given name or first initial, if any:
    ``Навицкого Андрея Сергеевича`` → (``navick``, ``Андрея``), ``Навицкий А. С.`` →
    (``navick``, ``А``)."""
    words = [t for t in _tokens(name) if not _is_role(t.text)]
    tokens = [t for t in words if len(t.text) > 1]
    kept = [t for t in tokens if not _is_given(t)]
    if len(kept) > 1:  # a patronymic after a given name is no surname, unless it is the last
        kept = [t for i, t in enumerate(tokens) if t in kept and not (
            i > 0 and _is_given(tokens[i - 1]) and _is_patronymic(t))] or kept
    if not kept:
        return None
    given = next((t.text for t in tokens if _is_given(t)), None)
    if given is None:
        given = next((t.text for t in words if len(t.text) == 1 and t.text.isupper()), None)
    return kept[-1].stem, given


def _surname_stem(name: str) -> str | None:
    person = _person(name)
    return person[0] if person else None


def resolve(kind: Kind, name: str) -> str:
    """The key of ``name``: the gazetteer's if it knows the name, else the folded stems
    (for a person, of the surname)."""
    known = _lookup(_tokens(name))
    if known and known[0] == kind:
        return known[1]
    if kind == "person":
        person = _person(name)
        if person:
            return person_key(*person)
    return entity_key(kind, name)


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), *_stems(m.group()))
            for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=65_536)  # a few MB per parser process
def _stems(word: str) -> tuple[str, str]:
    """A word's stem and loose stem: asked for every word of every page, and words recur."""
    word_stem = stem(fold_word(word))
    return word_stem, _loose(word_stem)


def _lookup(tokens: list[_Token]) -> tuple[Kind, str] | None:
    """The gazetteer's entry for these words; a body of the UN named with the UN inside
    (``UN Human Rights Committee``, ``Комитет ООН по правам человека``) is that body."""
    index, (acronyms, spellings) = _gazetteer(), _acronyms()
    words = _gazetteer_words(tokens)
    match = index.get(words)
    if match and words in acronyms and " ".join(t.text for t in tokens) not in spellings:
        return None
    if match or len(tokens) < 3:
        return match
    un = entity_key("organisation", "United Nations")
    for at, token in enumerate(tokens):
        if token.text.isupper() and index.get(_gazetteer_words([token])) == ("organisation", un):
            inner = index.get(words[:at] + words[at + 1 :])
            if inner and inner[0] == "organisation" and inner[1] != un:
                return inner
    return None


def _from_gazetteer(text: str, tokens: list[_Token]) -> list[tuple[int, int, FoundEntity]]:
    found: list[tuple[int, int, FoundEntity]] = []
    first = _first_words()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not token.capitalised or (token.loose not in first
                                     and "=" + token.stem not in first):
            i += 1  # no gazetteer name starts with this word
            continue
        for n in range(min(_MAX_GAZETTEER_WORDS, len(tokens) - i), 0, -1):
            match = _lookup(tokens[i : i + n])
            if match:
                start, end = tokens[i].start, tokens[i + n - 1].end
                found.append((start, end, FoundEntity(match[0], match[1], text[start:end])))
                i += n
                break
        else:
            i += 1
    return found


def _next_to(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end : right.start]
    return right.start > left.end and gap.isspace() and "\n" not in gap


def _name_word(token: _Token | None) -> bool:
    return (token is not None and token.capitalised and not _is_given(token)
            and not _is_role(token.text)
            and not (token.text.isupper() and len(token.text) > 1))


def _surname(text: str, tokens: list[_Token], i: int) -> int | None:
    """Index of the surname that goes with the given name at ``i``, or None: the next word
    (``Andrei Navitski``), the word after a patronymic (``Андрэй Сяргеевіч Навіцкі``) or,
    before a given name and patronymic, the word before (``Навицкого Андрея Сергеевича``)."""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if after is None or not _name_word(after) or not _next_to(text, tokens[i], after):
        return None
    if _is_patronymic(after):
        third = tokens[i + 2] if i + 2 < len(tokens) else None
        if third is not None and _name_word(third) and _next_to(text, after, third):
            return i + 2
        before = tokens[i - 1] if i > 0 else None
        if before is not None and _name_word(before) and _next_to(text, before, tokens[i]):
            return i - 1
    return i + 1


def _people(text: str, tokens: list[_Token]) -> list[tuple[int, int, FoundEntity]]:
    found: list[tuple[int, int, FoundEntity]] = []
    for i, token in enumerate(tokens):
        if token.capitalised and _is_given(token) and not token.text.isupper():
            at = _surname(text, tokens, i)
            if at is not None:
                start, end = min(tokens[at].start, token.start), max(tokens[at].end, token.end)
                surface = text[start:end]
                found.append((start, end, FoundEntity(
                    "person", person_key(tokens[at].stem, token.text), surface)))
    for match in _INITIALS.finditer(text):
        surname = match.group("surname")
        if (given_name_key(fold_word(surname)) not in _given_names()
                and not _is_role(surname) and not surname.isupper()):
            found.append((match.start(), match.end(), FoundEntity(
                "person", person_key(resolve("person", surname).removeprefix("person:"),
                                     match.group("initial")), match.group(0))))
    return found


def _organisations(text: str, tokens: list[_Token]) -> list[tuple[int, int, FoundEntity]]:
    found: list[tuple[int, int, FoundEntity]] = []
    heads = _org_heads()
    run: list[_Token] = []
    for token in [*tokens, None]:
        if token is not None and token.capitalised and (not run or token.start - run[-1].end < 3):
            run.append(token)
            continue
        while run and run[0].text.lower() in ("the", "a", "an"):
            run = run[1:]
        if len(run) >= 2 and (run[-1].text in heads or run[0].text in _org_heads_first()):
            start, end = run[0].start, run[-1].end
            name = text[start:end]
            found.append((start, end, FoundEntity("organisation", resolve("organisation", name),
                                                  name)))
        run = [token] if token is not None and token.capitalised else []
    for match in _QUOTED.finditer(text):
        if match.group("cue").lower() in _org_cues():
            name = match.group("name").strip()
            found.append((match.start("name"), match.end("name"),
                          FoundEntity("organisation", resolve("organisation", name), name)))
    return found


def _sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 4) : start]))


def _from_model(text: str, spans: list[russian_ner.Span]) -> list[tuple[int, int, FoundEntity]]:
    found: list[tuple[int, int, FoundEntity]] = []
    for start, end, kind, name in spans:
        if kind == "person":
            key = resolve("person", name)
            # one capitalised word opening a sentence (Водворён …) is a name only if the
            # text names it again
            lone = " " not in name and _sentence_start(text, start)
            if lone and sum(resolve("person", n) == key for _, _, k, n in spans if k == kind) < 2:
                continue
            if _surname_stem(name) is not None:
                found.append((start, end, FoundEntity("person", key, name)))
        elif kind == "location" and _EXECUTIVE.search(name):
            found.append((start, end, FoundEntity("organisation",
                                                  resolve("organisation", name), name)))
        elif kind == "location" and (
            _NOT_A_PLACE_BEFORE.search(text[max(0, start - 20) : start])
            or _NOT_A_PLACE_AFTER.match(text[end : end + 20])
            or _DISTRICT.search(name)
        ):
            continue
        else:
            found.append((start, end, FoundEntity(kind, resolve(kind, name), name)))
    return found


def _a_name(entity: FoundEntity) -> bool:
    """Whether what a rule or the model found can be a name: not a procedural word or
    abbreviation, not a heading in capitals, not a court, no line break inside, and for
    a person more than a given name."""
    words = entity.surface.split()
    if not words or "\n" in entity.surface or words[0].lower().strip("«»\"") in _NOT_NAMES:
        return False
    if entity.surface.upper() == entity.surface and any(len(w) >= _CAPS_WORD for w in words):
        return False
    if entity.kind == "organisation" and (_COURT.search(entity.surface)
                                          or _GENERIC_ORG.search(entity.surface)):
        return False
    return entity.kind != "person" or _surname_stem(entity.surface) is not None


def find_entities(text: str, language: str | None,
                  model: list[russian_ner.Span] | None = None) -> list[FoundEntity]:
    """Entities in ``text``; where two layers claim overlapping words, the gazetteer wins,
    then the rules, then the model (on Russian text; ``model``: its spans of ``text``,
    when already found)."""
    tokens = _tokens(text)
    organisations = _organisations(text, tokens)
    # a place inside an organisation's name (Fundacja Wolna Białoruś) is part of the name
    inside = [(s, e) for s, e, _ in organisations]
    places = [f for f in _from_gazetteer(text, tokens) if f[2].kind != "location" or not any(
        s <= f[0] and f[1] <= e and (s, e) != f[:2] for s, e in inside)]
    layers = [places, _people(text, tokens), organisations]
    if language == "ru":
        layers.append(_from_model(text, russian_ner.spans(text) if model is None else model))
    taken: list[tuple[int, int]] = []
    found: list[FoundEntity] = []
    for number, layer in enumerate(layers):
        for start, end, entity in sorted(layer, key=lambda f: f[0]):
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if number and not _a_name(entity):
                continue
            taken.append((start, end))
            found.append(entity)
    return _join_namesakes(found)


def _join_namesakes(found: list[FoundEntity]) -> list[FoundEntity]:
    """A surname named alone takes the key of the one person of that surname the text
    names with a given name or initial; with several (namesakes) it stays on its own."""
    full: dict[str, set[str]] = {}
    for entity in found:
        if entity.kind == "person" and entity.key != bare(entity.key):
            full.setdefault(bare(entity.key), set()).add(entity.key)
    return [
        FoundEntity(e.kind, next(iter(full[e.key])), e.surface)
        if e.kind == "person" and len(full.get(e.key, ())) == 1 else e
        for e in found
    ]


def document_entities(pages: list[Page], language: str | None) -> list[Entity]:
    """One :class:`Entity` per key with every surface form seen, most frequent first."""
    counts: dict[str, dict[str, int]] = {}
    kinds: dict[str, Kind] = {}
    languages = [page.language or language for page in pages]
    # the model's spans of every Russian page at once: it runs them in batches
    model = iter(russian_ner.spans_many(
        [page.text for page, lang in zip(pages, languages, strict=True) if lang == "ru"]))
    found = [item for page, lang in zip(pages, languages, strict=True)
             for item in find_entities(page.text, lang, next(model) if lang == "ru" else None)]
    for item in _join_namesakes(found):
        kinds[item.key] = item.kind
        forms = counts.setdefault(item.key, {})
        forms[item.surface] = forms.get(item.surface, 0) + 1
    return [
        Entity(type=kinds[key], key=key,
               surface=sorted(forms, key=lambda form: (-forms[form], form)))
        for key, forms in counts.items()
    ]


def source_name(source: str | None) -> str | None:
    """A document's source as its organisation's entity is shown: the gazetteer's display
    name when the source names one known organisation and nothing else (``Праваабарончы
    цэнтр «Вясна»``, ``Viasna Human Rights Centre`` → ``Viasna``; ``UN Human Rights Office
    (OHCHR)``), else as written."""
    if not source:
        return source
    tokens = _tokens(source)
    found = _from_gazetteer(source, tokens)
    keys = {entity.key for _, _, entity in found if entity.kind == "organisation"}
    covered = sum(1 for t in tokens if any(start <= t.start < end for start, end, _ in found))
    if len(keys) == 1 and len(found) == sum(e.kind == "organisation" for _, _, e in found) \
            and covered == len(tokens):
        return _displays().get(keys.pop(), source)
    return source
