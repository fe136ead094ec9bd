"""What both engines do alike, decided here once; each engine keeps only how it fetches
from its own index."""

from __future__ import annotations

from dataclasses import dataclass

from poshuk.core.model import Document

MAX_HIGHLIGHTS = 3  # snippets per hit, each from the page it is on
SNIPPET_CHARS = 240  # about this much text around the marked words
SIMILAR_SAMPLE_CHARS = 20_000  # of a document's text, for more-like-this


MAX_MONTHS = 2400  # buckets of the date histogram: two centuries of months
YEAR_FACET = "year"  # the facet of the documents' years, beside the histogram's months


def years_of(months: dict[str, int]) -> dict[str, int]:
    """Documents per year from documents per month (``2024-03`` → ``2024``)."""
    years: dict[str, int] = {}
    for month, count in months.items():
        years[month[:4]] = years.get(month[:4], 0) + count
    return years


def highlight_candidates(hits: int) -> int:
    """How many matching page records to read for the snippets of ``hits`` hits: enough
    for each to show ``MAX_HIGHLIGHTS`` pages with some to spare, bounded."""
    return min(hits * MAX_HIGHLIGHTS * 4, 2000)


@dataclass(frozen=True, slots=True)
class MoreLikeThis:
    """The terms a "similar documents" query is built from."""

    min_doc_freq: int = 2  # a word no other document has cannot make one similar
    min_term_freq: int = 1
    max_query_terms: int = 50
    min_word_length: int = 4  # drops most function words (the, and, для, што) cheaply


MORE_LIKE_THIS = MoreLikeThis()


def similar_sample(doc: Document) -> str:
    """The text more-like-this looks for: the start of the document's pages."""
    return "\n".join(page.text for page in doc.pages)[:SIMILAR_SAMPLE_CHARS]
