"""A search over its time budget on Elasticsearch, through a real ``poshuk serve``: the
node stops it at ``POSHUK_SEARCH_BUDGET_S`` and the API answers 504 saying what to do,
never 500. (tantivy has no such path: it refuses costly plans up front, with a 400 that
names the limit, and searches otherwise run to the end.)"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.api.conftest import engine_settings
from tests.api.test_hostile_queries import _start, corpus, serve_env
from tests.conftest import drop_indices

BUDGET_S = 0.001  # the node's `timeout` becomes 1ms
COSTLY = "navitskiy~2 prisoner~2 verdict~2 statement~2 amnesty~2 court~2 appeal~2 minsk~2"
TRIES = 5


def test_a_search_over_its_budget_is_a_504_that_says_what_to_do(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    settings = engine_settings("elasticsearch", tmp_path, request)
    process, base = _start(tmp_path, serve_env(settings, corpus(600), BUDGET_S))
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            # The node reads an exact clock for timeouts (esnode's config), so every one of
            # these searches (over 100 ms each unbounded) is cut at 1 ms: none may be a 200.
            for _ in range(TRIES):
                response = client.get("/search", params={"q": COSTLY})
                assert response.status_code == 504, response.text[:300]
                detail = response.json()["detail"]
                assert "budget of 0.001 s (POSHUK_SEARCH_BUDGET_S)" in detail
                assert "narrow it with more words or filters" in detail
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)
        drop_indices(settings.es_url, settings.es_index)
