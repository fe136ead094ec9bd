"""A lawyer watches a citation from a verdict's page; a new verdict citing it arrives; the
sidebar counts it and What's new shows it, after which the count is cleared. Real
processes on both engines: the CLI, ``poshuk serve``, ``poshuk ui``, Chromium."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.ui.conftest import cli, require_chromium, served_with_ui

ARTICLE = ("The Minsk city court sentenced the defender under article 342 of the Criminal "
           "Code of Belarus; the hearing was closed and the defence could not call witnesses.")
FIRST = "Verdict in the case of the Minsk defender"
NEW = "Verdict in the case of the Homiel journalist"


def _write(folder: Path, name: str, title: str) -> Path:
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text(f"# {title}\n\n{ARTICLE} {title}.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, own_engine: dict[str, str]
) -> Iterator[tuple[str, str, Path, dict]]:
    require_chromium()
    base = tmp_path_factory.mktemp("watch-ui")
    env = {**own_engine, "POSHUK_HOME": str(base / "data")}
    first = _write(base / "first", "first.md", FIRST)
    cli(env, "ingest", str(first.parent))
    with served_with_ui(env, base) as ui_url:
        yield ui_url, hashlib.sha256(first.read_bytes()).hexdigest()[:16], base, env


@pytest.mark.browser
def test_watch_a_citation_and_see_what_is_new(
    page: Page, site: tuple[str, str, Path, dict]
) -> None:
    ui_url, doc_id, base, env = site
    page.goto(f"{ui_url}/?doc={doc_id}")
    expect(page.get_by_role("heading", name=FIRST)).to_be_visible()
    page.get_by_role("button", name="Watch").first.click()
    expect(page.get_by_text("Watching “Citation BY-CC-342”")).to_be_visible()

    cli(env, "ingest", str(_write(base / "second", "second.md", NEW).parent))
    page.goto(ui_url)
    sidebar = page.locator("[data-testid='stSidebar']")
    entry = sidebar.get_by_role("button", name="Citation BY-CC-342 · 1 new")
    expect(entry).to_be_visible()
    entry.click()
    expect(page.get_by_role("heading", name="What's new: Citation BY-CC-342")).to_be_visible()
    expect(page.get_by_role("button", name=f"NEW {NEW}")).to_be_visible()
    expect(page.get_by_text(FIRST)).to_have_count(0)  # older than the watch: not new
    page.get_by_role("button", name="Back to the search").click()
    expect(sidebar.get_by_role("button", name="Citation BY-CC-342 · 0 new")).to_be_visible()
