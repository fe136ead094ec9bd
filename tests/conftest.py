"""Fixtures shared by every test package (more may follow below)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The project checkout: the parent of ``tests/``."""
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared_dir(repo_root: Path) -> Path:
    """``<repo root>/../shared``: real documents and data written by others (read-only)."""
    return (repo_root / ".." / "shared").resolve()
