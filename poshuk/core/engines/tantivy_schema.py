"""The embedded engine's schema and analyzers, derived from the shared field list."""

from __future__ import annotations

from collections.abc import Callable

import tantivy

from poshuk.core.schema import Schema


def _lowercased() -> tantivy.TextAnalyzer:
    # Words as written, lower-cased: the exact fields, and the fold fields (whose text
    # poshuk.core.textfold has already folded).
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def _pre_analysed() -> tantivy.TextAnalyzer:
    # Language fields arrive as stems joined by spaces (poshuk.core.analysis.analyze).
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


# Elasticsearch analyzer name (mappings/) -> the tantivy analyzer that stands for it.
ANALYZERS: dict[str, Callable[[], tantivy.TextAnalyzer]] = {
    "poshuk_exact": _lowercased,
    "poshuk_fold": _lowercased,
    **{f"poshuk_{lang}": _pre_analysed for lang in ("en", "ru", "be", "uk", "pl", "lt")},
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
