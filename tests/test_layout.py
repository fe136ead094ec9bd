"""The dependency arrows of the design: ui → HTTP → search_api → core ← ingest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> top-level modules it must never import
FORBIDDEN = {
    "poshuk/core": {"ingest", "search_api", "ui", "poshuk.cli"},
    "ingest": {"search_api", "ui", "poshuk.cli"},
    "search_api": {"ingest", "ui", "poshuk.cli"},
    "ui": {"ingest", "search_api", "poshuk.core.engines", "poshuk.core.catalog", "poshuk.cli"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_follow_the_arrows(package: str) -> None:
    offenders = []
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, package
    for path in files:
        for module in imported_modules(path):
            for banned in FORBIDDEN[package]:
                if module == banned or module.startswith(banned + "."):
                    offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


def test_nothing_imports_ui() -> None:
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or path.is_relative_to(ROOT / "ui"):
            continue
        if path.is_relative_to(ROOT / "tests" / "ui"):
            continue
        modules = imported_modules(path)
        assert not any(m == "ui" or m.startswith("ui.") for m in modules), path


def test_modules_stay_small() -> None:
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for package in ("poshuk", "ingest", "search_api", "ui")
        for p in (ROOT / package).rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 500} == {}
