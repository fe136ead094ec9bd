from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest

from ingest.errors import EncryptedDocument, IngestError, ParseError
from ingest.parsers import parse_bytes
from ingest.parsers.pdf import PdfParser, pdf_date
from ingest.support.pdfwrite import write_pdf, write_scanned_pdf
from ingest.support.text import normalise_text
from tests.conftest import SHARED, shared_cases
from tests.fixtures import pdfs

# Third-party PDFs (measurements; read at import time for parametrisation).
PDF_DIR = SHARED / "data" / "pdfs"


class Row(NamedTuple):
    file: str
    kinds: frozenset[str]
    password: str
    page: int
    phrase: str
    note: str


def manifest() -> list[Row]:
    path = PDF_DIR / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Row(r["file"], frozenset(r["kind"].split(",")), r["password"],
                int(r["expected_page"] or 0), r["expected_phrase"], r["note"])
            for r in csv.DictReader(handle, delimiter="\t")
        ]


ROWS = manifest()
# Rows whose phrase PDFium cannot produce, each with the reason.
KNOWN_MISSES = {
    "pypdf__habibi.pdf": "manifest phrase is poppler's visual-order Arabic; PDFium returns "
    "its own visual order with stray glyphs",
    "pdfjs__issue20232.pdf": "fonts map glyphs to wrong code points; needs OCR",
}


def squash(text: str) -> str:
    return " ".join(normalise_text(text).split())


def rows(select: str) -> list[object]:
    chosen = {
        "text": [r for r in ROWS if "text" in r.kinds and not r.password],
        "encrypted": [r for r in ROWS if "encrypted" in r.kinds and r.password],
        "owner-only": [r for r in ROWS if "encrypted" in r.kinds and not r.password],
        "malformed": [r for r in ROWS if "malformed" in r.kinds],
        "other text": [
            r for r in ROWS
            if r.kinds & {"cyrillic", "multicolumn", "legal", "nonlatin"}
            and not r.kinds & {"scanned", "text"} and r.phrase
        ],
    }[select]
    return shared_cases("data/pdfs", [
        pytest.param(r, id=r.file, marks=[pytest.mark.xfail(reason=KNOWN_MISSES[r.file],
                                                             strict=True)]
                     if r.file in KNOWN_MISSES else [])
        for r in chosen
    ])


def assert_phrase_on_page(row: Row) -> None:
    media_type, parser, doc = parse_bytes((PDF_DIR / row.file).read_bytes(), row.file)
    assert (media_type, parser) == ("application/pdf", "pdf")
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert squash(row.phrase) in squash(doc.pages[row.page - 1].text)


@pytest.mark.parametrize("row", rows("text"))
def test_text_pdfs_have_the_phrase_on_the_expected_page(row: Row, shared_dir: Path) -> None:
    assert_phrase_on_page(row)


@pytest.mark.parametrize("row", rows("other text"))
def test_other_text_layer_pdfs_have_the_phrase_on_the_expected_page(
    row: Row, shared_dir: Path
) -> None:
    assert_phrase_on_page(row)


@pytest.mark.parametrize("row", rows("owner-only"))
def test_owner_password_only_pdfs_open_without_a_password(row: Row, shared_dir: Path) -> None:
    assert_phrase_on_page(row)


@pytest.mark.parametrize("row", rows("encrypted"))
def test_pdfs_with_a_user_password_are_reported_as_encrypted(row: Row, shared_dir: Path) -> None:
    with pytest.raises(EncryptedDocument, match="encrypted and needs a password"):
        parse_bytes((PDF_DIR / row.file).read_bytes(), row.file)


@pytest.mark.parametrize("row", rows("malformed"))
def test_malformed_pdfs_parse_or_fail_with_an_ingest_error(row: Row, shared_dir: Path) -> None:
    try:
        _, _, doc = parse_bytes((PDF_DIR / row.file).read_bytes(), row.file)
    except IngestError as err:
        assert str(err)  # a message for the archivist
        return
    if row.phrase and not row.password:
        assert squash(row.phrase) in squash(doc.pages[row.page - 1].text)


def test_the_manifest_is_there_and_covers_every_case(shared_dir: Path) -> None:
    assert len(rows("text")) >= 8
    assert rows("encrypted") and rows("owner-only") and rows("malformed")


def test_real_pages_without_a_text_layer_are_kept_and_named(shared_dir: Path) -> None:
    _, _, doc = parse_bytes((PDF_DIR / "pdfjs__issue7229.pdf").read_bytes(), "scan.pdf")
    assert [p.text for p in doc.pages] == ["", ""]
    assert doc.warnings == ["page 1 has no text layer", "page 2 has no text layer"]


def test_pages_without_a_text_layer_are_kept_and_named() -> None:
    _, _, doc = parse_bytes(write_scanned_pdf(["Protocol of the search.", "Page two."]),
                            "scan.pdf")
    assert [p.text for p in doc.pages] == ["", ""]
    assert doc.warnings == ["page 1 has no text layer", "page 2 has no text layer"]


