"""Write one section of docs/benchmarks.md (speed) or docs/quality.md (search and language
quality), leaving the other sections as they are."""

from __future__ import annotations

import platform
import re
from collections.abc import Sequence
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
QUALITY = DOC.with_name("quality.md")
HEADERS = {
    DOC: (
        "# Benchmarks\n\n"
        "Measured by the scripts in `benchmarks/` (`make bench`); each section says which "
        "script wrote it and when. Figures are from the machine named in each section, not "
        "targets.\n"
    ),
    QUALITY: (
        "# Quality\n\n"
        "How well Poshuk identifies languages and finds what is asked for, measured by the "
        "scripts in `benchmarks/` (`make quality`); each section says which script wrote it.\n"
    ),
}


def machine() -> str:
    import os

    return f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"


def write_section(heading: str, body: str, doc: Path = DOC) -> None:
    """Replace the ``## heading`` section (up to the next ``## ``) of ``doc`` or append it."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else HEADERS[doc]
    section = f"## {heading}\n\n{body.strip()}\n\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip() + "\n\n" + section
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text.rstrip() + "\n", encoding="utf-8")


def table(header: list[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
