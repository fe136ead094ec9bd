"""Where files come from: folders walked in a stable order, each file read once, hashed
and stored durably in the blob store before anything else happens to it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from poshuk.core.blobs import BlobStore


@dataclass(slots=True)
class Found:
    path: str
    sha256: str = ""
    size: int = 0
    error: str | None = None  # the file could not be read


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every regular file under ``paths`` (recursively, sorted, hidden entries skipped)."""
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_file():
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder) / name


def read_files(paths: Iterable[Path], blobs: BlobStore, in_memory: int) -> Iterator[Found]:
    """Each file stored in the blob store (fsynced) with its hash and size; files larger
    than ``in_memory`` bytes are copied in chunks (the worker will refuse them by size)."""
    for path in iter_files(paths):
        try:
            size = path.stat().st_size
            if size > in_memory:
                sha = blobs.put_file(path)
            else:
                sha = blobs.put(path.read_bytes())
        except OSError as err:
            yield Found(str(path), error=f"unreadable: {err.strerror or err}")
            continue
        yield Found(str(path), sha, size)
