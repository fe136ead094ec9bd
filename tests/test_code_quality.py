"""The checks the style guide asks for run with the tests, so CI keeps them green."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["poshuk", "ingest", "search_api", "ui"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout


def test_mypy_strict_finds_nothing() -> None:
    result = run("mypy", *PACKAGES)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "module",
    ["poshuk.core.engines", "ingest.parsers", "ingest.demo", "ingest.enrich", "search_api"],
)
def test_public_names_exist(module: str) -> None:
    package = importlib.import_module(module)
    assert package.__all__
    for name in package.__all__:
        assert hasattr(package, name), f"{module}.__all__ names {name!r}, which is missing"
