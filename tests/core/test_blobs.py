from __future__ import annotations

import hashlib
from pathlib import Path

from poshuk.core.blobs import BlobStore


def test_blobs_are_content_addressed_and_byte_exact(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = bytes(range(256)) * 10
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.path(digest) == tmp_path / digest[:2] / digest[2:4] / digest
    assert store.get(digest) == data
    assert store.put(data) == digest  # idempotent
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [store.path(digest)]
    assert not list(tmp_path.rglob(".tmp-*"))
