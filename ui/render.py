"""Small pure helpers that turn API values into display text or safe HTML.

Every string that comes from the archive (titles, sources, file names, entity names,
saved-search names, snippets) is data, never markup: it passes through ``md`` before any
Streamlit element that reads Markdown (labels, buttons, ``help``, captions, titles,
``st.markdown``, alerts) and through ``html.escape`` (or ``safe_highlight`` for snippets)
before ``st.html``."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ui import strings
from ui.api_client import Bucket, Figure, Highlight, Hit

CSS = """
<style>
mark { background: #ffe066; color: inherit; padding: 0 .1em; border-radius: .15em; }
.poshuk-snippet { margin: .15rem 0; line-height: 1.45; }
.poshuk-snippet .poshuk-page { color: #6b7280; font-size: .85em; margin-right: .35em; }
.poshuk-meta { color: #4b5563; font-size: .9em; }
.poshuk-page-text { white-space: pre-wrap; line-height: 1.5; font-size: .95em;
  background: rgba(127,127,127,.06); padding: .75rem 1rem; border-radius: .4rem; }
.poshuk-page-view .poshuk-page-text { font-size: 1rem; max-height: 85vh; overflow-y: auto; }
.poshuk-fields { border-collapse: collapse; width: 100%; font-size: .92em; }
.poshuk-fields th { text-align: left; color: #6b7280; font-weight: 500;
  padding: .2rem .8rem .2rem 0; vertical-align: top; white-space: nowrap; }
[data-testid="stMain"] [data-testid="stBaseButton-tertiary"] p { font-weight: 600;
  font-size: 1.05rem; color: #1d4ed8; text-align: left; }
.poshuk-fields td { padding: .2rem 0; overflow-wrap: anywhere; }
</style>
"""

_MARK = re.compile(r"(</?mark>)", re.IGNORECASE)
# What can start Markdown (or Streamlit's extensions) inside a line: code, emphasis,
# links and images (the brackets), raw HTML, strikethrough, $math$, entities; an ``_``
# inside a word cannot. Only these are escaped, so that ordinary text ("Minsk (2024)")
# keeps its accessible name. (Bare URLs still become links, as in any Markdown.)
_INLINE = re.compile(r"[\\`*\[\]<>~$|]|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")
# Streamlit reads ``:red[…]``, ``:material/icon:`` and ``:emoji:`` after escapes are
# resolved: an invisible word joiner after such a colon breaks the directive.
DIRECTIVE = re.compile(r":(?=[A-Za-z][\w-]*[\[/:])")
# ... and what starts a block at the beginning of a line: list items, headings, rules.
_BLOCK = re.compile(r"^([ \t]*)(\d+[.)]|[-+=#])", re.MULTILINE)

# field filters of the query language: their values are not words to mark in the text
_FILTER_FIELD = re.compile(r'-?\b(?:entity|citation|lang|type|source|year|date):(?:"[^"]*"|\S+)')


def md(value: object) -> str:
    """``value`` as Markdown that shows exactly its text: no link, image, emphasis, icon
    or HTML can come out of it."""
    text = _INLINE.sub(lambda found: "\\" + found[0], DIRECTIVE.sub(":\u2060", str(value)))
    return _BLOCK.sub(lambda found: found[1] + _escape_last(found[2]), text)


def _escape_last(marker: str) -> str:
    return marker[:-1] + "\\" + marker[-1]


def safe_highlight(text: str) -> str:
    """Highlight text as HTML in which ``<mark>``/``</mark>`` are the only tags.

    The API escapes snippets already; any other ``<``/``>`` that still arrives is escaped
    here, so a document cannot inject markup into the page (entities are left alone so
    that the API's escaping is not doubled)."""
    parts = _MARK.split(text)
    out = []
    for part in parts:
        if _MARK.fullmatch(part):
            out.append(part.lower())
        else:
            out.append(part.replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


def snippets_html(highlights: Iterable[Highlight]) -> str:
    """``p. 2: … <mark>word</mark> …`` lines, one per highlight."""
    lines = []
    for item in highlights:
        page = html.escape(strings.SNIPPET_PAGE.format(page=item.get("page", "?")))
        lines.append(
            f'<div class="poshuk-snippet"><span class="poshuk-page">{page}</span>'
            f"{safe_highlight(item.get('text', ''))}</div>"
        )
    return "".join(lines)


def hit_title(hit: Hit) -> str:
    return (hit.get("title") or "").strip() or strings.UNTITLED.format(id=hit["id"][:12])


def hit_meta(hit: Hit) -> str:
    """``date · language · type · source · 3 copies`` with the missing parts left out."""
    copies = hit.get("copies", 1)
    parts = [
        hit.get("date"),
        strings.language_name(hit.get("language")) if hit.get("language") else None,
        hit.get("type"),
        hit.get("source"),
        strings.COPIES.format(n=copies) if copies > 1 else None,
    ]
    return " · ".join(p for p in parts if p)


def figure_html(figure: Figure) -> str:
    """``<b>at least 1,275 people</b> remain imprisoned … (p. 1)``: the figure as written,
    the rest of its clause, and its pages; escaped."""
    text, context = figure.get("text", ""), figure.get("context", "")
    rest = context[len(text):] if context.startswith(text) else (
        f" — {context}" if context else "")
    pages = ", ".join(str(p) for p in figure.get("pages") or [])
    where = f" ({strings.ON_PAGES.format(pages=pages)})" if pages else ""
    return f"<b>{html.escape(text)}</b>{html.escape(rest + where)}"


def language_label(code: str, confidence: float | None) -> str:
    """A language by name with the detector's confidence: ``Беларуская (97%)``."""
    name = strings.language_name(code)
    return name if confidence is None else f"{name} ({confidence:.0%})"


def facet_label(facet: str, value: str, count: int | None, label: str | None = None) -> str:
    """A facet checkbox's label: ``value (count)``; languages by name, entities by the
    display name the API gives.

    ``count`` is None for a selected value the API did not list (outside its top values)."""
    shown = strings.language_name(value) if facet == "lang" else label or value
    return shown if count is None else f"{shown} ({count})"


def timeline(buckets: Iterable[Bucket], max_months: int = 48) -> tuple[str, list[str], list[int]]:
    """The monthly histogram as (unit, labels, counts) with empty months filled in, so the
    bars are a true time axis; spans longer than ``max_months`` are summed per year."""
    counts: dict[tuple[int, int], int] = {}
    for bucket in buckets:
        try:
            year, month = (int(part) for part in bucket["key"][:7].split("-"))
        except ValueError:
            continue
        counts[(year, month)] = counts.get((year, month), 0) + bucket["count"]
    if not counts:
        return "month", [], []
    (y0, m0), (y1, m1) = min(counts), max(counts)
    if (y1 - y0) * 12 + m1 - m0 + 1 > max_months:
        years = range(y0, y1 + 1)
        per_year = [sum(c for (y, _), c in counts.items() if y == year) for year in years]
        return "year", [str(year) for year in years], per_year
    labels, values = [], []
    year, month = y0, m0
    while (year, month) <= (y1, m1):
        labels.append(f"{year:04d}-{month:02d}")
        values.append(counts.get((year, month), 0))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", labels, values


def file_size(size: int | None) -> str:
    if size is None:
        return strings.UNKNOWN
    value, unit = float(size), "bytes"
    for bigger in ("KB", "MB", "GB", "TB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"


def fields_table(rows: Iterable[tuple[str, str | None]]) -> str:
    """An HTML table of label/value rows, every value escaped."""
    body = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value or strings.UNKNOWN)}</td></tr>"
        for label, value in rows
    )
    return f'<table class="poshuk-fields">{body}</table>'


def query_terms(query: str) -> list[str]:
    """The words of a query worth marking in a page: not operators, not excluded words."""
    terms: list[str] = []
    skip = False
    query = _FILTER_FIELD.sub(" ", query).replace("title:", " ")
    for token in re.findall(r"-?\w+", query):
        if token == "NOT":
            skip = True
        elif token in ("AND", "OR"):
            continue
        elif skip or token.startswith("-"):
            skip = False
        elif len(token) >= 3 and token.lower() not in terms:
            terms.append(token.lower())
    return terms


def term_pattern(query: str) -> re.Pattern[str] | None:
    """Words starting like a query term (a crude stem: long words lose two letters), so
    that ``приговор`` also marks ``приговора``; е and ё are the same letter here."""
    stems = []
    for term in query_terms(query):
        stem = term[:-2] if len(term) >= 6 and not term.isdigit() else term
        stems.append(re.escape(stem).replace("е", "[её]").replace("ё", "[её]"))
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


def marked(text: str, pattern: re.Pattern[str] | None) -> tuple[str, int]:
    """``text`` as escaped HTML with ``pattern``'s matches in ``<mark>``, and their count."""
    if pattern is None:
        return html.escape(text), 0
    out, last, count = [], 0, 0
    for match in pattern.finditer(text):
        out += [html.escape(text[last : match.start()]), f"<mark>{html.escape(match[0])}</mark>"]
        last, count = match.end(), count + 1
    out.append(html.escape(text[last:]))
    return "".join(out), count


def page_text_html(body: str) -> str:
    """A page's text block; ``body`` is already HTML (see ``marked``)."""
    return f'<div class="poshuk-page-text">{body or html.escape(strings.EMPTY_PAGE)}</div>'
