"""ZIP archives: the archive's page lists its files; members are unpacked within limits."""

from __future__ import annotations

import pytest

from ingest.errors import EncryptedDocument, ParseError
from ingest.parsers import parse_bytes
from ingest.support.archive import ContainerLimits, member_name, unpack
from poshuk.core.sniff import ZIP
from tests.ingest.hostile import zip_bomb, zip_of

EVIDENCE = zip_of({"photos/": b"", "photos/cell.txt": b"Cell 4", "protocol.txt": b"Protocol"})


def test_the_archive_page_lists_its_files() -> None:
    media_type, parser, doc = parse_bytes(EVIDENCE, "evidence.zip")
    assert (media_type, parser) == (ZIP, "zip")
    assert doc.pages[0].text == "photos/cell.txt\nprotocol.txt"
    assert doc.title == "evidence.zip"  # not the name of its first file


def test_members_come_out_byte_for_byte() -> None:
    members = dict(unpack(EVIDENCE, ZIP, ContainerLimits()))
    assert members == {"photos/cell.txt": b"Cell 4", "protocol.txt": b"Protocol"}
    assert member_name("photos/cell.txt") == "cell.txt"
    assert member_name("a\\b\\c.pdf") == "c.pdf"


def test_limits_on_count_size_and_ratio() -> None:
    with pytest.raises(ParseError, match="more than 1 files"):
        list(unpack(EVIDENCE, ZIP, ContainerLimits(max_members=1)))
    with pytest.raises(ParseError, match="decompression bomb: unpacks to more than 1 MiB"):
        list(unpack(zip_bomb(2), ZIP, ContainerLimits(max_unpacked_bytes=1 << 20, max_ratio=10**4)))
    with pytest.raises(ParseError, match="more than 200× its packed size"):
        list(unpack(zip_bomb(2), ZIP, ContainerLimits(max_ratio=200)))


def test_a_damaged_or_encrypted_archive_is_an_ingest_error() -> None:
    with pytest.raises(ParseError, match="damaged ZIP"):
        parse_bytes(EVIDENCE[: len(EVIDENCE) // 2], "cut.zip")
    encrypted = bytearray(zip_of({"secret.txt": b"x"}))
    encrypted[6] |= 0x1  # the local header's "encrypted" flag …
    central = encrypted.rfind(b"PK\x01\x02")
    encrypted[central + 8] |= 0x1  # … and the central directory's
    with pytest.raises(EncryptedDocument, match="secret.txt"):
        list(unpack(bytes(encrypted), ZIP, ContainerLimits()))
