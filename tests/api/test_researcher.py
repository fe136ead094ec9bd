"""Export, entity co-occurrence, saved searches and page images, on both engines."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image

from search_api.routers.export import COLUMNS
from tests.api.conftest import PAGE3_WORD


def every_id(api: httpx.Client, **params: Any) -> list[str]:
    """The ids of a search, paged through /search."""
    ids: list[str] = []
    page = 1
    while True:
        body = api.get("/search", params={**params, "size": 100, "page": page}).json()
        ids += [hit["id"] for hit in body["hits"]]
        if len(ids) >= body["total"]:
            return ids
        page += 1


@pytest.mark.parametrize("params", [{}, {"q": "colony OR prisoners", "sort": "date_desc"}])
def test_export_holds_the_whole_result_set_in_order(
    api: httpx.Client, params: dict[str, str]
) -> None:
    expected = every_id(api, **params)
    assert len(expected) > 10  # more than one page of the UI
    as_json = api.get("/export", params={**params, "format": "json"})
    assert as_json.status_code == 200
    rows = json.loads(as_json.text)
    assert [row["id"] for row in rows] == expected if params else sorted(
        row["id"] for row in rows
    ) == sorted(expected)
    assert set(rows[0]) == set(COLUMNS)
    assert rows[0]["url"].endswith(f"/documents/{rows[0]['id']}")

    as_csv = api.get("/export", params=params)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [row["id"] for row in table] == [row["id"] for row in rows]
    assert table[0]["title"] == (rows[0]["title"] or "")


def test_export_refuses_a_malformed_query_before_streaming(api: httpx.Client) -> None:
    response = api.get("/export", params={"q": "(colony OR prisoners"})
    assert response.status_code == 400
    assert "unbalanced bracket" in response.json()["detail"]
    assert "character 1" in response.json()["detail"]
    assert api.get("/export", params={"format": "xml"}).status_code == 422
    assert api.get("/export", params={"page": "2"}).status_code == 400


def test_cooccurrence_counts_entities_of_the_result_set(api: httpx.Client) -> None:
    """Checked against the export of the same result set (entities as enrichment found
    them in the archive)."""
    body = api.get("/cooccurrence").json()
    assert body["entities"] and body["pairs"]
    total = api.get("/search").json()["total"]
    assert body["documents"] == total and body["complete"] is True
    rows = json.loads(api.get("/export", params={"format": "json"}).text)
    counts: dict[str, int] = {}
    for row in rows:
        for key in row["entity_ids"]:
            counts[key] = counts.get(key, 0) + 1
    assert {e["value"]: e["count"] for e in body["entities"]} == dict(
        sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:25]
    )
    for pair in body["pairs"]:
        both = sum(1 for r in rows if {pair["a"], pair["b"]} <= set(r["entity_ids"]))
        assert pair["count"] == both
    # people read names, not ids: the same names the export and /entities give
    names = {k: n for r in rows for k, n in zip(r["entity_ids"], r["entities"], strict=True)}
    assert {e["name"] for e in body["entities"]} == {names[e["value"]] for e in body["entities"]}
    assert all(pair["a_name"] == names[pair["a"]] for pair in body["pairs"])
    navitski = api.get("/entities/person:navick a").json()["name"]
    assert navitski == names["person:navick a"] == "Andrei Navitski"


def test_saved_searches_are_kept_listed_replaced_and_deleted(api: httpx.Client) -> None:
    first = api.post("/saved-searches", json={"name": "Verdicts 342", "query": "q=342"})
    assert first.status_code == 201
    again = api.post("/saved-searches", json={"name": "Verdicts 342", "query": "q=342&lang=ru"})
    assert again.json()["id"] == first.json()["id"]
    listed = api.get("/saved-searches").json()
    assert [s["query"] for s in listed if s["name"] == "Verdicts 342"] == ["q=342&lang=ru"]
    assert api.delete(f"/saved-searches/{first.json()['id']}").status_code == 204
    assert all(s["name"] != "Verdicts 342" for s in api.get("/saved-searches").json())
    assert api.delete(f"/saved-searches/{first.json()['id']}").status_code == 404
    assert api.post("/saved-searches", json={"name": "", "query": "q=x"}).status_code == 422


def test_page_image_marks_the_matched_words_on_their_page(api: httpx.Client) -> None:
    hit = api.get("/search", params={"q": PAGE3_WORD}).json()["hits"][0]
    url = f"/documents/{hit['id']}/pages/3/image"
    plain = api.get(url)
    marked = api.get(url, params={"q": PAGE3_WORD})
    elsewhere = api.get(f"/documents/{hit['id']}/pages/1/image", params={"q": PAGE3_WORD})
    assert plain.headers["content-type"] == "image/png"
    assert plain.headers["x-poshuk-marks"] == "0"
    assert marked.headers["x-poshuk-marks"] == "1"
    assert elsewhere.headers["x-poshuk-marks"] == "0"
    before = Image.open(io.BytesIO(plain.content)).convert("RGB")
    after = Image.open(io.BytesIO(marked.content)).convert("RGB")
    assert before.size == after.size and before.width > 500
    # the mark is yellow: pixels that were white gained red and green but lost blue
    old, new = before.tobytes(), after.tobytes()
    pixels = [(old[i : i + 3], new[i : i + 3]) for i in range(0, len(old), 3)]
    changed = [(b, a) for b, a in pixels if b != a]
    white = [(b, a) for b, a in changed if b == b"\xff\xff\xff"]
    assert white and all(a[2] < 200 and a[0] > 200 for _, a in white)

    assert api.get(f"/documents/{hit['id']}/pages/9/image").status_code == 404
    text = api.get("/search", params={"q": "joint statement", "type": []}).json()["hits"]
    plain_text = [h for h in text if api.get(f"/documents/{h['id']}").json()["media_type"]
                  .startswith("text/")]
    assert plain_text
    assert api.get(f"/documents/{plain_text[0]['id']}/pages/1/image").status_code == 400
