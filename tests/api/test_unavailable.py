"""Before anything is indexed: the API says so clearly instead of failing."""

from __future__ import annotations

from pathlib import Path

import httpx

from poshuk.core.config import Settings
from tests.api.conftest import serve


def test_no_index_yet_gives_503_with_a_way_out(tmp_path: Path) -> None:
    with serve(Settings(home=tmp_path)) as base_url:
        health = httpx.get(f"{base_url}/health")
        assert health.status_code == 503
        body = health.json()
        assert body["status"] == "unavailable" and body["documents"] == 0
        assert "ingest" in body["detail"]
        search = httpx.get(f"{base_url}/search", params={"q": "court"})
        assert search.status_code == 503
        assert search.json()["detail"].startswith("search is unavailable: no index at")
        assert httpx.get(f"{base_url}/documents/abc").status_code == 404
