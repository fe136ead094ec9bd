"""Options and helpers every ``poshuk`` command module shares."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from poshuk.core.config import EngineName, Settings

console = Console()

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", envvar="POSHUK_HOME", help="catalog, originals and index"),
]
EngineOpt = Annotated[
    EngineName | None, typer.Option("--engine", envvar="POSHUK_ENGINE", help="index engine")
]
EsUrl = Annotated[
    str | None,
    typer.Option("--es-url", envvar="POSHUK_ES_URL", help="Elasticsearch node(s), comma-separated"),
]


def _settings(data_dir: Path | None, engine: str | None, es_url: str | None) -> Settings:
    overrides: dict[str, object] = {}
    if data_dir is not None:
        overrides["home"] = data_dir.expanduser().resolve()
    if engine is not None:
        overrides["engine"] = engine
    if es_url is not None:
        overrides["es_url"] = es_url
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise _fail(f"bad setting: {problems}") from err


def _fail(message: str, code: int = 2) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)
