"""Near-duplicate texts: MinHash signatures of word shingles, found through LSH buckets.

Two texts whose 5-word shingle sets overlap by at least ``THRESHOLD`` (Jaccard) are
near-duplicates: a PDF and its text version, a statement re-published under another
header. Two reports of one event that share quoted sentences overlap far less and stay
apart (they are *similar*, for ``/similar``). Each signature is split into ``BANDS``
bands; texts sharing a band are candidates, and a candidate counts when the signatures
agree on at least ``THRESHOLD`` of their values. Bands live in an indexed catalog table, not
in memory: adding and matching cost one B-tree lookup per band at any archive size, so
grouping stays linear in the number of documents and memory does not grow with them.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from poshuk.core.db import Database
from poshuk.core.textfold import words

__all__ = ["THRESHOLD", "LshTable", "band_keys", "signature", "similarity"]

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


def band_keys(sig: Signature) -> list[int]:
    """One 64-bit key per band: texts sharing a key are candidates of each other."""
    return [
        int.from_bytes(
            hashlib.blake2b(bytes([band]) + sig[band * ROWS : (band + 1) * ROWS].tobytes(),
                            digest_size=8).digest(),
            "little", signed=True,
        )
        for band in range(BANDS)
    ]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(a == b))


class LshTable:
    """Signatures and their band keys in the catalog's ``minhash`` tables: ``match``
    finds a stored text near a signature through an indexed lookup, so memory stays flat
    however many texts the archive holds."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._fill_missing_bands()

    def _fill_missing_bands(self) -> None:
        """Catalogs from before the band table kept signatures only: band them once."""
        if self.db.execute("SELECT 1 FROM minhash_bands LIMIT 1").fetchone():
            return
        if not self.db.execute("SELECT 1 FROM minhash LIMIT 1").fetchone():
            return
        with self.db.transaction(lock="documents"):
            for rows in self.db.stream("SELECT doc_id, signature FROM minhash"):
                for doc_id, blob in rows:
                    self._add_bands(doc_id, np.frombuffer(blob, dtype=np.uint32))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM minhash").fetchone()[0])

    def add(self, doc_id: str, sig: Signature) -> None:
        """Store ``sig`` for ``doc_id`` (inside the caller's transaction, if any)."""
        old = self.db.execute("SELECT signature FROM minhash WHERE doc_id = ?",
                              (doc_id,)).fetchone()
        if old is not None:  # a document parsed again: its old bands go
            self.db.executemany(
                "DELETE FROM minhash_bands WHERE band_key = ? AND doc_id = ?",
                [(key, doc_id) for key in band_keys(np.frombuffer(old[0], dtype=np.uint32))],
            )
        self.db.execute("INSERT INTO minhash (doc_id, signature) VALUES (?, ?) ON CONFLICT "
                        "(doc_id) DO UPDATE SET signature = excluded.signature",
                        (doc_id, sig.tobytes()))
        self._add_bands(doc_id, sig)

    def _add_bands(self, doc_id: str, sig: Signature) -> None:
        self.db.executemany("INSERT INTO minhash_bands (band_key, doc_id) VALUES (?, ?) "
                            "ON CONFLICT DO NOTHING",
                            [(key, doc_id) for key in band_keys(sig)])

    def match(self, sig: Signature, keep: Callable[[str], bool] | None = None) -> str | None:
        """The most similar stored text at or above ``THRESHOLD``, if any (ties: the
        smallest id); ``keep`` limits the candidates (e.g. to one collection)."""
        keys = band_keys(sig)
        rows = self.db.execute(
            "SELECT m.doc_id, m.signature FROM minhash m WHERE m.doc_id IN "
            f"(SELECT doc_id FROM minhash_bands WHERE band_key IN ({', '.join('?' * len(keys))}))"
            " ORDER BY m.doc_id",
            keys,
        )
        best, best_score = None, THRESHOLD
        for doc_id, blob in rows:
            if keep is not None and not keep(doc_id):
                continue
            score = similarity(sig, np.frombuffer(blob, dtype=np.uint32))
            if score > best_score or (best is None and score >= best_score):
                best, best_score = doc_id, score
        return best
