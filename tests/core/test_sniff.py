from __future__ import annotations

import codecs
import io
import zipfile
from email.message import EmailMessage

import docx
import pytest

from ingest.support.pdfwrite import write_pdf
from poshuk.core.sniff import (
    BINARY,
    DOCX,
    EMAIL,
    HTML,
    MARKDOWN,
    PDF,
    TEXT,
    ZIP,
    sniff_media_type,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Заява праваабаронцаў")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


def eml_bytes() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Anna <anna@example.org>"
    msg["To"] = "archive@example.org"
    msg["Subject"] = "Statement"
    msg.set_content("Body text.")
    return bytes(msg)


@pytest.mark.parametrize("name", ["report.pdf", "report.txt", "report", "REPORT.PDF.bin"])
def test_a_pdf_is_a_pdf_whatever_its_name(name: str) -> None:
    assert sniff_media_type(write_pdf(["text"]), name) == PDF


def test_a_pdf_with_junk_before_the_header_is_still_a_pdf() -> None:
    assert sniff_media_type(b"\r\n" * 100 + write_pdf(["text"]), "x") == PDF


def test_an_uncompressed_zip_whose_first_file_is_a_pdf_is_a_zip() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("verdict.pdf", write_pdf(["text"]))
    data = buffer.getvalue()
    assert b"%PDF-" in data[:100]  # the case: the PDF's header near the ZIP's start
    assert sniff_media_type(data, "evidence.zip") == ZIP


@pytest.mark.parametrize("name", ["notes.pdf", "notes.docx", "notes.txt", "notes"])
def test_text_is_text_whatever_its_name(name: str) -> None:
    assert sniff_media_type("Палітвязні ў Беларусі\n".encode(), name) == TEXT


def test_docx_is_recognised_by_its_main_part() -> None:
    assert sniff_media_type(docx_bytes(), "statement.bin") == DOCX


def test_other_zips_and_broken_zips_are_zip() -> None:
    assert sniff_media_type(zip_bytes(["a.txt", "word/other.xml"]), "a.docx") == ZIP
    assert sniff_media_type(b"PK\x03\x04" + b"\x01" * 40, "a.docx") == ZIP


@pytest.mark.parametrize(
    "start",
    [
        b"<!DOCTYPE html><html><body>x</body></html>",
        b"\n\n   <HTML lang='be'><p>x",
        codecs.BOM_UTF8 + b"  <head><title>x</title></head>",
        b"<?xml version='1.0'?>\n<!-- saved page -->\n<html xmlns='http://www.w3.org/1999/xhtml'>",
        b"<body>",
        codecs.BOM_UTF16_LE + "<!doctype html><p>Заява".encode("utf-16-le"),
    ],
)
def test_html_is_recognised_by_its_first_tag(start: bytes) -> None:
    assert sniff_media_type(start, "page.txt") == HTML


def test_text_that_mentions_html_later_is_not_html() -> None:
    assert sniff_media_type(b"Notes on the site.\nIt starts with <html> as usual.", "n") == TEXT


def test_an_html_fragment_falls_back_to_its_extension() -> None:
    assert sniff_media_type(b"<p>Statement</p>", "fragment.html") == HTML
    assert sniff_media_type(b"<p>Statement</p>", "fragment.txt") == TEXT


def test_email_is_recognised_by_its_headers() -> None:
    assert sniff_media_type(eml_bytes(), "message.txt") == EMAIL


def test_a_message_saved_from_a_mailbox_keeps_its_envelope_line() -> None:
    data = b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n" + eml_bytes()
    assert sniff_media_type(data, "saved.eml") == EMAIL


def test_email_headers_may_be_folded() -> None:
    data = b"Received: from a\n\tby b; Tue, 1 Jul 2025\nFrom: x@example.org\n\nbody"
    assert sniff_media_type(data, "m") == EMAIL


@pytest.mark.parametrize(
    "data",
    [
        b"Subject: one header is not a message\n\nbody",
        b"Source: Viasna\nDate: 2025-03-14\n\nA statement.",  # headers, but not e-mail ones
        b"From: someone\nthis line is not a header\nTo: x\n",
    ],
)
def test_text_with_a_few_colons_is_not_email(data: bytes) -> None:
    assert sniff_media_type(data, "m.txt") == TEXT


def test_markdown_is_text_with_a_markdown_extension() -> None:
    data = b"# Statement\n\nSome *text*."
    assert sniff_media_type(data, "README.md") == MARKDOWN
    assert sniff_media_type(data, "notes.markdown") == MARKDOWN
    assert sniff_media_type(data, "notes.txt") == TEXT


@pytest.mark.parametrize(
    "data",
    [
        "Правозащитники сообщили о задержаниях.".encode("cp1251"),
        "Праваабаронцы паведамілі.".encode("koi8-u"),
        codecs.BOM_UTF16_LE + "Палітвязні".encode("utf-16-le"),
    ],
)
def test_legacy_encodings_and_utf16_are_text(data: bytes) -> None:
    assert sniff_media_type(data, "letter") == TEXT


@pytest.mark.parametrize("name", ["image.png", "image.txt", "image.pdf", "image.md"])
def test_binary_is_octet_stream_whatever_its_name(name: str) -> None:
    assert sniff_media_type(PNG, name) == BINARY
