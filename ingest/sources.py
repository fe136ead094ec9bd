"""Where files come from: folders walked in a stable order, each file read once, hashed
and stored durably in the blob store before anything else happens to it."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from poshuk.core.blobs import BlobStore

_STORE_THREADS = 4
_LOOKAHEAD = 32  # files stored ahead of the parsers (a bound on memory and on wasted work)


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
    """Each file stored in the blob store (fsynced) with its hash and size, in order.

    Files are stored by a few threads running ahead of the caller: an fsync takes
    milliseconds, during which the parser processes would otherwise wait for work.
    Files larger than ``in_memory`` bytes are copied in chunks (a worker will refuse them
    by size).
    """
    with ThreadPoolExecutor(max_workers=_STORE_THREADS) as pool:
        ahead: deque[Future[Found]] = deque()
        for path in iter_files(paths):
            ahead.append(pool.submit(_store, path, blobs, in_memory))
            if len(ahead) >= _LOOKAHEAD:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()


def _store(path: Path, blobs: BlobStore, in_memory: int) -> Found:
    try:
        size = path.stat().st_size
        sha = blobs.put_file(path) if size > in_memory else blobs.put(path.read_bytes())
    except OSError as err:
        return Found(str(path), error=f"unreadable: {err.strerror or err}")
    return Found(str(path), sha, size)
