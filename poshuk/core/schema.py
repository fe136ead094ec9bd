"""The shared field schema, read from the canonical index template in ``mappings/``.

Elasticsearch uses the template as it is; the embedded engine builds its schema from the
same field list (``FieldSpec``), so adding a field in one place adds it to both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

TEMPLATE_NAME = "poshuk-v1"
FieldKind = Literal["keyword", "text", "date", "integer"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: FieldKind
    analyzer: str | None = None
    stored: bool = False


@dataclass(frozen=True, slots=True)
class VectorFields:
    """Where a document record holds its passage vectors (Elasticsearch only: the embedded
    engine keeps them in a vector index beside its own) and the model that made them."""

    field: str  # nested, one ``vector`` (dense_vector) per passage
    model_field: str  # keyword
    content_field: str  # the sha256 of the document the vectors were made from
    dims: int


@dataclass(frozen=True, slots=True)
class Schema:
    version: int
    fields: tuple[FieldSpec, ...]
    facets: tuple[str, ...]
    histogram: str
    text_fields: dict[str, float]
    fold_fields: dict[str, float]
    languages: tuple[str, ...]
    language_boost: float
    page_fields: dict[str, str]
    highlight_field: str
    vectors: VectorFields

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


@cache
def load_template(name: str = TEMPLATE_NAME) -> dict[str, Any]:
    """The Elasticsearch index template, parsed."""
    text = resources.files("mappings").joinpath(f"{name}.json").read_text(encoding="utf-8")
    template: dict[str, Any] = json.loads(text)
    return template


@cache
def load_schema(name: str = TEMPLATE_NAME) -> Schema:
    template = load_template(name)
    meta = template["_meta"]["poshuk"]
    props: dict[str, dict[str, Any]] = template["template"]["mappings"]["properties"]
    vectors = meta["vectors"]
    fields = tuple(  # the vectors are Elasticsearch's alone: not the embedded engine's fields
        FieldSpec(
            name=field_name,
            kind=spec["type"],
            analyzer=spec.get("analyzer"),
            stored=bool(spec.get("store", False)),
        )
        for field_name, spec in props.items()
        if field_name not in (vectors["field"], vectors["model_field"], vectors["content_field"])
    )
    return Schema(
        version=int(template["version"]),
        fields=fields,
        facets=tuple(meta["facets"]),
        histogram=meta["histogram"],
        text_fields={k: float(v) for k, v in meta["text_fields"].items()},
        fold_fields={k: float(v) for k, v in meta["fold_fields"].items()},
        languages=tuple(meta["languages"]),
        language_boost=float(meta["language_boost"]),
        page_fields=dict(meta["page_fields"]),
        highlight_field=meta["highlight_field"],
        vectors=VectorFields(
            field=vectors["field"],
            model_field=vectors["model_field"],
            content_field=vectors["content_field"],
            dims=int(props[vectors["field"]]["properties"]["vector"]["dims"]),
        ),
    )
