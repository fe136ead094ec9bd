from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK

from ingest.errors import ParseError
from ingest.parsers import parse_bytes
from ingest.parsers.docx import DocxParser

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def statement(page_break: bool = True) -> bytes:
    document = docx.Document()
    props = document.core_properties
    props.title = "Заява аб палітвязнях"
    props.author = "Праваабарончы цэнтр «Вясна»"
    props.created = dt.datetime(2025, 3, 14, 10, 0)
    document.add_heading("Заява аб палітвязнях", level=1)
    document.add_paragraph("Першая старонка: 1 275 палітвязняў.")
    if page_break:
        document.add_page_break()
    paragraph = document.add_paragraph("Другая старонка пачынаецца тут. ")
    paragraph.add_run("Працяг абзаца").bold = True
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Група", "Колькасць"
    table.cell(1, 0).text, table.cell(1, 1).text = "цяжка хворыя", "78"
    document.add_paragraph("Апошні абзац.")
    return save(document)


def test_page_breaks_split_pages_and_metadata_is_read() -> None:
    media_type, parser, doc = parse_bytes(statement(), "zajava.docx")
    assert (media_type, parser) == (DOCX, "docx")
    assert [p.number for p in doc.pages] == [1, 2]
    assert doc.pages[0].text == "Заява аб палітвязнях\nПершая старонка: 1 275 палітвязняў."
    assert doc.pages[1].text.startswith("Другая старонка пачынаецца тут. Працяг абзаца")
    assert doc.title == "Заява аб палітвязнях"
    assert doc.author == "Праваабарончы цэнтр «Вясна»"
    assert doc.created == dt.date(2025, 3, 14)


def test_table_cells_are_read_in_document_order() -> None:
    _, _, doc = parse_bytes(statement(), "zajava.docx")
    lines = doc.pages[1].text.splitlines()
    assert lines[-3:] == ["Група Колькасць", "цяжка хворыя 78", "Апошні абзац."]


def test_without_page_breaks_the_document_is_one_page() -> None:
    _, _, doc = parse_bytes(statement(page_break=False), "zajava.docx")
    assert len(doc.pages) == 1
    assert "Першая старонка" in doc.pages[0].text and "Апошні абзац." in doc.pages[0].text


def test_line_breaks_and_page_breaks_inside_a_run() -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("one")
    run.add_break()  # a line break stays on the page
    run.add_text("two")
    run.add_break(WD_BREAK.PAGE)
    run.add_text("three")
    doc = DocxParser().parse(save(document), "breaks.docx")
    assert [p.text for p in doc.pages] == ["one\ntwo", "three"]


def test_page_break_before_the_first_paragraph_starts_no_blank_page() -> None:
    document = docx.Document()
    document.add_paragraph("Title").paragraph_format.page_break_before = True
    document.add_paragraph("Next").paragraph_format.page_break_before = True
    _, _, doc = parse_bytes(save(document), "p.docx")
    assert [(p.number, p.text) for p in doc.pages] == [(1, "Title"), (2, "Next")]


def test_default_template_author_is_not_an_author() -> None:
    doc = DocxParser().parse(save(docx.Document()), "empty.docx")
    assert doc.author is None  # python-docx's template says "python-docx"
    assert [p.text for p in doc.pages] == [""]


@pytest.mark.parametrize("cut", [0.3, 0.8])
def test_a_truncated_docx_is_a_parse_error(cut: float) -> None:
    data = statement()
    with pytest.raises(ParseError, match="damaged or invalid DOCX"):
        parse_bytes(data[: int(len(data) * cut)], "cut.docx")


def test_a_zip_with_a_broken_main_part_is_a_parse_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ParseError, match="damaged or invalid DOCX"):
        parse_bytes(buffer.getvalue(), "broken.docx")
