"""Shared core: imported by ``ingest`` and ``search_api``; imports neither."""
