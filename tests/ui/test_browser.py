"""End to end: Chromium drives the Streamlit UI, which talks to a real API over the demo
archive. Every expectation is checked against the API's own answer to the same request,
so the tests hold whatever the demo archive contains."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from ui import render, strings

pytestmark = pytest.mark.browser

# A test run leaves the checkout clean: screenshots go to a temporary folder unless
# POSHUK_SCREENSHOTS names one (`make screenshots` names docs/screenshots).
SCREENSHOTS = Path(os.environ.get("POSHUK_SCREENSHOTS")
                   or Path(tempfile.gettempdir()) / f"poshuk-screenshots-{os.getpid()}")
WORD = "приговор"  # "verdict": in the demo archive's Russian court documents


def api(api_url: str, path: str, **params: Any) -> Any:
    if path == "/search":
        params.setdefault("fold", "true")  # as the UI asks: copies folded into one hit
    response = httpx.get(f"{api_url}{path}", params=params, timeout=30)
    response.raise_for_status()
    return response.json()


def total(page: Page) -> Locator:
    """The hidden element carrying the result count the UI shows."""
    return page.locator(".poshuk-total")


def search_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name=strings.SEARCH_LABEL, exact=True)


def search(page: Page, ui_url: str, query: str) -> None:
    page.goto(ui_url)
    box = search_box(page)
    box.fill(query)
    box.press("Enter")


def expect_no_traceback(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "Traceback" not in page.content()


def title_of(hit: dict[str, Any]) -> str:
    """The title the UI shows for a hit (its button's name)."""
    return str(hit["title"] or strings.UNTITLED.format(id=hit["id"][:12]))


def type_date(page: Page, label: str, iso: str) -> None:
    """Type a date into a Streamlit date input; it commits when focus leaves the field."""
    page.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(iso.replace("-", ""))
    page.get_by_text(strings.SORT_LABEL, exact=True).click()


def facet_label(facet: str, value: str, count: int) -> str:
    shown = strings.language_name(value) if facet == "lang" else value
    return f"{shown} ({count})"


def save_screenshot(page: Page, name: str) -> Path:
    """Screenshot the whole app: Streamlit scrolls inside its main element, so the
    viewport is stretched to the content's height (capped) instead of using full_page."""
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            main.scrollTo(0, 0);
            const inner = main.querySelector('[data-testid="stMainBlockContainer"]') || main;
            return Math.ceil(inner.getBoundingClientRect().height) + 120;
        }"""
    )
    page.set_viewport_size({"width": 1400, "height": max(900, min(int(height), 3200))})
    page.wait_for_timeout(700)  # let charts re-layout at the new size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / name
    partial = target.with_suffix(".tmp.png")
    page.screenshot(path=str(partial))
    partial.replace(target)
    return target


def test_search_for_a_russian_word_shows_highlights_with_page_numbers(
    page: Page, ui_url: str, api_url: str
) -> None:
    expected = api(api_url, "/search", q=WORD)
    assert expected["total"] > 0, f"the demo archive has no document matching {WORD!r}"
    search(page, ui_url, WORD)
    expect(total(page)).to_have_attribute("data-total", str(expected["total"]))
    assert "q=" in page.url  # the search is in the link

    first = expected["hits"][0]
    expect(page.get_by_role("button", name=title_of(first), exact=True).first).to_be_visible()
    snippets = page.locator(".poshuk-snippet").filter(has=page.locator("mark"))
    expect(snippets.first).to_be_visible()
    assert re.fullmatch(r"p\. \d+:", snippets.first.locator(".poshuk-page").inner_text())
    if first["highlights"]:
        number = first["highlights"][0]["page"]
        assert snippets.first.locator(".poshuk-page").inner_text() == f"p. {number}:"
    marked = [text.lower() for text in page.locator(".poshuk-snippet mark").all_inner_texts()]
    assert any(text.startswith(WORD[:5]) for text in marked), marked
    expect_no_traceback(page)


def test_facet_checkbox_narrows_the_results_to_its_count(
    page: Page, ui_url: str, api_url: str
) -> None:
    everything = api(api_url, "/search", q=WORD)
    candidates = [
        (facet, item)
        for facet in ("lang", "type", "source")
        for item in everything["facets"].get(facet, [])
        if 0 < item["count"] < everything["total"]
    ]
    assert candidates, "no facet value narrows this search; the demo archive is too uniform"
    facet, item = candidates[0]
    label = facet_label(facet, item["value"], item["count"])

    search(page, ui_url, WORD)
    expect(total(page)).to_have_attribute("data-total", str(everything["total"]))
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(label, exact=True).click()

    expect(total(page)).to_have_attribute("data-total", str(item["count"]))
    narrowed = api(api_url, "/search", q=WORD, **{facet: item["value"]})
    assert narrowed["total"] == item["count"]
    expect(page.get_by_role("button", name=title_of(narrowed["hits"][0])).first).to_be_visible()
    # the selection is in the URL and stays visible and checked (counts are disjunctive)
    assert f"{facet}=" in page.url
    expect(sidebar.get_by_role("checkbox", name=label, exact=True)).to_be_checked()

    sidebar.get_by_text(label, exact=True).click()  # and unchecking restores the total
    expect(total(page)).to_have_attribute("data-total", str(everything["total"]))


def test_document_view_shows_pages_and_the_original(
    page: Page, ui_url: str, api_url: str
) -> None:
    result = api(api_url, "/search", q=WORD)
    hit = result["hits"][0]
    doc = api(api_url, f"/documents/{hit['id']}")
    search(page, ui_url, WORD)
    page.get_by_role("button", name=title_of(hit), exact=True).first.click()

    heading = doc["title"] or doc["file_name"]
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    assert f"doc={hit['id']}" in page.url
    for doc_page in doc["pages"][:3]:
        title = strings.PAGE_TITLE.format(number=doc_page["number"])
        expect(page.get_by_text(title, exact=True)).to_be_visible()
    words = " ".join(doc["pages"][0]["text"].split()[:4])
    if words:
        expect(page.locator(".poshuk-page-text").first).to_contain_text(words)
    # the search's words are marked in the page text too
    expect(page.locator(".poshuk-page-text mark").first).to_be_visible()
    expect(page.get_by_text(doc["sha256"])).to_be_visible()
    # the detected language by name, with the detector's confidence
    language = render.language_label(doc["language"], doc["language_confidence"])
    expect(page.get_by_text(language).first).to_be_visible()
    expect(page.get_by_text(strings.SIMILAR_HEADER, exact=True)).to_be_visible()

    download = page.get_by_role("button", name=re.compile("^Download original"))
    with page.expect_download() as info:
        download.click()
    data = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == doc["sha256"]  # byte for byte

    page.get_by_role("button", name=strings.BACK).click()
    expect(total(page)).to_have_attribute("data-total", str(result["total"]))
    expect_no_traceback(page)


def test_document_view_lists_the_figures_the_text_reports(
    page: Page, ui_url: str, api_url: str
) -> None:
    rows = api(api_url, "/export", format="json")
    doc_id = next(row["id"] for row in rows if row["figures"])
    figures = api(api_url, f"/documents/{doc_id}")["figures"]
    page.goto(f"{ui_url}/?doc={doc_id}")
    expect(page.get_by_text(strings.FIGURES_HEADER, exact=True)).to_be_visible()
    shown = page.locator(".poshuk-figures li")
    expect(shown).to_have_count(len(figures))
    first = figures[0]
    expect(shown.first.locator("b")).to_have_text(first["text"])
    pages = ", ".join(str(p) for p in first["pages"])
    expect(shown.first).to_contain_text(strings.ON_PAGES.format(pages=pages))
    expect_no_traceback(page)


def test_entity_in_the_document_view_opens_its_page_and_its_search(
    page: Page, ui_url: str, api_url: str
) -> None:
    entity = api(api_url, "/entities", type="person", q="Navitski")["entities"][0]
    detail = api(api_url, f"/entities/{entity['id']}")
    doc_id = detail["recent"][0]["id"]
    doc = api(api_url, f"/documents/{doc_id}")
    surface = next(e["surface"][0] for e in doc["entities"] if e["key"] == entity["id"])
    page.goto(f"{ui_url}/?doc={doc_id}")
    page.get_by_role("button", name=surface, exact=True).first.click()

    expect(page.get_by_role("heading", name=detail["name"]).first).to_be_visible()
    assert "entity_page=" in page.url
    kind = strings.ENTITY_TYPE_NAMES[detail["type"]]
    expect(page.get_by_text(strings.ENTITY_DOCUMENTS.format(type=kind, n=detail["documents"])))\
        .to_be_visible()
    expect(page.get_by_text(detail["variants"][0]["text"], exact=False).first).to_be_visible()

    page.get_by_role("button", name=strings.ENTITY_SEARCH.format(name=detail["name"])).click()
    result = api(api_url, "/search", entity=entity["id"])  # copies folded, as the UI asks
    assert result["total"] <= detail["documents"]
    expect(total(page)).to_have_attribute("data-total", str(result["total"]))
    # the entity facet shows the display name, checked
    count = next(v["count"] for v in result["facets"]["entity"] if v["value"] == entity["id"])
    label = f"{detail['name']} ({count})"
    expect(page.get_by_role("checkbox", name=label)).to_be_checked()
    # and the selected facet value links back to the entity's page
    page.get_by_role("button", name=strings.ENTITY_ABOUT.format(name=detail["name"])).click()
    expect(page.get_by_role("heading", name=detail["name"]).first).to_be_visible()
    expect_no_traceback(page)


def test_a_date_the_document_mentions_opens_the_documents_about_that_period(
    page: Page, ui_url: str, api_url: str
) -> None:
    talking = api(api_url, "/search", mentioned_from="2020-08-01", mentioned_to="2020-08-31")
    doc = api(api_url, f"/documents/{talking['hits'][0]['id']}")
    mentioned = next(d for d in doc["dates"] if d["value"].startswith("2020-08"))
    start, end = (f"{mentioned['value']}-01", "2020-08-31") if len(mentioned["value"]) == 7 \
        else (mentioned["value"], mentioned["value"])
    expected = api(api_url, "/search", mentioned_from=start, mentioned_to=end)
    page.goto(f"{ui_url}/?doc={doc['id']}")
    label = f"{mentioned['value']} — {mentioned['text']}"
    page.get_by_role("button", name=label, exact=True).first.click()

    expect(total(page)).to_have_attribute("data-total", str(expected["total"]))
    assert f"mentioned_from={start}" in page.url and f"mentioned_to={end}" in page.url
    assert "doc=" not in page.url
    # the period shows in the search's own inputs, where it can be changed or cleared
    year_box = page.get_by_role("spinbutton", name=f"year, {strings.MENTIONED_FROM}")
    expect(year_box).to_have_text(start[:4])
    expect_no_traceback(page)


def test_a_zip_links_to_its_files_and_a_scanned_page_says_it_was_ocrd(
    page: Page, ui_url: str, api_url: str
) -> None:
    scan_id = api(api_url, "/search", q="Okrestina")["hits"][0]["id"]
    scan = api(api_url, f"/documents/{scan_id}")
    container = api(api_url, f"/documents/{scan['parent_id']}")
    page.goto(f"{ui_url}/?doc={container['id']}")
    expect(page.get_by_text(strings.CONTAINS.format(n=len(container["children"])))) \
        .to_be_visible()
    page.get_by_role("button", name=scan["title"] or scan_id, exact=True).first.click()

    expect(page).to_have_url(re.compile(f"doc={scan_id}"))
    note = strings.PAGE_OCR_CONFIDENCE.format(confidence=scan["pages"][0]["ocr_confidence"])
    expect(page.get_by_text(note, exact=False)).to_be_visible()
    expect(page.get_by_text(strings.UNPACKED_FROM)).to_be_visible()
    parent_title = container["title"] or container["id"]
    page.get_by_role("button", name=parent_title, exact=True).first.click()
    expect(page).to_have_url(re.compile(f"doc={container['id']}"))
    expect_no_traceback(page)


def test_date_range_typed_into_the_inputs_filters_and_a_reversed_one_is_explained(
    page: Page, ui_url: str, api_url: str
) -> None:
    everything = api(api_url, "/search", q=WORD)
    years = sorted(item["value"] for item in everything["facets"].get("year", []))
    assert years, "no dated documents match"
    start, end = f"{years[0]}-01-01", f"{years[0]}-12-31"
    expected = api(api_url, "/search", q=WORD, date_from=start, date_to=end)

    search(page, ui_url, WORD)
    expect(total(page)).to_have_attribute("data-total", str(everything["total"]))
    type_date(page, strings.DATE_FROM, start)
    type_date(page, strings.DATE_TO, end)
    expect(total(page)).to_have_attribute("data-total", str(expected["total"]))
    assert f"date_from={start}" in page.url and f"date_to={end}" in page.url

    later = f"{int(years[0]) + 1}-06-30"
    response = httpx.get(
        f"{api_url}/search", params={"q": WORD, "date_from": later, "date_to": end}, timeout=30
    )
    assert response.status_code == 400
    type_date(page, strings.DATE_FROM, later)
    expect(page.get_by_test_id("stAlert").filter(has_text=response.json()["detail"])).to_be_visible()
    expect_no_traceback(page)


@pytest.mark.parametrize(
    "params",
    [
        {"q": WORD, "date_from": "2025-12-31", "date_to": "2020-01-01"},
        {"date_from": "2024-13-45"},
        {"year": "20x5"},
    ],
    ids=["date-range-reversed", "malformed-date", "malformed-year"],
)
def test_rejected_search_is_an_error_message_not_a_traceback(
    page: Page, ui_url: str, api_url: str, params: dict[str, str]
) -> None:
    response = httpx.get(f"{api_url}/search", params=params, timeout=30)
    assert 400 <= response.status_code < 500
    detail = response.json()["detail"]
    page.goto(f"{ui_url}/?{urlencode(params)}")
    alert = page.get_by_test_id("stAlert").filter(has_text=detail)
    expect(alert).to_be_visible()
    expect(search_box(page)).to_be_visible()  # the page around the error still works
    expect_no_traceback(page)


def test_unknown_document_is_an_error_message(page: Page, ui_url: str, api_url: str) -> None:
    response = httpx.get(f"{api_url}/documents/no-such-document", timeout=30)
    assert response.status_code == 404
    page.goto(f"{ui_url}/?doc=no-such-document")
    expect(page.get_by_test_id("stAlert").filter(has_text=response.json()["detail"])).to_be_visible()
    expect(page.get_by_role("button", name=strings.BACK)).to_be_visible()
    expect_no_traceback(page)


def test_api_down_is_a_clear_message(page: Page, ui_without_api_url: str) -> None:
    page.goto(f"{ui_without_api_url}/?q={WORD}")
    expect(page.get_by_test_id("stAlert").filter(has_text="is not reachable")).to_be_visible()
    expect_no_traceback(page)


def test_screenshots_of_search_and_document(page: Page, ui_url: str, api_url: str) -> None:
    result = api(api_url, "/search", q=WORD)
    search(page, ui_url, WORD)
    expect(total(page)).to_have_attribute("data-total", str(result["total"]))
    expect(page.locator(".poshuk-snippet mark").first).to_be_visible()
    page.wait_for_timeout(500)  # the histogram draws after the data arrives
    shot = save_screenshot(page, "search.png")
    assert shot.stat().st_size > 20_000

    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("button", name=title_of(result["hits"][0]), exact=True).first.click()
    expect(page.get_by_text(strings.PAGE_TITLE.format(number=1), exact=True)).to_be_visible()
    expect(page.get_by_text(strings.SIMILAR_HEADER, exact=True)).to_be_visible()
    shot = save_screenshot(page, "document.png")
    assert shot.stat().st_size > 20_000
