#!/usr/bin/env bash
# bench/s3.sh — what mirroring to S3 costs (issue 12; a benchmark, not a test).
#
#   bench/s3.sh [--scale tiny|test|small|medium] [WORKDIR]
#
# Day 0: the practice tree is backed up to a local "RDX" repository and the
# job mirrors it to a bucket on a local moto server (pinned as in
# scripts/test.sh). Day 1: gen_practice.py's working day, backup + mirror
# again. For each day it prints the bytes tresor stored new on the RDX (the
# changed data after dedup and compression), the bytes and requests that went
# up to S3 (TRESOR_S3_STATS), their ratio, and requests per GB uploaded.
# moto keeps everything in memory: use --scale small or below.
set -euo pipefail

SCALE=test
WORK=/tmp/tresor-bench-s3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) SCALE=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) WORK=$1; shift ;;
    esac
done
if [[ -d $WORK && -n $(ls -A "$WORK") && ! -e $WORK/.tresor-bench-s3 ]]; then
    echo "$WORK exists and is not a bench directory; refusing to wipe it" >&2
    exit 2
fi
rm -rf "$WORK" && mkdir -p "$WORK" && touch "$WORK/.tresor-bench-s3"
HERE=$(cd "$(dirname "$0")" && pwd)
CRATE=$(cd "$HERE/.." && pwd)
command -v moto_server >/dev/null || pip install -q 'moto[server]==5.2.5'
(cd "$CRATE" && cargo build --release --quiet)
TRESOR="${CARGO_TARGET_DIR:-$CRATE/target}/release/tresor"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT))" 2>/dev/null && break
    sleep 0.1
done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
python3 - "$PORT" <<'PY'
import sys, urllib.request
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/bench", method="PUT")
urllib.request.urlopen(req).read()
PY

python3 "$HERE/gen_practice.py" init "$WORK/src" --scale "$SCALE" >/dev/null
cat >"$WORK/tresor.yaml" <<YAML
practice: Bench
language: en
keys:
  machine: $WORK/keys/machine.key
destinations:
  rdx: { type: local, path: $WORK/rdx }
  cloud:
    type: s3
    provider: self-hosted
    located_in_germany: true
    region: eu-central-1
    endpoint: http://127.0.0.1:$PORT
    bucket: bench
    prefix: praxis
    access_key_id: bench
    secret_env: AWS_SECRET_ACCESS_KEY
sources:
  - path: $WORK/src
jobs:
  nightly: { destination: rdx, mirrors: [cloud] }
YAML
T() { "$TRESOR" --config "$WORK/tresor.yaml" "$@"; }
T init >/dev/null

day() {
    local n=$1
    TRESOR_S3_STATS="$WORK/s3-day$n.json" T backup --job nightly --json >"$WORK/backup-day$n.json"
    python3 - "$n" "$WORK/backup-day$n.json" "$WORK/s3-day$n.json" <<'PY'
import json, sys
n, b, s = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
stored = b["summary"]["stored_bytes"]
up = s["bytes_up"]
reqs = sum(s[k] for k in ("gets", "puts", "lists", "deletes", "heads", "other"))
print(f"| day {n} | {stored/2**20:.1f} MiB | {up/2**20:.1f} MiB | {up/max(stored,1):.3f} | {json.dumps({k: v for k, v in s.items() if not k.startswith('bytes')})} | {reqs/max(up/2**30,1e-9):.0f} |")
PY
}
echo "| | stored new on RDX | uploaded to S3 | ratio | requests | requests per GB |"
echo "| --- | ---: | ---: | ---: | --- | ---: |"
day 0
python3 "$HERE/gen_practice.py" day "$WORK/src" --day 1 >/dev/null
day 1
