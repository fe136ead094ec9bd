"""One settings object for the CLI, ingest, the API and the UI (environment: ``POSHUK_*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from poshuk.core.db import dialect_of, sqlite_url

EngineName = Literal["tantivy", "elasticsearch"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POSHUK_", extra="ignore")

    home: Path = Field(default=Path.home() / ".poshuk", description="catalog, blobs, index")
    # The catalog: the SQLite file in ``home`` unless a URL is given; a team deployment
    # shares one PostgreSQL catalog (postgresql://user:password@host:port/database).
    catalog_url: str = Field(default="", description="sqlite:///… or postgresql://…")
    # The audit chain's key: every API process of a deployment must read the same file.
    audit_key_file: Path | None = Field(default=None, description="default <home>/audit.key")
    engine: EngineName = "tantivy"
    es_url: str = Field(
        default="http://127.0.0.1:9200", description="one node, or several comma-separated"
    )
    es_index: str = Field(default="poshuk", description="the alias searches go to")
    # Elasticsearch cluster: the layout of a new index (``poshuk reindex`` applies a change).
    # One node: 1 shard, 0 replicas. A cluster: a replica per shard so that losing a node
    # loses no data, and shards of at most ~30 GB each (docs/scaling.md).
    es_shards: int = Field(default=1, ge=1, le=1024, description="primary shards per index")
    es_replicas: int = Field(default=0, ge=0, le=8, description="copies of each shard")
    # The blob store of originals; on shared storage (NFS, CephFS …) for several machines.
    blobs: Path | None = Field(default=None, description="blob store (default <home>/blobs)")

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
    # The work queue: `poshuk serve` parses what is queued in a thread of its own (the
    # embedded default); a team deployment sets 0 and runs `poshuk worker` processes, and
    # its `poshuk ingest` then queues files instead of parsing them.
    inprocess_worker: bool = Field(default=True, description="serve parses queued work")
    # poshuk serve: API processes (0: one per core, at most 8).
    api_workers: int = Field(default=0, ge=0, le=64, description="API processes")
    # Search budgets (what one query may ask for is fixed: poshuk.core.query_limits.QueryLimits).
    search_budget_s: float = Field(
        default=10, gt=0, description="time one search, export batch or count may take"
    )
    costly_searches: int = Field(
        default=1, ge=1, le=64,
        description="prefix/fuzzy searches, exports and counts run at once per API process",
    )
    # Audit entries older than this are pruned when the server starts (0: kept forever).
    audit_retention_days: int = Field(default=0, ge=0)
    # Watched searches: the address links in mails and feeds start with, the mail server
    # (poshuk.core.delivery), and how much of the archive one watch may match.
    public_url: str = Field(default="http://127.0.0.1:8000", description="the API's address")
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_tls: Literal["none", "starttls", "ssl"] = "none"
    smtp_sender: str = "poshuk@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    # Webhooks go to public addresses only: a watch must not make the server reach into
    # its own network (loopback, private, link-local). A deployment whose receivers live
    # on its own network says so here.
    webhook_private: bool = Field(default=False, description="allow webhooks to private "
                                  "and loopback addresses")
    watch_max_share: float = Field(default=0.2, gt=0, le=1)
    watch_min_broad: int = Field(default=20, ge=0)
    # A delivery claimed by a sender that then died is sent again after this long.
    delivery_lease_s: float = Field(default=120, gt=0)

    @model_validator(mode="after")
    def _default_catalog(self) -> Settings:
        if not self.catalog_url:
            self.catalog_url = sqlite_url(self.catalog_path)
        try:
            dialect_of(self.catalog_url)
        except ValueError as err:
            raise ValueError(f"POSHUK_CATALOG_URL: {err}") from None
        return self

    @field_validator("es_url")
    @classmethod
    def _check_es_urls(cls, value: str) -> str:
        es_urls(value)
        return value

    @property
    def es_urls(self) -> list[str]:
        return es_urls(self.es_url)

    @property
    def catalog_path(self) -> Path:
        """The default SQLite catalog's file (``catalog_url`` is what opens a catalog)."""
        return self.home / "catalog.sqlite3"

    @property
    def audit_key(self) -> Path:
        """The audit chain's key; every API process of a deployment reads the same one."""
        return self.audit_key_file or self.home / "audit.key"

    @property
    def blob_dir(self) -> Path:
        return self.blobs or self.home / "blobs"

    @property
    def index_dir(self) -> Path:
        return self.home / "index" / "tantivy"


def es_urls(value: str) -> list[str]:
    """The node addresses in ``POSHUK_ES_URL`` (comma-separated); each http(s)://host:port."""
    urls = [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
    if not urls:
        raise ValueError("POSHUK_ES_URL names no Elasticsearch node")
    for url in urls:
        scheme, _, rest = url.partition("://")
        if scheme not in ("http", "https") or not rest:
            raise ValueError(
                f"{url!r} is not a node address: write http://host:port, several comma-separated"
            )
    return urls
