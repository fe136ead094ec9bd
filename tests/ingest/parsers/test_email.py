from __future__ import annotations

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ingest.parsers import parse_bytes
from ingest.parsers.email import EmailParser
from ingest.support.pdfwrite import write_pdf

SENT = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))


def message(subject: str = "Заява аб палітвязнях") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = Address("Праваабарончы цэнтр Вясна", "info", "spring96.org")
    msg["To"] = "archive@example.org"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(SENT)
    msg["Message-ID"] = "<statement-1@spring96.org>"
    return msg


def test_plain_message_headers_become_metadata() -> None:
    msg = message()
    msg.set_content("Праваабаронцы паведамілі пра 1 275 палітвязняў.\n")
    media_type, parser, doc = parse_bytes(bytes(msg), "message.eml")
    assert (media_type, parser) == ("message/rfc822", "email")
    assert doc.title == "Заява аб палітвязнях"
    assert doc.author == "Праваабарончы цэнтр Вясна <info@spring96.org>"
    assert doc.source == "Праваабарончы цэнтр Вясна"
    assert doc.created == dt.date(2025, 3, 14)
    assert [p.text for p in doc.pages] == ["Праваабаронцы паведамілі пра 1 275 палітвязняў."]
    assert doc.warnings == []


def test_a_mailbox_envelope_line_is_not_part_of_the_message() -> None:
    msg = message()
    msg.set_content("Body.")
    _, parser, doc = parse_bytes(b"From info@spring96.org Fri Mar 14 09:30:00 2025\n" + bytes(msg),
                                 "saved.eml")
    assert parser == "email"
    assert doc.title == "Заява аб палітвязнях"
    assert doc.pages[0].text == "Body."


def test_plain_text_is_preferred_over_html() -> None:
    msg = message()
    msg.set_content("Plain version of the statement.")
    msg.add_alternative("<p>HTML version of the statement.</p>", subtype="html")
    _, _, doc = parse_bytes(bytes(msg), "m.eml")
    assert doc.pages[0].text == "Plain version of the statement."


def test_html_only_multipart_with_an_attachment() -> None:
    msg = message("Report attached")
    msg.set_content(
        "<html><head><style>p {}</style></head><body><h1>Report</h1>"
        "<p>Nils Muiž<b>nieks</b> welcomed the release.</p><p>Second paragraph.</p></body></html>",
        subtype="html",
    )
    msg.add_attachment(write_pdf(["Annex"]), maintype="application", subtype="pdf",
                       filename="annex.pdf")
    _, _, doc = parse_bytes(bytes(msg), "m.eml")
    assert doc.pages[0].text == (
        "Report\n\nNils Muižnieks welcomed the release.\n\nSecond paragraph."
    )
    assert doc.warnings == []  # the attachment is unpacked as a child document


def test_a_cp1251_body_is_decoded_by_its_charset() -> None:
    msg = message()
    msg.set_content("Суд приговорил журналистку к четырём годам.", charset="windows-1251",
                    cte="8bit")
    data = bytes(msg)
    assert "Суд".encode("cp1251") in data  # really 8-bit cp1251 on the wire
    _, _, doc = parse_bytes(data, "m.eml")
    assert doc.pages[0].text == "Суд приговорил журналистку к четырём годам."


def test_a_body_without_a_charset_is_guessed() -> None:
    data = (
        b"From: info@spring96.org\r\nTo: archive@example.org\r\nSubject: test\r\n"
        b"Date: Fri, 14 Mar 2025 09:30:00 +0300\r\n\r\n"
        + "Правозащитники сообщили о новых задержаниях.\r\n".encode("cp1251")
    )
    _, _, doc = parse_bytes(data, "m.eml")
    assert doc.pages[0].text == "Правозащитники сообщили о новых задержаниях."
    assert doc.source == "spring96.org"  # no display name: the domain


def test_undeclared_8bit_cyrillic_headers_are_decoded() -> None:
    data = (
        "From: Анна Коваль <anna@example.org>\r\nTo: archive@example.org\r\n"
        "Subject: Заява аб палітвязнях\r\n\r\nЦела ліста.\r\n"
    ).encode("cp1251")
    _, _, doc = parse_bytes(data, "m.eml")
    assert doc.title == "Заява аб палітвязнях"
    assert doc.source == "Анна Коваль"
    assert doc.pages[0].text == "Цела ліста."


def test_an_attached_message_counts_as_one_attachment() -> None:
    inner = message("Forwarded")
    inner.set_content("Inner body.")
    inner.add_attachment(b"data", maintype="application", subtype="octet-stream",
                         filename="inner.bin")
    outer = message("Fwd: Forwarded")
    outer.set_content("See the attached message.")
    outer.add_attachment(inner)
    _, _, doc = parse_bytes(bytes(outer), "m.eml")
    assert doc.pages[0].text == "See the attached message."
    assert doc.warnings == []


def test_broken_headers_are_treated_as_missing() -> None:
    data = (b"From: <<<\r\nTo: x\r\nSubject: \r\nDate: not a date\r\n\r\nBody.\r\n")
    doc = EmailParser().parse(data, "m.eml")
    assert doc.created is None
    assert doc.title is None
    assert doc.pages[0].text.strip() == "Body."


def test_a_message_without_a_text_body_says_so() -> None:
    msg = message()
    msg.add_attachment(b"\x89PNG\r\n", maintype="image", subtype="png", filename="photo.png")
    _, _, doc = parse_bytes(bytes(msg), "m.eml")
    assert doc.pages[0].text == ""
    assert doc.warnings == ["e-mail has no text or HTML body"]
