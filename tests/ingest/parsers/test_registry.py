"""The parser registry as a whole: every parser is tested, picked right, and fails cleanly."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

import ingest.parsers
from ingest.errors import IngestError, UnsupportedFormat
from ingest.parsers import Parser, parse_bytes, pick, registered
from ingest.support.pdfwrite import write_pdf
from tests.ingest.hostile import zip_of

BUILT_IN = [cls for cls in registered() if cls.__module__.startswith("ingest.parsers.")]


def module_name(cls: type[Parser]) -> str:
    return cls.__module__.rsplit(".", 1)[1]


def sample_files() -> dict[str, bytes]:
    document = docx.Document()
    document.add_paragraph("Docx text")
    buffer = io.BytesIO()
    document.save(buffer)
    return {
        "a.pdf": write_pdf(["PDF text"]),
        "a.docx": buffer.getvalue(),
        "a.html": b"<html><body><p>HTML text</p></body></html>",
        "a.eml": b"From: a@example.org\nTo: b@example.org\nSubject: s\n\nEmail text",
        "a.md": b"# Markdown text",
        "a.txt": "Plain text, палітвязні".encode("cp1251"),
        "a.zip": zip_of({"evidence/text.txt": b"Member"}),
    }


def test_every_registered_parser_has_a_test_module(repo_root: Path) -> None:
    assert {module_name(cls) for cls in BUILT_IN} >= {"pdf", "plain", "markdown", "html",
                                                      "docx", "email", "archive"}
    tests = repo_root / "tests" / "ingest" / "parsers"
    missing = [
        cls.__name__ for cls in BUILT_IN
        if not (tests / f"test_{module_name(cls)}.py").is_file()
    ]
    assert missing == []


def test_every_parser_declares_what_it_accepts() -> None:
    names = [cls.name for cls in BUILT_IN]
    assert len(names) == len(set(names))
    for cls in BUILT_IN:
        assert cls.media_types and cls.extensions, cls.__name__
        assert cls.__doc__ and cls.__doc__.strip(), cls.__name__


def test_the_package_exports_what_it_promises() -> None:
    assert ingest.parsers.__all__ == ["Parser", "pick", "registered", "parse_bytes"]
    assert all(hasattr(ingest.parsers, name) for name in ingest.parsers.__all__)


@pytest.mark.parametrize(
    ("file_name", "media_type", "parser"),
    [
        ("a.pdf", "application/pdf", "pdf"),
        ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "docx"),
        ("a.html", "text/html", "html"),
        ("a.eml", "message/rfc822", "email"),
        ("a.md", "text/markdown", "markdown"),
        ("a.txt", "text/plain", "plain"),
        ("a.zip", "application/zip", "zip"),
    ],
)
def test_each_format_goes_to_its_parser(file_name: str, media_type: str, parser: str) -> None:
    found_type, found_parser, doc = parse_bytes(sample_files()[file_name], file_name)
    assert (found_type, found_parser) == (media_type, parser)
    assert doc.pages and doc.pages[0].number == 1
    assert "text" in doc.pages[0].text.lower()


@pytest.mark.parametrize("file_name", ["a.pdf", "a.docx", "a.html", "a.eml"])
def test_content_wins_over_a_wrong_extension(file_name: str) -> None:
    right = parse_bytes(sample_files()[file_name], file_name)
    wrong = parse_bytes(sample_files()[file_name], "renamed.txt")
    assert wrong[:2] == right[:2]


def test_media_type_beats_extension_in_pick() -> None:
    assert pick("text/plain", ".pdf") is not None
    assert pick("text/plain", ".pdf").name == "plain"  # type: ignore[union-attr]
    assert pick("application/octet-stream", ".pdf").name == "pdf"  # type: ignore[union-attr]
    assert pick("application/octet-stream", ".bin") is None


def test_unsupported_content_names_the_type_and_file() -> None:
    message = r"no parser for application/octet-stream \(file.bin\)"
    with pytest.raises(UnsupportedFormat, match=message):
        parse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "file.bin")


def test_every_page_is_normalised_once() -> None:
    raw = "polit-\nical\u00a0prisoners  \n\n\n\nMuiz\u030cnieks"
    _, _, doc = parse_bytes(raw.encode(), "n.txt")
    assert doc.pages[0].text == "political prisoners\n\nMuižnieks"


OWN_SAMPLE = {"pdf": "a.pdf", "docx": "a.docx", "html": "a.html", "email": "a.eml",
              "markdown": "a.md", "plain": "a.txt", "zip": "a.zip"}


@pytest.mark.parametrize("cls", BUILT_IN, ids=lambda cls: cls.name)
def test_parsers_fail_only_with_ingest_errors_on_foreign_bytes(cls: type[Parser]) -> None:
    """Any file handed to the wrong parser parses somehow or raises an IngestError;
    anything else escaping from here is a bug."""
    samples = sample_files()
    samples["garbage"] = bytes(range(256)) * 8
    samples["truncated.pdf"] = samples["a.pdf"][:300]
    samples["truncated.docx"] = samples["a.docx"][:500]
    outcomes = {}
    for name, data in samples.items():
        try:
            cls().parse(data, name)
            outcomes[name] = "parsed"
        except IngestError as err:
            assert str(err), name
            outcomes[name] = "refused"
    assert outcomes[OWN_SAMPLE[cls.name]] == "parsed"
    assert outcomes["garbage"] == "refused"
