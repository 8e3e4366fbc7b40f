#!/usr/bin/env bash
# bench/guard.sh — what the ransomware guard costs, and what it says, on the
# generator's practice tree: the same nightly job with `guard:` on and off
# (two repositories, runs interleaved), day 0 then DAYS normal days, then an
# attack day (10 % of the files encrypted and renamed, notes dropped).
#
#   bench/guard.sh [--scale small] [--days 10] [--runs 2] [WORKDIR]
#
# Prints a Markdown table of CPU seconds (user+sys, from /usr/bin/time:
# steadier than wall time on a shared machine) and wall seconds per phase,
# with and without the guard, and the guard's verdict per day. Uses
# target/release/tresor (built if missing). WORKDIR (default
# /tmp/tresor-guard-bench) is wiped at the start.
set -euo pipefail

SCALE=small
DAYS=10
RUNS=2
WORK=/tmp/tresor-guard-bench
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) SCALE=$2; shift 2 ;;
        --days) DAYS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) WORK=$1; shift ;;
    esac
done
if [[ -d $WORK && -n $(ls -A "$WORK") && ! -e $WORK/.tresor-guard-bench ]]; then
    echo "$WORK exists and is not a bench directory; refusing to wipe it" >&2
    exit 2
fi
rm -rf "$WORK" && mkdir -p "$WORK" && touch "$WORK/.tresor-guard-bench"
HERE=$(cd "$(dirname "$0")" && pwd)
CRATE=$(cd "$HERE/.." && pwd)
GEN="$HERE/gen_practice.py"
TRESOR="$CRATE/target/release/tresor"
[[ -x $TRESOR ]] || (cd "$CRATE" && cargo build --release --locked)
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# One configuration per mode; the same source tree.
mkdir -p "$WORK/keys" "$WORK/src"
for mode in on off; do
    enabled=true; [[ $mode == off ]] && enabled=false
    cat >"$WORK/$mode.yaml" <<EOF
practice: Bench
keys:
  machine: $WORK/keys/machine.key
destinations:
  repo: { type: local, path: $WORK/repo-$mode }
sources:
  - path: $WORK/src
jobs:
  nightly: { destination: repo }
guard: { enabled: $enabled }
EOF
done
log "generating --scale $SCALE"
python3 "$GEN" init "$WORK/src" --scale "$SCALE"
"$TRESOR" --config "$WORK/on.yaml" init >/dev/null
"$TRESOR" --config "$WORK/off.yaml" init >/dev/null

# backup MODE DAY RUN → appends "phase mode cpu wall alarm" to results.tsv.
# Repeated runs of one day back up the same data again: only the first run
# of a day counts as that day's phase, later ones measure the same work
# (the parent has everything) — so each run starts from a copy of the
# repository as it was before the day.
backup() {
    local mode=$1 phase=$2 out rc
    out=$(mktemp)
    set +e
    /usr/bin/time -f '%U %S %e' -o "$out.time" \
        "$TRESOR" --config "$WORK/$mode.yaml" backup --job nightly --json >"$out" 2>/dev/null
    rc=$?
    set -e
    local alarm
    alarm=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); g=d.get("summary",{}).get("guard"); print("-" if g is None else ("ALARM" if g["alarm"] else "ok"))' "$out")
    # The last line: /usr/bin/time says "Command exited with non-zero status" first.
    read -r u s e < <(tail -n 1 "$out.time")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$mode" "$(python3 -c "print($u + $s)")" "$e" "$alarm" "$rc" >>"$WORK/results.tsv"
    rm -f "$out" "$out.time"
}

run_day() {
    local phase=$1
    for run in $(seq 1 "$RUNS"); do
        for mode in on off; do
            cp -a "$WORK/repo-$mode" "$WORK/repo-$mode.before"
            backup "$mode" "$phase"
            if [[ $run -lt $RUNS ]]; then
                rm -rf "$WORK/repo-$mode" && mv "$WORK/repo-$mode.before" "$WORK/repo-$mode"
            else
                rm -rf "$WORK/repo-$mode.before"
            fi
        done
    done
}

: >"$WORK/results.tsv"
log "day 0"
run_day day0
for d in $(seq 1 "$DAYS"); do
    log "day $d"
    python3 "$GEN" day "$WORK/src" --day "$d"
    run_day "day$d"
done
log "attack: 10 % of the files encrypted, renamed to .lockbit, notes dropped"
python3 - "$WORK/src" <<'EOF'
import os, sys
root = sys.argv[1]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
for i, p in enumerate(files):
    if (i + 1) * 10 // 100 == i * 10 // 100:
        continue
    n = os.path.getsize(p)
    with open(p + ".lockbit", "wb") as f:
        f.write(os.urandom(max(n, 64)))
    os.remove(p)
    with open(os.path.join(os.path.dirname(p), "Restore-My-Files.txt"), "w") as f:
        f.write("Your files are encrypted.")
EOF
run_day attack

python3 - "$WORK/results.tsv" "$SCALE" "$DAYS" "$RUNS" <<'EOF'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
scale, days, runs = sys.argv[2:5]
phases = []
for r in rows:
    if r[0] not in phases:
        phases.append(r[0])
print(f"guard cost, --scale {scale}, {days} normal days + attack, median of {runs} runs\n")
print("| phase | CPU s, guard on | CPU s, guard off | CPU ratio | wall s on | wall s off | verdict |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
tot_on = tot_off = 0.0
for p in phases:
    on = [float(r[2]) for r in rows if r[0] == p and r[1] == "on"]
    off = [float(r[2]) for r in rows if r[0] == p and r[1] == "off"]
    won = [float(r[3]) for r in rows if r[0] == p and r[1] == "on"]
    woff = [float(r[3]) for r in rows if r[0] == p and r[1] == "off"]
    verdict = ",".join(sorted({r[4] for r in rows if r[0] == p and r[1] == "on"}))
    m_on, m_off = st.median(on), st.median(off)
    tot_on += m_on; tot_off += m_off
    print(f"| {p} | {m_on:.2f} | {m_off:.2f} | {m_on / m_off:.3f} | {st.median(won):.2f} | {st.median(woff):.2f} | {verdict} |")
print(f"\nAll phases: CPU {tot_on:.2f} s with the guard, {tot_off:.2f} s without ({100 * (tot_on / tot_off - 1):+.1f} %).")
EOF