def test_creation_date_falls_back_to_the_modification_date() -> None:
    data = pdfs.with_dates(["Text of the act."], title="The Act of 1998",
                           created="D:00000101000000Z", modified="D:20011017180926-03'00'")
    _, _, doc = parse_bytes(data, "act.pdf")
    assert doc.created == dt.date(2001, 10, 17)
    assert doc.title == "The Act of 1998"


def test_a_user_password_is_reported_as_encrypted() -> None:
    data = pdfs.encrypted(["Confidential statement."], user="open-sesame")
    with pytest.raises(EncryptedDocument, match="encrypted and needs a password"):
        parse_bytes(data, "locked.pdf")
    with pytest.raises(EncryptedDocument):  # damaged as well: still named as encrypted
        parse_bytes(pdfs.bad_xref(data), "locked-and-broken.pdf")


def test_an_owner_password_alone_does_not_stop_reading() -> None:
    data = pdfs.encrypted(["Statement on the detention of observers."], user="")
    _, _, doc = parse_bytes(data, "restricted.pdf")
    assert doc.pages[0].text == "Statement on the detention of observers."


def test_a_broken_cross_reference_table_is_repaired() -> None:
    data = pdfs.bad_xref(write_pdf(["Page one of the appeal.", "Page two of the appeal."]))
    _, _, doc = parse_bytes(data, "appeal.pdf")
    assert [p.text for p in doc.pages] == ["Page one of the appeal.", "Page two of the appeal."]


def test_generated_cyrillic_pdf_keeps_pages_and_metadata() -> None:
    pages = [
        "Page one: statement of the UN Special Rapporteur.",
        "Старонка два: палітвязні ў Беларусі.",
        "Страница три: политзаключённые в колониях.",
    ]
    data = write_pdf(pages, title="Справаздача аб палітвязнях",
                     author="Праваабарончы цэнтр «Вясна»", created=dt.date(2024, 7, 2))
    media_type, parser, doc = parse_bytes(data, "report.pdf")
    assert (media_type, parser) == ("application/pdf", "pdf")
    assert [(p.number, p.text) for p in doc.pages] == list(enumerate(pages, 1))
    assert doc.title == "Справаздача аб палітвязнях"
    assert doc.author == "Праваабарончы цэнтр «Вясна»"
    assert doc.created == dt.date(2024, 7, 2)
    assert doc.warnings == []


def test_a_long_pdf_keeps_every_page_in_order() -> None:
    data = write_pdf([f"Page marker {n} of the report." for n in range(1, 41)])
    doc = PdfParser().parse(data, "long.pdf")
    assert len(doc.pages) == 40
    assert all(f"Page marker {p.number} " in p.text for p in doc.pages)


def test_line_end_hyphens_are_restored_then_resolved() -> None:
    data = write_pdf(["The polit-\nical prisoners of the Minsk-\nBrest road, палітвяз-\nні."])
    raw = PdfParser().parse(data, "h.pdf").pages[0].text
    assert "-\n" in raw  # PDFium's own hyphen marker is gone, the layout is back
    _, _, doc = parse_bytes(data, "h.pdf")
    assert "political prisoners" in doc.pages[0].text
    assert "Minsk-\nBrest" in doc.pages[0].text
    assert "палітвязні" in doc.pages[0].text


def test_junk_titles_are_dropped() -> None:
    data = write_pdf(["text"], title="Microsoft Word - statement.doc", author="Administrator")
    doc = PdfParser().parse(data, "statement.pdf")
    assert (doc.title, doc.author) == (None, None)


def test_empty_pages_are_warned_about() -> None:
    doc = PdfParser().parse(write_pdf(["first", ""]), "x.pdf")
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.warnings == ["page 2 has no text layer"]


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_truncated_pdf_is_a_parse_error(cut: float) -> None:
    data = write_pdf(["some text"] * 3)
    with pytest.raises(ParseError, match="damaged or truncated PDF"):
        parse_bytes(data[: int(len(data) * cut)], "cut.pdf")


def test_a_text_file_named_pdf_is_read_as_text() -> None:
    media_type, parser, doc = parse_bytes(b"Not a PDF at all.", "fake.pdf")
    assert (media_type, parser) == ("text/plain", "plain")
    assert doc.pages[0].text == "Not a PDF at all."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20240702120000+03'00'", dt.date(2024, 7, 2)),
        ("D:20100316021332-0100", dt.date(2010, 3, 16)),
        ("20250904160311Z", dt.date(2025, 9, 4)),
        ("D:2024", dt.date(2024, 1, 1)),
        ("D:00000101000000Z", None),
        ("D:20241345", None),
        ("Tuesday", None),
        (None, None),
    ],
)
def test_pdf_dates(value: str | None, expected: dt.date | None) -> None:
    assert pdf_date(value) == expected
