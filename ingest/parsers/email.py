"""E-mail messages (RFC 822 / MIME, ``.eml``)."""

from __future__ import annotations

import datetime as dt
import re
from email import policy
from email.errors import MessageError
from email.header import decode_header, make_header
from email.message import EmailMessage, Message, MIMEPart
from email.parser import BytesParser
from email.utils import parseaddr

from ingest.errors import ParseError
from ingest.parsers.base import Parser, register
from ingest.support.encoding import decode_text
from ingest.support.html_text import html_to_text
from ingest.support.text import clean_title, tidy_field
from poshuk.core.model import Page, ParsedDocument
from poshuk.core.sniff import looks_like_text

# The stdlib header parser still trips over some malformed headers with these instead of
# recording a defect; a header it cannot read is treated as absent.
_HEADER_ERRORS = (MessageError, ValueError, IndexError, TypeError)
_SURROGATES = re.compile("[\udc80-\udcff]")  # raw 8-bit bytes kept by the parser


def _created(msg: EmailMessage) -> dt.date | None:
    try:
        stamp = getattr(msg["Date"], "datetime", None)
    except _HEADER_ERRORS:
        return None
    return stamp.date() if isinstance(stamp, dt.datetime) else None


def _text_header(msg: EmailMessage, name: str) -> str | None:
    """A header as one line of text, decoded from the raw value.

    ``email.header`` is used rather than the policy's address parser, which leaves a space
    between adjacent encoded words of a display name ("Вяс на"); undeclared 8-bit bytes
    (common in old Cyrillic mail) are decoded like a text file.
    """
    raw = next((str(v) for k, v in msg.raw_items() if k.lower() == name.lower()), None)
    if raw is None:
        return None
    if _SURROGATES.search(raw):
        return tidy_field(decode_text(raw.encode("utf-8", "surrogateescape"))[0])
    try:
        return tidy_field(str(make_header(decode_header(raw))))
    except (MessageError, LookupError, ValueError):  # a broken encoded word: keep it as is
        return tidy_field(raw)


def _source(sender: str | None) -> str | None:
    """The sender's display name, else the domain of the address."""
    name, address = parseaddr(sender or "")
    return tidy_field(name) or tidy_field(address.rpartition("@")[2])


def _part_text(part: Message) -> tuple[str, str | None]:
    """A text part decoded by its declared charset, or guessed when that is missing or wrong."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset:
        try:
            return raw.decode(charset), None
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong charset: guess from the bytes
    return decode_text(raw)


def attachment_parts(msg: MIMEPart, body: Message | None) -> list[tuple[str, MIMEPart]]:
    """(name, part) of every part that is a file rather than the message text; an attached
    message is one attachment (its own parts are its own attachments)."""
    found: list[tuple[str, MIMEPart]] = []
    stack: list[MIMEPart] = [msg]
    while stack:
        part = stack.pop()
        if part is body:
            continue
        if part.get_content_type() == "message/rfc822" and part is not msg:
            found.append((part.get_filename() or "attached e-mail message", part))
        elif part.is_multipart():
            stack.extend(reversed(list(part.iter_parts())))
        elif part.get_content_disposition() == "attachment" or (
            part.get_filename() and part.get_content_disposition() != "inline"
        ):
            found.append((part.get_filename() or f"unnamed {part.get_content_type()} part", part))
    return found


@register
class EmailParser(Parser):
    """An e-mail as one page: the text/plain body, else the HTML body as text. Title is the
    subject, author the sender, source the sender's name (or domain), created the Date
    header. Attachments become documents of their own, linked to the message
(``ingest.support.archive``)."""

    name = "email"
    media_types = ("message/rfc822",)
    extensions = ("eml",)
    score = 5

    def parse(self, data: bytes, file_name: str) -> ParsedDocument:
        if not looks_like_text(data):  # MIME is 7-bit or 8-bit text; NUL bytes mean binary
            raise ParseError("not an e-mail message: it contains binary data")
        msg = BytesParser(EmailMessage, policy=policy.default).parsebytes(data)
        body = msg.get_body(preferencelist=("plain", "html"))
        warnings: list[str] = []
        text = ""
        if body is not None:
            text, warning = _part_text(body)
            if body.get_content_subtype() == "html":
                text = html_to_text(text)
            warnings += [warning] if warning else []
        else:
            warnings.append("e-mail has no text or HTML body")
        sender = _text_header(msg, "From")
        return ParsedDocument(
            pages=[Page(number=1, text=text)],
            title=clean_title(_text_header(msg, "Subject")),
            author=sender,
            source=_source(sender),
            created=_created(msg),
            warnings=warnings,
        )
