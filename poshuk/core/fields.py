"""The document's fields, read once from ``Document`` (its types and field metadata): the
catalog's columns and their encoding, what ``GET /documents/{id}`` shows, what ``/export``
writes and what re-enrichment rewrites all come from here.

A field's catalog encoding follows its type: text, numbers and ``Literal``s as they are,
dates and times as ISO strings, lists as JSON (lists of dataclasses as JSON objects)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from poshuk.core.model import Document


@dataclass(frozen=True, slots=True)
class DocField:
    name: str
    type: Any  # the annotation, resolved
    column: bool  # a column of the catalog's documents table
    api: bool  # shown by GET /documents/{id}
    export: bool  # a column of /export
    enrichment: bool  # recomputed from the pages by re-enrichment

    def to_column(self, value: Any) -> Any:
        """The value as the catalog stores it."""
        kind = _base(self.type)
        if value is None:
            return None
        if kind is list:
            return json.dumps([_plain(v) for v in value], ensure_ascii=False)
        if kind in (dt.date, dt.datetime):
            return value.isoformat()
        if kind is bool:
            return int(value)
        return value

    def from_column(self, raw: Any) -> Any:
        """The stored value as the Document holds it."""
        kind = _base(self.type)
        if raw is None:
            return None
        if kind is list:
            item = typing.get_args(self.type)[0]
            values = json.loads(raw)
            if isinstance(item, type) and dataclasses.is_dataclass(item):
                return [item(**v) for v in values]
            return values
        if kind is dt.date:
            return dt.date.fromisoformat(raw)
        if kind is dt.datetime:
            return dt.datetime.fromisoformat(raw)
        if kind is bool:
            return bool(raw)
        return raw


def _base(annotation: Any) -> Any:
    """``list`` for ``list[X]``, ``dt.date`` for ``dt.date | None``, else the type."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return typing.get_origin(annotation) or annotation


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


@cache
def document_fields() -> tuple[DocField, ...]:
    hints = typing.get_type_hints(Document)
    return tuple(
        DocField(
            name=f.name,
            type=hints[f.name],
            column=f.metadata.get("column", True),
            api=f.metadata.get("api", True),
            export=f.metadata.get("export", False),
            enrichment=f.metadata.get("enrichment", False),
        )
        for f in dataclasses.fields(Document)
    )


def columns() -> tuple[DocField, ...]:
    return tuple(f for f in document_fields() if f.column)


def shown() -> tuple[DocField, ...]:
    return tuple(f for f in document_fields() if f.api)


def exported() -> tuple[DocField, ...]:
    return tuple(f for f in document_fields() if f.export)


def reenriched() -> tuple[DocField, ...]:
    return tuple(f for f in document_fields() if f.enrichment)
