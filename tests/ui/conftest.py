"""Real processes for the browser tests: the demo archive ingested by the CLI, the API
(``poshuk serve``), the Streamlit UI, and Debian's Chromium driven by Playwright.

Every server runs as a subprocess on a free port and is terminated at the end of the
session; its output goes to a log file whose tail is shown if it fails to start.
``POSHUK_UI_TEST_DATA_DIR`` may name an already ingested data dir to skip the ingest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import drop_indices, unique_alias
from tests.processes import cli, serve, start, stop, wait_for
from tests.support import free_port, write_evidence_zip

CHROMIUM = Path("/usr/bin/chromium")
# The machine has no internet: these flags stop Chromium reaching out for updates,
# sync, field trials and QUIC, which would otherwise flood refused connections.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTICLE = "BY-CC-342"  # cited by the demo verdicts under article 342 (found at ingest)


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
    pytest.skip(f"{CHROMIUM} is missing (set REQUIRE_BROWSER=1 to make this a failure)")


ENGINES = ["tantivy", "elasticsearch"]


def _pointing_at(request: pytest.FixtureRequest, prefix: str) -> Iterator[dict[str, str]]:
    """The environment that points the CLI at ``request.param``'s engine; on
    Elasticsearch an index alias of its own, dropped afterwards."""
    if request.param == "tantivy":
        yield {"POSHUK_ENGINE": "tantivy"}
        return
    url = request.getfixturevalue("es_url")
    alias = unique_alias(prefix)
    yield {"POSHUK_ENGINE": "elasticsearch", "POSHUK_ES_URL": url, "POSHUK_ES_INDEX": alias}
    drop_indices(url, alias)


@pytest.fixture(scope="session", params=ENGINES)
def engine_env(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The demo archive's engine: the browser tests run on both."""
    yield from _pointing_at(request, "ui")


@pytest.fixture(scope="module", params=ENGINES)
def own_engine(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """An engine for a module that builds its own archive (not the demo's index)."""
    yield from _pointing_at(request, "ui-own")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory, engine_env: dict[str, str]) -> Path:
    """A data dir holding the demo archive, ingested through the real CLI."""
    require_chromium()
    given = os.environ.get("POSHUK_UI_TEST_DATA_DIR")
    if given and engine_env["POSHUK_ENGINE"] == "tantivy":
        return Path(given)
    from ingest.demo import build_demo_archive

    base = tmp_path_factory.mktemp("ui-archive")
    folder, home = base / "demo", base / "data"
    files = build_demo_archive(folder)
    assert files, "the demo archive is empty"
    write_evidence_zip(folder / "evidence.zip")  # a container, and a scan to OCR
    cli(engine_env, "ingest", "--data-dir", str(home), str(folder))
    return home


@pytest.fixture(scope="session")
def api_url(
    data_dir: Path, engine_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    process, url = serve(data_dir, engine_env, tmp_path_factory.mktemp("logs") / "api.log")
    try:
        yield url
    finally:
        stop(process)


def _streamlit(api: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    # through the CLI, as a user starts it (`poshuk ui` execs Streamlit)
    process = start(
        [sys.executable, "-m", "poshuk.cli", "ui", "--api", api, "--port", str(port)], log
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/_stcore/health", process, log, lambda r: r.text.strip() == "ok")
    return process, url


@contextmanager
def served_with_ui(env: dict[str, str], base: Path) -> Iterator[str]:
    """``poshuk serve`` (settings from ``env``) and ``poshuk ui`` against it, logs in
    ``base``; yields the UI's URL."""
    port = free_port()
    log = base / "api.log"
    api = start([sys.executable, "-m", "poshuk.cli", "serve", "--port", str(port)], log, env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/health", api, log, lambda r: r.json().get("status") == "ok")
        ui, ui_url = _streamlit(url, base / "ui.log")
        try:
            yield ui_url
        finally:
            stop(ui)
    finally:
        stop(api)


@pytest.fixture(scope="session")
def ui_url(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = _streamlit(api_url, tmp_path_factory.mktemp("logs") / "ui.log")
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def ui_without_api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI pointed at a port where nothing listens."""
    require_chromium()
    dead = f"http://127.0.0.1:{free_port()}"
    process, url = _streamlit(dead, tmp_path_factory.mktemp("logs") / "ui-down.log")
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="en-GB"
    )
    context.set_default_timeout(30_000)
    # expect() keeps its own 5 s default; a Streamlit rerun on a busy CI machine can take
    # longer, so assertions wait as long as actions do (what they check is unchanged).
    expect.set_options(timeout=30_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
