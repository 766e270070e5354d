#!/usr/bin/env bash
# Install what digitize needs on a Debian machine, idempotently:
# system packages (apt-get, as root or through sudo), a virtualenv in .venv
# at the project root, and the project itself (editable, with dev tools).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie   # OCR engine and its Vietnamese model
  tesseract-ocr-eng                 # digits-only re-read of register numbers (fields)
  poppler-utils                     # pdftoppm/pdftotext/pdfinfo (pdf2image, tests)
  fonts-liberation                  # Liberation Serif: samples, Times-like official documents
  fonts-liberation2                 # Liberation Serif 2.x: has the precomposed Vietnamese letters (1.x draws boxes); scan tests render with it
  fonts-noto-core                   # Noto Sans: the certification stamp (unitsPerEm 1000)
  fonts-dejavu-core                 # fallback font used by the sample generator
  softhsm2                          # PKCS#11 token for the signing tests
  postgresql                        # index at scale; tests start a private server on 127.0.0.1
  python3-venv
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.digitize-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing the project into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
echo "setup: ready ($(.venv/bin/digitize --version 2>/dev/null || echo 'digitize not importable'))" >&2
