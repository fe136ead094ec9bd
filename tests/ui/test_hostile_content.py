"""Archived strings are data, never markup: documents whose title, source, type, file
name, entity names, citations, figures, mentioned dates, warnings and text are Markdown
and HTML payloads, and a saved search named like one, go through every view in Chromium.
Nothing may load from the beacon (a loopback server counting hits), no request may leave
the UI's origin, no script may run, and the payloads must show as the text they are."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Dialog, Page, Request, expect

from ingest.enrich import ENRICHMENT_VERSION
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog, document_id
from poshuk.core.config import Settings
from poshuk.core.model import Citation, Document, Entity, Figure, MentionedDate
from poshuk.core.model import Page as TextPage
from tests.conftest import drop_indices, unique_alias
from tests.processes import cli, serve, stop
from tests.support import free_port
from tests.ui.conftest import _streamlit, require_chromium
from ui import render, strings

pytestmark = pytest.mark.browser

WORD = "zzhostile"  # in every hostile document's text, and nowhere else
ENTITY = "person:zzhostile"
# Streamlit itself fetches the Material icons its own buttons use (refused offline).
STREAMLIT_OWN = ("https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/",)


class Beacon(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        Beacon.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def beacon() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Beacon)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def payload(beacon: str, where: str) -> str:
    """Markdown and HTML that would fetch the beacon, run script or style text."""
    return (
        f"![x]({beacon}/md-image?{where}) "
        f'<img src="{beacon}/img?{where}" onerror="window.__pwned=1;alert(1)"> '
        f"<script>window.__pwned=1</script> [link](javascript:window.__pwned=1) "
        f"**bold-{where}** $x$ :red[{where}] :material/bug_report:"
    )


def short_payload(beacon: str, where: str) -> str:
    """A payload that fits a saved search's name (200 characters)."""
    return f'![x]({beacon}/s?{where}) <img src="{beacon}/i?{where}"> **bold-{where}**'


def hostile_document(beacon: str, name: str, day: int) -> Document:
    text = f"{WORD} statement {name}. " + payload(beacon, f"page-{name}")
    data = text.encode()
    sha = hashlib.sha256(data).hexdigest()
    return Document(
        id=document_id(sha), sha256=sha, media_type="text/plain", size=len(data),
        file_name=payload(beacon, f"file-{name}").replace("/", "_") + ".txt",
        title=payload(beacon, f"title-{name}"), source=payload(beacon, f"source-{name}"),
        type=payload(beacon, f"type-{name}"), date=dt.date(2031, 1, day),
        date_source="metadata", language="en", language_confidence=0.9, parser="plain",
        warnings=[payload(beacon, f"warning-{name}")],
        pages=[TextPage(1, text, "en", 0.9)],
        entities=[Entity("person", ENTITY, [payload(beacon, f"entity-{name}")])],
        citations=[Citation(payload(beacon, "citation-key"), payload(beacon, "citation"), [1])],
        dates=[MentionedDate("2030-02", "month", payload(beacon, f"date-{name}"))],
        figures=[Figure(12, "people", payload(beacon, f"figure-{name}"), pages=[1])],
        enrichment_version=ENRICHMENT_VERSION,
        ingested_at=dt.datetime(2031, 1, day, tzinfo=dt.UTC),
    )


@dataclass
class Hostile:
    ui: str
    api: str
    beacon: str
    docs: list[Document] = field(default_factory=list)


@pytest.fixture(scope="module")
def hostile(
    beacon: str, engine_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hostile]:
    """Two hostile documents written straight into a catalog (what a parser could make
    of a crafted file), indexed by ``poshuk reindex``, served by ``poshuk serve`` and the UI."""
    require_chromium()
    home = tmp_path_factory.mktemp("hostile")
    env = dict(engine_env)
    if env["POSHUK_ENGINE"] == "elasticsearch":
        env["POSHUK_ES_INDEX"] = unique_alias("uihostile")
    docs = [hostile_document(beacon, "a", 2), hostile_document(beacon, "b", 3)]
    settings = Settings(home=home)
    blobs = BlobStore(settings.blob_dir)
    for doc in docs:
        blobs.put(doc.pages[0].text.encode())
    catalog = Catalog(settings.catalog_path)
    catalog.add_many(docs)
    catalog.close()
    cli(env, "reindex", "--data-dir", str(home))
    logs = tmp_path_factory.mktemp("hostile-logs")
    api_process, api = serve(home, env, logs / "api.log")
    ui_process = None
    try:
        saved = {"name": short_payload(beacon, "saved"),
                 "query": urlencode({"q": f"{WORD} " + payload(beacon, "saved-query")})}
        httpx.post(f"{api}/saved-searches", json=saved, timeout=30).raise_for_status()
        ui_process, ui = _streamlit(api, logs / "ui.log")
        yield Hostile(ui, api, beacon, docs)
    finally:
        if ui_process is not None:
            stop(ui_process)
        stop(api_process)
        if env["POSHUK_ENGINE"] == "elasticsearch":
            drop_indices(env["POSHUK_ES_URL"], env["POSHUK_ES_INDEX"])


