"""The ``poshuk`` command as a user runs it: a real subprocess on real files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tantivy

from ingest.enrich import ENRICHMENT_VERSION
from ingest.support.pdfwrite import write_pdf
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines.base import SearchRequest
from poshuk.core.engines.tantivy_engine import TantivyEngine
from poshuk.core.query import MatchAll
from tests.fixtures import NEWS
from tests.ingest.hostile import zip_of


def poshuk(
    *args: str, home: Path, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSHUK_HOME": str(home), "COLUMNS": "200", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "poshuk.cli", *args], env=env, capture_output=True, text=True,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    files = tmp_path / "in"
    (files / "sub").mkdir(parents=True)
    (files / "a.txt").write_text("Statement on Article 342\n\nMinsk, 2 July 2024.", "utf-8")
    (files / "sub" / "b.pdf").write_bytes(write_pdf(["Прысуд", "Другая старонка"]))
    (files / "sub" / "c.bin").write_bytes(bytes(range(256)) * 4)
    (files / ".hidden.txt").write_text("skipped", "utf-8")
    return files


def test_ingest_twice_adds_nothing_the_second_time(folder: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = json.loads(poshuk("ingest", str(folder), "--json", home=home).stdout)
    assert (first["files"], first["accepted"], first["duplicates"]) == (3, 2, 0)
    assert [Path(f["path"]).name for f in first["failed"]] == ["c.bin"]
    assert "unsupported format" in first["failed"][0]["reason"]
    second = json.loads(poshuk("ingest", str(folder), "--json", home=home).stdout)
    assert (second["accepted"], second["duplicates"], second["failed"]) == (0, 3, [])
    rows = sqlite3.connect(home / "catalog.sqlite3").execute(
        "SELECT COUNT(*) FROM documents"
    ).fetchone()
    assert rows == (3,)


def test_summary_table_and_status(folder: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = poshuk("ingest", str(folder), home=home).stdout
    assert "accepted" in out and "c.bin" in out
    # not a terminal (a pipe, as a log file): plain progress lines, no bar redrawn in place
    lines = [line for line in out.splitlines() if line.startswith("ingest: ")]
    assert lines and all(re.fullmatch(r"ingest: \d/3 files, [\d.]+ files/s, .+", x) for x in lines)
    assert lines[-1].startswith("ingest: 3/3 files") and "done in" in lines[-1]
    assert "\r" not in out and "\x1b" not in out
    status = poshuk("status", "--failed", home=home).stdout
    assert "c.bin" in status and "unsupported format" in status
    assert "2 documents indexed" in status


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = poshuk("ingest", str(tmp_path / "nope"), home=tmp_path / "home", check=False)
    assert result.returncode == 2
    assert "no such file or folder" in result.stdout


def test_reindex_rebuilds_from_the_catalog(folder: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    poshuk("ingest", str(folder), home=home)
    index_dir = Settings(home=home).index_dir
    before = (index_dir / "CURRENT").read_text()
    out = poshuk("reindex", home=home).stdout
    assert "reindexed 2 documents" in out
    assert (index_dir / "CURRENT").read_text() != before
    assert TantivyEngine(index_dir).count() == 2
    pending = sqlite3.connect(home / "catalog.sqlite3").execute(
        "SELECT COUNT(*) FROM documents WHERE status = 'ok' AND indexed = 0"
    ).fetchone()
    assert pending == (0,)


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    result = poshuk("ingest", str(tmp_path), "--engine", "solr", home=tmp_path, check=False)
    assert result.returncode != 0
    assert "solr" in result.stdout + result.stderr


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def mixed_archive(folder: Path) -> set[str]:
    """Text files, multi-page PDFs and a ZIP; returns the sha256 of every file and member."""
    folder.mkdir()
    members = {
        f"zipped/m{i:02d}.txt": f"Zipped statement {i} about the trial.".encode()
        for i in range(20)
    }
    (folder / "bundle.zip").write_bytes(zip_of(members))
    for i in range(40):
        (folder / f"p{i:03d}.pdf").write_bytes(
            write_pdf([f"Report {i}, page one.", f"Report {i}, page two.", f"Page three {i}."])
        )
    for i in range(400):
        (folder / f"s{i:04d}.txt").write_text(
            f"Statement {i}\n\nThe prisoner number {i} was moved on 2 July 2024.", "utf-8"
        )
    shas = {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    return shas | {hashlib.sha256(data).hexdigest() for data in members.values()}


def test_killed_ingest_resumes_with_nothing_lost_or_doubled(tmp_path: Path) -> None:
    files = tmp_path / "many"
    expected = mixed_archive(files)
    home = tmp_path / "home"
    command = [sys.executable, "-m", "poshuk.cli", "ingest", str(files), "--workers", "2"]
    env = {**os.environ, "POSHUK_HOME": str(home)}
    proc = subprocess.Popen(
        [*command, "--json"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    catalog = home / "catalog.sqlite3"
    deadline = time.monotonic() + 120
    count, workers = 0, set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= children_of(proc.pid)
        if catalog.exists():
            try:
                count = sqlite3.connect(catalog).execute(
                    "SELECT COUNT(*) FROM documents"
                ).fetchone()[0]
            except sqlite3.OperationalError:
                count = 0
            if count >= 64:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < count < len(expected), "the kill should land mid-ingest"
    assert len(workers) >= 2, "ingest should run parser processes"
    for _ in range(100):  # the workers die with the pipeline, they are not left behind
        if not any(Path(f"/proc/{pid}").exists() for pid in workers):
            break
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)

    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    db = sqlite3.connect(catalog)
    shas = [row[0] for row in db.execute("SELECT sha256 FROM documents")]
    assert len(shas) == len(set(shas)) == len(expected) and set(shas) == expected
    assert db.execute("SELECT COUNT(*) FROM documents WHERE status != 'ok' OR indexed = 0"
                      ).fetchone() == (0,)
    bundle = db.execute("SELECT id FROM documents WHERE file_name = 'bundle.zip'").fetchone()[0]
    assert db.execute("SELECT COUNT(*) FROM documents WHERE parent_id = ?", (bundle,)
                      ).fetchone() == (20,)
    blobs = BlobStore(Settings(home=home).blob_dir)
    assert all(hashlib.sha256(blobs.get(sha)).hexdigest() == sha for sha in shas)
    engine = TantivyEngine(Settings(home=home).index_dir)
    result = engine.search(SearchRequest(MatchAll(), size=1000, highlights=False))
    catalogued = {row[0] for row in db.execute("SELECT id FROM documents")}
    assert result.total == len(expected) and {hit.id for hit in result.hits} == catalogued


def test_retry_failed_parses_failures_again(tmp_path: Path) -> None:
    files = tmp_path / "in"
    files.mkdir()
    (files / "big.txt").write_text("A statement a little over one mebibyte. " * 30_000, "utf-8")
    home = tmp_path / "home"
    first = json.loads(poshuk("ingest", str(files), "--json", home=home,
                              env={"POSHUK_MAX_FILE_MB": "1"}).stdout)
    assert first["failed_by_reason"] == {
        "file is 1.1 MiB, over the limit of 1 MiB (POSHUK_MAX_FILE_MB)": 1
    }
    assert "big.txt" in poshuk("status", "--failed", home=home).stdout
    retried = json.loads(poshuk("ingest", "--retry-failed", "--json", home=home).stdout)
    assert (retried["accepted"], retried["failed"]) == (1, [])
    assert "status failed" not in poshuk("status", home=home).stdout


def test_a_second_writer_accepts_into_the_catalog_and_says_why_it_did_not_index(
    folder: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    holder = TantivyEngine(Settings(home=home).index_dir, writable=True)  # an ingest running
    result = poshuk("ingest", str(folder), home=home, check=False)
    assert result.returncode == 3  # accepted, not yet indexed
    assert "another process is writing to the index" in result.stdout
    assert "not yet indexed" in result.stdout
    refused = poshuk("reindex", home=home, check=False)
    assert refused.returncode == 2
    assert "another process is writing to the index" in refused.stdout
    holder.close()
    again = poshuk("ingest", str(folder), home=home)  # the same command catches up
    assert "not yet indexed" not in again.stdout
    catalog = Catalog(Settings(home=home).catalog_path)
    try:
        assert catalog.count_ok() > 0 and catalog.count_pending() == 0
    finally:
        catalog.close()


def test_demo_over_an_index_an_older_version_built_rebuilds_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    index_dir = Settings(home=home).index_dir
    old = tantivy.SchemaBuilder()
    old.add_text_field("id", stored=True)
    (index_dir / "gen-1").mkdir(parents=True)
    tantivy.Index(old.build(), path=str(index_dir / "gen-1"))
    (index_dir / "CURRENT").write_text("gen-1", encoding="utf-8")
    result = poshuk("demo", "--no-serve", home=home)
    assert "indexing the catalog" in result.stdout
    catalog = Catalog(Settings(home=home).catalog_path)
    try:
        assert TantivyEngine(index_dir).count() == catalog.count_ok() >= 30
        assert catalog.count_pending() == 0
    finally:
        catalog.close()


def _as_an_older_version_left_it(home: Path) -> None:
    """What the catalog of a version before figures holds: no figures, version 0."""
    db = sqlite3.connect(home / "catalog.sqlite3")
    db.execute("UPDATE documents SET figures = '[]', enrichment_version = 0")
    db.commit()
    db.close()


def _figures(home: Path) -> dict[str, set[tuple[int | float, str]]]:
    catalog = Catalog(Settings(home=home).catalog_path)
    try:
        return {d.file_name: {(f.value, f.counted) for f in d.figures}
                for d in catalog.iter_documents()}
    finally:
        catalog.close()


@pytest.fixture()
def news(tmp_path: Path) -> Path:
    return Path(shutil.copytree(NEWS, tmp_path / "news"))


def test_reindex_enrich_recomputes_figures_from_the_stored_pages(
    news: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    poshuk("ingest", str(news), home=home)
    _as_an_older_version_left_it(home)
    assert all(not found for found in _figures(home).values())
    assert "enriched by an older version" in poshuk("status", home=home).stdout

    out = poshuk("reindex", "--enrich", home=home).stdout
    assert "re-enriched 2 documents" in out and "reindexed 2 documents" in out
    figures = _figures(home)
    assert {(1142, "people"), (64, "political prisoners")} <= figures["000_experts-appeal.txt"]
    assert (120, "new names") in figures["001_correspondent-report.txt"]
    assert "enriched by an older version" not in poshuk("status", home=home).stdout
    assert TantivyEngine(Settings(home=home).index_dir).count() == 2


def test_demo_re_enriches_what_an_older_version_enriched(news: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    poshuk("ingest", str(news), home=home)
    _as_an_older_version_left_it(home)
    result = poshuk("demo", "--no-serve", home=home)
    assert "2 documents were enriched by an older version" in result.stdout
    assert (1142, "people") in _figures(home)["000_experts-appeal.txt"]
    catalog = Catalog(Settings(home=home).catalog_path)
    try:
        assert catalog.count_enriched_before(ENRICHMENT_VERSION) == 0
        assert TantivyEngine(Settings(home=home).index_dir).count() == catalog.count_ok() > 30
        assert catalog.count_pending() == 0
    finally:
        catalog.close()


def test_serve_without_accounts_stays_on_loopback(tmp_path: Path) -> None:
    refused = poshuk("serve", "--host", "0.0.0.0", "--port", "1", home=tmp_path, check=False)
    assert refused.returncode == 2
    assert "no accounts" in refused.stdout and "poshuk users add NAME --admin" in refused.stdout


def test_accounts_from_the_command_line(tmp_path: Path) -> None:
    poshuk("collections", "create", "secret", "--description", "witnesses", home=tmp_path)
    added = poshuk("users", "add", "ana", home=tmp_path)
    token = added.stdout.strip().splitlines()[-1]
    assert token.startswith("psk_")
    poshuk("grant", "ana", "secret", "manager", home=tmp_path)
    bad = poshuk("grant", "ana", "secret", "owner", home=tmp_path, check=False)
    assert bad.returncode == 2 and "reader, editor, manager" in bad.stdout
    listed = poshuk("users", "list", home=tmp_path).stdout
    assert "secret: manager" in listed
    poshuk("users", "password", "ana", "--password", "a long passphrase", home=tmp_path)
    poshuk("revoke", "ana", "secret", home=tmp_path)
    assert "secret" not in poshuk("users", "list", home=tmp_path).stdout
    entries = [json.loads(line) for line in
               poshuk("audit", "--json", home=tmp_path).stdout.splitlines()]
    assert [e["action"] for e in entries] == ["collection", "user", "grant", "user", "revoke"]
    assert token not in json.dumps(entries) and "a long passphrase" not in json.dumps(entries)
    assert "intact (5 entries)" in poshuk("audit", "verify", home=tmp_path).stdout
    with sqlite3.connect(tmp_path / "catalog.sqlite3") as db:
        db.execute("UPDATE audit SET detail = 'ana: reader' WHERE action = 'grant'")
    broken = poshuk("audit", "verify", home=tmp_path, check=False)
    assert broken.returncode == 1 and "entry 3: its content was changed" in broken.stdout
