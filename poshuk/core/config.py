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

    # Ingest: parallelism, and the limits one file must stay within (each enforced in the
    # worker process that parses it, so a hostile file can only take its worker down).
    workers: int = Field(default=2, ge=1, le=64, description="parser processes")
    max_file_mb: int = Field(default=512, ge=1, description="largest file accepted")
    max_pages: int = Field(default=5000, ge=1, description="most pages per document")
    time_limit_s: float = Field(default=300, gt=0, description="parse + OCR time per file")
    # A worker's own address space is ~620 MiB once the language models are loaded.
    memory_limit_mb: int = Field(default=2048, ge=64, description="address space per worker")
    # Containers (ZIP, e-mail attachments): against bombs and runaway nesting.
    max_members: int = Field(default=10_000, ge=1, description="files per container")
    max_unpacked_mb: int = Field(default=1024, ge=1, description="total unpacked per container")
    max_ratio: int = Field(default=200, ge=1, description="unpacked/packed size per member")
    max_depth: int = Field(default=5, ge=0, description="containers inside containers")
    # OCR of pages without a usable text layer.
    ocr: bool = True
    ocr_languages: str = Field(
        default="en,ru", description="ISO codes tried when a scan has no detected language"
    )
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    # HTTP uploads (POST /documents).
    upload_max_mb: int = Field(default=64, ge=1)
    # Audit entries older than this are pruned when the server starts (0: kept forever).
    audit_retention_days: int = Field(default=0, ge=0)

    @property
    def catalog_path(self) -> Path:
        return self.home / "catalog.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def index_dir(self) -> Path:
        return self.home / "index" / "tantivy"
