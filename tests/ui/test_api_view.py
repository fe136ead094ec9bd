"""The UI's view of the API (the TypedDicts of ``ui/api_client.py``) is checked against
the API's OpenAPI document: every field the UI reads exists in the response schema of
the operation it calls, with a type the UI handles (a value the API may send as null must
be Optional in the UI). A field renamed, retyped or made nullable in the API fails here."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from search_api.main import create_app
from ui import api_client as ui

# The UI's type of each answer, by the operation that gives it.
VIEWS: dict[tuple[str, str], Any] = {
    ("get", "/health"): ui.Health,
    ("get", "/search"): ui.SearchResponse,
    ("get", "/documents/{doc_id}"): ui.DocumentResponse,
    ("get", "/documents/{doc_id}/similar"): ui.SimilarResponse,
    ("get", "/entities/{entity_id}"): ui.EntityResponse,
    ("get", "/saved-searches"): list[ui.SavedSearch],
}
_JSON_TYPES = {str: {"string"}, int: {"integer"}, float: {"number", "integer"},
               bool: {"boolean"}, type(None): {"null"}}


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return create_app().openapi()


class Checker:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.problems: list[str] = []

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.document["components"]["schemas"][name]
        return schema

    def check(self, hint: Any, schema: dict[str, Any], where: str) -> None:
        """Every value ``schema`` allows must be one ``hint`` accepts."""
        schema = self.resolve(schema)
        if hint is Any:
            return
        hints = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)
        for variant in schema.get("anyOf") or schema.get("oneOf") or [schema]:
            variant = self.resolve(variant)
            if not any(self.accepts(h, variant) for h in hints):
                self.problems.append(f"{where}: the API may send {variant} but the UI "
                                     f"expects {hint}")
                continue
            for h in hints:
                if self.accepts(h, variant):
                    self.descend(h, variant, where)
                    break

    def accepts(self, hint: Any, schema: dict[str, Any]) -> bool:
        kind = schema.get("type")
        origin = get_origin(hint)
        if hint in _JSON_TYPES:
            return kind in _JSON_TYPES[hint]
        if origin is list:
            return kind == "array"
        if origin is dict or is_typeddict(hint):
            return kind == "object"
        return False

    def descend(self, hint: Any, schema: dict[str, Any], where: str) -> None:
        origin = get_origin(hint)
        if origin is list:
            self.check(get_args(hint)[0], schema.get("items", {}), f"{where}[]")
        elif origin is dict:
            self.check(get_args(hint)[1], schema.get("additionalProperties", {}), f"{where}{{}}")
        elif is_typeddict(hint):
            properties = schema.get("properties", {})
            for name, field in get_type_hints(hint).items():
                if name not in properties:
                    self.problems.append(f"{where}.{name}: the UI reads it, the API has no "
                                         f"such field (it has {sorted(properties)})")
                else:
                    self.check(field, properties[name], f"{where}.{name}")


@pytest.mark.parametrize(("operation", "view"), list(VIEWS.items()), ids=str)
def test_the_ui_reads_only_what_the_api_documents(
    openapi: dict[str, Any], operation: tuple[str, str], view: Any
) -> None:
    method, path = operation
    answer = openapi["paths"][path][method]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    checker = Checker(openapi)
    checker.check(view, schema, f"{method.upper()} {path}")
    assert checker.problems == []


def test_the_checker_finds_drift(openapi: dict[str, Any]) -> None:
    """A field the API lacks, a wrong type and a null the UI does not expect are caught."""

    class Drifted(ui.Hit):  # type: ignore[misc]
        renamed_field: str

    checker = Checker(openapi)
    schema = openapi["components"]["schemas"]["SearchOut"]["properties"]["hits"]["items"]
    checker.check(Drifted, schema, "hit")
    checker.check(dict[str, int], {"type": "object", "additionalProperties": {"type": "string"}},
                  "counts")
    checker.check(str, {"anyOf": [{"type": "string"}, {"type": "null"}]}, "title")
    assert len(checker.problems) == 3, checker.problems
