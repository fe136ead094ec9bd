"""Hostile and broken files, made by the tests themselves (no copies of real text)."""

from __future__ import annotations

import io
import zipfile
import zlib

from ingest.support.pdfwrite import write_pdf


def pdf_bomb(mib: int) -> bytes:
    """A one-page PDF whose content stream inflates from ~1/500 of ``mib`` to ``mib`` MiB."""
    packer = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * 4096
    stream = b"".join(
        packer.compress(chunk) for _ in range(mib * (1 << 20) // len(chunk))
    ) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )
    return out


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(mib: int) -> bytes:
    """One member of ``mib`` MiB of zeros: a packing ratio of about 1000."""
    return zip_of({"zeros.txt": b"\0" * (mib << 20)})


def nested_zip(depth: int, inner: bytes) -> bytes:
    """``inner`` (a text file) inside ``depth`` ZIPs, each inside the next."""
    data = zip_of({"note.txt": inner})
    for level in range(depth - 1):
        data = zip_of({f"level{level}.zip": data})
    return data


def many_pages_pdf(pages: int) -> bytes:
    return write_pdf([f"Page {n}" for n in range(1, pages + 1)])
