"""The embedded engine's schema and analyzers, derived from the shared field list."""

from __future__ import annotations

from collections.abc import Callable

import tantivy

from poshuk.core.schema import Schema


def _folded() -> tantivy.TextAnalyzer:
    # Lower-case + ASCII folding (Muižnieks = Muiznieks); Cyrillic passes through unchanged.
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


# Elasticsearch analyzer name (mappings/) -> the closest analyzer tantivy offers.
ANALYZERS: dict[str, Callable[[], tantivy.TextAnalyzer]] = {
    "poshuk_exact": _folded,
    "poshuk_fold": _folded,
    **{f"poshuk_{lang}": _folded for lang in ("en", "ru", "be", "uk", "pl", "lt")},
}


def build_schema(schema: Schema) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for spec in schema.fields:
        if spec.kind == "keyword":
            builder.add_text_field(spec.name, stored=True, fast=True, tokenizer_name="raw")
        elif spec.kind == "text":
            if spec.analyzer not in ANALYZERS:
                raise ValueError(f"field {spec.name}: no tantivy analyzer for {spec.analyzer!r}")
            builder.add_text_field(spec.name, stored=spec.stored, tokenizer_name=spec.analyzer)
        elif spec.kind == "date":
            builder.add_date_field(spec.name, stored=True, indexed=True, fast=True)
        elif spec.kind == "integer":
            builder.add_integer_field(spec.name, stored=True, indexed=True, fast=True)
        else:  # pragma: no cover - the template loader only yields the kinds above
            raise ValueError(f"field {spec.name}: unsupported type {spec.kind!r}")
    return builder.build()


def register_analyzers(index: tantivy.Index) -> None:
    """Tantivy keeps custom analyzers in memory only: register them on every open."""
    for name, make in ANALYZERS.items():
        index.register_tokenizer(name, make())
