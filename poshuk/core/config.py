"""One settings object for the CLI, ingest, the API and the UI (environment: ``POSHUK_*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EngineName = Literal["tantivy", "elasticsearch"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POSHUK_", extra="ignore")

    home: Path = Field(default=Path.home() / ".poshuk", description="catalog, blobs, index")
    engine: EngineName = "tantivy"
    es_url: str = "http://127.0.0.1:9200"
    es_index: str = Field(default="poshuk", description="the alias searches go to")

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def index_dir(self) -> Path:
        return self.home / "index" / "tantivy"
