"""POST /documents against the real server, with the ingest worker that ``poshuk serve``
runs: the upload is stored at once and parsed by the same pipeline as any ingest."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ingest.support.pdfwrite import write_pdf
from ingest.uploads import UploadWorker
from poshuk.core.config import Settings
from tests.api.conftest import serve

STATEMENT = write_pdf(["Statement on the detention of the observer Zmitser Kaptsiuh."])


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    settings = Settings(home=tmp_path_factory.mktemp("uploads"), upload_max_mb=1, workers=1)
    worker = UploadWorker(settings).start()
    try:
        with serve(settings, on_upload=worker.wake) as base_url:
            with httpx.Client(base_url=base_url, timeout=30) as client:
                yield client
    finally:
        worker.stop()


def settled(client: httpx.Client, doc_id: str) -> dict[str, Any]:
    """The document once the worker has parsed it (polls while it is queued)."""
    for _ in range(600):
        body: dict[str, Any] = client.get(f"/documents/{doc_id}").json()
        if body["status"] != "queued":
            return body
        time.sleep(0.1)
    raise AssertionError(f"{doc_id} still queued after 60 s")


def found(client: httpx.Client, query: str) -> list[str]:
    """Ids found for ``query``, allowing the index commit that follows the catalog's."""
    for _ in range(100):
        hits = client.get("/search", params={"q": query}).json()["hits"]
        if hits:
            break
        time.sleep(0.1)
    return [hit["id"] for hit in hits]


def upload(client: httpx.Client, name: str, data: bytes) -> httpx.Response:
    return client.post("/documents", files={"file": (name, data, "application/pdf")})


def test_an_upload_is_queued_then_parsed_and_searchable(client: httpx.Client) -> None:
    response = upload(client, "statement.pdf", STATEMENT)
    assert response.status_code == 202
    created = response.json()
    assert created["status"] == "queued" and not created["duplicate"]
    doc = settled(client, created["id"])
    assert doc["status"] == "ok" and doc["file_name"] == "statement.pdf"
    assert "Kaptsiuh" in doc["pages"][0]["text"] and doc["pages"][0]["ocr"] is False
    assert client.get(f"/documents/{created['id']}/original").content == STATEMENT
    assert found(client, "Kaptsiuh") == [created["id"]]


def test_the_same_bytes_again_are_a_duplicate(client: httpx.Client) -> None:
    data = write_pdf(["Twice uploaded appeal."])  # once: fpdf2 stamps the time of writing
    first = upload(client, "again.pdf", data).json()
    second = upload(client, "renamed.pdf", data)
    assert second.status_code == 200
    assert second.json()["id"] == first["id"] and second.json()["duplicate"]


def test_an_unreadable_upload_is_kept_with_its_reason(client: httpx.Client) -> None:
    created = upload(client, "broken.pdf", b"%PDF-1.7\n1 0 obj <<>> no xref").json()
    doc = settled(client, created["id"])
    assert doc["status"] == "failed" and "parse error" in doc["error"]


def test_too_large_empty_and_missing_files_are_refused(client: httpx.Client) -> None:
    big = upload(client, "big.pdf", b"%PDF-1.7\n" + b"0" * (1 << 20))
    assert big.status_code == 413
    assert big.json()["detail"] == (
        "the file is larger than the upload limit of 1 MiB (POSHUK_UPLOAD_MAX_MB)"
    )
    assert upload(client, "empty.pdf", b"").status_code == 400
    missing = client.post("/documents", data={"note": "no file"})
    assert missing.status_code == 422 and "file" in missing.json()["detail"]


def test_the_upload_is_in_the_openapi_description(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert "post" in spec["paths"]["/documents"]
    assert "413" in spec["paths"]["/documents"]["post"]["responses"]
