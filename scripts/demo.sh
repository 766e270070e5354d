#!/usr/bin/env bash
# The main job on samples/: a fresh demo set-up, scan every sample into the
# archive, then certify one record and verify the certified copy.
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO="${1:-demo}"
BIN=.venv/bin
rm -rf "$DEMO"
# The DEMO keys' passphrase (a demonstration PKI: it protects nothing).
export DIGITIZE_DEMO_PASSPHRASE="${DIGITIZE_DEMO_PASSPHRASE:-demo}"
$BIN/digitize init "$DEMO" --demo
export DIGITIZE_CONFIG="$DEMO/digitize.toml"
$BIN/digitize scan samples/ --out "$DEMO/out" --json > "$DEMO/scan.jsonl" || test $? -eq 3
$BIN/python - "$DEMO/scan.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
for r in rows:
    print(f"  {r['status']:<13} {r.get('doc_type') or '-':<22} {r['source']}")
PY

echo
echo "== certify: a certified electronic copy of one filed record =="
RECORD=$($BIN/python -c 'import json,sys
rows=[json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
filed=[r for r in rows if r["status"]=="filed" and r.get("record_id")]
print(filed[0]["record_id"] if filed else "")' "$DEMO/scan.jsonl")
if [ -n "$RECORD" ]; then
  SOURCE="$RECORD"
else  # nothing filed (no usable personal ID): certify one searchable PDF instead
  SOURCE=$(ls "$DEMO"/out/*.pdf | head -n 1)
fi
COPY="$DEMO/ban-sao-chung-thuc.pdf"
$BIN/digitize certify "$SOURCE" --out "$COPY"

echo
echo "== verify: with the demo trust anchor only, offline =="
$BIN/digitize verify "$COPY"
$BIN/digitize verify --json "$COPY" > "$DEMO/verify.json"
$BIN/python - "$DEMO/verify.json" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").read())
sigs = r["signatures"]
levels = sorted({s["pades_level"] for s in sigs})
print(f"\nRESULT: {r['verdict']}, {len(sigs)} signatures, PAdES {'/'.join(levels)}, "
      f"certification no. {(r.get('certification') or {}).get('number')}")
sys.exit(0 if r["verdict"] == "TOTAL_PASSED" and len(sigs) == 2 else 1)
PY
echo "Stamp text on the copy's last page:"
pdftotext -f "$(pdfinfo "$COPY" | awk '/^Pages:/{print $2}')" "$COPY" - | sed -n '1,10p'
