"""The passages the enrichment gold set annotates: the opening of each demo document (after
its front matter, whole paragraphs up to about 700 characters), the shared news reports in
full, and the passages written for the gold set itself."""

from __future__ import annotations

from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "ingest" / "demo" / "documents"
_PASSAGE_CHARS = 700


def demo_passage(name: str) -> str:
    text = (DEMO / name).read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---\n", 1)[1]
    kept: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        kept.append(paragraph)
        if sum(len(p) for p in kept) >= _PASSAGE_CHARS:
            break
    return "\n\n".join(kept)


def passage(entry: dict[str, str], shared_dir: Path) -> str:
    """The text one gold entry annotates: ``demo`` (a demo file name), ``shared`` (a path
    under the shared folder) or ``text`` (written for the gold set)."""
    if "demo" in entry:
        return demo_passage(entry["demo"])
    if "shared" in entry:
        return (shared_dir / entry["shared"]).read_text(encoding="utf-8")
    return entry["text"]
