"""The OpenAPI document is true: schemathesis, with every check, against a running
``poshuk serve`` on the demo archive, on both engines. Its configuration (which 4xx a
schema-valid request may get, which negative cases cannot reach the wire) is in
``schemathesis.toml`` beside this file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.http.conftest import Served

CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = 10  # per operation and phase: about 60 s a run on this machine
SEED = 1300  # the same cases each run; change it to explore others


def test_schemathesis_finds_no_failure(demo_api: Served, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{demo_api.url}/openapi.json",
         "--checks", "all", "--max-examples", str(EXAMPLES), "--seed", str(SEED),
         "--no-color", "--report-dir", str(tmp_path / "report"),
         "--generation-database", "none", "--request-timeout", "30"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    counted = re.search(r"(\d+) generated, (\d+) passed", result.stdout)
    assert counted and int(counted[2]) == int(counted[1]) > 0, result.stdout[-2000:]
