"""The second reading of the outside language-ID corpus's labels (benchmarks/langid_audit.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.langid_audit import AUDIT, accepted, is_right, load
from tests.conftest import require_shared

KNOWN = ("en", "cs", "sk", "pl")


def test_a_line_changes_only_where_both_readers_agree_on_a_language() -> None:
    assert accepted("cs", "", "") == {"cs"}
    assert accepted("cs", "pl", "") == {"cs"}  # one reader only: the label stands
    assert accepted("cs", "pl", "pl") == {"pl"}
    assert accepted("fr", "mixed:fr,de", "mixed:de,fr") == {"fr", "de"}
    assert accepted("cs", "mixed:cs,en", "en") == {"en"}
    assert accepted("cs", "pl", "en") is None  # not the label, but no common finding
    assert accepted("kk", "none", "none") is None


def test_a_language_outside_the_detectors_is_right_only_when_undetermined() -> None:
    assert is_right("und", frozenset({"la"}), KNOWN)
    assert not is_right("en", frozenset({"la"}), KNOWN)
    assert not is_right("und", frozenset({"en"}), KNOWN)
    assert is_right("de", frozenset({"fr", "de"}), KNOWN)


def test_the_audit_applies_to_the_files_it_read_only(tmp_path: Path) -> None:
    folder = require_shared("data/langid")
    answers = load(folder)
    assert answers is not None
    assert answers[("cs", 8)] == {"pl"}  # line 9 of cs.txt, numbered from 0
    assert ("cs", 273) not in answers  # one reader only
    for (lang, number) in answers:
        assert number < len((folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines())
    copy = tmp_path / "langid"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("sentences", "single-words",
                                                                 "word-pairs"))
    (copy / "cs.txt").write_text("changed\n", encoding="utf-8")
    assert load(copy, AUDIT) is None
