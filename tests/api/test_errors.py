"""Bad requests get a 4xx whose message says what to fix — never a 500."""

from __future__ import annotations

import random

import httpx
import pytest


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"sort": "newest"}, 422, "sort"),
        ({"size": 10000}, 422, "size"),
        ({"size": 0}, 422, "size"),
        ({"page": 0}, 422, "page"),
        ({"page": "two"}, 422, "page"),
        ({"date_from": "yesterday"}, 400, "date_from: 'yesterday' is not a date; use YYYY-MM-DD"),
        ({"date_to": "2024-13-01"}, 400, "date_to"),
        ({"date_from": "2025-01-01", "date_to": "2024-01-01"}, 400, "swap them"),
        ({"q": '"political prisoners'}, 400, "unbalanced quote"),
        ({"q": "(court OR appeal"}, 400, "unbalanced bracket"),
        ({"q": "court AND"}, 400, "ends where a word was expected"),
        ({"q": "court date:2024-13"}, 400, "q: date: '2024-13' is not a date"),
        ({"q": "court~7"}, 400, "too many typing errors: use ~1 or ~2 (at character 6)"),
        ({"q": "c*"}, 400, "at least 2 letters before *"),
        ({"q": "lang: be"}, 400, "lang: needs a value right after the colon, e.g. lang:be"),
        ({"langg": "en"}, 400, "unknown parameter 'langg'"),
        ({"year": "twenty"}, 400, "year"),
        ({"page": 200, "size": 100}, 400, "past result 10000"),
        ({"facet_size": 1000}, 422, "facet_size"),
    ],
)
def test_bad_parameters(
    api: httpx.Client, params: dict[str, object], status: int, words: str
) -> None:
    response = api.get("/search", params=params)
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert words in detail
    assert "Traceback" not in detail


def test_unknown_document_is_404_with_a_hint(api: httpx.Client) -> None:
    for path in ("/documents/nope", "/documents/nope/original", "/documents/nope/similar"):
        response = api.get(path)
        assert response.status_code == 404
        assert "no document with id 'nope'" in response.json()["detail"]


def test_similar_size_is_bounded(api: httpx.Client) -> None:
    first = api.get("/search").json()["hits"][0]["id"]
    response = api.get(f"/documents/{first}/similar", params={"size": 500})
    assert response.status_code == 422
    assert "size" in response.json()["detail"]


def test_random_parameter_soup_never_gives_a_500(api: httpx.Client) -> None:
    rng = random.Random(11)
    keys = ["q", "lang", "type", "sort", "page", "size", "date_from", "date_to", "year",
            "facet_size", "entity"]
    junk = ["", "-", "0", "-5", "101", "2024-02-30", '"', "(", ")", "AND", "NOT -",
            "ü", "\u0000", "ru", "date_desc", "9" * 30, "*", "%", "a" * 3000,
            "0001-01-01", "9999-12-31", "2024-01-01"]
    for _ in range(250):
        params = {rng.choice(keys): rng.choice(junk) for _ in range(rng.randint(1, 4))}
        response = api.get("/search", params=params)
        assert response.status_code < 500, (params, response.text)
        if response.status_code >= 400:
            assert isinstance(response.json()["detail"], str)


def test_every_error_has_the_documented_shape(api: httpx.Client) -> None:
    """422s are ``{"detail": "<text>"}`` like every other error, and the OpenAPI document
    says so (not FastAPI's default list of validation errors)."""
    schema = api.get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status.startswith("4"):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorOut"), (method, path, status)
    assert schema["components"]["schemas"]["ErrorOut"]["properties"]["detail"]["type"] \
        == "string"
    response = api.get("/search", params={"size": "many", "page": "x" * 50_000})
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str) and len(response.content) < 1000
