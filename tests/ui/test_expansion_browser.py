"""The UI shows what a search added in other languages, and its switch turns that off."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.ui.test_browser import api, expect_no_traceback, search_box, total
from ui import expansion

pytestmark = pytest.mark.browser
QUERY = "pardon"  # the demo archive's Belarusian release statement says памілаванне


def test_also_searching_is_shown_and_the_switch_searches_the_words_as_typed(
    page: Page, ui_url: str, api_url: str
) -> None:
    widened = api(api_url, "/search", q=QUERY)
    typed = api(api_url, "/search", q=QUERY, expand="false")
    assert widened["total"] > typed["total"], "the demo archive should show the difference"
    page.goto(ui_url)
    box = search_box(page)
    expect(box).to_be_visible(timeout=120_000)  # a cold start on a busy machine
    box.fill(QUERY)
    box.press("Enter")
    expect(total(page)).to_have_attribute("data-total", str(widened["total"]))
    line = page.get_by_text(expansion.ALSO, exact=False).first
    expect(line).to_be_visible()
    expect(line).to_contain_text("памілаванне")

    switch = page.get_by_role("switch", name=expansion.LABEL)
    expect(switch).to_be_checked()
    page.get_by_text(expansion.LABEL, exact=True).click()  # the label takes the click
    expect(switch).not_to_be_checked()
    expect(total(page)).to_have_attribute("data-total", str(typed["total"]))
    expect(page.get_by_text(expansion.ALSO, exact=False)).to_have_count(0)
    expect_no_traceback(page)


def test_ranking_by_meaning_asks_for_vectors_and_switches_back(
    page: Page, ui_url: str, api_url: str
) -> None:
    """The demo archive has no vectors: the switch sends ``mode=hybrid`` and the API's
    409 (run ``poshuk embed``) is shown; turned off again, the word search returns."""
    typed = api(api_url, "/search", q=QUERY)
    page.goto(ui_url)
    box = search_box(page)
    expect(box).to_be_visible(timeout=120_000)
    box.fill(QUERY)
    box.press("Enter")
    expect(total(page)).to_have_attribute("data-total", str(typed["total"]))
    meaning = page.get_by_role("switch", name=expansion.MEANING_LABEL)
    expect(meaning).not_to_be_checked()
    page.get_by_text(expansion.MEANING_LABEL, exact=True).click()
    expect(meaning).to_be_checked()
    answer = httpx.get(f"{api_url}/search", params={"q": QUERY, "mode": "hybrid"}, timeout=30)
    refused = answer.json()["detail"]
    assert answer.status_code == 409 and "poshuk embed" in refused
    expect(page.get_by_test_id("stAlert").filter(has_text=refused)).to_be_visible()
    expect(total(page)).to_have_count(0)
    page.get_by_text(expansion.MEANING_LABEL, exact=True).click()
    expect(total(page)).to_have_attribute("data-total", str(typed["total"]))
    expect_no_traceback(page)
