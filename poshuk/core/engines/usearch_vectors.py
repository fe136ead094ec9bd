"""Passage vectors beside the embedded engine: a ``usearch`` index (cosine, HNSW) in
``<data dir>/index/vectors/`` and a small JSON file saying which passages belong to which
document, the content (sha256) they were made from, and the model that made them.

Rights: usearch knows nothing of collections, so :meth:`UsearchVectors.nearest` asks
usearch for ``OVERFETCH`` passages per wanted document and hands the candidate ids to
tantivy with the request's scope, filters and dates; only the ids tantivy returns leave
this module. Over-fetching buys recall for a caller who may read little of the archive
(the nearest passages may be others'); it cannot leak, since every id passes tantivy's
filter first. A reader follows a writer's saves (``poshuk embed``) by the file's mtime."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from poshuk.core.engines.base import Engine, SearchRequest
from poshuk.core.model import Document
from poshuk.core.query import MatchAll
from poshuk.core.semantic import DIMENSIONS

OVERFETCH = 10  # passages read per wanted document (a document has several passages)
_INDEX, _META, _LOCK = "passages.usearch", "documents.json", "writer.lock"


class UsearchVectors:
    def __init__(self, folder: Path, engine: Engine, model: str, *, writable: bool = False) -> None:
        self.folder = folder
        self.engine = engine
        self.model = model
        self._lock = threading.Lock()
        self._loaded_mtime: float | None = None
        self._writer_lock: Any = None
        if writable:
            folder.mkdir(parents=True, exist_ok=True)
            self._writer_lock = open(folder / _LOCK, "w")  # noqa: SIM115 (held until close)
            try:
                fcntl.flock(self._writer_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                self._writer_lock.close()
                raise RuntimeError(f"another `poshuk embed` is writing {folder}") from err
        self._load()

    # --- state ---------------------------------------------------------------------

    def _load(self) -> None:
        from usearch.index import Index

        meta_path = self.folder / _META
        meta: dict[str, Any] = {}
        mtime = None
        if meta_path.exists():
            mtime = meta_path.stat().st_mtime
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.index = Index(ndim=DIMENSIONS, metric="cos", dtype="f32")
        if meta.get("model") == self.model and (self.folder / _INDEX).exists():
            self.index.load(str(self.folder / _INDEX))
            self.keys: dict[str, list[int]] = meta["keys"]
            self.sha: dict[str, str] = meta["sha"]
            self.next_key = int(meta["next"])
        else:  # nothing yet, or another model's vectors: all stale
            self.keys, self.sha, self.next_key = {}, {}, 0
        self.owner = {key: doc for doc, keys in self.keys.items() for key in keys}
        self._loaded_mtime = mtime

    def _follow(self) -> None:
        """Reload after another process saved (cheap: one stat)."""
        path = self.folder / _META
        mtime = path.stat().st_mtime if path.exists() else None
        if mtime != self._loaded_mtime:
            with self._lock:
                if mtime != self._loaded_mtime:
                    self._load()

    # --- writing -------------------------------------------------------------------

    def stale(self, docs: list[Document]) -> list[Document]:
        return [doc for doc in docs if self.sha.get(doc.id) != doc.sha256]

    def put(self, embedded: list[tuple[Document, np.ndarray]]) -> None:
        for doc, vectors in embedded:
            self._drop(doc.id)
            keys = list(range(self.next_key, self.next_key + len(vectors)))
            self.next_key += len(vectors)
            if keys:
                self.index.add(np.array(keys, dtype=np.uint64), vectors)
            self.keys[doc.id] = keys
            self.sha[doc.id] = doc.sha256
            self.owner.update(dict.fromkeys(keys, doc.id))

    def commit(self) -> None:
        """Save the index, then the document map (a reader reloads on the map's change);
        each written to a temporary file and renamed over the old one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{_INDEX}.tmp"
        self.index.save(str(tmp))
        os.replace(tmp, self.folder / _INDEX)
        meta = {"model": self.model, "next": self.next_key, "keys": self.keys, "sha": self.sha}
        tmp = self.folder / f"{_META}.tmp"
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, self.folder / _META)
        self._loaded_mtime = (self.folder / _META).stat().st_mtime

    def _drop(self, doc_id: str) -> None:
        keys = self.keys.pop(doc_id, [])
        self.sha.pop(doc_id, None)
        for key in keys:
            self.owner.pop(key, None)
        if keys:
            self.index.remove(np.array(keys, dtype=np.uint64))

    # --- reading -------------------------------------------------------------------

    def count(self) -> int:
        self._follow()
        return sum(1 for keys in self.keys.values() if keys)

    def nearest(self, vector: np.ndarray, request: SearchRequest, size: int) -> list[str]:
        self._follow()
        with self._lock:
            index, owner = self.index, self.owner
        if not len(index):
            return []
        found = index.search(vector, min(len(index), size * OVERFETCH))
        candidates = list(dict.fromkeys(owner[int(k)] for k in found.keys if int(k) in owner))
        if not candidates:
            return []
        # the rights filter: tantivy keeps only the candidates the request may see
        allowed = set(self.engine.ids(dataclasses.replace(
            request, query=MatchAll(), scope={**request.scope, "id": candidates}
        )))
        return [doc_id for doc_id in candidates if doc_id in allowed][:size]

    def close(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.close()
            self._writer_lock = None
