"""Re-rank more-like-this candidates by the cosine similarity of their texts.

Engines find candidates cheaply (more-like-this picks a few high-weight terms); this
orders them by their whole text, with term weights from the candidate set itself, so the
order does not depend on the engine or on how the rest of the archive shifts the engine's
statistics.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from poshuk.core.model import Document

_WORD = re.compile(r"[^\W\d_]{4,}")  # words of four letters or more: few function words


def _term_counts(doc: Document) -> Counter[str]:
    return Counter(
        word.lower() for page in doc.pages for word in _WORD.findall(page.text)
    )


def rank_by_text(doc: Document, candidates: list[Document]) -> list[tuple[Document, float]]:
    """``candidates`` ordered by cosine similarity to ``doc`` (tf-idf weights)."""
    counts = [_term_counts(d) for d in (doc, *candidates)]
    total = len(counts)
    df: Counter[str] = Counter(term for c in counts for term in c)

    def weights(c: Counter[str]) -> dict[str, float]:
        return {t: (1 + math.log(n)) * math.log(1 + total / df[t]) for t, n in c.items()}

    vectors = [weights(c) for c in counts]
    norms = [math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in vectors]
    target, target_norm = vectors[0], norms[0]
    scored = [
        (cand, sum(w * target.get(t, 0.0) for t, w in vec.items()) / (norm * target_norm))
        for cand, vec, norm in zip(candidates, vectors[1:], norms[1:], strict=True)
    ]
    return sorted(scored, key=lambda pair: -pair[1])
