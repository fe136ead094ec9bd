"""Unpack containers (ZIP archives, e-mail attachments) into their member files, within
limits that stop decompression bombs and runaway archives.

Sizes stated in a ZIP's headers can lie, so every member is read with a cap: at most
``max_ratio`` times its packed size, and never past what is left of the container's total
budget. Crossing a limit fails the whole container with the limit named: a bomb is
evidence too, and it is kept (as a failed document) rather than half unpacked.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from pathlib import PurePosixPath

from ingest.errors import EncryptedDocument, ParseError
from ingest.parsers.email import attachment_parts
from poshuk.core.sniff import EMAIL, ZIP, ZIP_ERRORS

_CHUNK = 1 << 16
_MIB = 1 << 20


@dataclass(frozen=True, slots=True)
class ContainerLimits:
    max_members: int = 10_000
    max_unpacked_bytes: int = 1024 * _MIB
    max_ratio: int = 200


Members = Iterator[tuple[str, bytes]]


class _Budget:
    """Counts members and unpacked bytes against the limits."""

    def __init__(self, limits: ContainerLimits) -> None:
        self.limits = limits
        self.members = 0
        self.left = limits.max_unpacked_bytes

    def add_member(self) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise ParseError(
                f"container holds more than {self.limits.max_members} files "
                "(limit POSHUK_MAX_MEMBERS)"
            )

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            mib = self.limits.max_unpacked_bytes // _MIB
            raise ParseError(
                f"decompression bomb: unpacks to more than {mib} MiB "
                "(limit POSHUK_MAX_UNPACKED_MB)"
            )


def _zip_members(data: bytes, budget: _Budget) -> Members:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except ZIP_ERRORS as err:
        raise ParseError(f"damaged ZIP archive: {err}") from err
    with archive:
        for info in infos:
            budget.add_member()
            if info.flag_bits & 0x1:
                raise EncryptedDocument(f"ZIP member {info.filename!r} is encrypted")
            yield info.filename, _read_member(archive, info, budget)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    cap = max(info.compress_size, 1) * budget.limits.max_ratio
    out = bytearray()
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                out += chunk
                budget.spend(len(chunk))
                if len(out) > cap:
                    raise ParseError(
                        f"decompression bomb: {info.filename!r} unpacks to more than "
                        f"{budget.limits.max_ratio}× its packed size (limit POSHUK_MAX_RATIO)"
                    )
    except ZIP_ERRORS as err:
        raise ParseError(f"ZIP member {info.filename!r} cannot be unpacked: {err}") from err
    return bytes(out)


def _email_members(data: bytes, budget: _Budget) -> Members:
    msg = BytesParser(EmailMessage, policy=policy.default).parsebytes(data)
    body = msg.get_body(preferencelist=("plain", "html"))
    for name, part in attachment_parts(msg, body):
        budget.add_member()
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            message = inner[0] if isinstance(inner, list) else inner
            payload = message.as_bytes() if isinstance(message, Message) else b""
        else:
            decoded = part.get_payload(decode=True)
            payload = decoded if isinstance(decoded, bytes) else b""
        budget.spend(len(payload))
        yield name, payload


_UNPACKERS: dict[str, Callable[[bytes, _Budget], Members]] = {
    ZIP: _zip_members,
    EMAIL: _email_members,
}


def is_container(media_type: str) -> bool:
    return media_type in _UNPACKERS


def unpack(data: bytes, media_type: str, limits: ContainerLimits) -> Members:
    """(name, bytes) of every file in the container; raises ``IngestError`` at a limit."""
    yield from _UNPACKERS[media_type](data, _Budget(limits))


def member_name(name: str) -> str:
    """The file name of a member path (``evidence/photos/a.pdf`` → ``a.pdf``)."""
    return PurePosixPath(name.replace("\\", "/")).name or "unnamed"
