"""Content-addressed store of originals: ``<root>/ab/cd/<sha256>``, kept byte for byte.

The root may be on shared storage that several machines write at once (``POSHUK_BLOBS``).
Every write goes to a temporary file on the same filesystem, is fsynced, renamed into place
(atomic) and the directory fsynced, so a reader sees a whole blob or none, and writers
racing on the same bytes end with one intact blob whichever rename lands last.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 20
_TMP_PREFIX = ".tmp-"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` durably and return its sha256."""
        digest = sha256_hex(data)
        if not self._holds(digest, len(data)):
            target = self.path(digest)
            self._make_dirs(target.parent)
            with self._temporary(target.parent) as (handle, tmp):
                handle.write(data)
                self._commit(handle, tmp, target, len(data))
        return digest

    def put_file(self, source: Path) -> str:
        """Store a file too large to hold in memory: copied and hashed in one pass, so the
        name always matches the bytes stored even if the source changes meanwhile."""
        hasher = hashlib.sha256()
        size = 0
        with self._temporary(self.root) as (handle, tmp), source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                hasher.update(chunk)
                handle.write(chunk)
                size += len(chunk)
            digest = hasher.hexdigest()
            if not self._holds(digest, size):
                target = self.path(digest)
                self._make_dirs(target.parent)
                self._commit(handle, tmp, target, size)
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def digests(self) -> Iterator[str]:
        """Every stored blob's name (temporary files of unfinished writes left out)."""
        for path in self.root.glob("??/??/*"):
            if not path.name.startswith(_TMP_PREFIX):
                yield path.name

    # --- writing -------------------------------------------------------------------

    def _holds(self, digest: str, size: int) -> bool:
        """Already stored whole (a blob of another size is a remnant to overwrite)."""
        try:
            return self.path(digest).stat().st_size == size
        except FileNotFoundError:
            return False

    @contextlib.contextmanager
    def _temporary(self, folder: Path) -> Iterator[tuple[BinaryIO, Path]]:
        """A new temporary file in ``folder``, removed unless committed."""
        fd, name = tempfile.mkstemp(dir=folder, prefix=_TMP_PREFIX)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle, tmp
        finally:
            tmp.unlink(missing_ok=True)

    def _commit(self, handle: BinaryIO, tmp: Path, target: Path, size: int) -> None:
        """fsync the bytes, rename them into place, fsync the directory."""
        handle.flush()
        os.fsync(handle.fileno())
        if self._holds(target.name, size):  # another writer finished first
            return
        os.replace(tmp, target)
        _fsync_dir(target.parent)

    def _make_dirs(self, folder: Path) -> None:
        """``ab/cd`` under the root, each new directory's entry fsynced in its parent."""
        for path in (folder.parent, folder):
            if not path.is_dir():
                path.mkdir(exist_ok=True)
                _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
