"""Near-duplicate texts: MinHash signatures of word shingles, found through LSH buckets.

Two texts whose 5-word shingle sets overlap by at least ``THRESHOLD`` (Jaccard) are
near-duplicates: a PDF and its text version, a statement re-published under another
header. Two reports of one event that share quoted sentences overlap far less and stay
apart (they are *similar*, for ``/similar``). Each signature is split into ``BANDS``
bands; texts sharing a band are candidates, and a candidate counts when the signatures
agree on at least ``THRESHOLD`` of their values. Adding and matching cost the same at any
archive size, so grouping stays linear in the number of documents.
"""

from __future__ import annotations

import zlib

import numpy as np
import numpy.typing as npt

from poshuk.core.textfold import words

__all__ = ["THRESHOLD", "LshIndex", "signature", "similarity"]

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
THRESHOLD = 0.8
# One multiply-shift hash per value ((a*x + b) mod 2**64, top 32 bits; a odd): as good as
# a random permutation for MinHash and cheaper than a modulo. Fixed seed: signatures are
# stored and compared across runs.
_RANDOM = np.random.default_rng(20240702)
_A = (_RANDOM.integers(0, 2**63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1))[:, None]
_B = _RANDOM.integers(0, 2**63, NUM_PERM, dtype=np.uint64)[:, None]
_SHIFT = np.uint64(32)

Signature = npt.NDArray[np.uint32]


def signature(text: str) -> Signature | None:
    """The MinHash of ``text``'s word 5-shingles; None for text too short to have one."""
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return None
    hashes = np.fromiter(
        {zlib.crc32(" ".join(tokens[i : i + SHINGLE]).encode("utf-8"))
         for i in range(len(tokens) - SHINGLE + 1)},
        dtype=np.uint64,
    )
    values = (_A * hashes[None, :] + _B) >> _SHIFT
    minimum: Signature = values.min(axis=1).astype(np.uint32)
    return minimum


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(a == b))


class LshIndex:
    """Signatures by band, in memory: ``match`` finds an added text near ``sig``."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, bytes], list[str]] = {}
        self._signatures: dict[str, Signature] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    @staticmethod
    def _bands(sig: Signature) -> list[tuple[int, bytes]]:
        return [(band, sig[band * ROWS : (band + 1) * ROWS].tobytes()) for band in range(BANDS)]

    def add(self, doc_id: str, sig: Signature) -> None:
        self._signatures[doc_id] = sig
        for band in self._bands(sig):
            self._buckets.setdefault(band, []).append(doc_id)

    def match(self, sig: Signature) -> str | None:
        """The most similar added text at or above ``THRESHOLD``, if any."""
        candidates = {doc_id for band in self._bands(sig) for doc_id in self._buckets.get(band, ())}
        best, best_score = None, THRESHOLD
        for doc_id in sorted(candidates):
            score = similarity(sig, self._signatures[doc_id])
            if score >= best_score:
                best, best_score = doc_id, score
        return best
