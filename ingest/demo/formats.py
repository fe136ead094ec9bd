"""Render one parsed demo document as the bytes of a real file in its format.

Each renderer takes the document's metadata and its pages (one string per page) and
returns bytes. Everything here is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING

from ingest.support.pdfwrite import write_pdf

if TYPE_CHECKING:
    from ingest.demo.build import DemoDoc

# "Source:" / "Date:" in the language of the document
LABELS: dict[str, dict[str, str]] = {
    "en": {"source": "Source", "date": "Date"},
    "ru": {"source": "Источник", "date": "Дата"},
    "be": {"source": "Крыніца", "date": "Дата"},
}
_MONTHS: dict[str, list[str]] = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября "
    "декабря".split(),
    "be": "студзеня лютага сакавіка красавіка траўня чэрвеня ліпеня жніўня верасня "
    "кастрычніка лістапада снежня".split(),
}
# Mailboxes for the e-mails, all on reserved example domains
_MAILBOXES = {
    "Правозащитный центр «Весна»": "vesna@example.org",
    "Праваабарончы цэнтр «Вясна»": "viasna@example.org",
    "Viasna Human Rights Centre": "viasna@example.org",
    "Belarusian Association of Journalists": "digest@baj.example.org",
}
_DEFAULT_MAILBOX = "press@example.org"
_DEFAULT_RECIPIENT = "Subscribers <subscribers@example.com>"
_MINSK = dt.timezone(dt.timedelta(hours=3))
# Headers are written unfolded: folding splits a long encoded-word in the middle of a word,
# and the standard library's modern parser (policy.default) then reads the display name
# back with a space inside it ("Вя сна"). One encoded-word per header reads back exactly.
_UNFOLDED = policy.SMTP.clone(max_line_length=None)
_MD_PAGEBREAK = "\n<!-- pagebreak -->\n"
_STYLE = """\
body { font-family: Georgia, "Times New Roman", serif; max-width: 44rem; margin: 2rem auto;
       line-height: 1.5; color: #1d1d1f; }
header nav a { margin-right: 1rem; color: #8a1c1c; text-decoration: none; }
.byline { color: #5f5f5f; font-size: 0.9rem; }
footer { border-top: 1px solid #ddd; margin-top: 3rem; font-size: 0.8rem; color: #777; }"""
_SCRIPT = """\
window.dataLayer = window.dataLayer || [];
function track(name) { window.dataLayer.push({ event: name, ts: Date.now() }); }
document.addEventListener("DOMContentLoaded", function () { track("article_view"); });"""


def format_date(value: dt.date, language: str) -> str:
    """``2 July 2024`` / ``2 июля 2024 г.`` / ``2 ліпеня 2024 г.``"""
    month = _MONTHS[language][value.month - 1]
    if language == "en":
        return f"{value.day} {month} {value.year}"
    return f"{value.day} {month} {value.year} г."


def _source_line(doc: DemoDoc) -> str:
    return f"{LABELS[doc.language]['source']}: {doc.source}"


def _date_line(doc: DemoDoc) -> str:
    return f"{LABELS[doc.language]['date']}: {format_date(doc.date, doc.language)}"


def render_pdf(doc: DemoDoc, pages: list[str]) -> bytes:
    """One PDF page per written page; the first opens with the source and the title."""
    first = f"{_source_line(doc)}\n{doc.title}\n\n{pages[0]}"
    return write_pdf(
        [first, *pages[1:]],
        title=doc.title,
        author=doc.author or doc.source,
        subject=doc.type,
        created=doc.date,
    )


def render_txt(doc: DemoDoc, pages: list[str]) -> bytes:
    """A header block (source, title, date) then the pages, separated by form feeds."""
    header = f"{_source_line(doc)}\n{doc.title}\n{_date_line(doc)}\n\n"
    return (header + "\n\f".join(pages) + "\n").encode("utf-8")


def render_md(doc: DemoDoc, pages: list[str]) -> bytes:
    """``# Title``, the source and date lines, then the pages with page-break comments."""
    header = f"# {doc.title}\n\n{_source_line(doc)}\n\n{_date_line(doc)}\n\n"
    return (header + _MD_PAGEBREAK.join(pages) + "\n").encode("utf-8")


def _text(value: str) -> str:
    """Escape for element content (attributes use ``html.escape`` with quotes)."""
    return html.escape(value, quote=False)


def paragraphs_html(text: str) -> str:
    """Blocks separated by blank lines become ``<p>``; markdown headings become ``<h2>``."""
    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [_text(line.strip()) for line in block.splitlines() if line.strip()]
        if len(lines) == 1 and lines[0].startswith("## "):
            parts.append(f"<h2>{lines[0][3:]}</h2>")
        else:
            parts.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(parts)


def render_html(doc: DemoDoc, pages: list[str]) -> bytes:
    """A full HTML5 page: metadata in ``<head>``, the text in ``<p>``, plus boilerplate."""
    esc, attr = _text, html.escape
    iso, shown = doc.date.isoformat(), format_date(doc.date, doc.language)
    body = paragraphs_html("\n\n".join(pages))
    page = f"""<!DOCTYPE html>
<html lang="{doc.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(doc.title)}</title>
<meta name="author" content="{attr(doc.author or doc.source)}">
<meta name="date" content="{iso}">
<meta property="og:site_name" content="{attr(doc.source)}">
<meta property="og:title" content="{attr(doc.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{iso}">
<style>
{_STYLE}
</style>
<script>
{_SCRIPT}
</script>
</head>
<body>
<header><nav><a href="/">{esc(doc.source)}</a></nav></header>
<article>
<h1>{esc(doc.title)}</h1>
<p class="byline">{esc(_source_line(doc))} · <time datetime="{iso}">{esc(shown)}</time></p>
{body}
</article>
<footer><p>© {doc.date.year} {esc(doc.source)}</p></footer>
<script>if (window.track) {{ track("footer_seen"); }}</script>
</body>
</html>
"""
    return page.encode("utf-8")


def render_eml(
    doc: DemoDoc,
    pages: list[str],
    *,
    stem: str,
    recipient: str | None = None,
    alternative: bool = False,
) -> bytes:
    """An RFC 5322 message, plain text; ``alternative`` adds an HTML part
    (multipart/alternative) with a fixed boundary so the bytes stay the same."""
    mailbox = _MAILBOXES.get(doc.source, _DEFAULT_MAILBOX)
    local, domain = mailbox.split("@")
    message = EmailMessage()
    message["From"] = Address(display_name=doc.source, username=local, domain=domain)
    message["To"] = recipient or _DEFAULT_RECIPIENT
    message["Subject"] = doc.title
    sent = dt.datetime.combine(doc.date, dt.time(10, 0), tzinfo=_MINSK)
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{stem}@{domain}>"
    text = "\n\n".join(pages)
    message.set_content(text + "\n")
    if alternative:
        html_body = (
            f'<!DOCTYPE html><html lang="{doc.language}"><head><meta charset="utf-8">'
            f"<title>{_text(doc.title)}</title></head><body>\n"
            f"{paragraphs_html(text)}\n</body></html>\n"
        )
        message.add_alternative(html_body, subtype="html")
        message.set_boundary(f"==poshuk-demo-{stem}==")
    message["Content-Language"] = doc.language
    return message.as_bytes(policy=_UNFOLDED)
