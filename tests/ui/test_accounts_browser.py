"""Two people sign in to the same UI and see two different archives; signed out, they see
only what is public. Real processes: the CLI, ``poshuk serve``, ``poshuk ui``, Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.ui.conftest import cli, require_chromium, served_with_ui

TITLES = {
    "alpha": "Alpha statement on the closed trial in Hrodna",
    "beta": "Beta letter from the colony in Navapolatsk",
    "open": "Open appeal of the lawyers association",
}
PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="module")
def two_archives(
    tmp_path_factory: pytest.TempPathFactory, own_engine: dict[str, str]
) -> Iterator[str]:
    """The UI's URL, over an API with collections alpha and beta (private) and open."""
    require_chromium()
    base = tmp_path_factory.mktemp("two-archives")
    home = base / "data"
    env = {**own_engine, "POSHUK_HOME": str(home), "POSHUK_PASSWORD": PASSWORD}
    for name, title in TITLES.items():
        folder = base / name
        folder.mkdir()
        (folder / f"{name}.md").write_text(f"# {title}\n\nThe text of the {name} document.\n",
                                            encoding="utf-8")
        cli(env, "collections", "create", name, *(["--public"] if name == "open" else []))
        cli(env, "ingest", "--collection", name, str(folder))
    for user, collection in (("ana", "alpha"), ("boris", "beta")):
        cli(env, "users", "add", user)
        cli(env, "users", "password", user)
        cli(env, "grant", user, collection, "reader")
    with served_with_ui(env, base) as ui_url:
        yield ui_url


def sign_in(page: Page, ui_url: str, user: str) -> None:
    page.goto(ui_url)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_label("User name", exact=True).fill(user)
    sidebar.get_by_label("Password", exact=True).fill(PASSWORD)
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar.get_by_text(f"Signed in as {user}")).to_be_visible()


def shown(page: Page, title: str) -> None:
    expect(page.get_by_role("button", name=title, exact=True).first).to_be_visible()


def absent(page: Page, title: str) -> None:
    expect(page.get_by_text(title)).to_have_count(0)


@pytest.mark.browser
def test_two_users_see_two_archives(browser: Browser, two_archives: str) -> None:
    pages = {}
    for user in ("ana", "boris", "nobody"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        pages[user] = context.new_page()
    expect.set_options(timeout=30_000)
    try:
        sign_in(pages["ana"], two_archives, "ana")
        sign_in(pages["boris"], two_archives, "boris")
        pages["nobody"].goto(two_archives)
        for page in pages.values():
            shown(page, TITLES["open"])
        shown(pages["ana"], TITLES["alpha"])
        absent(pages["ana"], TITLES["beta"])
        shown(pages["boris"], TITLES["beta"])
        absent(pages["boris"], TITLES["alpha"])
        expect(pages["nobody"].get_by_text("Not signed in")).to_be_visible()
        absent(pages["nobody"], TITLES["alpha"])
        absent(pages["nobody"], TITLES["beta"])
        # signing out takes ana back to the public archive
        sidebar = pages["ana"].locator("[data-testid='stSidebar']")
        sidebar.get_by_role("button", name="Sign out").click()
        expect(sidebar.get_by_text("Not signed in")).to_be_visible()
        absent(pages["ana"], TITLES["alpha"])
        shown(pages["ana"], TITLES["open"])
    finally:
        for page in pages.values():
            page.context.close()

