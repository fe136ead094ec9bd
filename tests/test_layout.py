"""The dependency arrows of the design: ui → HTTP → search_api → core ← ingest, with
``poshuk/cli.py`` on top as the composition root: the one module that wires the layers
together, imported by none. ``poshuk/esnode.py`` starts Elasticsearch nodes for tests,
benchmarks and the demo; it is no part of the runtime layers, so only the CLI uses it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package -> top-level modules it must never import
_TOP = {"poshuk.cli", "poshuk.cli_accounts", "poshuk.cli_options", "poshuk.cli_watches",
        "poshuk.serving",
        "poshuk.esnode", "poshuk.progress"}  # the command line and its tools
FORBIDDEN = {
    "poshuk/core": {"ingest", "search_api", "ui", *_TOP},
    "ingest": {"search_api", "ui", *_TOP},
    "search_api": {"ingest", "ui", *_TOP},
    "ui": {"ingest", "search_api", "poshuk.core.engines", "poshuk.core.catalog", *_TOP},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)  # and each name, which may be a module itself
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
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


# the command line: the composition root, split by concern (commands, accounts commands,
# shared options, the serving processes)
COMPOSITION = ("cli.py", "cli_accounts.py", "cli_options.py", "cli_watches.py", "serving.py")


def test_the_cli_is_the_composition_root() -> None:
    """Only the command line reaches every layer; the launcher and progress display beside
    it import no layer above the core, and nothing of the runtime imports the CLI."""
    cli = set().union(*(imported_modules(ROOT / "poshuk" / name) for name in COMPOSITION))
    for layer in ("poshuk.core", "ingest", "search_api"):
        assert any(m == layer or m.startswith(layer + ".") for m in cli), layer
    for name in ("esnode.py", "progress.py"):
        used = imported_modules(ROOT / "poshuk" / name)
        assert not any(m.split(".")[0] in {"ingest", "search_api", "ui"} for m in used), name
    cli_modules = {f"poshuk.{name.removesuffix('.py')}" for name in COMPOSITION}
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or path.is_relative_to(ROOT / "tests"):
            continue
        if path.is_relative_to(ROOT / "benchmarks") or path.name in COMPOSITION:
            continue
        assert not {*cli_modules, "poshuk.esnode"} & imported_modules(path), path


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
