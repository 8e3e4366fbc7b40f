#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ one after the other (see docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 600); without TARGETs, all of `cargo fuzz list`.
# Installs cargo-fuzz if it is missing; needs the nightly toolchain. Runs at
# the lowest priority with one libFuzzer job so it never slows other work.
# New corpus inputs go to fuzz/corpus/TARGET (ignored by git), the committed
# seeds in fuzz/seeds/TARGET are read too; crashes land in
# fuzz/artifacts/TARGET and the full log in fuzz/logs/TARGET.log.
# Exit status 1 if any target found a crash, an OOM or a timeout.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

secs="${1:-600}"
shift || true
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)

mkdir -p logs
# One compile job: other builds on the machine come first.
if ! CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" nice -n 19 cargo +nightly fuzz build >logs/build.log 2>&1; then
  tail -n 30 logs/build.log
  echo "fuzz build failed (fuzz/logs/build.log)"
  exit 2
fi
failed=()
printf '%-14s %12s %8s %8s %s\n' target execs exec/s cov result
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t"
  log="logs/$t.log"
  rc=0
  nice -n 19 cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FAILED (exit $rc, see fuzz/$log, fuzz/artifacts/$t)"
    failed+=("$t")
  fi
  printf '%-14s %12s %8s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$result"
done
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }
