"""Generated archives for benchmarks: pages built from real sentences (the Leipzig web
corpora in ../shared/data/langid), with dates, sources, types, entities and citations.
Without ../shared, sentences are made from the project's own words (the thesaurus and the
test passages), so tests that need many varied documents run on a bare clone too."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Iterator
from pathlib import Path

from poshuk.core.catalog import document_id
from poshuk.core.model import Citation, Document, Entity, Page

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
LANGS = ("en", "ru", "be", "uk", "pl")
TYPES = ("statement", "report", "verdict", "news", "letter", "appeal")
SOURCES = tuple(f"Source {i:02d}" for i in range(40))
PEOPLE = tuple(f"Person {i:03d}" for i in range(400))
ARTICLES = tuple(f"BY-CC-{n}" for n in (130, 193, 293, 342, 361, 369, 342, 423)) + tuple(
    f"BY-CAO-{n}" for n in (24.23, 19.11)
)


def sentences() -> dict[str, list[str]]:
    root = SHARED / "data" / "langid" / "sentences"
    if not root.is_dir():
        return project_sentences()
    # the web-crawled lines carry a few control characters that no font can draw
    return {
        lang: ["".join(ch for ch in line if ch.isprintable()) for line in
               (root / f"{lang}.txt").read_text(encoding="utf-8").splitlines()]
        for lang in LANGS
    }


def project_sentences(per_lang: int = 3000, seed: int = 3) -> dict[str, list[str]]:
    """Sentences of 6–16 words drawn from each language's words in the thesaurus and the
    test passages, by a Zipf law (the r-th word of a shuffled vocabulary weighs 1/r), so
    that words have the spread of frequencies BM25 statistics need."""
    from poshuk.core.thesaurus import thesaurus
    from tests.fixtures.passages import PASSAGES

    vocab: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for concept in thesaurus().concepts.values():
        for label in concept.labels:
            if label.lang in vocab:
                vocab[label.lang].update(re.findall(r"\w{3,}", label.text.lower()))
    for lang, passages in PASSAGES.items():
        if lang in vocab:
            vocab[lang].update(w for p in passages for w in re.findall(r"\w{3,}", p))
    rng = random.Random(seed)
    pools: dict[str, list[str]] = {}
    for lang in LANGS:
        words = sorted(vocab[lang])
        rng.shuffle(words)
        weights = [1 / rank for rank in range(1, len(words) + 1)]
        pools[lang] = [
            " ".join(rng.choices(words, weights, k=rng.randint(6, 16))).capitalize() + "."
            for _ in range(per_lang)
        ]
    return pools


def page_text(rng: random.Random, pool: list[str], words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(pool)
        out.append(sentence)
        count += len(sentence.split())
    return " ".join(out)


def generate(n: int, *, seed: int = 1, pages: tuple[int, int] = (1, 3),
             words: int = 250) -> Iterator[Document]:
    rng = random.Random(seed)
    pools = sentences()
    start = dt.date(2015, 1, 1).toordinal()
    for i in range(n):
        lang = rng.choice(LANGS)
        sha = hashlib.sha256(f"{seed}-{i}".encode()).hexdigest()
        doc_pages = [
            Page(p, page_text(rng, pools[lang], words), lang)
            for p in range(1, rng.randint(*pages) + 1)
        ]
        yield Document(
            id=document_id(sha), sha256=sha, file_name=f"gen-{i}.pdf",
            media_type="application/pdf", size=1000, title=doc_pages[0].text[:80],
            date=dt.date.fromordinal(start + rng.randrange(3650)), date_source="heading",
            language=lang, type=rng.choice(TYPES), source=rng.choice(SOURCES),
            pages=doc_pages,
            entities=[Entity("person", p) for p in rng.sample(PEOPLE, rng.randint(0, 3))],
            citations=[Citation(a, a) for a in rng.sample(ARTICLES, rng.randint(0, 2))],
        )
