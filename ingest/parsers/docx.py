"""Word documents (DOCX, Office Open XML)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from lxml import etree

from ingest.errors import ParseError
from ingest.parsers.base import Parser, register
from ingest.support.text import clean_author, clean_title, split_pages
from poshuk.core.model import ParsedDocument

_P, _TBL, _SDT, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_SDT_CONTENT, _PPR, _PAGE_BREAK_BEFORE = qn("w:sdtContent"), qn("w:pPr"), qn("w:pageBreakBefore")
_T, _TAB, _BR, _CR, _TYPE = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:type")
_NO_BREAK_HYPHEN, _SOFT_HYPHEN, _VAL = qn("w:noBreakHyphen"), qn("w:softHyphen"), qn("w:val")
# Runs of a paragraph, including those inside links, tracked insertions, fields and
# content controls, but not those of text boxes anchored in it.
_RUNS = etree.XPath(
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:sdt/w:sdtContent/w:r",
    namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
)
_PAGE = "\f"  # an explicit page break, as split_pages expects it


def _paragraph(p: etree._Element) -> str:
    """A paragraph's text with explicit page breaks as form feeds."""
    parts: list[str] = []
    ppr = p.find(_PPR)
    flag = ppr.find(_PAGE_BREAK_BEFORE) if ppr is not None else None
    if flag is not None and flag.get(_VAL, "true") not in ("0", "false", "off"):
        parts.append(_PAGE)
    for run in _RUNS(p):
        for child in run:
            if child.tag == _T:
                parts.append(child.text or "")
            elif child.tag == _TAB:
                parts.append("\t")
            elif child.tag == _BR:
                parts.append(_PAGE if child.get(_TYPE) == "page" else "\n")
            elif child.tag == _CR:
                parts.append("\n")
            elif child.tag == _NO_BREAK_HYPHEN:
                parts.append("-")
            elif child.tag == _SOFT_HYPHEN:
                parts.append("\u00ad")
    return "".join(parts)


def _blocks(container: etree._Element) -> Iterator[str]:
    """Text of each paragraph and table row under ``container``, in document order."""
    for element in container:
        if element.tag == _P:
            yield _paragraph(element)
        elif element.tag == _TBL:
            for row in element.iterchildren(_TR):
                cells = ("\n".join(_blocks(tc)) for tc in row.iterchildren(_TC))
                yield "\t".join(cells).replace(_PAGE, "\n")
        elif element.tag == _SDT:
            content = element.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


@register
class DocxParser(Parser):
    """Body paragraphs and table cells in document order; explicit page breaks (and
    "page break before" paragraphs) split pages, otherwise the document is one page.
    Title, author and creation date come from the core properties."""

    name = "docx"
    media_types = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
    extensions = ("docx", "docm")
    score = 5

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        try:
            document = docx.Document(io.BytesIO(data))
            body = document.element.body
            props = document.core_properties
            title, author, created = props.title, props.author, props.created
        # python-docx surfaces whatever zipfile, lxml or its own package reader raise on a
        # damaged file (BadZipFile, KeyError, ValueError, XMLSyntaxError, ...), so any
        # error from opening it means "cannot read this DOCX".
        except Exception as err:
            raise ParseError(f"damaged or invalid DOCX file: {err}") from err
        text = "\n".join(_blocks(body))
        # Word starts no blank page for a break before the very first text.
        head, _, rest = text.partition(_PAGE)
        if rest and not head.strip():
            text = rest
        return ParsedDocument(
            pages=split_pages(text),
            title=clean_title(title),
            author=clean_author(author),
            created=created.date() if created else None,
        )
