from __future__ import annotations

import hashlib
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from poshuk.core.blobs import BlobStore
from poshuk.core.config import Settings


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


ROUNDS = 12
WRITERS = 6


def _payload(round_: int, size: int = 1 << 20) -> bytes:
    """Bytes every writer stores in a round: large enough that the writes overlap."""
    seed = hashlib.sha256(f"shared-{round_}".encode()).digest()
    return seed * (size // len(seed))


def _race(root: str, writer: int, barrier: Barrier, scratch: str) -> None:
    store = BlobStore(Path(root))
    for round_ in range(ROUNDS):
        shared = _payload(round_)
        own = _payload(round_, 4096) + f"writer {writer}".encode()
        barrier.wait(30)
        if writer % 2:  # half the writers stream from a file, half from memory
            source = Path(scratch) / f"{writer}-{round_}"
            source.write_bytes(shared)
            store.put_file(source)
        else:
            store.put(shared)
        store.put(own)


def test_writers_racing_on_the_same_bytes_leave_one_intact_blob(tmp_path: Path) -> None:
    """Processes store the same bytes at the same instant (and bytes of their own), as
    workers on several machines would on a shared blob store: every blob ends whole."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS)
    root, scratch = tmp_path / "blobs", tmp_path / "scratch"
    scratch.mkdir()
    writers = [context.Process(target=_race, args=(str(root), w, barrier, str(scratch)))
               for w in range(WRITERS)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
        assert process.exitcode == 0
    store = BlobStore(root)
    expected = {hashlib.sha256(_payload(r)).hexdigest() for r in range(ROUNDS)}
    expected |= {hashlib.sha256(_payload(r, 4096) + f"writer {w}".encode()).hexdigest()
                 for r in range(ROUNDS) for w in range(WRITERS)}
    stored = list(store.digests())
    assert sorted(stored) == sorted(expected)
    for digest in stored:
        assert hashlib.sha256(store.get(digest)).hexdigest() == digest
    assert not list(root.rglob(".tmp-*"))  # no temporary file left behind


def test_a_truncated_blob_is_replaced_by_the_next_write(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = b"the whole original " * 100
    digest = store.put(data)
    store.path(digest).write_bytes(data[:10])  # a remnant, e.g. from a copy made by hand
    assert store.put(data) == digest
    assert store.get(digest) == data


def test_put_file_names_the_blob_by_the_bytes_it_stored(tmp_path: Path) -> None:
    source = tmp_path / "original.pdf"
    source.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 5000)
    store = BlobStore(tmp_path / "blobs")
    digest = store.put_file(source)
    assert store.get(digest) == source.read_bytes()
    assert digest == hashlib.sha256(source.read_bytes()).hexdigest()
    assert list(store.digests()) == [digest]


def test_the_blob_store_path_is_a_setting(tmp_path: Path) -> None:
    shared = tmp_path / "nfs" / "blobs"
    assert Settings(home=tmp_path / "home").blob_dir == tmp_path / "home" / "blobs"
    assert Settings(home=tmp_path / "home", blobs=shared).blob_dir == shared
