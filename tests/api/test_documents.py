"""/documents/{id}, its original, similar documents, and /health."""

from __future__ import annotations

import hashlib

import httpx

from poshuk.core.catalog import document_id
from tests.api.conftest import PAGE3_WORD, Archive


def test_health_counts_what_is_indexed(api: httpx.Client, archive: Archive) -> None:
    body = api.get("/health").json()
    catalog = archive.catalog()
    try:
        ok = catalog.count_ok()
    finally:
        catalog.close()
    assert body["status"] == "ok"
    assert body["engine"] == archive.settings.engine
    assert body["documents"] == body["catalog"] == ok
    assert body["pending_index"] == 0


def test_document_has_the_contract_fields_and_its_pages(api: httpx.Client) -> None:
    hit = api.get("/search", params={"q": PAGE3_WORD}).json()["hits"][0]
    doc = api.get(f"/documents/{hit['id']}").json()
    for key in ("id", "title", "date", "language", "type", "source", "file_name",
                "media_type", "sha256", "pages", "entities", "citations", "dates",
                "duplicate_group"):
        assert key in doc, key
    assert doc["title"] == "Monitoring report with three pages"
    assert doc["date"] == "2023-05-17" and doc["date_source"] == "metadata"
    assert doc["source"] == "Test Monitor"
    assert doc["media_type"] == "application/pdf"
    assert [p["number"] for p in doc["pages"]] == [1, 2, 3]
    assert PAGE3_WORD in doc["pages"][2]["text"]
    assert doc["duplicate_group"] is None
    # an English report: its language, and how sure the detector was, per page too
    assert doc["language"] == "en" and 0.5 <= doc["language_confidence"] <= 1
    assert all(0.5 <= p["language_confidence"] <= 1 for p in doc["pages"] if p["language"])


def test_every_original_comes_back_byte_for_byte(api: httpx.Client, archive: Archive) -> None:
    files = [p for p in archive.source.rglob("*") if p.is_file()]
    assert len(files) >= 40
    for path in files:
        data = path.read_bytes()
        doc_id = document_id(hashlib.sha256(data).hexdigest())
        response = api.get(f"/documents/{doc_id}/original")
        assert response.status_code == 200, path
        assert response.content == data
        meta = api.get(f"/documents/{doc_id}").json()
        assert response.headers["content-type"].split(";")[0] == meta["media_type"]


def test_media_types_are_sniffed(api: httpx.Client, archive: Archive) -> None:
    expected = {".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown",
                ".html": "text/html", ".eml": "message/rfc822"}
    for path in (archive.source / "demo").iterdir():
        doc_id = document_id(hashlib.sha256(path.read_bytes()).hexdigest())
        meta = api.get(f"/documents/{doc_id}").json()
        assert meta["media_type"] == expected[path.suffix], path.name
        assert meta["status"] == "ok", (path.name, meta["error"])


def test_a_file_that_fails_is_kept_with_its_reason(api: httpx.Client, archive: Archive) -> None:
    data = (archive.source / "extra" / "broken.pdf").read_bytes()
    doc_id = document_id(hashlib.sha256(data).hexdigest())
    meta = api.get(f"/documents/{doc_id}").json()
    assert meta["status"] == "failed"
    assert meta["error"]
    assert api.get(f"/documents/{doc_id}/original").content == data
    assert any(path.endswith("broken.pdf") for path, _ in archive.summary.failed)
    # a failed document is not a search result
    assert doc_id not in {h["id"] for h in api.get("/search", params={"size": 100}).json()["hits"]}


def test_same_text_in_two_files_is_kept_and_linked(api: httpx.Client, archive: Archive) -> None:
    ids = [
        document_id(hashlib.sha256((archive.source / "extra" / name).read_bytes()).hexdigest())
        for name in ("joint-statement.txt", "joint-statement.pdf")
    ]
    docs = [api.get(f"/documents/{i}").json() for i in ids]
    assert docs[0]["duplicate_group"] is not None
    assert docs[0]["duplicate_group"] == docs[1]["duplicate_group"]
    assert docs[0]["duplicates"] == [ids[1]] and docs[1]["duplicates"] == [ids[0]]


def test_identical_bytes_are_one_document(archive: Archive) -> None:
    assert archive.summary.duplicates == 1  # copy-of-three-pages.pdf


def test_similar_is_shaped_like_search_and_excludes_the_document(api: httpx.Client) -> None:
    hits = api.get("/search", params={"q": "verdict", "size": 1}).json()["hits"]
    doc_id = hits[0]["id"]
    body = api.get(f"/documents/{doc_id}/similar", params={"size": 5}).json()
    assert set(body) >= {"total", "hits"}
    assert 0 < len(body["hits"]) <= 5
    assert doc_id not in {h["id"] for h in body["hits"]}
    assert {"id", "title", "date", "language", "score"} <= set(body["hits"][0])


def test_two_reports_of_one_event_are_similar_not_duplicates(
    api: httpx.Client, archive: Archive
) -> None:
    first, second = (
        document_id(hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted((archive.source / "news").iterdir())
    )
    for doc_id, other in ((first, second), (second, first)):
        meta = api.get(f"/documents/{doc_id}").json()
        assert meta["duplicate_group"] is None
        hits = api.get(f"/documents/{doc_id}/similar", params={"size": 3}).json()["hits"]
        assert hits[0]["id"] == other


def test_a_zip_lists_its_files_and_a_scanned_one_is_marked_as_ocr(
    api: httpx.Client, archive: Archive
) -> None:
    zip_id = document_id(
        hashlib.sha256((archive.source / "extra" / "evidence.zip").read_bytes()).hexdigest()
    )
    container = api.get(f"/documents/{zip_id}").json()
    assert container["parent_id"] is None and len(container["children"]) == 2
    children = [api.get(f"/documents/{child}").json() for child in container["children"]]
    assert [c["file_name"] for c in children] == ["lawyer-note.txt", "protocol-scan.pdf"]
    assert all(c["parent_id"] == zip_id and c["children"] == [] for c in children)
    scan = children[1]
    page = scan["pages"][0]
    assert page["ocr"] is True and 50 <= page["ocr_confidence"] <= 100
    assert "okrestina" in page["text"].lower()
    assert children[0]["pages"][0]["ocr"] is False
    # the recognised text is searchable like any other
    hits = api.get("/search", params={"q": "Okrestina"}).json()["hits"]
    assert scan["id"] in [hit["id"] for hit in hits]


def test_a_news_report_has_its_figures_in_the_document_and_the_export(
    api: httpx.Client, archive: Archive
) -> None:
    """The figures the fixtures' README lists, as enrichment found them at ingest."""
    found: dict[int | float, dict[str, object]] = {}
    ids = []
    for path in sorted((archive.source / "news").glob("*.txt")):
        ids.append(document_id(hashlib.sha256(path.read_bytes()).hexdigest()))
        for figure in api.get(f"/documents/{ids[-1]}").json()["figures"]:
            found.setdefault(figure["value"], figure)  # as the first report words it
    assert {value: found[value]["counted"] for value in (1142, 64, 120)} == {
        1142: "people", 64: "political prisoners", 120: "new names",
    }
    people = found[1142]
    assert (people["text"], people["qualifier"], people["unit"], people["pages"]) == (
        "at least 1,142 people", "at least", None, [1])
    assert str(people["context"]).startswith("at least 1,142 people remain behind bars")
    assert 2020 not in found and 2025 not in found

    rows = {row["id"]: row for row in api.get("/export", params={"format": "json"}).json()}
    assert "at least 1,142 people" in rows[ids[0]]["figures"]
