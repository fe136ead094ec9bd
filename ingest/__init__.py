"""Ingest: parsers, enrichment and the pipeline that fills the catalog and the index."""
