"""The HTTP API (FastAPI): faceted search, documents and their originals."""

from search_api.main import create_app

__all__ = ["create_app"]
