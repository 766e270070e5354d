#!/usr/bin/env bash
# The main job on samples/: a fresh demo set-up, scan every sample into the
# archive, then certify one record and verify the certified copy.
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO="${1:-demo}"
BIN=.venv/bin
rm -rf "$DEMO"
$BIN/digitize init "$DEMO" --demo
export DIGITIZE_CONFIG="$DEMO/digitize.toml"
$BIN/digitize scan samples/ --out "$DEMO/out" || test $? -eq 3