def shown(text: str | None) -> str:
    """``text`` as the UI shows it: the same, with an invisible word joiner breaking
    Streamlit's directives (``:red[``, ``:material/``; see ``ui.render.md``)."""
    return render.DIRECTIVE.sub(":\u2060", text or "")


def visit(page: Page, url: str, ready: str) -> None:
    """Open ``url`` and wait until ``ready`` text shows and the network is quiet."""
    page.goto(url)
    expect(page.get_by_text(ready, exact=True).first).to_be_visible()
    page.wait_for_load_state("networkidle")


def test_hostile_strings_show_as_text_in_every_view(page: Page, hostile: Hostile) -> None:
    outside: list[str] = []
    icons: list[str] = []
    dialogs: list[str] = []

    def request(r: Request) -> None:
        if r.url.startswith(STREAMLIT_OWN):
            icons.append(r.url)
        elif not r.url.startswith((hostile.ui, "data:", "blob:")):
            outside.append(r.url)

    def dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("request", request)
    page.on("dialog", dialog)
    a, b = hostile.docs
    Beacon.hits.clear()

    # results (newest first with no query), facets, saved searches, co-occurrence
    visit(page, f"{hostile.ui}/?cooc=1", strings.FILTERS_HEADER)
    expect(page.locator(".poshuk-total")).to_have_attribute("data-total", "2")
    expect(page.get_by_role("button", name=shown(b.title), exact=True)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"{shown(b.source)} (1)", exact=True)).to_be_visible()
    # the saved search's name shows as text (Streamlit leaves one stray "\\" before its
    # last ">" in this sidebar button; the markup itself is not rendered)
    saved = sidebar.get_by_role("button", name=re.compile(r"\*\*bold-saved\*\*"))
    expect(saved).to_be_visible()
    expect(saved).to_contain_text(f'![x]({hostile.beacon}/s?saved) <img src="{hostile.beacon}')
    assert saved.locator("img, strong, a").count() == 0
    saved.hover()
    # a search with snippets of the hostile text
    visit(page, f"{hostile.ui}/?q={WORD}", strings.FILTERS_HEADER)
    expect(page.locator(".poshuk-snippet mark").first).to_be_visible()
    # a query the API refuses, echoing hostile text back into the error and the code block
    visit(page, f"{hostile.ui}/?" + urlencode({"q": '"' + payload(hostile.beacon, "query")}),
          strings.QUERY_PROBLEM)
    # the document view: every panel
    visit(page, f"{hostile.ui}/?doc={a.id}&q={WORD}", strings.METADATA_HEADER)
    expect(page.get_by_role("heading", name=shown(a.title), exact=True)).to_be_visible()
    for text in (a.entities[0].surface[0], a.dates[0].text, a.citations[0].key):
        expect(page.get_by_text(shown(text), exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name=shown(b.title), exact=True).first).to_be_visible()
    expect(page.get_by_text(a.figures[0].text, exact=False).first).to_be_visible()  # HTML
    page.get_by_role("button", name=shown(a.entities[0].surface[0]), exact=True).hover()
    # the entity's page
    visit(page, f"{hostile.ui}/?entity_page={ENTITY}", strings.ENTITY_VARIANTS)
    expect(page.get_by_role("heading", name=shown(a.entities[0].surface[0])).first).to_be_visible()
    page.wait_for_timeout(1000)  # let any late image or script load show itself

    assert Beacon.hits == []
    assert outside == []
    assert not [url for url in icons if "bug_report" in url]  # no icon from a payload
    assert dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator('a[href^="javascript:"]').count() == 0


def test_the_api_serves_the_hostile_original_as_text(hostile: Hostile) -> None:
    response = httpx.get(f"{hostile.api}/documents/{hostile.docs[0].id}/original", timeout=30)
    assert response.headers["content-type"].startswith("text/plain")
    assert "sandbox" in response.headers["content-security-policy"]
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("inline; filename=\"") and "filename*=UTF-8''" in disposition
    assert "<" not in disposition and "\n" not in disposition
